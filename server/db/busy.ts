/**
 * Errors that mean "the database is busy right now", not "this request is wrong": Prisma could not start an
 * interactive transaction within `maxWait` (P2028) or get a connection from its pool in time (P2024). Under a
 * burst on a loaded machine these happen to correct requests, so they are answered 503 with Retry-After, and
 * the client may simply try again, instead of a 500 that reads like a bug.
 */
const BUSY_CODES = new Set(["P2024", "P2028"]);

export function isDatabaseBusy(err: unknown): boolean {
  if (typeof err !== "object" || err === null) return false;
  const code = (err as { code?: unknown }).code;
  return typeof code === "string" && BUSY_CODES.has(code);
}

/** How long a client is asked to wait before retrying a request the database was too busy for. */
export const DATABASE_BUSY_RETRY_MS = 2_000;
