import { ROOM_STATE_VERSION, type RoomState } from "../../lib/room";
import { getPool } from "../db/pool";

/** Snapshots kept per room: the newest ones serve loads and late joins; replay seeks fold from the nearest. */
const KEEP = 10;

export async function saveSnapshot(state: RoomState): Promise<void> {
  const pool = getPool();
  await pool.query(
    `INSERT INTO "RoomSnapshot" ("roomId", seq, version, state) VALUES ($1, $2, $3, $4::jsonb) ON CONFLICT DO NOTHING`,
    [state.roomId, state.seq, ROOM_STATE_VERSION, JSON.stringify(state)],
  );
  // With the board inside the state a snapshot can weigh megabytes: keep only the newest few.
  await pool.query(
    `DELETE FROM "RoomSnapshot" WHERE "roomId" = $1 AND seq < (SELECT min(seq) FROM (SELECT seq FROM "RoomSnapshot" WHERE "roomId" = $1 ORDER BY seq DESC LIMIT $2) AS newest)`,
    [state.roomId, KEEP],
  );
}
