import { ROOM_STATE_VERSION, type RoomState, type TRoomEvent } from "../../lib/room";
import { getPool } from "../db/pool";
import { EVENT_COLUMNS, type EventRow, rowToEvent } from "./row-to-event";

export interface RoomLog {
  snapshot: RoomState | null;
  /** Events from the snapshot's own event on (all of them when there is none), in order. */
  events: TRoomEvent[];
  /** Every op id the room has applied, with its sequence number (for de-duplication after a restart). */
  opIds: Map<string, number>;
}

/** Loads what the room actor needs to rebuild a room: newest usable snapshot, the tail after it, all op ids. */
export async function loadRoomLog(roomId: string): Promise<RoomLog | null> {
  const pool = getPool();
  const room = await pool.query(`SELECT id FROM "Room" WHERE id = $1`, [roomId]);
  if (room.rowCount === 0) return null;
  const snap = await pool.query<{ seq: number; state: RoomState }>(
    `SELECT seq, state FROM "RoomSnapshot" WHERE "roomId" = $1 AND version = $2 ORDER BY seq DESC LIMIT 1`,
    [roomId, ROOM_STATE_VERSION],
  );
  const snapshot = snap.rows[0]?.state ?? null;
  const after = snapshot?.seq ?? 0;
  const rows = await pool.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM "RoomEvent" WHERE "roomId" = $1 AND seq > $2 ORDER BY seq`,
    [roomId, after],
  );
  const ops = await pool.query<{ opId: string; seq: number }>(
    `SELECT "opId", seq FROM "RoomEvent" WHERE "roomId" = $1`,
    [roomId],
  );
  return {
    snapshot,
    events: rows.rows.map(rowToEvent),
    opIds: new Map(ops.rows.map((r) => [r.opId, r.seq])),
  };
}
