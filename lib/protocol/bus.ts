import { z } from "zod";
import { type TRoomEvent, ZRoomOp } from "../room/events";
import { emptyRoom, type RoomState } from "../room/state";
import { type TCallSignalAck, ZCallSignal, ZCallSignalDelivery } from "./call";
import { type TJoinAck, type TOpAck, type TSeatResult, ZCursor, ZCursorUpdate, ZPresenceEntry } from "./room";

// What the processes of one deployment say to each other through Redis (server/cluster): calls for a room's
// owner, the owner's replies, and deliveries from the owner to a socket held by another process.
//
// A call is parsed in full, like any input. A reply's type follows from its call's kind (TBusReplies), at both
// ends. Replies and deliveries carry bodies the owner built from these same types (a room's state, its events):
// their discriminants are checked (`ok`, an error's code, an event's stamp) and their bodies trusted, because
// re-parsing a room's board on every hop would double the owner's work for nothing the owner did not check.

const ZPeerRef = z.object({ id: z.string().max(80), userId: z.string().max(64) });

/** Every field of a room's state (emptyRoom has them all: RoomState has no optional field). */
const STATE_FIELDS: ReadonlySet<string> = new Set(Object.keys(emptyRoom("")));
export function isStateField(key: unknown): key is keyof RoomState {
  return typeof key === "string" && STATE_FIELDS.has(key);
}
export const ROOM_STATE_FIELDS: readonly (keyof RoomState)[] = [...STATE_FIELDS].filter(isStateField);

/** Whether part of a room's state holds every field in `keys` (a state call may ask for a few). */
export function holdsFields<K extends keyof RoomState>(
  part: Partial<RoomState>,
  keys: readonly K[],
): part is Pick<RoomState, K> {
  return keys.every((k) => part[k] !== undefined);
}

/** A call for a room's owner. `state` may name fields: a room's board can weigh megabytes. */
export const ZBusCall = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("join"),
    peer: ZPeerRef,
    lastSeq: z.number().int().min(0),
    lastRef: z.string().nullable(),
  }),
  z.object({ kind: z.literal("submit"), peerId: z.string(), opId: z.string(), op: ZRoomOp }),
  z.object({ kind: z.literal("leave"), peerId: z.string(), explicit: z.boolean() }),
  z.object({ kind: z.literal("cursor"), peerId: z.string(), cursor: ZCursorUpdate.omit({ roomId: true }) }),
  z.object({ kind: z.literal("signal"), peerId: z.string(), signal: ZCallSignal }),
  z.object({ kind: z.literal("seat"), user: z.object({ id: z.string(), name: z.string() }) }),
  z.object({
    kind: z.literal("nextRound"),
    userId: z.string(),
    nextRoomId: z.string(),
    questionId: z.string(),
  }),
  z.object({
    kind: z.literal("state"),
    keys: z.array(z.custom<keyof RoomState>(isStateField)).max(40).optional(),
  }),
]);
export type TBusCall = z.infer<typeof ZBusCall>;
export type TBusKind = TBusCall["kind"];
/** The call of one kind (written as a map so that a handler table indexed by kind type-checks). */
export type TBusCallOf<K extends TBusKind> = { [P in K]: Extract<TBusCall, { kind: P }> }[K];

interface BusReplyTable {
  join: TJoinAck;
  submit: TOpAck;
  leave: undefined;
  cursor: undefined;
  signal: TCallSignalAck;
  seat: TSeatResult | null;
  nextRound: TOpAck;
  /** The fields asked for, or the whole state when none were named; null when there is no such room. */
  state: Partial<RoomState> | null;
}
/** What the owner answers to each kind of call (every kind must be listed); `undefined`: sent without waiting. */
export type TBusReplies = { [K in TBusKind]: BusReplyTable[K] };
/** Calls sent without waiting for an answer (a leave, a pointer): moot when lost. */
export type TBusNoticeKind = { [K in TBusKind]: TBusReplies[K] extends undefined ? K : never }[TBusKind];
export type TBusAskKind = Exclude<TBusKind, TBusNoticeKind>;
export type TBusAsk = TBusCallOf<TBusAskKind>;
export type TBusNotice = TBusCallOf<TBusNoticeKind>;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const ZRefusal = z.object({
  ok: z.literal(false),
  error: z.object({ code: z.string(), message: z.string() }),
});
/** An answer of the room (`{ok: true, …}` or a refusal): `ok` and a refusal's error checked, the rest trusted. */
const answer = <T extends { ok: boolean }>() =>
  z.custom<T>((v) => (isRecord(v) && v.ok === true) || ZRefusal.safeParse(v).success);

/** Checks of a reply off the wire, by its call's kind; typed against TBusReplies. */
export const ZBusReplies: { [K in TBusAskKind]: z.ZodType<TBusReplies[K]> } = {
  join: answer<TJoinAck>(),
  submit: answer<TOpAck>(),
  signal: answer<TCallSignalAck>(),
  seat: answer<TSeatResult>().nullable(),
  nextRound: answer<TOpAck>(),
  state: z.custom<Partial<RoomState>>(isRecord).nullable(),
};

const ZEventStamp = z.object({ seq: z.number().int().positive(), opId: z.string(), kind: z.string() });
const deliveryTo = { t: z.literal("deliver"), peerId: z.string(), roomId: z.string() };

/** What a room's owner sends one of another process's sockets (RoomPeer's sends, one kind each). */
export const ZBusDelivery = z.discriminatedUnion("what", [
  z.object({
    ...deliveryTo,
    what: z.literal("event"),
    data: z.custom<TRoomEvent>((v) => ZEventStamp.safeParse(v).success),
  }),
  z.object({ ...deliveryTo, what: z.literal("presence"), data: z.array(ZPresenceEntry) }),
  z.object({ ...deliveryTo, what: z.literal("resync"), data: z.null() }),
  z.object({ ...deliveryTo, what: z.literal("cursor"), data: ZCursor }),
  z.object({ ...deliveryTo, what: z.literal("signal"), data: ZCallSignalDelivery }),
]);
export type TBusDelivery = z.infer<typeof ZBusDelivery>;

/**
 * One message on a process's channel. `req` with an empty id needs no answer; `res` answers the `req` of the
 * same id (`failed`: the owner threw, and `value` is its message).
 */
export const ZBusMessage = z.discriminatedUnion("t", [
  z.object({
    t: z.literal("req"),
    id: z.string(),
    from: z.string(),
    roomId: z.string().max(64),
    call: ZBusCall,
  }),
  z.object({ t: z.literal("res"), id: z.string(), value: z.unknown(), failed: z.boolean().optional() }),
  ZBusDelivery,
]);
export type TBusMessage = z.infer<typeof ZBusMessage>;
export type TBusResponse = Extract<TBusMessage, { t: "res" }>;
