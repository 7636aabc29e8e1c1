import { describe, expect, it } from "vitest";
import { stampEvent, ZRoomEvent } from "../../../lib/room";

describe("stampEvent", () => {
  const stamp = { seq: 7, opId: "op-7", actorId: "u1", at: 1_700_000_000_000 };

  it("carries the body and the stamp, and is a valid room event", () => {
    const e = stampEvent(stamp, { kind: "chat.posted", payload: { text: "hi", clockMs: 5 } });
    expect(ZRoomEvent.parse(e)).toEqual(e);
    expect(e).toEqual({ ...stamp, kind: "chat.posted", payload: { text: "hi", clockMs: 5 } });
  });

  it("gives every event the same keys in the same order, whatever the body's own key order", () => {
    const a = stampEvent(stamp, { kind: "clock.started", payload: {} });
    // A body parsed from elsewhere may list its keys the other way round (and carry nothing else through).
    const b = stampEvent({ ...stamp, actorId: null }, { payload: { clockMs: 1 }, kind: "clock.paused" });
    const c = stampEvent(
      stamp,
      ZRoomEvent.parse({ ...stamp, kind: "note.added", payload: { text: "x", clockMs: 2 } }),
    );
    const order = ["seq", "opId", "actorId", "at", "kind", "payload"];
    for (const e of [a, b, c]) expect(Object.keys(e)).toEqual(order);
  });
});
