import { type TRole, type TRoomEvent, visibilityOf } from "../../lib/room";
import { getPool } from "../db/pool";

/** Seats a participant: the RoomParticipant row and its `participant.joined` event commit together. */
export async function insertParticipant(
  roomId: string,
  userId: string,
  role: TRole,
  event: TRoomEvent,
): Promise<void> {
  const client = await getPool().connect();
  try {
    await client.query("BEGIN");
    await client.query(`INSERT INTO "RoomParticipant" ("roomId", "userId", role) VALUES ($1, $2, $3)`, [
      roomId,
      userId,
      role,
    ]);
    await client.query(
      `INSERT INTO "RoomEvent" ("roomId", seq, "opId", kind, "actorId", visibility, at, payload)
       VALUES ($1, $2, $3, $4, $5, $6, to_timestamp($7::double precision / 1000), $8::jsonb)`,
      [
        roomId,
        event.seq,
        event.opId,
        event.kind,
        event.actorId,
        visibilityOf(event.kind),
        event.at,
        JSON.stringify(event.payload),
      ],
    );
    await client.query(`UPDATE "Room" SET "lastSeq" = GREATEST("lastSeq", $2) WHERE id = $1`, [
      roomId,
      event.seq,
    ]);
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
