// Live-room latency at 1, 100 and 500 rooms (two socket.io clients each, typing at a human pace), next to a
// bare socket.io relay measured in the same run. Sender→partner: from emit to the partner seeing the event.
// Sender-ack: from emit to the acknowledgement (which, for Quorum, means "committed to Postgres").
//
// Both systems hold their connections for the whole level and take turns under load, in rounds whose order
// alternates (relay first, then Quorum first, ...); each system's samples are pooled over its turns. So a
// noisy neighbour, a warming JIT or the order of the phases weighs on both alike. Each round's own ratio is
// reported too, to show the spread, with the major (mark-compact) collections either server ran in that round:
// both servers load bench/gc-log.mjs, which reports every GC pause, and each pause is charged to the turn it
// fell in. The load generator (this process) collects its own heap before every turn, so that its collections
// stay out of the measured stretches; those that still fall inside are reported.
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { ROOM_EVENTS } from "../lib/protocol/room";
import { SERVER_NODE_FLAGS } from "../server/node-flags";
import { startTestServer } from "../tests/fixtures/server";
import {
  benchDatabase,
  benchRooms,
  benchUsers,
  connectAll,
  onRoomEvent,
  pct,
  roomDriver,
  sendChat,
} from "./support";
import type { Bench, BenchResult } from "./types";

const LEVELS = (process.env.BENCH_ROOM_LEVELS ?? "1,100,500").split(",").map(Number);
const SEND_EVERY_MS = Number(process.env.BENCH_SEND_EVERY_MS ?? 2_000); // each client, jittered ±50%
const MEASURE_MS = Number(process.env.BENCH_MEASURE_MS ?? 4_000); // per turn
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const LEVEL_WARMUP_MS = Number(process.env.BENCH_LEVEL_WARMUP_MS ?? 8_000); // per system, once per level
const pace = {
  sendEveryMs: SEND_EVERY_MS,
  warmupMs: Number(process.env.BENCH_WARMUP_MS ?? 1_500),
  measureMs: MEASURE_MS,
};
/** Dashboard renders a second in the extra turns at the largest level that measure rooms while pages render (0: none). */
const PAGES_PER_S = Number(process.env.BENCH_PAGES_PER_S ?? 10);
const PAGE_TURNS = 3;
const SECRET = "bench-secret-rooms-0123456789abcdef";
const root = path.resolve(import.meta.dirname, "..");
/** Loaded into both servers: one JSON line per GC pause (see bench/gc-log.mjs). */
const GC_LOG = pathToFileURL(path.join(root, "bench/gc-log.mjs")).href;

interface GcPause {
  kind: string;
  ms: number;
  /** Wall clock (ms since the epoch) when the pause began. */
  at: number;
}

const isGcLine = (l: Record<string, unknown>): boolean => l.msg === "gc";

/** CPU time used by the whole machine so far (every core, every process: servers, Postgres, this load), in ms. */
function machineCpuMs(): number {
  try {
    const [, ...ticks] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).map(Number);
    // Time spent running (not idle, not waiting on I/O, not stolen by the hypervisor), in clock ticks (USER_HZ 100).
    const [user, nice, system, , , irq, softirq] = ticks as number[];
    return (user! + nice! + system! + irq! + softirq!) * 10;
  } catch {
    return Number.NaN;
  }
}

/**
 * The disk's sync latency while the bench runs (bench/fsync-probe.mjs, on a thread of its own): `take()` gives
 * the slowest fdatasync since the previous take, in ms. Quorum's ack waits for Postgres's commit, and the commit
 * for the disk; a turn whose disk stalled shows the stall beside its ack p99.
 */
function startSyncProbe(): { take(): Promise<number>; stop(): Promise<void> } {
  // On the project's disk (beside the results), not in a tmpfs.
  const dir = path.join(root, "bench/results");
  mkdirSync(dir, { recursive: true });
  const worker = new Worker(new URL("./fsync-probe.mjs", import.meta.url), {
    workerData: { file: path.join(dir, `.fsync-probe-${process.pid}`) },
  });
  return {
    take: () =>
      new Promise<number>((resolve) => {
        worker.once("message", (ms: number) => resolve(ms));
        worker.postMessage("take");
      }),
    stop: async () => {
      worker.postMessage("stop");
      await new Promise((resolve) => worker.once("exit", resolve));
    },
  };
}

/** CPU time (user + system) a process has used so far, in ms (Linux /proc; NaN elsewhere). */
function cpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return Number.NaN;
  }
}

async function startRelay(): Promise<{
  url: string;
  pid: number | undefined;
  gc: GcPause[];
  stop: () => void;
}> {
  const proc = spawn(
    process.execPath,
    // The same V8 flags as Quorum's server: the baseline differs in what it does, not in how Node runs it.
    [...SERVER_NODE_FLAGS, "--import", GC_LOG, "--import", "tsx", path.join(root, "bench/relay-server.ts")],
    { cwd: root, stdio: ["ignore", "pipe", "inherit"] },
  );
  const gc: GcPause[] = [];
  const port = await new Promise<number>((resolve) => {
    createInterface({ input: proc.stdout! }).on("line", (l) => {
      if (!l.startsWith("{")) return;
      const line = JSON.parse(l) as Record<string, unknown>;
      if (isGcLine(line)) gc.push(line as unknown as GcPause);
      else if (line.msg === "listening") resolve(Number(line.port));
    });
  });
  return { url: `http://127.0.0.1:${port}`, pid: proc.pid, gc, stop: () => proc.kill("SIGTERM") };
}

/**
 * Loads `url` as one signed-in person would, `perSecond` times a second (one at a time), until `until` settles;
 * resolves with each load's time in ms.
 */
async function loadPagesUntil(url: string, cookie: string, perSecond: number, until: Promise<unknown>) {
  let done = false;
  void until.finally(() => {
    done = true;
  });
  const times: number[] = [];
  while (!done) {
    const t = performance.now();
    const res = await fetch(url, { headers: { cookie } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    times.push(performance.now() - t);
    const rest = 1000 / perSecond - (performance.now() - t);
    if (rest > 0) await new Promise((r) => setTimeout(r, rest));
  }
  return times;
}

/** What one system's process paused for GC during [from, to]: total ms, and its major collections. */
function gcDuring(pauses: readonly GcPause[], from: number, to: number): { ms: number; majors: GcPause[] } {
  let ms = 0;
  const majors: GcPause[] = [];
  for (const p of pauses)
    if (p.at >= from && p.at <= to) {
      ms += p.ms;
      if (p.kind === "major") majors.push(p);
    }
  return { ms, majors };
}

const bench: Bench = async () => {
  const db = await benchDatabase("quorum_bench_rooms");
  // BENCH_SERVER_NODE_OPTIONS: e.g. "--import ./profile-hook.mjs" to look inside the server under this load.
  const server = await startTestServer({
    DATABASE_URL: db.url,
    NEXTAUTH_SECRET: SECRET,
    NODE_OPTIONS: `--import ${JSON.stringify(GC_LOG)} ${process.env.BENCH_SERVER_NODE_OPTIONS ?? ""}`,
  });
  const relay = await startRelay();
  const syncProbe = startSyncProbe();
  const rows: BenchResult[] = [];
  const maxRooms = Math.max(...LEVELS);
  try {
    const cookies = await benchUsers(db.url, maxRooms * 2, SECRET);
    // Rooms through the real API: the creator interviews, the partner accepts the invite.
    const roomIds = await benchRooms(() => server.url, cookies, maxRooms);

    for (const rooms of LEVELS) {
      // Quorum: every room joined through the real protocol.
      const appSockets = await connectAll(server.url, cookies.slice(0, rooms * 2));
      const appPairs = roomIds
        .slice(0, rooms)
        .map((roomId, i) => ({ a: appSockets[2 * i]!, b: appSockets[2 * i + 1]!, roomId }));
      for (const p of appPairs)
        for (const s of [p.a, p.b]) {
          const ack = await s.timeout(10_000).emitWithAck(ROOM_EVENTS.join, { roomId: p.roomId, lastSeq: 0 });
          if (!ack.ok) throw new Error(`join failed: ${JSON.stringify(ack)}`);
        }
      // Bare relay, same rooms, same messages.
      const relaySockets = await connectAll(relay.url, Array(rooms * 2).fill(""));
      const relayPairs = roomIds
        .slice(0, rooms)
        .map((roomId, i) => ({ a: relaySockets[2 * i]!, b: relaySockets[2 * i + 1]!, roomId }));
      for (const p of relayPairs) for (const s of [p.a, p.b]) await s.emitWithAck("join", p.roomId);

      const app = roomDriver(appPairs, sendChat, onRoomEvent);
      const bare = roomDriver(
        relayPairs,
        async (s, roomId, opId) => {
          try {
            await s
              .timeout(10_000)
              .emitWithAck("op", { roomId, opId, op: { type: "chat.post", text: `hello ${opId}` } });
            return true;
          } catch {
            return false;
          }
        },
        (s, cb) => s.on("event", (m: { opId: string }) => cb(m.opId)),
      );
      // Steady state first: joining a level's rooms leaves garbage and cold paths behind on both servers.
      for (const d of [bare, app])
        await d.run({ ...pace, warmupMs: 0, measureMs: LEVEL_WARMUP_MS }, { measure: false });
      const rounds: string[] = [];
      // Each system's server CPU per op over each of its turns (warm-up, measured stretch and drain alike).
      const system = (
        label: string,
        driver: typeof app,
        pid: number | undefined,
        gc: () => readonly GcPause[],
      ) => ({
        label,
        driver,
        pid,
        gc,
        cpuPerOp: [] as number[],
        machinePerOp: [] as number[],
        loadPerOp: [] as number[],
        /** Its own process's GC pause per op in each of its turns, in µs. */
        gcPerOp: [] as number[],
        /** The major (mark-compact) collections its process ran in each of its turns. */
        majors: [] as GcPause[][],
        /** The slowest disk sync in each of its turns (see startSyncProbe). */
        slowestSync: [] as number[],
      });
      const quorum = system(
        "Quorum",
        app,
        server.proc.pid,
        // Its own pauses: the pages process (Next.js) loads the probe too and prints to the same output.
        () => server.logs.filter((l) => isGcLine(l) && l.pid === server.proc.pid) as unknown as GcPause[],
      );
      const relayed = system("relay", bare, relay.pid, () => relay.gc);
      const roundRatios: number[] = [];
      /** Quorum's sender-ack p99 in each of its turns, beside the slowest disk sync in it. */
      const ackTurns: string[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        const [appFrom, bareFrom] = [app.sample.partner.length, bare.sample.partner.length];
        const ackFrom = app.sample.ack.length;
        for (const sys of r % 2 === 0 ? [relayed, quorum] : [quorum, relayed]) {
          const [cpu0, machine0, load0, ops0, t0] = [
            cpuMs(sys.pid),
            machineCpuMs(),
            process.cpuUsage(),
            sys.driver.sentAll(),
            Date.now(),
          ];
          await syncProbe.take();
          await sys.driver.run(pace);
          sys.slowestSync.push(await syncProbe.take());
          const ops = sys.driver.sentAll() - ops0;
          const gc = gcDuring(sys.gc(), t0, Date.now());
          sys.gcPerOp.push((gc.ms * 1000) / ops);
          sys.majors.push(gc.majors);
          sys.cpuPerOp.push((cpuMs(sys.pid) - cpu0) / ops);
          sys.machinePerOp.push((machineCpuMs() - machine0) / ops);
          const load = process.cpuUsage(load0);
          sys.loadPerOp.push((load.user + load.system) / 1000 / ops);
        }
        const [q, b] = [
          pct(app.sample.partner.slice(appFrom), 99),
          pct(bare.sample.partner.slice(bareFrom), 99),
        ];
        roundRatios.push(q / b);
        ackTurns.push(
          `${pct(app.sample.ack.slice(ackFrom), 99).toFixed(1)}/${quorum.slowestSync.at(-1)!.toFixed(1)}`,
        );
        const majors = [quorum, relayed].flatMap((sys) => {
          const turn = sys.majors.at(-1)!;
          return turn.length
            ? [`${sys.label} major GC ${turn.map((p) => p.ms.toFixed(1)).join("+")} ms`]
            : [];
        });
        rounds.push(
          `${r % 2 === 0 ? "relay first" : "Quorum first"} ${q.toFixed(2)}/${b.toFixed(2)} ms = ${(q / b).toFixed(2)}×${majors.length ? ` (${majors.join(", ")})` : ""}`,
        );
      }
      // Quorum alone, with and without page traffic: turns in which one person's dashboard is rendered
      // PAGES_PER_S times a second alternate with quiet ones. (Pages render in their own process; this shows
      // what that leaves of their cost to the rooms.) Their own drivers, so the pooled samples above stay as
      // they were.
      const pageRows: BenchResult[] = [];
      if (rooms === maxRooms && PAGES_PER_S > 0) {
        const quiet = roomDriver(appPairs, sendChat, onRoomEvent);
        const busy = roomDriver(appPairs, sendChat, onRoomEvent);
        const renders: number[] = [];
        for (let t = 0; t < PAGE_TURNS; t++) {
          await quiet.run(pace);
          const turn = busy.run(pace);
          renders.push(...(await loadPagesUntil(`${server.url}/dashboard`, cookies[0]!, PAGES_PER_S, turn)));
          await turn;
        }
        pageRows.push({
          name: `${rooms} rooms: Quorum sender→partner p99, quiet / while pages render`,
          value: pct(quiet.sample.partner, 99),
          unit: `ms / ${pct(busy.sample.partner, 99).toFixed(2)} ms`,
          notes: `${PAGE_TURNS} turns each, alternating; ${renders.length} dashboard loads at up to ${PAGES_PER_S}/s, p50 ${pct(renders, 50).toFixed(1)} ms, p99 ${pct(renders, 99).toFixed(1)} ms`,
        });
      }
      for (const s of [...appSockets, ...relaySockets]) s.close();

      const tag = `${rooms} room${rooms === 1 ? "" : "s"}`;
      const [a, b] = [app.sample, bare.sample];
      const ratio = pct(a.partner, 99) / pct(b.partner, 99);
      rows.push(
        { name: `${tag}: Quorum sender→partner p50`, value: pct(a.partner, 50), unit: "ms" },
        { name: `${tag}: Quorum sender→partner p99`, value: pct(a.partner, 99), unit: "ms" },
        { name: `${tag}: Quorum sender-ack p50`, value: pct(a.ack, 50), unit: "ms" },
        {
          name: `${tag}: Quorum sender-ack p99`,
          value: pct(a.ack, 99),
          unit: "ms",
          ...(rooms === 500 ? { target: "≤ 25 ms", ok: pct(a.ack, 99) <= 25 } : {}),
        },
        { name: `${tag}: bare relay sender→partner p50`, value: pct(b.partner, 50), unit: "ms" },
        { name: `${tag}: bare relay sender→partner p99`, value: pct(b.partner, 99), unit: "ms" },
        { name: `${tag}: bare relay sender-ack p99`, value: pct(b.ack, 99), unit: "ms" },
        {
          name: `${tag}: Quorum ÷ relay sender→partner p99`,
          value: ratio,
          unit: "×",
          notes: `median of the rounds' own ratios ${pct(roundRatios, 50).toFixed(2)}×; p99 per round, Quorum/relay: ${rounds.join("; ")}`,
          ...(rooms === 500 ? { target: "≤ 2×", ok: ratio <= 2 } : {}),
        },
        {
          name: `${tag}: server CPU per op, Quorum / relay (median turn)`,
          value: pct(quorum.cpuPerOp, 50),
          unit: `ms / ${pct(relayed.cpuPerOp, 50).toFixed(3)} ms`,
        },
        {
          // Everything the machine spent per op in each system's turns: its server, Postgres, the load generator.
          name: `${tag}: machine CPU per op, Quorum / relay turns (median turn)`,
          value: pct(quorum.machinePerOp, 50),
          unit: `ms / ${pct(relayed.machinePerOp, 50).toFixed(3)} ms`,
          notes: `of which the load generator (this process): ${pct(quorum.loadPerOp, 50).toFixed(3)} ms / ${pct(relayed.loadPerOp, 50).toFixed(3)} ms`,
        },
        {
          // Each server's own GC pauses (bench/gc-log.mjs) in its turns; a major collection is the long kind.
          name: `${tag}: GC pause per op, Quorum / relay server (median turn)`,
          value: pct(quorum.gcPerOp, 50),
          unit: `µs / ${pct(relayed.gcPerOp, 50).toFixed(2)} µs`,
          notes: `turns with a major GC: ${[quorum, relayed].map((sys) => `${sys.label} ${sys.majors.filter((m) => m.length > 0).length} of ${ROUNDS}`).join(", ")}`,
        },
        {
          // What the ack waits for: Postgres's commit, and under it the disk's sync. A turn whose disk stalled
          // (a sync taking tens or hundreds of ms) shows its ack p99 beside it.
          name: `${tag}: slowest disk sync in Quorum / relay turns`,
          value: Math.max(...quorum.slowestSync),
          unit: `ms / ${Math.max(...relayed.slowestSync).toFixed(1)} ms`,
          notes: `Quorum's sender-ack p99 / slowest disk sync, per turn: ${ackTurns.join(", ")} ms`,
        },
        {
          // The load generator's own pauses inside measured stretches (each stretch starts from a collected
          // heap; see bench/support.ts): they delay whichever system is being measured.
          name: `${tag}: load generator GC pause inside measured stretches, Quorum / relay turns`,
          value: a.loadGcMs ?? 0,
          unit: `ms / ${(b.loadGcMs ?? 0).toFixed(1)} ms`,
          notes: `major collections: ${a.loadMajors ?? 0} / ${b.loadMajors ?? 0}`,
        },
        {
          name: `${tag}: ops measured (Quorum / relay)`,
          value: a.sent,
          unit: `ops / ${b.sent}`,
          notes:
            a.errors + b.errors + a.undelivered + b.undelivered
              ? `errors ${a.errors} Quorum, ${b.errors} relay; undelivered ${a.undelivered} Quorum, ${b.undelivered} relay`
              : undefined,
        },
        ...pageRows,
      );
    }
  } finally {
    await syncProbe.stop();
    relay.stop();
    await server.stop();
    await db.close();
  }
  return rows;
};

export default bench;
