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
import type { TCallSignal, TMicState } from "../../../lib/protocol/call";
import { prng } from "../board/helpers";

// Seeded convergence fuzz of the call-state exchange. Two browsers join, leave, rejoin, mute and switch the
// camera at random while their room sockets drop and come back; the server relays in order per sender and
// drops what can't be delivered (sender not joined, receiver not connected); a partner long gone is "left".
// Once both are connected and every message has landed, each must hold the other's true state, and both
// must agree on the one peer connection that should exist (or that none should).

interface Side {
  name: "X" | "Y";
  model: CallModel;
  connected: boolean;
  sids: number;
}

function simulate(seed: number, steps: number) {
  const r = prng(seed);
  const sides: Record<"X" | "Y", Side> = {
    X: { name: "X", model: initialCall("X-session-0"), connected: true, sids: 0 },
    Y: { name: "Y", model: initialCall("Y-session-0"), connected: true, sids: 0 },
  };
  const other = (s: Side) => (s.name === "X" ? sides.Y : sides.X);
  /** In flight, per direction, in the order sent (one socket per sender, one relay). */
  const wire: Record<"X" | "Y", TCallSignal[]> = { X: [], Y: [] };
  const send = (from: Side, ask: boolean) => {
    if (from.connected) wire[from.name].push(stateSignal(from.model, ask)); // else refused: not joined
  };
  const deliver = (from: Side) => {
    const signal = wire[from.name].shift();
    const to = other(from);
    if (!signal || !to.connected) return; // nobody to deliver to
    const { model, received } = receiveSignal(to.model, signal);
    to.model = model;
    if (received.kind === "state" && received.reply) send(to, false);
  };
  const mics: TMicState[] = ["on", "muted", "missing", "denied"];

  for (let i = 0; i < steps; i++) {
    const s = r.pick([sides.X, sides.Y]);
    const m = s.model;
    switch (r.int(0, 8)) {
      case 0:
        if (!m.self.inCall) {
          s.model = joinCall(m, `${s.name}-session-${++s.sids}`, r.pick(mics));
          send(s, true);
        }
        break;
      case 1:
        if (m.self.inCall) {
          s.model = leaveCall(m);
          send(s, false);
        }
        break;
      case 2:
        if (m.self.inCall && (m.self.mic === "on" || m.self.mic === "muted")) {
          s.model = setMic(m, m.self.mic === "on" ? "muted" : "on");
          send(s, false);
        }
        break;
      case 3:
        if (m.self.inCall) {
          s.model = setCamera(m, !m.self.camera);
          send(s, false);
        }
        break;
      case 4:
        if (s.connected) {
          s.connected = false;
          // The partner sees "reconnecting", and sometimes (grace over) "left".
          if (r.next() < 0.4) other(s).model = partnerLeftRoom(other(s).model);
        }
        break;
      case 5:
        if (!s.connected) {
          s.connected = true;
          send(s, true); // onRoomJoined
        }
        break;
      default:
        deliver(s);
    }
  }
  // Everyone comes back; everything in flight lands.
  for (const s of [sides.X, sides.Y])
    if (!s.connected) {
      s.connected = true;
      send(s, true);
    }
  while (wire.X.length || wire.Y.length) {
    deliver(sides.X);
    deliver(sides.Y);
  }
  return sides;
}

describe("call state converges", () => {
  for (let seed = 1; seed <= 300; seed++) {
    it(`seed ${seed}`, () => {
      const { X, Y } = simulate(seed, 80);
      for (const [a, b] of [
        [X, Y],
        [Y, X],
      ] as const) {
        // Only a partner who has said something is known: one who never joined the call may be null.
        if (a.model.partner) {
          const { sid, inCall, mic, camera } = b.model.self;
          expect(a.model.partner).toEqual({ sid, inCall, mic, camera });
        } else expect(b.model.self.inCall).toBe(false);
      }
      const both = X.model.self.inCall && Y.model.self.inCall;
      expect(wantedPeer(X.model)).toBe(both ? Y.model.self.sid : null);
      expect(wantedPeer(Y.model)).toBe(both ? X.model.self.sid : null);
    });
  }
});
