import type { TRoomEvent, TVisibility } from "../../lib/room";
import { getPool } from "../db/pool";
import { EVENT_COLUMNS, type EventRow, rowToEvent } from "./row-to-event";

/** Events of a room after `afterSeq`, at most `limit`, restricted to the given visibilities (the caller's rights). */
export async function readEvents(
  roomId: string,
  afterSeq: number,
  limit: number,
  visible: TVisibility[],
): Promise<TRoomEvent[]> {
  const r = await getPool().query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM "RoomEvent" WHERE "roomId" = $1 AND seq > $2 AND visibility = ANY($3::text[]) ORDER BY seq LIMIT $4`,
    [roomId, afterSeq, visible, limit],
  );
  return r.rows.map(rowToEvent);
}
