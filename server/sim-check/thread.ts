import { Worker } from "node:worker_threads";
import type { RoomSim } from "../../lib/room/sim";
import { ZServerEnv } from "../config";
import { SIM_CHECK } from "../constants";
import { errorFields, log } from "../log";
import { tsxWorkerSource } from "../worker-boot";
import type { RunnerAnswer } from "./runners";

// The simulator check (GET /api/rooms/:id/sim) runs the room's cluster on a thread of its own (worker.ts). On the
// main thread, asking for a busy cluster a few seconds ahead held every room and /api/health up for seconds
// (issue #29). Here the main thread only hands over the room's commands and awaits a hash; the thread runs one
// check at a time, each within a budget, and a bounded queue waits behind it.

export type SimCheckRequest = { id: number; roomId: string; sim: RoomSim; vt: number; budgetMs: number };
export type SimCheckReply = { id: number } & (RunnerAnswer | { error: string });

/**
 * A check's outcome. `busy`: over its budget (the next check continues from where it stopped) or too many
 * checks waiting; `unavailable`: the thread died or was stopped with the check in it (the next check starts a
 * new one); `failed`: the simulator refused the room's cluster.
 */
export type SimCheckResult =
  | { ok: true; hash: string }
  | { ok: false; reason: "busy" | "unavailable"; retryAfterMs: number }
  | { ok: false; reason: "failed"; message: string };

export interface SimCheckOptions {
  budgetMs: number;
  sliceMs: number;
  maxWaiting: number;
  maxRooms: number;
  maxHeapMb: number;
  stuckAfterMs: number;
}

/** Where the thread starts (server/worker-boot.ts says how). */
function bootScript(): string {
  return tsxWorkerSource(new URL("./worker.ts", import.meta.url));
}

function defaultOptions(): SimCheckOptions {
  // Validated with the rest of the configuration when the server started.
  const budget = ZServerEnv.shape.QUORUM_SIM_CHECK_BUDGET_MS.parse(process.env.QUORUM_SIM_CHECK_BUDGET_MS);
  return {
    budgetMs: budget ?? SIM_CHECK.budgetMs,
    sliceMs: SIM_CHECK.sliceMs,
    maxWaiting: SIM_CHECK.maxWaiting,
    maxRooms: SIM_CHECK.rooms,
    maxHeapMb: SIM_CHECK.maxHeapMb,
    stuckAfterMs: SIM_CHECK.stuckAfterMs,
  };
}

export class SimCheckThread {
  private worker: Worker | null = null;
  private nextId = 0;
  /** Checks sent and not yet answered, in the order the thread answers them. */
  private readonly waiting = new Map<number, (result: SimCheckResult) => void>();
  private stuck: NodeJS.Timeout | undefined;

  constructor(readonly opts: SimCheckOptions = defaultOptions()) {}

  /** The state hash of the room's cluster at `vt`, which the room must have reached. Never rejects. */
  check(roomId: string, sim: RoomSim, vt: number): Promise<SimCheckResult> {
    // One running, `maxWaiting` behind it: beyond that a check would wait longer than anyone should.
    if (this.waiting.size > this.opts.maxWaiting) return Promise.resolve(this.notNow("busy"));
    let worker: Worker;
    const id = ++this.nextId;
    try {
      worker = this.worker ?? this.start();
      worker.postMessage({ id, roomId, sim, vt, budgetMs: this.opts.budgetMs } satisfies SimCheckRequest);
    } catch {
      return Promise.resolve(this.notNow("unavailable"));
    }
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      // Held open only while a check is out, so an idle thread never keeps the process alive.
      if (this.waiting.size === 1) {
        worker.ref();
        this.watch(worker);
      }
    });
  }

  /** Checks sent and not yet answered (tests). */
  get pending(): number {
    return this.waiting.size;
  }

  /** Stops the thread; checks still out are answered `unavailable`. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    clearTimeout(this.stuck);
    this.failAll();
    await worker?.terminate();
  }

  /** Stops the thread at once, as a crash would (tests). */
  async terminate(): Promise<void> {
    await this.worker?.terminate();
  }

  private start(): Worker {
    const { maxRooms, sliceMs, maxHeapMb } = this.opts;
    const worker = new Worker(bootScript(), {
      eval: true,
      workerData: { maxRooms, sliceMs },
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: maxHeapMb },
    });
    worker.unref();
    worker.on("message", (m: SimCheckReply) => {
      const resolve = this.waiting.get(m.id);
      if (!resolve) return;
      this.waiting.delete(m.id);
      if (this.waiting.size === 0) {
        worker.unref();
        clearTimeout(this.stuck);
      } else this.watch(worker);
      if ("hash" in m) resolve({ ok: true, hash: m.hash });
      else if ("busy" in m) resolve(this.notNow("busy"));
      else {
        log.warn("simulator check failed", { error: m.error });
        resolve({ ok: false, reason: "failed", message: m.error });
      }
    });
    // A thread that dies (out of memory, stopped as stuck) takes its checks and its warm rooms with it: the
    // checks are answered `unavailable`, and the next check starts a new thread.
    const died = (fields: Record<string, unknown>) => {
      if (this.worker !== worker) return;
      this.worker = null;
      clearTimeout(this.stuck);
      log.warn("simulator check thread stopped", { ...fields, checks: this.waiting.size });
      this.failAll();
    };
    worker.on("error", (err) => died(errorFields(err)));
    worker.on("exit", (code) => died({ code }));
    this.worker = worker;
    return worker;
  }

  /** (Re)starts the countdown after which a thread that has answered nothing is stopped. */
  private watch(worker: Worker): void {
    clearTimeout(this.stuck);
    this.stuck = setTimeout(() => void worker.terminate(), this.opts.stuckAfterMs);
    this.stuck.unref();
  }

  private failAll(): void {
    const waiting = [...this.waiting.values()];
    this.waiting.clear();
    for (const resolve of waiting) resolve(this.notNow("unavailable"));
  }

  /** No answer now; one budget later the thread has moved on (a check further, or a new thread started). */
  private notNow(reason: "busy" | "unavailable"): SimCheckResult {
    return { ok: false, reason, retryAfterMs: Math.max(1_000, this.opts.budgetMs) };
  }
}

let shared: SimCheckThread | undefined;

/** The process's simulator-check thread (started on the first check). */
export function simCheckThread(): SimCheckThread {
  shared ??= new SimCheckThread();
  return shared;
}

export async function closeSimCheckThread(): Promise<void> {
  const thread = shared;
  shared = undefined;
  await thread?.close();
}
