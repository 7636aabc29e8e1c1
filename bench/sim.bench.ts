import type { Operation } from "../lib/check/history";
import { checkLinearizable } from "../lib/check/linearizability";
import { MS, SECOND } from "../lib/sim/constants";
import { SIM_ENGINE_VERSION, type TDesignInput } from "../lib/sim/schema";
import { createSimulation, simulate } from "../lib/sim/simulation";
import type { BenchResult } from "./types";

/**
 * Simulator throughput (events per wall-clock second, snapshots on as in normal use) and checker time.
 * Targets from issue 5: ≥ 1,000,000 events/s; ≤ 100 ms for a 1,000-op history over 10 keys.
 */
const NODES = ["n1", "n2", "n3", "n4", "n5"].map((id, i) => ({ id, region: "eu", dc: `eu-${(i % 3) + 1}` }));
const WARM_UP_S = 5;
const MEASURED_S = 60;
const CLIENTS = NODES.map((n) => ({ id: `c-${n.id}`, node: n.id }));

function eventsPerSecond(
  design: TDesignInput,
  virtualSeconds: number,
): { rate: number; events: number; idle: number; ops: number } {
  const sim = createSimulation({ seed: 1, config: { nodes: NODES, design, engine: SIM_ENGINE_VERSION } });
  sim.applyCommand({
    type: "startWorkload",
    at: 0,
    workload: { clients: CLIENTS, keys: 10, readRatio: 0.5, meanIntervalNs: 1 * MS },
  });
  sim.runUntil(WARM_UP_S * SECOND); // warm-up (JIT)
  const before = sim.state.stats.events;
  const idleBefore = sim.idleEvents;
  const t0 = performance.now();
  sim.runUntil((WARM_UP_S + virtualSeconds) * SECOND);
  const ms = performance.now() - t0;
  // Counted: events that change state or deliver a message. Not counted: messages dropped at delivery and
  // timers of an incarnation that has since crashed (Simulation.idleEvents). A timer a design cancels by token
  // still counts (only the design knows it did nothing).
  const idle = sim.idleEvents - idleBefore;
  const events = sim.state.stats.events - before - idle;
  return { rate: Math.round((events / ms) * 1000), events, idle, ops: sim.history().length / 2 };
}

function historyOf(design: TDesignInput, ops: number) {
  // Enough virtual time for ~`ops` operations from 5 clients over 10 keys.
  const sim = simulate(
    {
      seed: 7,
      config: { nodes: NODES.slice(0, 3), design, engine: SIM_ENGINE_VERSION },
      commands: [
        {
          type: "startWorkload",
          at: 0,
          workload: { clients: CLIENTS.slice(0, 3), keys: 10, readRatio: 0.5, meanIntervalNs: 2 * MS },
        },
      ],
    },
    ops * 2 * MS,
  );
  return sim.history().filter((e) => e.opId <= ops);
}

function timeCheck(
  history: ReturnType<typeof historyOf>,
  budgetMs?: number,
): { ms: number; verdict: string; decided: number; keys: number } {
  const options = budgetMs === undefined ? {} : { now: () => performance.now(), budgetMs };
  checkLinearizable(history, options); // warm-up
  const runs = 5;
  const t0 = performance.now();
  let result = checkLinearizable(history, options);
  for (let i = 1; i < runs; i++) result = checkLinearizable(history, options);
  const ms = (performance.now() - t0) / runs;
  const keys = new Set(history.map((e) => e.key)).size;
  return { ms, verdict: result.verdict, decided: result.decided?.length ?? keys, keys };
}

/** The checker's wall budget in these rows: what a 5,000-op check may spend before it answers "unknown". */
const CHECK_BUDGET_MS = 100;

/** 40 overlapping writes then two reads that disagree: 2^40 orders to rule out, so the budget must stop it. */
function pathologicalHistory(): Operation[] {
  const op = (i: number, f: "read" | "write", value: number, start: number, end: number): Operation => ({
    opId: i,
    process: `p${i}`,
    session: `p${i}`,
    node: "n1",
    f,
    key: "x",
    value,
    status: "ok",
    start,
    end,
  });
  const ops = Array.from({ length: 40 }, (_, i) => op(i + 1, "write", i + 1, 0, 100));
  ops.push(op(41, "read", 1, 200, 210), op(42, "read", 2, 220, 230));
  return ops;
}

export default async function bench(): Promise<BenchResult[]> {
  const raft = eventsPerSecond({ kind: "raft" }, MEASURED_S);
  const quorum = eventsPerSecond({ kind: "quorum", n: 3, w: 2, r: 2 }, MEASURED_S);
  const paxos = eventsPerSecond({ kind: "paxos", leader: "distinguished" }, MEASURED_S);
  const good = historyOf({ kind: "raft" }, 1000);
  const bad = historyOf({ kind: "quorum", n: 3, w: 1, r: 1 }, 1000);
  const goodCheck = timeCheck(good);
  const badCheck = timeCheck(bad);
  const big = [
    ["Raft", timeCheck(historyOf({ kind: "raft" }, 5000), CHECK_BUDGET_MS)],
    ["W=R=1", timeCheck(historyOf({ kind: "quorum", n: 3, w: 1, r: 1 }, 5000), CHECK_BUDGET_MS)],
  ] as const;
  const t0 = performance.now();
  const hard = checkLinearizable(pathologicalHistory());
  const hardMs = performance.now() - t0;
  const target = "≥ 1000000 events/s";
  return [
    {
      name: "sim: 5-node Raft under workload",
      value: raft.rate,
      unit: "events/s",
      target,
      ok: raft.rate >= 1_000_000,
      notes: `${raft.events} events that changed state or delivered a message (+${raft.idle} idle), ${Math.round(raft.ops)} ops, ${MEASURED_S} virtual s`,
    },
    {
      name: "sim: 5-node quorum store (N=3 W=2 R=2) under workload",
      value: quorum.rate,
      unit: "events/s",
      target,
      ok: quorum.rate >= 1_000_000,
      notes: `${quorum.events} events that changed state or delivered a message (+${quorum.idle} idle), ${Math.round(quorum.ops)} ops, ${MEASURED_S} virtual s`,
    },
    {
      name: "sim: 5-node Multi-Paxos (distinguished leader) under workload",
      value: paxos.rate,
      unit: "events/s",
      target,
      ok: paxos.rate >= 1_000_000,
      notes: `${paxos.events} events that changed state or delivered a message (+${paxos.idle} idle), ${Math.round(paxos.ops)} ops, ${MEASURED_S} virtual s`,
    },
    {
      name: "check: linearizability, 1,000-op Raft history over 10 keys",
      value: Math.round(goodCheck.ms * 100) / 100,
      unit: "ms",
      target: "≤ 100 ms",
      ok: goodCheck.ms <= 100,
      notes: `verdict ${goodCheck.verdict}`,
    },
    {
      name: "check: linearizability, 1,000-op W=R=1 history (not linearizable)",
      value: Math.round(badCheck.ms * 100) / 100,
      unit: "ms",
      target: "≤ 100 ms, answers",
      ok: badCheck.ms <= 100 && badCheck.verdict !== "unknown",
      notes: `verdict ${badCheck.verdict}`,
    },
    ...big.map(([label, c]) => ({
      name: `check: linearizability, 5,000-op ${label} history over 10 keys, ${CHECK_BUDGET_MS} ms wall budget`,
      value: Math.round(c.ms * 100) / 100,
      unit: "ms",
      target: `≤ ${CHECK_BUDGET_MS} ms + one key's slice; unknown allowed`,
      // The budget is checked between keys and every 1,024 steps, so it may overrun by one slice of work.
      ok: c.ms <= CHECK_BUDGET_MS * 1.5,
      notes: `verdict ${c.verdict}, ${c.decided} of ${c.keys} keys decided`,
    })),
    {
      name: "check: pathological history (40 concurrent writes), default step budget",
      value: Math.round(hardMs * 100) / 100,
      unit: "ms",
      target: "answers (unknown is allowed), no hang",
      ok: hardMs < 2000,
      notes: `verdict ${hard.verdict}`,
    },
  ];
}
