import type { TRole, TRoomEvent } from "../../lib/room";
import { getPool } from "../db/pool";
import { insertEvents, inTransaction } from "./insert-events";

/** Seats a participant: the RoomParticipant row and its `participant.joined` event commit together. */
export function insertParticipant(
  roomId: string,
  userId: string,
  role: TRole,
  event: TRoomEvent,
): Promise<void> {
  return inTransaction(getPool(), async (client) => {
    await client.query(`INSERT INTO "RoomParticipant" ("roomId", "userId", role) VALUES ($1, $2, $3)`, [
      roomId,
      userId,
      role,
    ]);
    await insertEvents(client, [{ roomId, event }]);
  });
}
