import type { TEventKind, TRoomEvent, TVisibility } from "../../lib/room";
import { getPool } from "../db/pool";
import { EVENT_COLUMNS, type EventRow, rowToEvent } from "./row-to-event";

/**
 * Events of a room after `afterSeq`, at most `limit`, restricted to what the caller may read: the given
 * visibilities, plus events of `alsoKinds` whatever their visibility (interviewer notes once shared).
 */
export async function readEvents(
  roomId: string,
  afterSeq: number,
  limit: number,
  visible: TVisibility[],
  alsoKinds: readonly TEventKind[] = [],
): Promise<TRoomEvent[]> {
  const r = await getPool().query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM "RoomEvent"
      WHERE "roomId" = $1 AND seq > $2 AND (visibility = ANY($3::text[]) OR kind = ANY($5::text[]))
      ORDER BY seq LIMIT $4`,
    [roomId, afterSeq, visible, limit, alsoKinds],
  );
  return r.rows.map(rowToEvent);
}

/** The room's last sequence number (0 before its first event): the log is gapless, so this is its length. */
export async function lastSeqOf(roomId: string): Promise<number> {
  const r = await getPool().query<{ n: number }>(
    `SELECT coalesce(max(seq), 0)::int AS n FROM "RoomEvent" WHERE "roomId" = $1`,
    [roomId],
  );
  return r.rows[0]!.n;
}
