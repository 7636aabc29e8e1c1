import { describe, expect, it } from "vitest";
import { type PartnerCall, type PeerConnectionState, partnerView } from "../../../lib/call";
import type { TPresenceState } from "../../../lib/protocol/room";

const inCall = (over: Partial<PartnerCall> = {}): PartnerCall => ({
  sid: "partner-sess-1",
  inCall: true,
  mic: "on",
  camera: false,
  ...over,
});

describe("partnerView", () => {
  // [presence, partner's call, we are in the call, peer connection, status, text]
  const cases: [
    TPresenceState | null,
    PartnerCall | null,
    boolean,
    PeerConnectionState | null,
    string,
    string,
  ][] = [
    [null, null, false, null, "away", "not in the room"],
    ["absent", null, true, null, "away", "not in the room"],
    ["left", inCall(), true, "connected", "away", "not in the room"],
    ["connected", null, true, null, "not_in_call", "not in the call"],
    ["connected", inCall({ inCall: false }), true, null, "not_in_call", "not in the call"],
    ["connected", inCall(), false, null, "in_call", "in the call"],
    ["connected", inCall(), true, null, "connecting", "connecting…"],
    ["connected", inCall(), true, "new", "connecting", "connecting…"],
    ["connected", inCall(), true, "connecting", "connecting", "connecting…"],
    ["connected", inCall(), true, "connected", "connected", "connected"],
    ["connected", inCall({ mic: "muted" }), true, "connected", "connected", "connected · muted"],
    ["connected", inCall({ mic: "missing" }), true, "connected", "connected", "connected · no microphone"],
    [
      "connected",
      inCall({ mic: "denied" }),
      true,
      "connected",
      "connected",
      "connected · no microphone (permission denied)",
    ],
    [
      "connected",
      inCall({ mic: "denied" }),
      false,
      null,
      "in_call",
      "in the call · no microphone (permission denied)",
    ],
    ["connected", inCall({ camera: true }), true, "connected", "connected", "connected · camera on"],
    ["connected", inCall(), true, "disconnected", "interrupted", "connection interrupted, reconnecting…"],
    ["connected", inCall(), true, "failed", "failed", "couldn't connect"],
    // The room's socket dropping does not drop a live peer-to-peer call.
    ["reconnecting", inCall({ mic: "muted" }), true, "connected", "connected", "connected · muted"],
    ["reconnecting", inCall(), true, "connecting", "reconnecting", "reconnecting to the room…"],
  ];
  it.each(cases)(
    "presence %s, partner %j, in call %s, peer %s → %s",
    (presence, partner, selfInCall, connection, status, text) => {
      const v = partnerView({ presence, partner, selfInCall, connection });
      expect(v.status).toBe(status);
      expect(v.text).toBe(text);
    },
  );

  it("reports the partner's microphone only while they are in the call", () => {
    expect(
      partnerView({
        presence: "connected",
        partner: inCall({ mic: "muted" }),
        selfInCall: true,
        connection: "connected",
      }).mic,
    ).toBe("muted");
    expect(
      partnerView({
        presence: "connected",
        partner: inCall({ inCall: false, mic: "muted" }),
        selfInCall: true,
        connection: null,
      }).mic,
    ).toBeNull();
  });
});
