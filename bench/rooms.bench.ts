// Live-room latency at 1, 100 and 500 rooms (two socket.io clients each, typing at a human pace), next to a
// bare socket.io relay measured in the same run. Sender→partner: from emit to the partner seeing the event.
// Sender-ack: from emit to the acknowledgement (which, for Quorum, means "committed to Postgres").
import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { ROOM_EVENTS } from "../lib/protocol/room";
import { startTestServer } from "../tests/fixtures/server";
import {
  benchDatabase,
  benchRooms,
  benchUsers,
  connectAll,
  driveRooms,
  onRoomEvent,
  pct,
  sendChat,
} from "./support";
import type { Bench, BenchResult } from "./types";

const LEVELS = (process.env.BENCH_ROOM_LEVELS ?? "1,100,500").split(",").map(Number);
const SEND_EVERY_MS = Number(process.env.BENCH_SEND_EVERY_MS ?? 2_000); // each client, jittered ±50%
const MEASURE_MS = Number(process.env.BENCH_MEASURE_MS ?? 12_000);
const pace = { sendEveryMs: SEND_EVERY_MS, warmupMs: 3_000, measureMs: MEASURE_MS };
const SECRET = "bench-secret-rooms-0123456789abcdef";
const root = path.resolve(import.meta.dirname, "..");

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
    const cookies = await benchUsers(db.url, maxRooms * 2, SECRET);
    // Rooms through the real API: the creator interviews, the partner accepts the invite.
    const roomIds = await benchRooms(() => server.url, cookies, maxRooms);

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
      const app = await driveRooms(pace, appPairs, sendChat, onRoomEvent);
      for (const s of appSockets) s.close();

      // Bare relay, same shape of load.
      const relaySockets = await connectAll(relay.url, Array(rooms * 2).fill(""));
      const relayPairs = roomIds
        .slice(0, rooms)
        .map((roomId, i) => ({ a: relaySockets[2 * i]!, b: relaySockets[2 * i + 1]!, roomId }));
      for (const p of relayPairs) for (const s of [p.a, p.b]) await s.emitWithAck("join", p.roomId);
      const bare = await driveRooms(
        pace,
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
