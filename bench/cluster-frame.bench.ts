// What the cluster panel costs the browser's main thread per animation frame: a 5-node cluster under a
// 200 ops/s workload, advanced by one 33 ms frame of virtual time at 1× speed, described for drawing, and every
// 15th frame (the panel's 500 ms cadence) checked for anomalies and hashed. Runs in Node; the browser runs the
// same code, so it shows whether the simulator needs a worker.
import { applyEvent, emptyRoom, type RoomSim, type TRoomEvent } from "../lib/room";
import { RoomSimRunner } from "../lib/room/sim-runner";
import { runOutcome } from "../lib/sim/outcomes";
import { PROBE_CONFIG } from "../lib/sim/probe";
import { ZSimConfig } from "../lib/sim/schema";
import { describeCluster } from "../lib/sim/view";
import type { Bench, BenchResult } from "./types";

const FRAME_MS = 33;
const SECONDS = Number(process.env.BENCH_FRAME_SECONDS ?? 60);

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
}

function roomSim(design: "quorum" | "raft"): RoomSim {
  // The determinism probe's five nodes: three datacenters in Europe, two in the US.
  const nodes = PROBE_CONFIG.nodes;
  const config = ZSimConfig.parse({
    nodes,
    design: design === "quorum" ? { kind: "quorum", n: 3, w: 2, r: 2 } : { kind: "raft" },
  });
  let s = emptyRoom("bench");
  const event = (body: object, seq: number) =>
    ({ ...body, seq, opId: `b${seq}xxxxxx`, actorId: null, at: 0 }) as TRoomEvent;
  s = applyEvent(s, event({ kind: "sim.reset", payload: { seed: 7, config } }, 1));
  s = applyEvent(s, event({ kind: "sim.clock", payload: { playing: true, speed: 1, vt: 0 } }, 2));
  s = applyEvent(
    s,
    event(
      {
        kind: "sim.command",
        payload: {
          command: {
            type: "startWorkload",
            at: 0,
            workload: {
              clients: [
                { id: "alice", node: "n1" },
                { id: "bob", node: "n4" },
              ],
              keys: 10,
              readRatio: 0.5,
              meanIntervalNs: 5_000_000,
            },
          },
        },
      },
      3,
    ),
  );
  return s.sim!;
}

const bench: Bench = async () => {
  const rows: BenchResult[] = [];
  for (const design of ["quorum", "raft"] as const) {
    const sim = roomSim(design);
    const runner = new RoomSimRunner();
    const frames: number[] = [];
    const checks: number[] = [];
    for (let f = 1; f <= (SECONDS * 1000) / FRAME_MS; f++) {
      const t = performance.now();
      const local = runner.advance(sim, f * FRAME_MS * 1_000_000)!;
      const view = describeCluster(local.state);
      frames.push(performance.now() - t);
      if (f % 15 === 0) {
        const c = performance.now();
        runOutcome(local.history(), sim.commands, view.groups, local.state.now);
        local.stateHash();
        checks.push(performance.now() - c);
      }
    }
    const tag = `${design} 5 nodes, 200 ops/s, 1× speed`;
    rows.push(
      { name: `${tag}: frame (advance + describe) p50`, value: pct(frames, 50), unit: "ms" },
      {
        name: `${tag}: frame p99`,
        value: pct(frames, 99),
        unit: "ms",
        target: "≤ 16 ms (a 60 fps frame)",
        ok: pct(frames, 99) <= 16,
      },
      {
        name: `${tag}: 500 ms check (anomalies + hash) p99`,
        value: pct(checks, 99),
        unit: "ms",
        notes: `after ${SECONDS} s of virtual time; grows with the history`,
      },
    );
  }
  return rows;
};

export default bench;
