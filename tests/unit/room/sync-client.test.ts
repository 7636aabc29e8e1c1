import { describe, expect, it } from "vitest";
import type { TRoomEvent } from "../../../lib/room";
import { RoomSyncClient } from "../../../lib/room/sync-client";
import { C, I, RoomBuilder } from "./helpers";

function client() {
  let n = 0;
  return new RoomSyncClient("r1", () => `op-${++n}-abcdefgh`);
}

/** A joined candidate that has sent "mine", and the event the server makes of it. */
function joinedWithOwnChat() {
  const c = client();
  c.onConnected();
  const room = new RoomBuilder().join(I).join(C);
  c.onJoined({ ok: true, role: "candidate", snapshot: room.state, events: [] });
  const { opId } = c.submit({ type: "chat.post", text: "mine" });
  const own: TRoomEvent = {
    kind: "chat.posted",
    payload: { text: "mine", clockMs: 0 },
    seq: room.state.seq + 1,
    opId,
    actorId: C.id,
    at: 9_000,
  };
  return { c, room, opId, own };
}

describe("RoomSyncClient", () => {
  it("queues ops until joined, then sends them in order", () => {
    const c = client();
    expect(c.submit({ type: "chat.post", text: "a" }).out).toEqual([]);
    expect(c.onConnected()).toEqual([{ type: "join", lastSeq: 0, lastRef: null }]);
    expect(c.submit({ type: "chat.post", text: "b" }).out).toEqual([]);
    const room = new RoomBuilder().join(I).join(C);
    const out = c.onJoined({ ok: true, role: "candidate", snapshot: room.state, events: [] });
    expect(out.map((o) => o.type === "op" && o.op)).toEqual([
      { type: "chat.post", text: "a" },
      { type: "chat.post", text: "b" },
    ]);
    expect(c.state?.seq).toBe(room.state.seq);
  });

  it("resends unacknowledged ops with the same id after a reconnect, and asks for events after its last seq", () => {
    const c = client();
    c.onConnected();
    const room = new RoomBuilder().join(I).join(C);
    c.onJoined({
      ok: true,
      role: "candidate",
      snapshot: room.state,
      snapshotRef: "op-3-xxxxx@3000",
      events: [],
    });
    const { opId, out } = c.submit({ type: "chat.post", text: "hi" });
    expect(out).toHaveLength(1);
    c.onDisconnected();
    expect(c.onConnected()).toEqual([{ type: "join", lastSeq: room.state.seq, lastRef: "op-3-xxxxx@3000" }]);
    const again = c.onJoined({ ok: true, role: "candidate", snapshot: null, events: [] });
    expect(again).toEqual([{ type: "op", opId, op: { type: "chat.post", text: "hi" } }]);
    c.onOpResult(opId, { ok: true, seq: 99 });
    expect(c.pending).toEqual([]);
  });

  it("folds the op's own event from its ack before the op stops being pending", () => {
    const { c, opId, own } = joinedWithOwnChat();
    let seenPending: number | null = null;
    let seenChat: string[] = [];
    const onEvent = c.onEvent.bind(c);
    c.onEvent = (e) => {
      onEvent(e);
      seenPending = c.pending.length;
      seenChat = c.state!.chat.map((m) => m.text);
    };
    c.onOpResult(opId, { ok: true, seq: own.seq, event: own });
    expect(seenPending).toBe(1); // folded while still pending
    expect(seenChat).toEqual(["mine"]);
    expect(c.pending).toEqual([]);
    expect(c.state?.seq).toBe(own.seq);
    // The same event arriving again (an older server's echo, or a catch-up) changes nothing.
    const before = c.state;
    c.onEvent(own);
    expect(c.state).toBe(before);
  });

  it("marks an op applied when its event arrives before its ack, keeps it pending until the ack, and unmarks it on a snapshot", () => {
    const { c, room, opId, own } = joinedWithOwnChat();
    const other = c.submit({ type: "chat.post", text: "next" }).opId;
    c.onEvent(own); // sent on its own, ahead of a partner's event, while its write commits
    expect(c.pending.map((p) => [p.opId, p.applied === true])).toEqual([
      [opId, true],
      [other, false],
    ]);
    expect(c.state?.chat.map((m) => m.text)).toEqual(["mine"]);
    // The write failed after all: the server asks for a re-join and answers with a snapshot without the event.
    c.onResync();
    c.onJoined({ ok: true, role: "candidate", snapshot: room.state, events: [] });
    expect(c.pending.map((p) => p.applied)).toEqual([false, false]);
    c.onOpResult(opId, { ok: true, seq: own.seq }); // its ack, without the event it no longer needs to carry
    expect(c.pending.map((p) => p.opId)).toEqual([other]);
  });

  it("keeps retryable failures and drops final ones with their reason", () => {
    const c = client();
    c.onConnected();
    c.onJoined({
      ok: true,
      role: "candidate",
      snapshot: new RoomBuilder().join(I).join(C).state,
      events: [],
    });
    const a = c.submit({ type: "chat.post", text: "a" }).opId;
    const b = c.submit({ type: "clock.start" }).opId;
    c.onOpResult(a, { ok: false, error: { code: "unavailable", message: "later" }, retryable: true });
    c.onOpResult(b, {
      ok: false,
      error: { code: "forbidden", message: "Only the interviewer can start the clock." },
      retryable: false,
    });
    expect(c.pending.map((p) => p.opId)).toEqual([a]);
    expect(c.rejected).toEqual([
      {
        opId: b,
        op: { type: "clock.start" },
        error: { code: "forbidden", message: "Only the interviewer can start the clock." },
      },
    ]);
    expect(c.flush()).toEqual([{ type: "op", opId: a, op: { type: "chat.post", text: "a" } }]);
  });

  it("folds events once, in order, ignoring duplicates", () => {
    const c = client();
    c.onConnected();
    const room = new RoomBuilder().join(I).join(C);
    c.onJoined({ ok: true, role: "interviewer", snapshot: room.state, events: [] });
    room.op(C.id, { type: "chat.post", text: "x" });
    const e = room.events.at(-1)!;
    c.onEvent(e);
    c.onEvent(e);
    expect(c.state?.chat.map((m) => m.text)).toEqual(["x"]);
  });

  it("takes a snapshot over a state that held an event the server never committed", () => {
    const c = client();
    c.onConnected();
    const room = new RoomBuilder().join(I).join(C);
    c.onJoined({
      ok: true,
      role: "candidate",
      snapshot: room.state,
      snapshotRef: "op-3-xxxxx@3000",
      events: [],
    });
    const committed = room.state;
    room.op(I.id, { type: "chat.post", text: "broadcast, then lost in a crash" });
    c.onEvent(room.events.at(-1)!);
    expect(c.state?.chat).toHaveLength(1);
    c.onDisconnected();
    expect(c.onConnected()).toEqual([{ type: "join", lastSeq: 4, lastRef: "op-4-xxxxx@4000" }]);
    c.onJoined({
      ok: true,
      role: "candidate",
      snapshot: committed,
      snapshotRef: "op-3-xxxxx@3000",
      events: [],
    });
    expect(c.state).toBe(committed);
    expect(c.lastRef).toBe("op-3-xxxxx@3000");
  });

  it("ignores events that arrive before a join is answered (the answer covers them)", () => {
    const c = client();
    c.onConnected();
    const room = new RoomBuilder().join(I).join(C);
    c.onJoined({ ok: true, role: "candidate", snapshot: room.state, events: [] });
    expect(c.onResync()).toEqual([{ type: "join", lastSeq: 3, lastRef: null }]);
    room.op(C.id, { type: "chat.post", text: "x" });
    c.onEvent(room.events.at(-1)!);
    expect(c.state?.seq).toBe(3);
    c.onJoined({ ok: true, role: "candidate", snapshot: null, events: [room.events.at(-1)!] });
    expect(c.state?.chat.map((m) => m.text)).toEqual(["x"]);
  });
});
