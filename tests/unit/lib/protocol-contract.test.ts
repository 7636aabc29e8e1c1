import { io, type Socket } from "socket.io-client";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  type AckedClientEvent,
  type AnswerTo,
  CLIENT_EVENT_NAMES,
  type ClientToServerEvents,
  SERVER_EVENT_NAMES,
  type ServerToClientEvents,
  type TBusAsk,
  type TBusReplies,
  type UncheckedClientToServerEvents,
} from "../../../lib/protocol";
import { holdsFields, ROOM_STATE_FIELDS, ZBusMessage, ZBusReplies } from "../../../lib/protocol/bus";
import { CALL_EVENTS, type TCallSignalAck } from "../../../lib/protocol/call";
import { QUEUE_EVENTS, type TQueueJoinAck } from "../../../lib/protocol/queue";
import { ROOM_EVENTS, type TJoinAck, type TOpAck, type TSeatResult } from "../../../lib/protocol/room";
import { emptyRoom, type RoomState, type TRoomOpInput } from "../../../lib/room";

// The contract (lib/protocol/contract.ts) is mostly types: the compiler is its test. The `@ts-expect-error`
// lines below fail `tsc` if a wrong message ever compiles; the callbacks holding them are never run.
const typeOnly = (_check: () => unknown) => {};

describe("the socket contract", () => {
  it("names every event constant, each in the direction it travels", () => {
    const constants = [
      ...Object.values(ROOM_EVENTS),
      ...Object.values(CALL_EVENTS),
      ...Object.values(QUEUE_EVENTS),
    ];
    for (const name of constants)
      expect(CLIENT_EVENT_NAMES.has(name) || SERVER_EVENT_NAMES.has(name), name).toBe(true);
    // …and nothing else, but the server's greeting.
    expect(new Set([...CLIENT_EVENT_NAMES, ...SERVER_EVENT_NAMES])).toEqual(new Set([...constants, "hello"]));
    expect([...CLIENT_EVENT_NAMES].sort()).toEqual(
      [
        ROOM_EVENTS.join,
        ROOM_EVENTS.op,
        ROOM_EVENTS.leave,
        ROOM_EVENTS.cursor,
        CALL_EVENTS.signal,
        QUEUE_EVENTS.join,
        QUEUE_EVENTS.leave,
      ].sort(),
    );
  });

  it("types what a client emits and the answers it gets", () => {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io("http://127.0.0.1:9", {
      autoConnect: false,
    });
    typeOnly(() => {
      socket.emit(
        ROOM_EVENTS.op,
        { roomId: "r1", opId: "op-0001", op: { type: "chat.post", text: "hi" } },
        (ack) => expectTypeOf(ack).toEqualTypeOf<TOpAck>(),
      );
      const noText = { roomId: "r1", opId: "op-0001", op: { type: "chat.post" } } as const;
      // @ts-expect-error a chat message without its text
      socket.emit(ROOM_EVENTS.op, noText, () => {});
      // @ts-expect-error a join must name the last event seen (this build always sends lastRef)
      socket.emit(ROOM_EVENTS.join, { roomId: "r1", lastSeq: 0 }, () => {});
      // @ts-expect-error an event the server sends, not the client
      socket.emit(ROOM_EVENTS.presence, { roomId: "r1", presence: [] });
      socket
        .timeout(1_000)
        .emit(ROOM_EVENTS.join, { roomId: "r1", lastSeq: 0, lastRef: null }, (err, ack) => {
          expectTypeOf(err).toEqualTypeOf<Error>();
          expectTypeOf(ack).toEqualTypeOf<TJoinAck>();
        });
      socket.on(ROOM_EVENTS.event, (m) => expectTypeOf(m.event.seq).toBeNumber());
    });
    socket.close();
  });

  it("gives the server unchecked input, and types the answers it owes", () => {
    expectTypeOf<Parameters<UncheckedClientToServerEvents[typeof ROOM_EVENTS.op]>>().toEqualTypeOf<
      unknown[]
    >();
    expectTypeOf<AckedClientEvent>().toEqualTypeOf<
      typeof ROOM_EVENTS.join | typeof ROOM_EVENTS.op | typeof CALL_EVENTS.signal | typeof QUEUE_EVENTS.join
    >();
    expectTypeOf<AnswerTo<typeof ROOM_EVENTS.join>>().toEqualTypeOf<TJoinAck>();
    expectTypeOf<AnswerTo<typeof CALL_EVENTS.signal>>().toEqualTypeOf<TCallSignalAck>();
    expectTypeOf<AnswerTo<typeof QUEUE_EVENTS.join>>().toEqualTypeOf<TQueueJoinAck>();
    expectTypeOf<
      Parameters<ClientToServerEvents[typeof ROOM_EVENTS.op]>[0]["op"]
    >().toEqualTypeOf<TRoomOpInput>();
  });
});

describe("the room bus", () => {
  it("types a reply from its call", () => {
    const call = <C extends TBusAsk>(_call: C): Promise<TBusReplies[C["kind"]]> => new Promise(() => {});
    typeOnly(async () => {
      const join = await call({ kind: "join", peer: { id: "p", userId: "u" }, lastSeq: 0, lastRef: null });
      expectTypeOf(join).toEqualTypeOf<TJoinAck>();
      expectTypeOf(
        await call({ kind: "seat", user: { id: "u", name: "U" } }),
      ).toEqualTypeOf<TSeatResult | null>();
      // @ts-expect-error a join is answered with a TJoinAck, not an op's answer
      const wrong: TOpAck = await call({
        kind: "join",
        peer: { id: "p", userId: "u" },
        lastSeq: 0,
        lastRef: null,
      });
      // @ts-expect-error a leave is sent without waiting for an answer
      await call({ kind: "leave", peerId: "p", explicit: true });
      return wrong;
    });
  });

  it("checks a reply's answer as it comes off the wire", () => {
    const refusal = { ok: false, error: { code: "unavailable", message: "busy" } };
    expect(ZBusReplies.submit.safeParse(refusal).success).toBe(true);
    expect(ZBusReplies.submit.safeParse({ ok: true, seq: 3, duplicate: false }).success).toBe(true);
    expect(ZBusReplies.submit.safeParse({ ok: false }).success).toBe(false);
    expect(ZBusReplies.submit.safeParse("no").success).toBe(false);
    expect(ZBusReplies.seat.safeParse(null).success).toBe(true);
    expect(ZBusReplies.join.safeParse(null).success).toBe(false);
  });

  it("checks deliveries and a state call's fields", () => {
    const to = { t: "deliver", peerId: "p", roomId: "r1" };
    expect(ZBusMessage.safeParse({ ...to, what: "resync", data: null }).success).toBe(true);
    expect(ZBusMessage.safeParse({ ...to, what: "presence", data: [{ userId: "u" }] }).success).toBe(false);
    expect(
      ZBusMessage.safeParse({ ...to, what: "event", data: { seq: 1, opId: "o", kind: "chat.posted" } })
        .success,
    ).toBe(true);
    expect(ZBusMessage.safeParse({ ...to, what: "event", data: { seq: "1" } }).success).toBe(false);
    const state = (keys: unknown) => ({
      t: "req",
      id: "1",
      from: "a",
      roomId: "r1",
      call: { kind: "state", keys },
    });
    expect(ZBusMessage.safeParse(state(["sim", "clock"])).success).toBe(true);
    expect(ZBusMessage.safeParse(state(["__proto__"])).success).toBe(false);

    const room: RoomState = emptyRoom("r1");
    expect(holdsFields(room, ROOM_STATE_FIELDS)).toBe(true);
    const part: Partial<RoomState> = { sim: null, clock: room.clock };
    expect(holdsFields(part, ["sim", "clock"])).toBe(true);
    expect(holdsFields(part, ["sim", "board"])).toBe(false);
  });
});
