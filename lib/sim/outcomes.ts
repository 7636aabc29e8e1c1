import { detectStaleReads } from "../check/anomalies";
import type { HistoryEvent, Operation } from "../check/history";
import { toOperations } from "../check/history";
import { type SideSummary, summarize } from "../check/stats";
import type { TSimCommand } from "./schema";

// What the cluster panel says about a run: counts, anomalies, availability and latency per side of the current
// partition, and which side of CAP the design chose. Pure: (history, commands, groups, now) in, numbers out.

export interface CapVerdict {
  /** "C": some side refused writes while another accepted them; "A": every side accepted writes. */
  choice: "C" | "A" | null;
  text: string;
}

export interface RunOutcome {
  ok: number;
  failed: number;
  timedOut: number;
  staleReads: number;
  staleExamples: { message: string; opIds: number[] }[];
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

export function runOutcome(
  history: readonly HistoryEvent[],
  commands: readonly TSimCommand[],
  groups: readonly string[][],
  now: number,
): RunOutcome {
  const ops: Operation[] = toOperations(history);
  const stale = detectStaleReads(ops);
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
    staleReads: stale.length,
    staleExamples: stale.slice(-3).map((a) => ({ message: a.message, opIds: a.opIds })),
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
