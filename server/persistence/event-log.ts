import type { TRoomEvent } from "../../lib/room";
import { EVENT_LOG_WRITER } from "../constants";
import { log } from "../log";

// The room event log's writer. Appends from every room are gathered into one statement per flush (one
// multi-row INSERT): while one flush commits, the appends that arrive wait and go together in the next, so
// 500 busy rooms cost a few hundred commits per second, not one per op.
// A flush starts only once the event loop has handled the messages that arrived together (setImmediate runs
// after the current round of I/O callbacks), so every op in that round is broadcast before any of them is
// written, and they share one statement. Under sustained load (the previous flush ended moments ago) it also
// waits a few milliseconds for company, as Postgres's own commit_delay does: fewer, larger commits cost the
// server, Postgres and the machine less per op, and only the sender's ack waits for them (the partner already
// has the event). A lone op on a quiet server is written at once.
// An append's promise resolves only after its statement commits: that is the moment an op becomes durable.
// `insert` runs one statement (insertEvents); the server runs it on a thread of its own (EventLogThread).

export interface AppendRow {
  roomId: string;
  event: TRoomEvent;
}

interface Queued extends AppendRow {
  resolve: () => void;
  reject: (err: unknown) => void;
}

const MAX_BATCH = 500;

export interface WriterOptions {
  /** How long a flush under sustained load waits for more appends to share its commit (0: never waits). */
  commitWindowMs: number;
  /** Load counts as sustained when an append comes less than this long after the previous flush ended. */
  busyWithinMs: number;
}

export class EventLogWriter {
  private queue: Queued[] = [];
  /** The flush in progress, if any (it runs until the queue is empty). */
  private flushing: Promise<void> | null = null;
  private lastFlushEnd = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly insert: (rows: readonly AppendRow[]) => Promise<void>,
    private readonly opts: WriterOptions = EVENT_LOG_WRITER,
  ) {}

  append(roomId: string, event: TRoomEvent): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ roomId, event, resolve, reject });
      if (!this.flushing) this.flushing = this.flushSoon();
    });
  }

  private async flushSoon(): Promise<void> {
    const busy = performance.now() - this.lastFlushEnd < this.opts.busyWithinMs;
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (busy && this.opts.commitWindowMs > 0 && this.queue.length < MAX_BATCH)
      await new Promise<void>((resolve) => setTimeout(resolve, this.opts.commitWindowMs));
    await this.flush();
  }

  /** Resolves when everything queued so far has been written (or has failed). */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async flush(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          await this.insert(batch);
          for (const q of batch) q.resolve();
        } catch (err) {
          // One bad row must not fail its neighbours: retry each alone and report per row.
          if (batch.length === 1) {
            batch[0]!.reject(err);
            continue;
          }
          log.warn("event batch failed; retrying rows one by one", {
            rows: batch.length,
            err: (err as Error).message,
          });
          for (const q of batch) {
            try {
              await this.insert([q]);
              q.resolve();
            } catch (rowErr) {
              q.reject(rowErr);
            }
          }
        }
      }
    } finally {
      this.lastFlushEnd = performance.now();
      // Cleared synchronously as the loop ends, before the resolved appends run their continuations, so an
      // append made by one of them starts a new flush instead of waiting behind a finished one.
      this.flushing = null;
    }
  }
}
