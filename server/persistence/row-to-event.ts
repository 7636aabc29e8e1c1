import { type TRoomEvent, upgradeEvent } from "../../lib/room";

/** A RoomEvent row as read with pg; validated on the way out (the database is a boundary too). */
export interface EventRow {
  seq: number;
  opId: string;
  kind: string;
  actorId: string | null;
  at: Date;
  payload: unknown;
  /** The event schema version the row was written in (lib/room/event-versions.ts). */
  v: number;
}

export const EVENT_COLUMNS = `seq, "opId", kind, "actorId", at, payload, v`;

/**
 * Today's shape of a stored event, through the upgrade steps since the version it was written in. Throws
 * StoredEventError for an event from a newer version (or one that is not valid in its own version).
 */
export function rowToEvent(r: EventRow): TRoomEvent {
  return upgradeEvent({
    seq: r.seq,
    opId: r.opId,
    kind: r.kind,
    actorId: r.actorId,
    at: r.at.getTime(),
    payload: r.payload,
    v: r.v,
  });
}
