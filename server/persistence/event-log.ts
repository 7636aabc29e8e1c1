import type pg from "pg";
import type { TRoomEvent } from "../../lib/room";
import { log } from "../log";
import { insertEvents } from "./insert-events";

// The room event log's writer. Appends from every room are gathered into one statement per flush (one
// multi-row INSERT): while one flush commits, the appends that arrive wait and go together in the next, so
// 500 busy rooms cost a few hundred commits per second, not one per op.
// An append's promise resolves only after its statement commits: that is the moment an op becomes durable.

export interface AppendRow {
  roomId: string;
  event: TRoomEvent;
}

interface Queued extends AppendRow {
  resolve: () => void;
  reject: (err: unknown) => void;
}

const MAX_BATCH = 500;

export class EventLogWriter {
  private queue: Queued[] = [];
  /** The flush in progress, if any (it runs until the queue is empty). */
  private flushing: Promise<void> | null = null;

  constructor(private readonly pool: () => pg.Pool) {}

  append(roomId: string, event: TRoomEvent): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ roomId, event, resolve, reject });
      if (!this.flushing) this.flushing = this.flush();
    });
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
          await insertEvents(this.pool(), batch);
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
              await insertEvents(this.pool(), [q]);
              q.resolve();
            } catch (rowErr) {
              q.reject(rowErr);
            }
          }
        }
      }
    } finally {
      // Cleared synchronously as the loop ends, before the resolved appends run their continuations, so an
      // append made by one of them starts a new flush instead of waiting behind a finished one.
      this.flushing = null;
    }
  }
}
