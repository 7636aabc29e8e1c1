import type { ServerResponse } from "node:http";
import { createHistogram, type RecordableHistogram } from "node:perf_hooks";
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

/**
 * How late the event loop runs: a timer due every SAMPLE_MS records how much later than that it fired, in
 * one histogram per second, the last WINDOW_SECONDS kept. A stall (a long synchronous task) shows as one late
 * sample as long as the stall. (Not perf_hooks' monitorEventLoopDelay: resetting it each second drops the
 * first interval after the reset, and a stall in it.)
 */
class EventLoopDelay {
  private static readonly SAMPLE_MS = 10;
  private static readonly WINDOW_SECONDS = 10;
  /** Oldest first; the last is the current second. Values in microseconds (a histogram takes integers ≥ 1). */
  private readonly seconds: RecordableHistogram[] = [createHistogram()];

  constructor() {
    let last = performance.now();
    let secondStart = last;
    const sample = setInterval(() => {
      const now = performance.now();
      const lateUs = Math.round((now - last - EventLoopDelay.SAMPLE_MS) * 1_000);
      last = now;
      this.seconds.at(-1)!.record(Math.max(1, lateUs));
      if (now - secondStart < 1_000) return;
      secondStart = now;
      this.seconds.push(createHistogram());
      if (this.seconds.length > EventLoopDelay.WINDOW_SECONDS) this.seconds.shift();
    }, EventLoopDelay.SAMPLE_MS);
    sample.unref();
  }

  /** Over the last WINDOW_SECONDS (ms): the 99th percentile and worst delay, and the worst per second. */
  report(): { p99: number; max: number; bySecond: number[] } {
    const all = createHistogram();
    for (const h of this.seconds) all.add(h);
    const ms = (us: number) => Math.round(us) / 1_000;
    return {
      p99: ms(all.count ? all.percentile(99) : 0),
      max: ms(all.max),
      bySecond: this.seconds.map((h) => ms(h.max)),
    };
  }
}

// Measured from the start, so the window holds the seconds before the first health check too.
const eventLoopDelay = new EventLoopDelay();

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
    /** How late the server's event loop ran in the last 10 s: what every room and request waited, at worst. */
    eventLoopDelayMs: eventLoopDelay.report(),
  };
  res.writeHead(ok ? 200 : 503, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}
