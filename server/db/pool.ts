import pg from "pg";

// A plain pg pool for the hot path (the room event log), where one multi-row INSERT per batch matters more
// than an ORM. Shared through globalThis like the Prisma client.
const g = globalThis as unknown as { __quorumPool?: pg.Pool };

export function getPool(): pg.Pool {
  if (!g.__quorumPool) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set");
    g.__quorumPool = new pg.Pool({ connectionString, max: 8 });
    g.__quorumPool.on("error", () => {}); // an idle client's error is reported by the next query instead
  }
  return g.__quorumPool;
}

export async function closePool(): Promise<void> {
  const pool = g.__quorumPool;
  g.__quorumPool = undefined;
  await pool?.end();
}
