import pg from "pg";

// Plain pg pools where a hand-written statement matters more than an ORM: this process's shared pool (room
// loads, joins, snapshots, history reads; shared through globalThis like the Prisma client), and the event log
// thread's own (server/db/event-log-worker.ts).
const g = globalThis as unknown as { __quorumPool?: pg.Pool };

/** A new pool whose idle clients' errors are reported by the next query instead of crashing the process. */
export function newPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config);
  pool.on("error", () => {});
  return pool;
}

export function getPool(): pg.Pool {
  if (!g.__quorumPool) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set");
    g.__quorumPool = newPool({ connectionString, max: 8 });
  }
  return g.__quorumPool;
}

export async function closePool(): Promise<void> {
  const pool = g.__quorumPool;
  g.__quorumPool = undefined;
  await pool?.end();
}
