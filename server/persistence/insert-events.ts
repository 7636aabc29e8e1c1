import type pg from "pg";
import { type TRoomEvent, visibilityOf } from "../../lib/room";

/** Runs `fn` in one transaction on a pooled client: committed if it resolves, rolled back if it throws. */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const out = await fn(client);
    await client.query("COMMIT");
    return out;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

// One statement, so it is atomic on its own (no BEGIN/COMMIT round trips) and its text never changes, so each
// pooled connection parses and plans it once (a named statement). The rows travel as one array per column; the
// update of each room's `lastSeq` (and `endedAt`, for an `interview.ended`) reads what the insert returned.
const APPEND_SQL = `WITH ins AS (
  INSERT INTO "RoomEvent" ("roomId", seq, "opId", kind, "actorId", visibility, at, payload)
  SELECT v.room, v.seq, v.op, v.kind, v.actor, v.vis, to_timestamp(v.at / 1000), v.payload::jsonb
  FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::float8[], $8::text[])
    AS v(room, seq, op, kind, actor, vis, at, payload)
  RETURNING "roomId", seq, kind
)
UPDATE "Room" r SET "lastSeq" = GREATEST(r."lastSeq", u.seq),
  "endedAt" = COALESCE(r."endedAt", CASE WHEN u.ended THEN now() END)
FROM (SELECT "roomId" AS id, max(seq) AS seq, bool_or(kind = 'interview.ended') AS ended FROM ins GROUP BY "roomId") u
WHERE r.id = u.id`;

/**
 * Inserts room events and moves each room's `lastSeq` (and `endedAt`) forward, in one statement: atomic by
 * itself, or part of the caller's transaction when it runs inside one.
 */
export async function insertEvents(
  client: pg.PoolClient | pg.Pool,
  rows: readonly { roomId: string; event: TRoomEvent }[],
): Promise<void> {
  const cols: unknown[][] = [[], [], [], [], [], [], [], []];
  for (const { roomId, event } of rows) {
    cols[0]!.push(roomId);
    cols[1]!.push(event.seq);
    cols[2]!.push(event.opId);
    cols[3]!.push(event.kind);
    cols[4]!.push(event.actorId);
    cols[5]!.push(visibilityOf(event.kind));
    cols[6]!.push(event.at);
    cols[7]!.push(JSON.stringify(event.payload));
  }
  await client.query({ name: "quorum-append-events", text: APPEND_SQL, values: cols });
}
