import { stampEvent, type TRoomEvent, ZRoomEvent } from "../../lib/room";

/** A RoomEvent row as read with pg; validated on the way out (the database is a boundary too). */
export interface EventRow {
  seq: number;
  opId: string;
  kind: string;
  actorId: string | null;
  at: Date;
  payload: unknown;
}

export const EVENT_COLUMNS = `seq, "opId", kind, "actorId", at, payload`;

export function rowToEvent(r: EventRow): TRoomEvent {
  // Re-stamped after parsing: a zod intersection's output has a hidden class of its own (see stampEvent).
  const e = ZRoomEvent.parse({
    seq: r.seq,
    opId: r.opId,
    kind: r.kind,
    actorId: r.actorId,
    at: r.at.getTime(),
    payload: r.payload,
  });
  return stampEvent(e, e);
}
