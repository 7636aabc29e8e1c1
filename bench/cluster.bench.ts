// 1,000 concurrent rooms (2,000 sockets) at human rates, on two processes sharing Redis and Postgres, then the
// same load on one process, in the same run. In the two-process run every room has one participant on each
// process (the interviewer on A, the candidate on B) and rooms are created alternately through A and B, so half
// the rooms are owned by each and every room has forwarded traffic: the worst case for the cluster.
import { readFileSync } from "node:fs";
import pg from "pg";
import type { Socket } from "socket.io-client";
import { ROOM_EVENTS } from "../lib/protocol/room";
import { startTestServer, type TestServer } from "../tests/fixtures/server";
import {
  benchDatabase,
  benchRooms,
  benchUsers,
  connectAll,
  driveRooms,
  onRoomEvent,
  pct,
  type Sample,
  sendChat,
} from "./support";
import type { Bench, BenchResult } from "./types";

const ROOMS = Number(process.env.BENCH_CLUSTER_ROOMS ?? 1_000);
const MEASURE_MS = Number(process.env.BENCH_CLUSTER_MEASURE_MS ?? 60_000);
const pace = {
  sendEveryMs: Number(process.env.BENCH_CLUSTER_SEND_EVERY_MS ?? 3_000),
  warmupMs: 5_000,
  measureMs: MEASURE_MS,
};
const SECRET = "bench-secret-cluster-0123456789abcdef";
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const CLK_TCK = 100; // Linux USER_HZ

/** CPU seconds (user + system) a process has used, from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}
function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

async function eventCount(dbUrl: string): Promise<number> {
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  try {
    return Number((await c.query(`SELECT count(*) AS n FROM "RoomEvent"`)).rows[0].n);
  } finally {
    await c.end();
  }
}

/** Joins every room, chats for the measured window, and reports latencies, errors, CPU, memory, throughput. */
async function run(
  label: string,
  servers: TestServer[],
  sockets: Socket[],
  roomIds: string[],
  dbUrl: string,
): Promise<BenchResult[]> {
  const pairs = roomIds.map((roomId, i) => ({ a: sockets[2 * i]!, b: sockets[2 * i + 1]!, roomId }));
  for (let i = 0; i < pairs.length; i += 50)
    await Promise.all(
      pairs.slice(i, i + 50).flatMap((p) =>
        [p.a, p.b].map(async (s) => {
          const ack = await s.timeout(15_000).emitWithAck(ROOM_EVENTS.join, { roomId: p.roomId, lastSeq: 0 });
          if (!ack.ok) throw new Error(`join failed: ${JSON.stringify(ack)}`);
        }),
      ),
    );
  const cpu0 = servers.map((s) => cpuSeconds(s.proc.pid!));
  const events0 = await eventCount(dbUrl);
  const t0 = performance.now();
  const sample: Sample = await driveRooms(pace, pairs, sendChat, onRoomEvent);
  const seconds = (performance.now() - t0) / 1_000;
  const persisted = (await eventCount(dbUrl)) - events0;
  const rows: BenchResult[] = [
    { name: `${label}: op ack p50`, value: pct(sample.ack, 50), unit: "ms" },
    { name: `${label}: op ack p99`, value: pct(sample.ack, 99), unit: "ms" },
    { name: `${label}: sender→partner p50`, value: pct(sample.partner, 50), unit: "ms" },
    { name: `${label}: sender→partner p99`, value: pct(sample.partner, 99), unit: "ms" },
    {
      name: `${label}: ops sent / errors`,
      value: sample.sent,
      unit: `ops / ${sample.errors} errors`,
    },
    { name: `${label}: events persisted`, value: persisted / seconds, unit: "events/s" },
  ];
  servers.forEach((s, i) => {
    const cpu = ((cpuSeconds(s.proc.pid!) - cpu0[i]!) / seconds) * 100;
    rows.push(
      { name: `${label}: process ${i + 1} CPU`, value: cpu, unit: "% of a core" },
      { name: `${label}: process ${i + 1} RSS`, value: rssMb(s.proc.pid!), unit: "MB" },
    );
  });
  return rows;
}

const bench: Bench = async () => {
  const db = await benchDatabase("quorum_bench_cluster");
  const rows: BenchResult[] = [];
  const base = { DATABASE_URL: db.url, NEXTAUTH_SECRET: SECRET };
  try {
    const cookies = await benchUsers(db.url, ROOMS * 2, SECRET);

    // Two processes, Redis between them.
    const [a, b] = await Promise.all([
      startTestServer({ ...base, REDIS_URL }),
      startTestServer({ ...base, REDIS_URL }),
    ]);
    let roomIds: string[];
    try {
      roomIds = await benchRooms((i) => (i % 2 ? b.url : a.url), cookies, ROOMS);
      const sockets = await connectAll((i) => (i % 2 ? b.url : a.url), cookies);
      rows.push(...(await run("2 processes", [a, b], sockets, roomIds, db.url)));
      for (const s of sockets) s.close();
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }

    // One process, no Redis, the same rooms and load.
    const single = await startTestServer(base);
    try {
      const sockets = await connectAll(single.url, cookies);
      rows.push(...(await run("1 process", [single], sockets, roomIds, db.url)));
      for (const s of sockets) s.close();
    } finally {
      await single.stop();
    }
    const two = rows.find((r) => r.name === "2 processes: op ack p99")!;
    const one = rows.find((r) => r.name === "1 process: op ack p99")!;
    rows.push({ name: "op ack p99, 2 processes ÷ 1 process", value: two.value / one.value, unit: "×" });
  } finally {
    await db.close();
  }
  return rows;
};

export default bench;
