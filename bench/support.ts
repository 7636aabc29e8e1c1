import path from "node:path";
import { constants, PerformanceObserver } from "node:perf_hooks";
import v8 from "node:v8";
import vm from "node:vm";
import { encode } from "next-auth/jwt";
import pg from "pg";
import { io, type Socket } from "socket.io-client";
import { ROOM_EVENTS, type TOpAck } from "../lib/protocol/room";
import type { TRoomEvent } from "../lib/room";
import { startEmbeddedPostgres } from "../server/db/embedded";
import { applyMigrations } from "../server/db/migrate";
import { createScratchDatabase } from "../tests/fixtures/database";

const root = path.resolve(import.meta.dirname, "..");

/**
 * A migrated scratch database for one benchmark: on DATABASE_URL's server when given, else on an embedded
 * Postgres under .quorum/bench-db. `close()` drops it (and stops the embedded server).
 */
export async function benchDatabase(prefix: string): Promise<{ url: string; close(): Promise<void> }> {
  let adminUrl = process.env.DATABASE_URL;
  const embedded = adminUrl
    ? undefined
    : await startEmbeddedPostgres(path.join(root, ".quorum", "bench-db"), 54_359);
  adminUrl ??= embedded!.url;
  const db = await createScratchDatabase(adminUrl, prefix);
  await applyMigrations(db.url);
  return {
    url: db.url,
    async close() {
      await db.drop();
      await embedded?.stop();
    },
  };
}

/** Percentile of a sample (nearest rank); NaN when empty. */
export function pct(xs: number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

/**
 * `n` users straight in the database, with session cookies signed by `secret` (signing up thousands of people
 * through argon2 would dominate a run).
 */
export async function benchUsers(dbUrl: string, n: number, secret: string): Promise<string[]> {
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  const ids = Array.from({ length: n }, (_, i) => `benchuser${i}`);
  await c.query(
    `INSERT INTO "User" (id, name, email, "updatedAt") SELECT id, 'Bench ' || id, id || '@bench.test', now() FROM unnest($1::text[]) AS id`,
    [ids],
  );
  // A cookie counts only while its sign-in (AuthSession, `sid`) is live.
  await c.query(
    `INSERT INTO "AuthSession" (id, "userId") SELECT 'bench-' || id, id FROM unnest($1::text[]) AS id`,
    [ids],
  );
  await c.end();
  return Promise.all(
    ids.map(
      async (id) =>
        `next-auth.session-token=${await encode({ token: { sub: id, name: `Bench ${id}`, sid: `bench-${id}` }, secret })}`,
    ),
  );
}

/**
 * Rooms through the real API, 25 at a time: cookie 2i creates room i as the interviewer, cookie 2i+1 accepts
 * the invite. `urlFor(i)` picks the process that handles room i's two requests.
 */
export async function benchRooms(
  urlFor: (i: number) => string,
  cookies: string[],
  n: number,
): Promise<string[]> {
  const roomIds: string[] = [];
  for (let i = 0; i < n; i += 25) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(25, n - i) }, async (_, k) => {
        const url = urlFor(i + k);
        const [ca, cb] = [cookies[2 * (i + k)]!, cookies[2 * (i + k) + 1]!];
        const create = () =>
          fetch(`${url}/api/rooms`, {
            method: "POST",
            headers: { cookie: ca, "content-type": "application/json" },
            body: JSON.stringify({ role: "interviewer", questionId: "kv-store" }),
          });
        let res = await create();
        // 503 means "busy, try again" (a burst of creations on a loaded machine): do as the header says.
        for (let tries = 0; res.status === 503 && tries < 5; tries++) {
          await new Promise((r) => setTimeout(r, Number(res.headers.get("retry-after") ?? 1) * 1000));
          res = await create();
        }
        if (res.status !== 201) throw new Error(`create room: ${res.status} ${await res.text()}`);
        const created = (await res.json()) as { roomId: string; inviteUrl: string };
        const join = await fetch(`${url}/api/invites/${created.inviteUrl.split("/").pop()}/accept`, {
          method: "POST",
          headers: { cookie: cb },
        });
        if (join.status !== 200) throw new Error(`accept invite: ${join.status} ${await join.text()}`);
        return created.roomId;
      }),
    );
    roomIds.push(...batch);
  }
  return roomIds;
}

/** Connects one websocket client per cookie, without reconnection (a drop is an error in a benchmark). */
export function connectAll(url: string | ((i: number) => string), cookies: string[]): Promise<Socket[]> {
  return Promise.all(
    cookies.map(
      (cookie, i) =>
        new Promise<Socket>((resolve, reject) => {
          const s = io(typeof url === "string" ? url : url(i), {
            transports: ["websocket"],
            extraHeaders: cookie ? { cookie } : {},
            reconnection: false,
          });
          s.once("connect", () => resolve(s));
          s.once("connect_error", reject);
        }),
    ),
  );
}

export interface Sample {
  partner: number[];
  ack: number[];
  errors: number;
  sent: number;
  /** Measured ops the partner had still not seen 500 ms after the load stopped. */
  undelivered: number;
  /** This process's (the load generator's) GC pauses inside measured stretches, in ms, and its major ones. */
  loadGcMs?: number;
  loadMajors?: number;
}

// The load generator is the measuring instrument, and it shares the machine's two cores with the system under
// test. Left alone, its own major collections (which mark on both cores) fell inside measured stretches and
// delayed every op in flight, whichever system's turn it was. So each stretch starts from a freshly collected
// heap (a full collection before the first send, outside the measurement), and the pauses that still land
// inside one are counted and reported. The servers' own collections are measured as they are.
let fullGc: (() => void) | null | undefined;
function collectLoadGeneratorHeap(): void {
  if (fullGc === undefined) {
    try {
      v8.setFlagsFromString("--expose-gc");
      fullGc = vm.runInNewContext("gc") as () => void;
    } catch {
      fullGc = null;
    }
  }
  fullGc?.();
}

const ownGc: { at: number; ms: number; major: boolean }[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries())
    ownGc.push({
      at: e.startTime,
      ms: e.duration,
      major:
        (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ===
        constants.NODE_PERFORMANCE_GC_MAJOR,
    });
}).observe({ entryTypes: ["gc"] });

export interface Pace {
  sendEveryMs: number;
  warmupMs: number;
  measureMs: number;
}

/** Op ids must never repeat within a run: the rooms are reused from level to level, and Quorum de-duplicates. */
let opCounter = 0;

/**
 * Load on `pairs` (two sockets per room) at a human rate: each socket sends every `sendEveryMs` (jittered
 * ±50%). Listeners are attached once, so one driver can run several measured stretches (interleaved with
 * another system's, for side-by-side numbers on a noisy machine).
 */
export function roomDriver(
  pairs: { a: Socket; b: Socket; roomId: string }[],
  send: (s: Socket, roomId: string, opId: string) => Promise<boolean>,
  onPartner: (s: Socket, cb: (opId: string) => void) => void,
  sample: Sample = { partner: [], ack: [], errors: 0, sent: 0, undelivered: 0 },
): { sample: Sample; run(pace: Pace, opts?: { measure?: boolean }): Promise<Sample>; sentAll(): number } {
  const sentAt = new Map<string, number>();
  let measuring = false;
  let sentAll = 0;
  for (const p of pairs)
    for (const s of [p.a, p.b])
      onPartner(s, (opId) => {
        const t = sentAt.get(opId);
        if (t === undefined) return;
        sample.partner.push(performance.now() - t);
        sentAt.delete(opId);
      });
  const run = async (pace: Pace, { measure = true } = {}): Promise<Sample> => {
    const timers = new Set<ReturnType<typeof setTimeout>>();
    let stop = false;
    const later = (fn: () => void, ms: number) => {
      const t = setTimeout(() => {
        timers.delete(t);
        fn();
      }, ms);
      timers.add(t);
    };
    const loop = (s: Socket, roomId: string) => {
      if (stop) return;
      const opId = `bench-${++opCounter}-${process.pid}`;
      sentAll += 1;
      const t = performance.now();
      // Only ops sent while measuring count, wherever their answers land (no bias against the last, slow ones).
      const counted = measuring;
      if (counted) {
        sentAt.set(opId, t);
        sample.sent += 1;
      }
      void send(s, roomId, opId).then((ok) => {
        if (!counted) return;
        if (ok) sample.ack.push(performance.now() - t);
        else sample.errors += 1;
      });
      later(() => loop(s, roomId), pace.sendEveryMs * (0.5 + Math.random()));
    };
    collectLoadGeneratorHeap();
    for (const p of pairs) {
      later(() => loop(p.a, p.roomId), Math.random() * pace.sendEveryMs);
      later(() => loop(p.b, p.roomId), Math.random() * pace.sendEveryMs);
    }
    await new Promise((r) => setTimeout(r, pace.warmupMs));
    measuring = measure;
    const from = performance.now();
    await new Promise((r) => setTimeout(r, pace.measureMs));
    measuring = false;
    const to = performance.now();
    stop = true;
    for (const t of timers) clearTimeout(t);
    // Let the last measured ops land (their partner events and acks still count).
    await new Promise((r) => setTimeout(r, 500));
    if (measure) {
      // Read after the drain: the observer reports pauses a little after they happen.
      const inside = ownGc.filter((g) => g.at >= from && g.at <= to);
      sample.loadGcMs = (sample.loadGcMs ?? 0) + inside.reduce((sum, g) => sum + g.ms, 0);
      sample.loadMajors = (sample.loadMajors ?? 0) + inside.filter((g) => g.major).length;
    }
    ownGc.splice(0, ownGc.length);
    sample.undelivered += sentAt.size;
    sentAt.clear();
    return sample;
  };
  return { sample, run, sentAll: () => sentAll };
}

/** One measured stretch of `roomDriver` load. */
export function driveRooms(
  pace: Pace,
  pairs: { a: Socket; b: Socket; roomId: string }[],
  send: (s: Socket, roomId: string, opId: string) => Promise<boolean>,
  onPartner: (s: Socket, cb: (opId: string) => void) => void,
): Promise<Sample> {
  return roomDriver(pairs, send, onPartner).run(pace);
}

/** One chat message through the real room protocol; true when acknowledged (committed). */
export async function sendChat(s: Socket, roomId: string, opId: string): Promise<boolean> {
  try {
    const ack: TOpAck = await s.timeout(10_000).emitWithAck(ROOM_EVENTS.op, {
      roomId,
      opId,
      op: { type: "chat.post", text: `hello ${opId}` },
    });
    return ack.ok;
  } catch {
    return false;
  }
}

/** Calls `cb` with the op id of every room event the socket receives. */
export function onRoomEvent(s: Socket, cb: (opId: string) => void): void {
  s.on(ROOM_EVENTS.event, (m: { event: TRoomEvent }) => cb(m.event.opId));
}
