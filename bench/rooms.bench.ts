// Live-room latency at 1, 100 and 500 rooms (two socket.io clients each, typing at a human pace), next to a
// bare socket.io relay measured in the same run. Sender→partner: from emit to the partner seeing the event.
// Sender-ack: from emit to the acknowledgement (which, for Quorum, means "committed to Postgres").
import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { encode } from "next-auth/jwt";
import pg from "pg";
import { io, type Socket } from "socket.io-client";
import { ROOM_EVENTS, type TOpAck } from "../lib/protocol/room";
import type { TRoomEvent } from "../lib/room";
import { startTestServer } from "../tests/fixtures/server";
import { benchDatabase } from "./support";
import type { Bench, BenchResult } from "./types";

const LEVELS = (process.env.BENCH_ROOM_LEVELS ?? "1,100,500").split(",").map(Number);
const SEND_EVERY_MS = Number(process.env.BENCH_SEND_EVERY_MS ?? 2_000); // each client, jittered ±50%
const WARMUP_MS = 3_000;
const MEASURE_MS = Number(process.env.BENCH_MEASURE_MS ?? 12_000);
const SECRET = "bench-secret-rooms-0123456789abcdef";
const root = path.resolve(import.meta.dirname, "..");

function pct(xs: number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

interface Sample {
  partner: number[];
  ack: number[];
  errors: number;
  sent: number;
}

/** Drives `pairs` (two sockets per room) at a human rate and records latencies after a warm-up. */
async function drive(
  pairs: { a: Socket; b: Socket; roomId: string }[],
  send: (s: Socket, roomId: string, opId: string) => Promise<boolean>,
  onPartner: (s: Socket, cb: (opId: string) => void) => void,
): Promise<Sample> {
  const sentAt = new Map<string, number>();
  const sample: Sample = { partner: [], ack: [], errors: 0, sent: 0 };
  let measuring = false;
  let n = 0;
  for (const p of pairs)
    for (const s of [p.a, p.b])
      onPartner(s, (opId) => {
        const t = sentAt.get(opId);
        if (t !== undefined && measuring) sample.partner.push(performance.now() - t);
        sentAt.delete(opId);
      });
  const timers: ReturnType<typeof setTimeout>[] = [];
  let stop = false;
  const loop = (s: Socket, roomId: string) => {
    if (stop) return;
    const opId = `bench-${++n}-${process.pid}`;
    const t = performance.now();
    sentAt.set(opId, t);
    if (measuring) sample.sent += 1;
    void send(s, roomId, opId).then((ok) => {
      if (!measuring) return;
      if (ok) sample.ack.push(performance.now() - t);
      else sample.errors += 1;
    });
    timers.push(setTimeout(() => loop(s, roomId), SEND_EVERY_MS * (0.5 + Math.random())));
  };
  for (const p of pairs) {
    timers.push(setTimeout(() => loop(p.a, p.roomId), Math.random() * SEND_EVERY_MS));
    timers.push(setTimeout(() => loop(p.b, p.roomId), Math.random() * SEND_EVERY_MS));
  }
  await new Promise((r) => setTimeout(r, WARMUP_MS));
  measuring = true;
  await new Promise((r) => setTimeout(r, MEASURE_MS));
  measuring = false;
  stop = true;
  for (const t of timers) clearTimeout(t);
  await new Promise((r) => setTimeout(r, 500));
  return sample;
}

function connectAll(url: string, cookies: string[]): Promise<Socket[]> {
  return Promise.all(
    cookies.map(
      (cookie) =>
        new Promise<Socket>((resolve, reject) => {
          const s = io(url, {
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

async function startRelay(): Promise<{ url: string; stop: () => void }> {
  const proc = spawn(process.execPath, ["--import", "tsx", path.join(root, "bench/relay-server.ts")], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve) => {
    createInterface({ input: proc.stdout! }).on("line", (l) => {
      if (l.includes('"listening"')) resolve(JSON.parse(l).port);
    });
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => proc.kill("SIGTERM") };
}

const bench: Bench = async () => {
  const db = await benchDatabase("quorum_bench_rooms");
  const server = await startTestServer({ DATABASE_URL: db.url, NEXTAUTH_SECRET: SECRET });
  const relay = await startRelay();
  const rows: BenchResult[] = [];
  const maxRooms = Math.max(...LEVELS);
  try {
    // Users and sessions straight in the database (signing up 1,000 people through argon2 would dominate the run).
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const ids = Array.from({ length: maxRooms * 2 }, (_, i) => `benchuser${i}`);
    await c.query(
      `INSERT INTO "User" (id, name, email, "updatedAt") SELECT id, 'Bench ' || id, id || '@bench.test', now() FROM unnest($1::text[]) AS id`,
      [ids],
    );
    await c.end();
    const cookies = await Promise.all(
      ids.map(
        async (id) =>
          `next-auth.session-token=${await encode({ token: { sub: id, name: `Bench ${id}` }, secret: SECRET })}`,
      ),
    );

    // Rooms through the real API: the creator interviews, the partner accepts the invite.
    const roomIds: string[] = [];
    for (let i = 0; i < maxRooms; i += 25) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(25, maxRooms - i) }, async (_, k) => {
          const [ca, cb] = [cookies[2 * (i + k)]!, cookies[2 * (i + k) + 1]!];
          const created = await (
            await fetch(`${server.url}/api/rooms`, {
              method: "POST",
              headers: { cookie: ca, "content-type": "application/json" },
              body: JSON.stringify({ role: "interviewer", questionId: "kv-store" }),
            })
          ).json();
          await fetch(`${server.url}/api/invites/${created.inviteUrl.split("/").pop()}/accept`, {
            method: "POST",
            headers: { cookie: cb },
          });
          return created.roomId as string;
        }),
      );
      roomIds.push(...batch);
    }

    for (const rooms of LEVELS) {
      // Quorum: join every room, then chat.
      const appSockets = await connectAll(server.url, cookies.slice(0, rooms * 2));
      const appPairs = roomIds
        .slice(0, rooms)
        .map((roomId, i) => ({ a: appSockets[2 * i]!, b: appSockets[2 * i + 1]!, roomId }));
      for (const p of appPairs)
        for (const s of [p.a, p.b]) {
          const ack = await s.timeout(10_000).emitWithAck(ROOM_EVENTS.join, { roomId: p.roomId, lastSeq: 0 });
          if (!ack.ok) throw new Error(`join failed: ${JSON.stringify(ack)}`);
        }
      const app = await drive(
        appPairs,
        async (s, roomId, opId) => {
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
        },
        (s, cb) => s.on(ROOM_EVENTS.event, (m: { event: TRoomEvent }) => cb(m.event.opId)),
      );
      for (const s of appSockets) s.close();

      // Bare relay, same shape of load.
      const relaySockets = await connectAll(relay.url, Array(rooms * 2).fill(""));
      const relayPairs = roomIds
        .slice(0, rooms)
        .map((roomId, i) => ({ a: relaySockets[2 * i]!, b: relaySockets[2 * i + 1]!, roomId }));
      for (const p of relayPairs) for (const s of [p.a, p.b]) await s.emitWithAck("join", p.roomId);
      const bare = await drive(
        relayPairs,
        async (s, roomId, opId) => {
          try {
            await s.timeout(10_000).emitWithAck("op", { roomId, opId });
            return true;
          } catch {
            return false;
          }
        },
        (s, cb) => s.on("event", (m: { opId: string }) => cb(m.opId)),
      );
      for (const s of relaySockets) s.close();

      const tag = `${rooms} room${rooms === 1 ? "" : "s"}`;
      rows.push(
        { name: `${tag}: Quorum sender→partner p50`, value: pct(app.partner, 50), unit: "ms" },
        { name: `${tag}: Quorum sender→partner p99`, value: pct(app.partner, 99), unit: "ms" },
        { name: `${tag}: Quorum sender-ack p50`, value: pct(app.ack, 50), unit: "ms" },
        {
          name: `${tag}: Quorum sender-ack p99`,
          value: pct(app.ack, 99),
          unit: "ms",
          ...(rooms === 500 ? { target: "≤ 25 ms", ok: pct(app.ack, 99) <= 25 } : {}),
        },
        { name: `${tag}: bare relay sender→partner p50`, value: pct(bare.partner, 50), unit: "ms" },
        { name: `${tag}: bare relay sender→partner p99`, value: pct(bare.partner, 99), unit: "ms" },
        { name: `${tag}: bare relay sender-ack p99`, value: pct(bare.ack, 99), unit: "ms" },
        {
          name: `${tag}: Quorum ÷ relay sender→partner p99`,
          value: pct(app.partner, 99) / pct(bare.partner, 99),
          unit: "×",
          ...(rooms === 500 ? { target: "≤ 2×", ok: pct(app.partner, 99) / pct(bare.partner, 99) <= 2 } : {}),
        },
        {
          name: `${tag}: ops measured (Quorum / relay)`,
          value: app.sent,
          unit: `ops / ${bare.sent}`,
          notes:
            app.errors + bare.errors ? `${app.errors} Quorum errors, ${bare.errors} relay errors` : undefined,
        },
      );
    }
  } finally {
    relay.stop();
    await server.stop();
    await db.close();
  }
  return rows;
};

export default bench;
