import { ROOM_STATE_VERSION, type RoomState } from "../../lib/room";
import { getPool } from "../db/pool";

export async function saveSnapshot(state: RoomState): Promise<void> {
  await getPool().query(
    `INSERT INTO "RoomSnapshot" ("roomId", seq, version, state) VALUES ($1, $2, $3, $4::jsonb) ON CONFLICT DO NOTHING`,
    [state.roomId, state.seq, ROOM_STATE_VERSION, JSON.stringify(state)],
  );
}
