import { describe, expect, it } from "vitest";
import {
  type CallModel,
  initialCall,
  joinCall,
  leaveCall,
  partnerLeftRoom,
  receiveSignal,
  setCamera,
  setMic,
  stateSignal,
  wantedPeer,
} from "../../../lib/call";
import type { TCallSignal } from "../../../lib/protocol/call";

const ME = "me-session-1";
const ME2 = "me-session-2";
const P1 = "partner-sess-1";
const P2 = "partner-sess-2";

const inCall = (m: CallModel = initialCall("me-session-0")) => joinCall(m, ME, "on");
const state = (sid: string, over: Partial<Extract<TCallSignal, { type: "state" }>> = {}): TCallSignal => ({
  type: "state",
  sid,
  inCall: true,
  mic: "on",
  camera: false,
  ask: false,
  ...over,
});
const offer = (sid: string, to: string): TCallSignal => ({
  type: "description",
  sid,
  to,
  description: { type: "offer", sdp: "v=0" },
});
const cand = (sid: string, to: string): TCallSignal => ({
  type: "candidate",
  sid,
  to,
  candidate: { candidate: "c", sdpMid: "0", sdpMLineIndex: 0 },
});

/** Folds signals into a model, collecting what each one turned into. */
function run(m: CallModel, signals: TCallSignal[]) {
  const kinds: string[] = [];
  for (const s of signals) {
    const r = receiveSignal(m, s);
    m = r.model;
    kinds.push(r.received.kind === "drop" ? `drop:${r.received.reason}` : r.received.kind);
  }
  return { m, kinds };
}

describe("receiveSignal", () => {
  // [what, our model, signals in order, what each became, the peer that should exist after]
  const cases: [string, CallModel, TCallSignal[], string[], string | null][] = [
    ["partner joins while we are in: a peer for them", inCall(), [state(P1)], ["state"], P1],
    ["partner joins while we are out: no peer", initialCall(ME), [state(P1)], ["state"], null],
    [
      "partner's offer for our session passes",
      inCall(),
      [state(P1), offer(P1, ME)],
      ["state", "description"],
      P1,
    ],
    [
      "candidates pass after the state",
      inCall(),
      [state(P1), cand(P1, ME), cand(P1, ME)],
      ["state", "candidate", "candidate"],
      P1,
    ],
    [
      "an offer for our previous session is dropped",
      inCall(),
      [state(P1), offer(P1, ME2)],
      ["state", "drop:other_session"],
      P1,
    ],
    [
      "an offer from a session we don't know is dropped",
      inCall(),
      [state(P1), offer(P2, ME)],
      ["state", "drop:stale_partner"],
      P1,
    ],
    ["an offer before any state is dropped", inCall(), [offer(P1, ME)], ["drop:stale_partner"], null],
    [
      "an offer while we are out is dropped",
      initialCall(ME),
      [state(P1), offer(P1, ME)],
      ["state", "drop:not_in_call"],
      null,
    ],
    [
      "partner rejoins: the peer moves to the new session",
      inCall(),
      [state(P1), state(P2)],
      ["state", "state"],
      P2,
    ],
    [
      "partner leaves: no peer, and their late candidates are dropped",
      inCall(),
      [state(P1), state(P1, { inCall: false }), cand(P1, ME)],
      ["state", "state", "drop:stale_partner"],
      null,
    ],
    [
      "a repeated state changes nothing",
      inCall(),
      [state(P1), state(P1), state(P1, { mic: "muted" })],
      ["state", "state", "state"],
      P1,
    ],
  ];
  it.each(cases)("%s", (_what, model, signals, kinds, peer) => {
    const out = run(model, signals);
    expect(out.kinds).toEqual(kinds);
    expect(wantedPeer(out.m)).toBe(peer);
  });

  it("a state that asks is answered, one that doesn't is not (so the exchange ends)", () => {
    expect(receiveSignal(inCall(), state(P1, { ask: true })).received).toEqual({
      kind: "state",
      reply: true,
    });
    expect(receiveSignal(inCall(), state(P1, { ask: false })).received).toEqual({
      kind: "state",
      reply: false,
    });
    // Answered even when we are out of the call: the partner learns we are here but not in it.
    expect(receiveSignal(initialCall(ME), state(P1, { ask: true })).received).toEqual({
      kind: "state",
      reply: true,
    });
  });

  it("keeps what the partner says about their microphone and camera", () => {
    const { m } = run(inCall(), [state(P1, { mic: "denied", camera: true })]);
    expect(m.partner).toEqual({ sid: P1, inCall: true, mic: "denied", camera: true });
  });
});

describe("our own side", () => {
  it("joining, muting, the camera and leaving are all in the state we send", () => {
    let m = joinCall(initialCall("s0000000"), ME, "on");
    expect(stateSignal(m, true)).toEqual({
      type: "state",
      sid: ME,
      inCall: true,
      mic: "on",
      camera: false,
      ask: true,
    });
    m = setCamera(setMic(m, "muted"), true);
    expect(stateSignal(m, false)).toMatchObject({ mic: "muted", camera: true, ask: false });
    m = leaveCall(m);
    expect(stateSignal(m, false)).toMatchObject({ sid: ME, inCall: false, camera: false });
  });

  it("joining without a microphone says so", () => {
    expect(stateSignal(joinCall(initialCall("s0000000"), ME, "denied"), false).mic).toBe("denied");
  });

  it("leaving drops the peer; the partner leaving the room drops it too", () => {
    const withPartner = receiveSignal(inCall(), state(P1)).model;
    expect(wantedPeer(withPartner)).toBe(P1);
    expect(wantedPeer(leaveCall(withPartner))).toBeNull();
    expect(wantedPeer(partnerLeftRoom(withPartner))).toBeNull();
    expect(partnerLeftRoom(withPartner).partner).toBeNull();
  });

  it("rejoining is a new session: the partner's old offers no longer pass", () => {
    let m = receiveSignal(inCall(), state(P1)).model;
    m = joinCall(leaveCall(m), ME2, "on");
    expect(receiveSignal(m, offer(P1, ME)).received).toEqual({ kind: "drop", reason: "other_session" });
    expect(receiveSignal(m, offer(P1, ME2)).received.kind).toBe("description");
  });
});
