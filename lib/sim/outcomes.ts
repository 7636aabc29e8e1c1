import type { Anomaly, ReplicaView } from "../check/anomalies";
import type { CheckClock } from "../check/budget";
import { checkHistory, type DataModel, describeCoverage } from "../check/check-history";
import type { HistoryEvent, Operation } from "../check/history";
import { toOperations } from "../check/history";
import { type ConsistencyModels, checkConsistencyModels, recentOperations } from "../check/models";
import { type SideSummary, summarize } from "../check/stats";
import type { TDesignInput, TSimCommand } from "./schema";
import type { NodeStatus } from "./types";

/** What the keys of a design hold: the PN-counter adds each write; everything else is a register. */
export function dataModelOf(design: Pick<TDesignInput, "kind"> & { conflict?: string }): DataModel {
  return design.kind === "multi-leader" && design.conflict === "pn-counter" ? "counter" : "register";
}

/**
 * What the running nodes hold: the simulator's `observe()` without nodes that are down. A crashed node's data
 * may come back, but it cannot answer a read now, and a failover may discard it: a write only it holds is not
 * counted as surviving.
 */
export function liveView(
  view: ReplicaView,
  nodes: readonly { id: string; status: NodeStatus }[],
): Record<string, Record<string, number[]>> {
  const up = new Set(nodes.filter((n) => n.status === "up").map((n) => n.id));
  const out: Record<string, Record<string, number[]>> = {};
  for (const id of Object.keys(view)) {
    if (!up.has(id)) continue;
    const data = view[id] ?? {};
    out[id] = Object.fromEntries(Object.keys(data).map((k) => [k, [...(data[k] ?? [])]]));
  }
  return out;
}

// What the cluster panel says about a run: counts, anomalies, availability and latency per side of the current
// partition, and which side of CAP the design chose. Pure: (history, commands, groups, now) in, numbers out.

export interface CapVerdict {
  /** "C": some side refused writes while another accepted them; "A": every side accepted writes. */
  choice: "C" | "A" | null;
  text: string;
}

/** One flagged read, in the checker's terse words and in plain ones. */
export interface FlaggedExample {
  kind: Anomaly["kind"];
  message: string;
  explanation: string;
  opIds: number[];
}

export interface RunOutcome {
  ok: number;
  failed: number;
  timedOut: number;
  /** What the keys hold, which decides what "a bad read" means (see lib/check/check-history.ts). */
  model: DataModel;
  /** Reads flagged: stale (or impossible siblings) for a register; outside what was added for a counter. */
  staleReads: number;
  staleExamples: FlaggedExample[];
  /** Null when the check finished; otherwise which keys it did not get to within its time budget. */
  checkCoverage: string | null;
  /** Which models of the consistency ladder the recent operations satisfy; `summary` is the panel's line. */
  consistency: ConsistencyModels;
  /** During the latest partition (still in force, or healed); empty when there has been none. */
  sides: SideSummary[];
  partition: PartitionSpan | null;
  writeSides: SideSummary[];
  cap: CapVerdict;
  overall: SideSummary;
}

/** The most recent partition up to `now`: when it began, when it healed (null: still in force), its sides. */
export interface PartitionSpan {
  from: number;
  to: number | null;
  sides: string[][];
}

/**
 * The latest partition at or before `now`. Sides come from the command itself: the groups named (plus one group
 * of every other node), or the two ends of a one-way cut.
 */
export function lastPartition(
  commands: readonly TSimCommand[],
  now: number,
  nodeIds: readonly string[],
): PartitionSpan | null {
  let span: PartitionSpan | null = null;
  const open = (at: number, sides: string[][]): PartitionSpan =>
    span !== null && span.to === null ? { from: span.from, to: null, sides } : { from: at, to: null, sides };
  for (const c of commands) {
    if (c.at > now) break;
    if (c.type === "partition") {
      const named = new Set(c.groups.flat());
      const rest = nodeIds.filter((id) => !named.has(id));
      span = open(c.at, [...c.groups.map((g) => [...g]), ...(rest.length ? [rest] : [])]);
    } else if (c.type === "partitionOneWay") {
      span = open(c.at, [[...c.from], [...c.to]]);
    } else if (c.type === "heal" && span !== null && span.to === null) {
      span = { from: span.from, to: c.at, sides: span.sides };
    }
  }
  return span;
}

const MIN_WRITES_FOR_VERDICT = 3;
/**
 * The consistency ladder is judged on the latest operations (plus the writes they read), with a step budget
 * per key: 5–20 ms of CPU for 2,000 ops on this (busy) 2-core machine, the same verdict in both browsers of a
 * room. The panel's wall budget, when given, is a safety net: past it, what is left is "undecided".
 */
const MODEL_WINDOW_OPS = 2_000;
const MODEL_STEPS_PER_KEY = 20_000;

export function capVerdict(writeSides: readonly SideSummary[]): CapVerdict {
  if (writeSides.length < 2) return { choice: null, text: "No partition right now." };
  const judged = writeSides.filter((s) => s.total >= MIN_WRITES_FOR_VERDICT);
  if (judged.length < 2) return { choice: null, text: "Partitioned: waiting for writes on both sides…" };
  const refused = judged.filter((s) => s.ok === 0);
  const accepted = judged.filter((s) => s.availability >= 0.5);
  if (refused.length > 0 && accepted.length > 0)
    return {
      choice: "C",
      text: `Chose consistency: ${refused.map((s) => s.side).join(", ")} refused writes while ${accepted.map((s) => s.side).join(", ")} kept serving.`,
    };
  if (accepted.length === judged.length)
    return {
      choice: "A",
      text: "Chose availability: every side accepted writes; they will have to be reconciled.",
    };
  return { choice: null, text: "Partitioned: writes are failing on every side." };
}

export interface OutcomeOptions extends CheckClock {
  model?: DataModel;
}

export function runOutcome(
  history: readonly HistoryEvent[],
  commands: readonly TSimCommand[],
  groups: readonly string[][],
  now: number,
  options: OutcomeOptions = {},
): RunOutcome {
  const ops: Operation[] = toOperations(history);
  const model = options.model ?? "register";
  // Only the per-read checks: lost writes and the final value need the cluster to have settled, and the
  // linearizability search is too slow to run every half second.
  const check = checkHistory(ops, { ...options, model, checks: ["stale-reads"] });
  // Anomalies come key by key; the panel lists the latest, so order them by when the flagged read finished.
  const endOf = new Map(ops.map((o) => [o.opId, o.end ?? 0]));
  const readEnd = (a: Anomaly) => endOf.get(a.opIds[0] ?? -1) ?? 0;
  const stale = check.anomalies
    .filter((a) => a.kind !== "counter-final-value")
    .sort((a, b) => readEnd(a) - readEnd(b) || (a.opIds[0] ?? 0) - (b.opIds[0] ?? 0));
  let ok = 0;
  let failed = 0;
  let timedOut = 0;
  for (const o of ops) {
    if (o.status === "ok") ok++;
    else if (o.status === "fail") failed++;
    else timedOut++;
  }
  const nodeIds = [...new Set(groups.flat())];
  const span = lastPartition(commands, now, nodeIds);
  const sides: SideSummary[] = [];
  const writeSides: SideSummary[] = [];
  if (span && span.sides.length > 1) {
    const to = span.to ?? Number.POSITIVE_INFINITY;
    for (const g of span.sides) {
      const members = new Set(g);
      const name = g.join(", ");
      const mine = ops.filter((o) => o.start >= span.from && o.start < to && members.has(o.node));
      sides.push(summarize(name, mine));
      writeSides.push(
        summarize(
          name,
          mine.filter((o) => o.f === "write"),
        ),
      );
    }
  }
  const cap = capVerdict(writeSides);
  return {
    ok,
    failed,
    timedOut,
    model,
    staleReads: stale.length,
    staleExamples: stale.slice(-3).map((a) => ({
      kind: a.kind,
      message: a.message,
      explanation: a.explanation,
      opIds: a.opIds,
    })),
    checkCoverage: describeCoverage(check),
    consistency: consistencyOf(ops, options),
    sides,
    writeSides,
    partition: span,
    cap:
      span && span.to !== null && cap.choice
        ? { ...cap, text: `During the last partition: ${cap.text}` }
        : cap,
    overall: summarize("all", ops),
  };
}

/** The article's latency numbers, for placing what the cluster measured on a familiar ladder. */
export const LATENCY_LADDER: readonly { label: string; ns: number }[] = [
  { label: "main memory reference", ns: 100 },
  { label: "SSD random read", ns: 150_000 },
  { label: "round trip within a datacenter", ns: 500_000 },
  { label: "disk seek", ns: 10_000_000 },
  { label: "round trip across continents", ns: 150_000_000 },
];

export function formatNs(ns: number): string {
  if (ns < 1_000) return `${ns} ns`;
  if (ns < 1_000_000) return `${(ns / 1_000).toFixed(ns < 10_000 ? 1 : 0)} µs`;
  if (ns < 1_000_000_000) return `${(ns / 1_000_000).toFixed(ns < 10_000_000 ? 1 : 0)} ms`;
  return `${(ns / 1_000_000_000).toFixed(2)} s`;
}

function consistencyOf(ops: readonly Operation[], clock: CheckClock): ConsistencyModels {
  const recent = recentOperations(ops, MODEL_WINDOW_OPS);
  return checkConsistencyModels(recent.ops, {
    maxStepsPerKey: MODEL_STEPS_PER_KEY,
    now: clock.now,
    budgetMs: clock.budgetMs,
    subject: recent.dropped === 0 ? "this run satisfies" : `the last ${MODEL_WINDOW_OPS} operations satisfy`,
  });
}
