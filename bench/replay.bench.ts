// Replay's pure core on the room's worst case: a generated 60-minute, 50,000-event session (the room's event
// cap) is appended to a ReplayLog in pages of 1,000 as the replay page loads it, then seeked to 100 seeded
// random moments. Node only; the browser runs the same code.
import v8 from "node:v8";
import vm from "node:vm";
import {
  advancePlayhead,
  buildTimeline,
  CHECKPOINT_EVERY,
  ReplayLog,
  replayMarkers,
  scanAnomalies,
  stateHash,
} from "../lib/replay";
import { emptyRoom, foldEvents, type TRoomEvent } from "../lib/room";
import { deriveStream, nextInt } from "../lib/sim/prng";
import { BENCH_SESSION, generateSession } from "./session-generator";
import type { Bench, BenchResult } from "./types";

const PAGE = 1_000;
const SEEKS = 100;
const SEEK_TARGET_MS = 50;
const FRAME_MS = 16;

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

function ingest(events: readonly TRoomEvent[], checkpointEvery?: number): ReplayLog {
  const log = new ReplayLog(BENCH_SESSION.roomId, { checkpointEvery });
  for (let i = 0; i < events.length; i += PAGE) log.append(events.slice(i, i + PAGE));
  return log;
}

/** Heap growth of a log built from `events` (already in memory), in bytes; the log is dropped afterwards. */
function heapOfLog(
  events: readonly TRoomEvent[],
  checkpointEvery: number,
): { bytes: number; checkpoints: number } {
  const before = heapUsed();
  let log: ReplayLog | null = ingest(events, checkpointEvery);
  const bytes = heapUsed() - before;
  const checkpoints = log.checkpointCount;
  log = null;
  return { bytes, checkpoints };
}

const bench: Bench = async () => {
  let t = performance.now();
  const events = generateSession(BENCH_SESSION);
  const generateMs = performance.now() - t;

  // Memory first, on a quiet heap: the log with checkpoints, and the same log with none (the tail state only).
  const withCheckpoints = heapOfLog(events, CHECKPOINT_EVERY);
  const without = heapOfLog(events, Number.MAX_SAFE_INTEGER);
  const checkpointBytes = withCheckpoints.bytes - without.bytes;

  ingest(events.slice(0, 5_000)); // warm the reducers
  t = performance.now();
  const log = ingest(events);
  const ingestMs = performance.now() - t;

  t = performance.now();
  const cold = foldEvents(emptyRoom(BENCH_SESSION.roomId), events);
  const foldMs = performance.now() - t;

  const start = events[0]!.at;
  const end = events.at(-1)!.at;
  const r = deriveStream(BENCH_SESSION.seed, "replay-seeks");
  for (let i = 0; i < 10; i++) log.stateAtTime(nextInt(r, start, end));
  const seekMs: number[] = [];
  for (let i = 0; i < SEEKS; i++) {
    const at = nextInt(r, start, end);
    t = performance.now();
    log.stateAtTime(at);
    seekMs.push(performance.now() - t);
  }
  const p50 = pct(seekMs, 50);
  const p99 = pct(seekMs, 99);
  const sameAsCold = stateHash(log.stateAtIndex(log.length - 1)) === stateHash(cold);

  // Playing: 16 ms frames at 8×, idle skipped, from the start to the end (each frame folds only new events).
  const timeline = buildTimeline(log.events);
  const playing = ingest(events);
  heapUsed(); // collect the garbage of the phases above, so a frame measures the fold and not their GC
  const frameMs: number[] = [];
  for (let pos = timeline.startMs; pos < timeline.endMs; ) {
    pos = advancePlayhead(timeline, pos, FRAME_MS, 8, true);
    t = performance.now();
    playing.stateAtTime(pos);
    frameMs.push(performance.now() - t);
  }

  t = performance.now();
  const markers = replayMarkers(log);
  const markersMs = performance.now() - t;
  t = performance.now();
  const scan = scanAnomalies(log);
  const scanMs = performance.now() - t;
  t = performance.now();
  stateHash(cold);
  const hashMs = performance.now() - t;

  const n = events.length.toLocaleString("en-US");
  const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;
  return [
    {
      name: `generate a ${BENCH_SESSION.minutes}-minute, ${n}-event session`,
      value: generateMs,
      unit: "ms",
      notes: `every event through decide and applyEvent; ${cold.board.liveCount} live / ${cold.board.order.length} stored elements, ${cold.chat.length} chat messages at the end`,
    },
    {
      name: `ingest ${n} events in pages of ${PAGE.toLocaleString("en-US")}`,
      value: ingestMs,
      unit: "ms",
      notes: `folds each event once and keeps ${log.checkpointCount} checkpoints (every ${CHECKPOINT_EVERY})`,
    },
    {
      name: `seek to ${SEEKS} random moments: p50`,
      value: p50,
      unit: "ms",
    },
    {
      name: `seek to ${SEEKS} random moments: p99`,
      value: p99,
      unit: "ms",
      target: `≤ ${SEEK_TARGET_MS} ms`,
      ok: p99 <= SEEK_TARGET_MS,
      notes: `max ${Math.round(Math.max(...seekMs) * 100) / 100} ms; the last state hashes like the cold fold: ${sameAsCold ? "yes" : "NO"}`,
    },
    {
      name: "checkpoint memory (heapUsed growth)",
      value: mb(checkpointBytes),
      unit: "MB",
      notes: `${withCheckpoints.checkpoints} checkpoints, ~${Math.round(checkpointBytes / withCheckpoints.checkpoints / 1e3)} KB each; the log with them ${mb(withCheckpoints.bytes)} MB, without ${mb(without.bytes)} MB`,
    },
    {
      name: `cold full fold of ${n} events (for comparison)`,
      value: foldMs,
      unit: "ms",
      notes: "foldEvents from the empty room: what every seek would cost without checkpoints",
    },
    {
      name: "play through at 8× (16 ms frames, idle skipped): worst frame",
      value: Math.max(...frameMs),
      unit: "ms",
      notes: `${frameMs.length.toLocaleString("en-US")} frames, p99 ${Math.round(pct(frameMs, 99) * 1000) / 1000} ms`,
    },
    {
      name: "timeline markers",
      value: markersMs,
      unit: "ms",
      notes: `${markers.length.toLocaleString("en-US")} markers`,
    },
    {
      name: "anomaly scan of every cluster epoch (after load)",
      value: scanMs,
      unit: "ms",
      notes: `${scan.complete ? "complete" : "stopped at its limit"}: ${scan.simEvents.toLocaleString("en-US")} simulator events, ${scan.operations.toLocaleString("en-US")} operations, ${scan.staleReads.length} stale reads in ${scan.markers.length} markers`,
    },
    {
      name: "stateHash of the final state",
      value: hashMs,
      unit: "ms",
    },
  ] satisfies BenchResult[];
};

export default bench;
