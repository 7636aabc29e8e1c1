import type pg from "pg";
import { EVENT_SCHEMA_VERSION, type TRoomEvent, visibilityOf } from "../../lib/room";

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

// The rows travel as one JSON parameter (no per-element escaping of eight text arrays on our side), and the
// statement text never changes, so each pooled connection parses and plans it once (a named statement).
// Appends touch only "RoomEvent": a room's last sequence number is read from the log itself (lastSeqOf), so an
// op costs Postgres one index insert and no update of its Room row. Only a batch that ends an interview also sets
// the room's `endedAt`, in the same statement (so the two commit together).
// Every row is written in this code's event schema version (lib/room/event-versions.ts), a constant of the
// statement.
const ROWS = `SELECT v.room, v.seq, v.op, v.kind, v.actor, v.vis, to_timestamp(v.at / 1000), v.payload,
    ${EVENT_SCHEMA_VERSION}
  FROM json_to_recordset($1::json)
    AS v(room text, seq int, op text, kind text, actor text, vis text, at float8, payload jsonb)`;
const COLUMNS = `"RoomEvent" ("roomId", seq, "opId", kind, "actorId", visibility, at, payload, v)`;
const APPEND_SQL = `INSERT INTO ${COLUMNS} ${ROWS}`;
const APPEND_ENDING_SQL = `WITH ins AS (INSERT INTO ${COLUMNS} ${ROWS} RETURNING "roomId", kind)
UPDATE "Room" r SET "endedAt" = COALESCE(r."endedAt", now())
WHERE r.id IN (SELECT "roomId" FROM ins WHERE kind = 'interview.ended')`;

/**
 * Inserts room events (and, for an `interview.ended`, sets the room's `endedAt`) in one statement: atomic by
 * itself, or part of the caller's transaction when it runs inside one.
 */
export async function insertEvents(
  client: pg.PoolClient | pg.Pool,
  rows: readonly { roomId: string; event: TRoomEvent }[],
): Promise<void> {
  let ending = false;
  const values = rows.map(({ roomId, event }) => {
    if (event.kind === "interview.ended") ending = true;
    return {
      room: roomId,
      seq: event.seq,
      op: event.opId,
      kind: event.kind,
      actor: event.actorId,
      vis: visibilityOf(event.kind),
      at: event.at,
      payload: event.payload,
    };
  });
  const statement = ending
    ? { name: "quorum-append-ending-events", text: APPEND_ENDING_SQL }
    : { name: "quorum-append-events", text: APPEND_SQL };
  await client.query({ ...statement, values: [JSON.stringify(values)] });
}
