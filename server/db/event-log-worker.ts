// The body of the event log's database thread (see event-log-thread.ts): it owns a small pg pool and runs each
// batch of room events it is sent as one insert statement, answering with the batch's id and, on failure, the
// error. Nothing else of the server runs here.
import { parentPort, workerData } from "node:worker_threads";
import { insertEvents } from "../persistence/insert-events";
import type { ThreadReply, ThreadRequest } from "./event-log-thread";
import { newPool } from "./pool";

const port = parentPort;
if (!port) throw new Error("event-log-worker.ts runs only as a worker thread");

// One batch is written at a time (the writer on the main thread waits for each before the next), and a failed
// batch is retried row by row in sequence: two connections leave room for a reconnect. They stay open however
// long the server is quiet (idleTimeoutMillis 0; pg's default closes them after 10 s), so the first op after a
// lull does not pay for a new Postgres backend.
const pool = newPool({
  connectionString: (workerData as { connectionString: string }).connectionString,
  max: 2,
  idleTimeoutMillis: 0,
});

port.on("message", (m: ThreadRequest) => {
  if ("close" in m) {
    void pool.end().finally(() => port.close());
    return;
  }
  insertEvents(pool, m.rows).then(
    () => port.postMessage({ id: m.id } satisfies ThreadReply),
    (err: unknown) => {
      const e = err as { message?: unknown; code?: unknown };
      port.postMessage({
        id: m.id,
        error: {
          message: typeof e?.message === "string" ? e.message : String(err),
          ...(typeof e?.code === "string" ? { code: e.code } : {}),
        },
      } satisfies ThreadReply);
    },
  );
});
