import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TRoomEvent } from "../../lib/room";
import { disconnectPrisma } from "../../server/db/client";
import { EventLogThread, EventLogThreadError } from "../../server/db/event-log-thread";
import { createRoom } from "../../server/persistence/create-room";
import { type AppendRow, EventLogWriter } from "../../server/persistence/event-log";
import { requireEnv } from "../fixtures/database";

// The event log's writer against a real Postgres, through the server's own database thread, noting how many
// rows each append statement carries: ops that arrive in one turn of the event loop share one statement, sent
// after that turn (so the server broadcasts them all before it writes any), and ops that arrive while a statement
// commits share the next.

let pool: pg.Pool;
/** Rows per append statement, in the order the statements were sent. */
const statements: number[] = [];
let writer: EventLogWriter;
let thread: EventLogThread;
const counting = (rows: readonly AppendRow[]) => {
  statements.push(rows.length);
  return thread.insert(rows);
};
let roomId: string;
let nextSeq = 3; // a new room holds its two creation events
const userId = `writer${Date.now().toString(36)}`;

function chat(text: string): TRoomEvent {
  const seq = nextSeq++;
  return {
    seq,
    opId: `w-${seq}`,
    actorId: userId,
    at: Date.UTC(2026, 10, 28, 12) + seq,
    kind: "chat.posted",
    payload: { text, clockMs: 0 },
  } as TRoomEvent;
}

async function storedSeqs(): Promise<number[]> {
  const r = await pool.query<{ seq: number }>(
    `SELECT seq FROM "RoomEvent" WHERE "roomId" = $1 ORDER BY seq`,
    [roomId],
  );
  return r.rows.map((row) => row.seq);
}

beforeAll(async () => {
  // The suite's database; a room of its own keeps the stored sequence numbers below exact.
  process.env.DATABASE_URL = requireEnv("TEST_DATABASE_URL");
  pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
  await pool.query(`INSERT INTO "User" (id, name, email, "updatedAt") VALUES ($1, $2, $3, now())`, [
    userId,
    "Writer Test",
    `${userId}@example.test`,
  ]);
  ({ roomId } = await createRoom({
    creator: { id: userId, name: "Writer Test" },
    role: "interviewer",
    questionId: "kv-store",
    at: Date.UTC(2026, 10, 28, 12),
  }));
  thread = new EventLogThread();
  writer = new EventLogWriter(counting, { commitWindowMs: 0, busyWithinMs: 0 });
});

afterAll(async () => {
  await writer?.drain();
  await thread?.close();
  await pool?.end();
  await disconnectPrisma();
});

describe("the event log writer", () => {
  it("sends the appends of one event-loop turn together, once that turn is over", async () => {
    statements.length = 0;
    const appends = Array.from({ length: 30 }, (_, i) => writer.append(roomId, chat(`same turn ${i}`)));
    // Nothing goes to Postgres while the turn that made the appends is still running.
    await Promise.resolve();
    expect(statements).toEqual([]);
    await Promise.all(appends);
    expect(statements).toEqual([30]);
    expect(await storedSeqs()).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
  });

  it("resolves an append only once its row is committed, and batches what arrives meanwhile", async () => {
    statements.length = 0;
    const first = writer.append(roomId, chat("alone"));
    // The writer's turn comes first (its setImmediate was queued before this one): one row goes out.
    await new Promise((resolve) => setImmediate(resolve));
    expect(statements).toEqual([1]);
    const later = Array.from({ length: 10 }, (_, i) => writer.append(roomId, chat(`while writing ${i}`)));
    await first;
    expect((await storedSeqs()).at(-1)).toBeGreaterThanOrEqual(33);
    await Promise.all(later);
    expect(statements).toEqual([1, 10]);
    expect(await storedSeqs()).toEqual(Array.from({ length: 43 }, (_, i) => i + 1));
  });

  it("under sustained load, holds a flush for its commit window so later turns' appends join it", async () => {
    statements.length = 0;
    // A window far longer than a turn of the event loop, and every append counts as "under load" once a flush
    // has ended; the very first append (nothing flushed yet) still goes at once.
    const held = new EventLogWriter(counting, { commitWindowMs: 200, busyWithinMs: 60_000 });
    await held.append(roomId, chat("first, alone"));
    expect(statements).toEqual([1]);
    const early = held.append(roomId, chat("opens the window"));
    // The writer's own setImmediate has run by now (it was queued first), and it chose to wait: nothing went out.
    // What follows runs before any timer can fire, so it cannot race the window however slow the machine is.
    await new Promise((resolve) => setImmediate(resolve));
    expect(statements).toEqual([1]);
    const late = held.append(roomId, chat("a later turn"));
    await Promise.all([early, late]);
    expect(statements).toEqual([1, 2]);
    expect(await storedSeqs()).toEqual(Array.from({ length: 46 }, (_, i) => i + 1));
  });

  it("fails only the row Postgres refuses, with its code, and commits the rest of its batch", async () => {
    statements.length = 0;
    const before = await storedSeqs();
    const first = chat("before the refused row");
    // Sequence number 1 is taken: the batch's statement fails, and each row is tried again on its own.
    const taken = {
      ...first,
      seq: 1,
      opId: "w-taken",
      payload: { text: "refused", clockMs: 0 },
    } as TRoomEvent;
    const second = chat("after the refused row");
    const results = await Promise.allSettled([
      writer.append(roomId, first),
      writer.append(roomId, taken),
      writer.append(roomId, second),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    const refused = (results[1] as PromiseRejectedResult).reason;
    expect(refused).toBeInstanceOf(EventLogThreadError);
    expect(refused.code).toBe("23505"); // unique_violation
    expect(statements).toEqual([3, 1, 1, 1]);
    expect(await storedSeqs()).toEqual([...before, first.seq, second.seq]);
  });

  it("starts a new thread after one dies, and a batch out when it died settles instead of hanging", async () => {
    const own = new EventLogThread();
    try {
      await own.insert([{ roomId, event: chat("on the first thread") }]);
      await own.terminate();
      const afterIdleCrash = chat("on a new thread");
      await own.insert([{ roomId, event: afterIdleCrash }]);
      expect((await storedSeqs()).at(-1)).toBe(afterIdleCrash.seq);

      // Killed with a batch out: it may have committed before the kill (then its answer may still arrive) or not.
      const caught = chat("out when the thread died");
      const out = own.insert([{ roomId, event: caught }]).then(
        () => "answered",
        (err: Error) => err.message,
      );
      await own.terminate();
      expect(["answered", "the event log thread exited (code 1)"]).toContain(await out);
      expect(own.pending).toBe(0);
      const last = chat("after the second death");
      await own.insert([{ roomId, event: last }]);
      expect((await storedSeqs()).at(-1)).toBe(last.seq);
    } finally {
      await own.close();
    }
  });

  it("refuses a row that cannot cross to the thread, and holds nothing for it", async () => {
    const own = new EventLogThread();
    try {
      const odd = { ...chat("carries a function"), payload: { text: "x", clockMs: 0, f: () => 1 } };
      await expect(own.insert([{ roomId, event: odd as unknown as TRoomEvent }])).rejects.toThrow(
        /could not be cloned/,
      );
      expect(own.pending).toBe(0);
      const next = chat("after the refusal");
      await own.insert([{ roomId, event: next }]);
      expect((await storedSeqs()).slice(-1)).toEqual([next.seq]);
    } finally {
      await own.close();
    }
  });
});
