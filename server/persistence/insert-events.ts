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

/**
 * Inserts room events with one multi-row INSERT and moves each room's `lastSeq` (and `endedAt`, for an
 * `interview.ended`) forward. Callers run it inside a transaction.
 */
export async function insertEvents(
  client: pg.PoolClient,
  rows: readonly { roomId: string; event: TRoomEvent }[],
): Promise<void> {
  const values: unknown[] = [];
  const tuples: string[] = [];
  const lastSeq = new Map<string, number>();
  const ended = new Set<string>();
  for (const { roomId, event } of rows) {
    const b = values.length;
    tuples.push(
      `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, to_timestamp($${b + 7}::double precision / 1000), $${b + 8}::jsonb)`,
    );
    values.push(
      roomId,
      event.seq,
      event.opId,
      event.kind,
      event.actorId,
      visibilityOf(event.kind),
      event.at,
      JSON.stringify(event.payload),
    );
    lastSeq.set(roomId, Math.max(lastSeq.get(roomId) ?? 0, event.seq));
    if (event.kind === "interview.ended") ended.add(roomId);
  }
  await client.query(
    `INSERT INTO "RoomEvent" ("roomId", seq, "opId", kind, "actorId", visibility, at, payload) VALUES ${tuples.join(", ")}`,
    values,
  );
  const ids = [...lastSeq.keys()];
  await client.query(
    `UPDATE "Room" r SET "lastSeq" = GREATEST(r."lastSeq", v.seq),
       "endedAt" = COALESCE(r."endedAt", CASE WHEN v.ended THEN now() END)
     FROM unnest($1::text[], $2::int[], $3::bool[]) AS v(id, seq, ended) WHERE r.id = v.id`,
    [ids, ids.map((id) => lastSeq.get(id)!), ids.map((id) => ended.has(id))],
  );
}
