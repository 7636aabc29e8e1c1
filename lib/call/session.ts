import type { TCallCandidate, TCallDescription, TCallSignal, TCallState, TMicState } from "../protocol/call";

// The call as one browser sees it: its own session and the partner's last known state. Pure: the browser
// shell (app/(app)/room/[id]/_components/call) owns the media and the RTCPeerConnection and asks this module
// what to do with each signal and which peer connection should exist.

export interface SelfCall {
  /** This browser's current call session (a new one on every join). */
  sid: string;
  inCall: boolean;
  mic: TMicState;
  camera: boolean;
}

export interface PartnerCall {
  sid: string;
  inCall: boolean;
  mic: TMicState;
  camera: boolean;
}

export interface CallModel {
  self: SelfCall;
  /** Null until the partner has said anything, and again once they left the room. */
  partner: PartnerCall | null;
}

export function initialCall(sid: string): CallModel {
  return { self: { sid, inCall: false, mic: "on", camera: false }, partner: null };
}

/**
 * The partner session a peer connection should exist for, or null for none. Invariant kept by the shell: at
 * most one RTCPeerConnection, and it is for exactly this session (a partner who rejoins gets a new one).
 */
export function wantedPeer(m: CallModel): string | null {
  return m.self.inCall && m.partner?.inCall ? m.partner.sid : null;
}

/** Our whole state as a signal (`ask`: the partner should answer with theirs). */
export function stateSignal(m: CallModel, ask: boolean): TCallState {
  const { sid, inCall, mic, camera } = m.self;
  return { type: "state", sid, inCall, mic, camera, ask };
}

export type Received =
  /** The partner's state was taken in; answer with ours when `reply`. */
  | { kind: "state"; reply: boolean }
  | { kind: "description"; description: TCallDescription["description"] }
  | { kind: "candidate"; candidate: TCallCandidate["candidate"] }
  | { kind: "drop"; reason: "not_in_call" | "other_session" | "stale_partner" };

/**
 * Takes in one signal from the partner. Offers, answers and candidates pass only when both sides are in the
 * call and the signal is from the partner session we know and meant for our current one: anything else
 * belongs to a connection that no longer exists (signals from one sender arrive in order, so the partner's
 * state always precedes their offers).
 */
export function receiveSignal(m: CallModel, signal: TCallSignal): { model: CallModel; received: Received } {
  switch (signal.type) {
    case "state": {
      const { sid, inCall, mic, camera } = signal;
      return {
        model: { ...m, partner: { sid, inCall, mic, camera } },
        received: { kind: "state", reply: signal.ask },
      };
    }
    case "description":
    case "candidate": {
      const drop = (reason: "not_in_call" | "other_session" | "stale_partner") => ({
        model: m,
        received: { kind: "drop", reason } as const,
      });
      if (!m.self.inCall) return drop("not_in_call");
      if (signal.to !== m.self.sid) return drop("other_session");
      if (!m.partner?.inCall || m.partner.sid !== signal.sid) return drop("stale_partner");
      return signal.type === "description"
        ? { model: m, received: { kind: "description", description: signal.description } }
        : { model: m, received: { kind: "candidate", candidate: signal.candidate } };
    }
  }
}

/** The partner left the room (or never came): whatever they said about their call no longer holds. */
export function partnerLeftRoom(m: CallModel): CallModel {
  return m.partner ? { ...m, partner: null } : m;
}

export function joinCall(m: CallModel, sid: string, mic: TMicState): CallModel {
  return { ...m, self: { sid, inCall: true, mic, camera: false } };
}

export function leaveCall(m: CallModel): CallModel {
  return { ...m, self: { ...m.self, inCall: false, camera: false } };
}

export function setMic(m: CallModel, mic: TMicState): CallModel {
  return { ...m, self: { ...m.self, mic } };
}

export function setCamera(m: CallModel, camera: boolean): CallModel {
  return { ...m, self: { ...m.self, camera } };
}
