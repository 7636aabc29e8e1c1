import type { TEventKind, TRoomEvent, TVisibility } from "../../lib/room";
import { getPool } from "../db/pool";
import { EVENT_COLUMNS, type EventRow, rowToEvent } from "./row-to-event";

/** What one reader may read of a room's log (lib/room/events.ts readableBy). */
export interface ReadAccess {
  /** The whole log, numbered as stored (the interviewer). */
  everything: boolean;
  visibilities: TVisibility[];
  /** Kinds readable whatever their visibility (interviewer notes once shared). */
  alsoKinds: readonly TEventKind[];
}

// A reader who may not read everything gets its own stream: the events it may read, numbered 1, 2, 3… in the
// log's order (lib/room/views.ts), so the numbers say nothing about the events left out. `after` and the
// numbers returned are in that stream.
const STREAM_SQL = `SELECT ${EVENT_COLUMNS.replace("seq,", "rseq AS seq,")} FROM (
    SELECT *, row_number() OVER (ORDER BY seq)::int AS rseq FROM "RoomEvent"
    WHERE "roomId" = $1 AND (visibility = ANY($3::text[]) OR kind = ANY($4::text[]))
  ) AS stream
  WHERE rseq > $2 ORDER BY rseq LIMIT $5`;

/** Events of a room after `after`, at most `limit`, in the reader's own stream. */
export async function readEvents(
  roomId: string,
  after: number,
  limit: number,
  access: ReadAccess,
): Promise<TRoomEvent[]> {
  const r = access.everything
    ? await getPool().query<EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM "RoomEvent" WHERE "roomId" = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
        [roomId, after, limit],
      )
    : await getPool().query<EventRow>(STREAM_SQL, [
        roomId,
        after,
        access.visibilities,
        access.alsoKinds,
        limit,
      ]);
  return r.rows.map(rowToEvent);
}

/** The last number of the reader's stream (0 before its first event): the stream is gapless, so its length. */
export async function lastSeqOf(roomId: string, access: ReadAccess): Promise<number> {
  const r = access.everything
    ? await getPool().query<{ n: number }>(
        `SELECT coalesce(max(seq), 0)::int AS n FROM "RoomEvent" WHERE "roomId" = $1`,
        [roomId],
      )
    : await getPool().query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "RoomEvent"
          WHERE "roomId" = $1 AND (visibility = ANY($2::text[]) OR kind = ANY($3::text[]))`,
        [roomId, access.visibilities, access.alsoKinds],
      );
  return r.rows[0]!.n;
}
