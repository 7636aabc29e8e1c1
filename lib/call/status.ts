import type { TMicState } from "../protocol/call";
import type { TPresenceState } from "../protocol/room";
import type { PartnerCall } from "./session";

// The partner's line in the call panel: one status and a few words, derived from what the room, the signals
// and the peer connection each know.

export type PartnerStatus =
  | "away" // not connected to the room
  | "reconnecting" // their room connection dropped a moment ago
  | "not_in_call"
  | "in_call" // they are in the call, we are not
  | "connecting"
  | "connected"
  | "interrupted" // the media path dropped; ICE is trying again
  | "failed"; // no path between the two browsers (a TURN server is needed)

export type PeerConnectionState = "new" | "connecting" | "connected" | "disconnected" | "failed" | "closed";

export interface PartnerView {
  status: PartnerStatus;
  /** The partner's microphone, when they are in the call. */
  mic: TMicState | null;
  camera: boolean;
  text: string;
}

const STATUS_TEXT: Record<PartnerStatus, string> = {
  away: "not in the room",
  reconnecting: "reconnecting to the room…",
  not_in_call: "not in the call",
  in_call: "in the call",
  connecting: "connecting…",
  connected: "connected",
  interrupted: "connection interrupted, reconnecting…",
  failed: "couldn't connect",
};

const MIC_TEXT: Record<TMicState, string | null> = {
  on: null,
  muted: "muted",
  missing: "no microphone",
  denied: "no microphone (permission denied)",
};

export function partnerView(p: {
  presence: TPresenceState | null;
  partner: PartnerCall | null;
  selfInCall: boolean;
  connection: PeerConnectionState | null;
}): PartnerView {
  const status = statusOf(p);
  const inCall = status !== "away" && status !== "reconnecting" && status !== "not_in_call";
  const mic = inCall && p.partner ? p.partner.mic : null;
  const micText = mic ? MIC_TEXT[mic] : null;
  const camera = inCall && (p.partner?.camera ?? false);
  return {
    status,
    mic,
    camera,
    text: [STATUS_TEXT[status], micText, camera ? "camera on" : null].filter(Boolean).join(" · "),
  };
}

function statusOf(p: Parameters<typeof partnerView>[0]): PartnerStatus {
  // A dropped room socket does not drop the media (it is peer-to-peer): trust the connection while it holds.
  if (p.presence === "reconnecting" && p.connection !== "connected") return "reconnecting";
  if (p.presence !== "connected" && p.presence !== "reconnecting") return "away";
  if (!p.partner?.inCall) return "not_in_call";
  if (!p.selfInCall) return "in_call";
  switch (p.connection) {
    case "connected":
      return "connected";
    case "disconnected":
      return "interrupted";
    case "failed":
      return "failed";
    case null:
    case "new":
    case "connecting":
    case "closed":
      return "connecting";
  }
}
