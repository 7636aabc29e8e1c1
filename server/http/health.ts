import type { ServerResponse } from "node:http";
import { getPrisma } from "../db/client";
import type { TPagesStatus } from "../pages-process/supervisor";

export interface HealthDeps {
  version: string;
  embeddedDb: boolean;
  redis?: () => "ok" | "down";
  /** The pages process (Next.js): "ok" once it serves; while it restarts, this instance serves no pages. */
  pages: () => TPagesStatus;
  startedAt: number;
  shuttingDown: () => boolean;
}

const DB_TIMEOUT_MS = 2_000;

/** GET /api/health: 200 when the database answers, 503 otherwise (or while shutting down). */
export async function respondHealth(res: ServerResponse, deps: HealthDeps): Promise<void> {
  const t = performance.now();
  let db: "ok" | "down" = "down";
  let dbError: string | undefined;
  try {
    await Promise.race([
      getPrisma().$queryRaw`SELECT 1`,
      new Promise((_, reject) => setTimeout(() => reject(new Error("timed out")), DB_TIMEOUT_MS).unref()),
    ]);
    db = "ok";
  } catch (err) {
    dbError = err instanceof Error ? err.message.split("\n")[0] : String(err);
  }
  const redis = deps.redis?.();
  const pages = deps.pages();
  const ok = db === "ok" && redis !== "down" && pages === "ok" && !deps.shuttingDown();
  const body = {
    status: ok ? "ok" : "degraded",
    version: deps.version,
    uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000),
    db: {
      status: db,
      embedded: deps.embeddedDb,
      latencyMs: Math.round((performance.now() - t) * 10) / 10,
      error: dbError,
    },
    redis: redis ? { status: redis } : { status: "off" },
    pages: { status: pages },
    shuttingDown: deps.shuttingDown(),
  };
  res.writeHead(ok ? 200 : 503, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}
