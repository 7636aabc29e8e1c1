import { ROOM_STATE_VERSION, type RoomViews, type TRoomEvent } from "../../lib/room";
import { getPool } from "../db/pool";
import { EVENT_COLUMNS, type EventRow, rowToEvent } from "./row-to-event";

/** One committed op: who sent it, its id, and its event's number in each seat's stream. */
export interface StoredOp {
  actorId: string | null;
  opId: string;
  seq: number;
  /** In the candidate's stream; null for an event only the interviewer reads. */
  pseq: number | null;
}

export interface RoomLog {
  /** Both seats' views at the newest usable snapshot (null: fold from the start). */
  snapshot: RoomViews | null;
  /** Events after the snapshot (all of them when there is none), in order. */
  events: TRoomEvent[];
  /** Every op the room has applied (for de-duplication after a restart). */
  opIds: StoredOp[];
}

/** Loads what the room actor needs to rebuild a room: newest usable snapshot, the tail after it, all op ids. */
export async function loadRoomLog(roomId: string): Promise<RoomLog | null> {
  const pool = getPool();
  const room = await pool.query(`SELECT id FROM "Room" WHERE id = $1`, [roomId]);
  if (room.rowCount === 0) return null;
  const snap = await pool.query<{ seq: number; state: RoomViews }>(
    `SELECT seq, state FROM "RoomSnapshot" WHERE "roomId" = $1 AND version = $2 ORDER BY seq DESC LIMIT 1`,
    [roomId, ROOM_STATE_VERSION],
  );
  const snapshot = snap.rows[0]?.state ?? null;
  const after = snapshot?.full.seq ?? 0;
  const rows = await pool.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM "RoomEvent" WHERE "roomId" = $1 AND seq > $2 ORDER BY seq`,
    [roomId, after],
  );
  // An op's number in the candidate's stream is its rank among the events everyone may read.
  const ops = await pool.query<StoredOp>(
    `SELECT "actorId", "opId", seq,
       CASE WHEN visibility = 'all'
         THEN (count(*) FILTER (WHERE visibility = 'all') OVER (ORDER BY seq))::int END AS pseq
     FROM "RoomEvent" WHERE "roomId" = $1`,
    [roomId],
  );
  return { snapshot, events: rows.rows.map(rowToEvent), opIds: ops.rows };
}
