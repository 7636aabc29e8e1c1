import { Worker } from "node:worker_threads";
import type { AppendRow } from "../persistence/event-log";
import { tsxWorkerSource } from "../worker-boot";

// The room event log's Postgres client runs on a thread of its own (event-log-worker.ts). Building each
// statement's parameter, pg's protocol code, the socket writes and reading the replies, and the garbage they
// leave, cost the main thread CPU and GC pauses that delayed the broadcasts queued behind them; here they run
// beside them. The main thread only hands each batch over (a structured clone of the rows) and resolves the
// batch's promise when the answer comes back. Measured in the README's Benchmarks.

export type ThreadRequest = { id: number; rows: readonly AppendRow[] } | { close: true };
export type ThreadReply = { id: number; error?: { message: string; code?: string } };

/** A failed batch, as the thread reported it (`code` is Postgres's SQLSTATE when there is one). */
export class EventLogThreadError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = "EventLogThreadError";
  }
}

/** Where the thread starts (server/worker-boot.ts says how). */
function bootScript(): string {
  return tsxWorkerSource(new URL("./event-log-worker.ts", import.meta.url));
}

/** How long close() lets the thread finish its statements and end its pool before stopping it. */
const CLOSE_TIMEOUT_MS = 5_000;

export class EventLogThread {
  private worker: Worker | null = null;
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();

  /** `connectionString` is read when the thread starts (on the first insert, and again after a crash). */
  constructor(private readonly connectionString: () => string | undefined = () => process.env.DATABASE_URL) {}

  /** Starts the thread now rather than on the first insert (it takes a moment to load). */
  open(): void {
    if (!this.worker) this.start();
  }

  /**
   * Writes the rows in one statement on the thread; resolves once it has committed. (Async, so that a thread
   * that cannot start or a row that cannot be cloned rejects like a failed statement.)
   */
  async insert(rows: readonly AppendRow[]): Promise<void> {
    const worker = this.worker ?? this.start();
    const id = ++this.nextId;
    // Only the rows' data crosses (a caller's row may carry more, such as its own callbacks). Posted before the
    // batch is counted as out: a row that cannot be cloned throws here and leaves nothing waiting.
    const data = rows.map(({ roomId, event }) => ({ roomId, event }));
    worker.postMessage({ id, rows: data } satisfies ThreadRequest);
    await new Promise<void>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      // Held open only while a batch is out, so an idle thread never keeps the process alive.
      if (this.waiting.size === 1) worker.ref();
    });
  }

  /** Batches sent and not yet answered (tests). */
  get pending(): number {
    return this.waiting.size;
  }

  /** Ends the thread's pool and the thread; batches still out are rejected. */
  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
    worker.postMessage({ close: true } satisfies ThreadRequest);
    // A statement that never returns must not hold shutdown up: after a while the thread is stopped.
    const stop = setTimeout(() => void worker.terminate(), CLOSE_TIMEOUT_MS);
    await exited;
    clearTimeout(stop);
    this.failAll(new Error("the event log thread was closed"));
  }

  /** Stops the thread at once, as a crash would (tests). */
  async terminate(): Promise<void> {
    await this.worker?.terminate();
  }

  private start(): Worker {
    const connectionString = this.connectionString();
    if (!connectionString) throw new Error("DATABASE_URL is not set");
    const worker = new Worker(bootScript(), { eval: true, workerData: { connectionString }, execArgv: [] });
    worker.unref();
    worker.on("message", (m: ThreadReply) => {
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (this.waiting.size === 0) worker.unref();
      if (m.error) w.reject(new EventLogThreadError(m.error.message, m.error.code));
      else w.resolve();
    });
    // A thread that dies takes its batches with it: they fail (the rooms reload and their clients resend), and
    // the next insert starts a new thread.
    const died = (err: Error) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.failAll(err);
    };
    worker.on("error", died);
    worker.on("exit", (code) => died(new Error(`the event log thread exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private failAll(err: Error): void {
    const waiting = [...this.waiting.values()];
    this.waiting.clear();
    for (const w of waiting) w.reject(err);
  }
}

const g = globalThis as unknown as { __quorumEventLogThread?: EventLogThread };

/** The process's event log thread (started on first use). */
export function eventLogThread(): EventLogThread {
  g.__quorumEventLogThread ??= new EventLogThread();
  return g.__quorumEventLogThread;
}

export async function closeEventLogThread(): Promise<void> {
  const thread = g.__quorumEventLogThread;
  g.__quorumEventLogThread = undefined;
  await thread?.close();
}
