import { asOperations, type HistoryEvent, type Operation, toOperations } from "./history";
import { checkLinearizable, type LinearizabilityResult } from "./linearizability";
import { causalPass, HOLDS, type ModelCheck, nonUniqueWrites, orderHistory } from "./models-order";
import { checkKeySequential } from "./models-sequential";

export type { ModelCheck } from "./models-order";

/**
 * Which consistency models a register history satisfies, and the strongest rung of the article's ladder
 * (strong → sequential → causal → eventual, with the session guarantees read-your-writes and monotonic reads
 * between causal and eventual) that holds, so a run can read "causal, not sequential: …".
 *
 * - linearizable: `checkLinearizable` (or a result the caller already has).
 * - sequential: per key (models-sequential.ts). Sequential consistency is not compositional, so this is the
 *   per-key (memory coherence) check, tightened by one inference: a sequentially consistent history is causal,
 *   so a causal violation is a sequential one too. Cross-key orders that break neither (Dekker's store buffer:
 *   each session writes one key, then reads the other's nil) are not caught.
 * - causal, read-your-writes, monotonic reads: one pass over the causal order (models-order.ts); the session
 *   guarantees are judged per key against what the session could know, not against real time (the anomaly
 *   detectors' stale-read and read-your-writes use real time).
 * - eventual: replicas that hold a key agree, judged on a replica view the caller took after the run healed and
 *   went quiet; without one it is unknown. It is a liveness property, so it is reported but not implied by the
 *   rungs above it.
 *
 * Verdicts are "holds", "violated" (with the operations that prove it) or "unknown" (out of budget). A history
 * whose writes do not each write their own value (a counter) is outside the register checks: only eventual is
 * judged. Budgets: steps (deterministic, so both browsers of a room agree) and optionally wall time through an
 * injected clock.
 */
export type Rung = "linearizable" | "sequential" | "causal" | "session" | "eventual";
export const CONSISTENCY_LADDER: readonly Rung[] = [
  "linearizable",
  "sequential",
  "causal",
  "session",
  "eventual",
];

export const RUNG_LABEL: Record<Rung, string> = {
  linearizable: "linearizable",
  sequential: "sequential",
  causal: "causal",
  session: "read-your-writes + monotonic reads",
  eventual: "eventual",
};

export type ReplicaView = Readonly<Record<string, Readonly<Record<string, readonly number[]>>>>;

export interface ModelOptions {
  /** Search steps per key, for the sequential search (and linearizability when computed here). */
  maxStepsPerKey?: number;
  /** Steps for the causal pass (one per vector-clock entry copied). */
  maxCausalSteps?: number;
  /** What each node holds, taken after a heal and quiet time; without it eventual is unknown. */
  finalView?: ReplicaView;
  /** A linearizability result for the same history, to avoid checking it twice. */
  linearizability?: LinearizabilityResult;
  /** A clock in milliseconds and a wall budget for the whole check; past it, what is left is unknown. */
  now?: () => number;
  budgetMs?: number;
  /** How the summary names what was checked, with its verb: "the last 2,000 operations satisfy". */
  subject?: string;
}

export interface ConsistencyModels {
  /** False when the register checks do not apply; `reason` says why. */
  applies: boolean;
  reason: string | null;
  linearizable: ModelCheck;
  sequential: ModelCheck;
  causal: ModelCheck;
  readYourWrites: ModelCheck;
  monotonicReads: ModelCheck;
  eventual: ModelCheck;
  /** The strongest rung that holds (null: none does). */
  strongest: Rung | null;
  /** The rung just above `strongest`, and why it does not hold (violated or undecided). */
  above: { rung: Rung; check: ModelCheck } | null;
  summary: string;
}

export const DEFAULT_MODEL_STEPS_PER_KEY = 200_000;
export const DEFAULT_CAUSAL_STEPS = 2_000_000;

function unknown(reason: string): ModelCheck {
  return { status: "unknown", reason };
}

export function checkEventual(view: ReplicaView | undefined, ops: readonly Operation[]): ModelCheck {
  if (view === undefined) return unknown("no replica view taken after the run settled");
  const perKey = new Map<string, Map<string, string[]>>();
  for (const node of Object.keys(view).sort()) {
    const data = view[node] ?? {};
    for (const key of Object.keys(data).sort()) {
      const sig = [...(data[key] ?? [])].sort((a, b) => a - b).join(",");
      const m = perKey.get(key) ?? new Map<string, string[]>();
      m.set(sig, [...(m.get(sig) ?? []), node]);
      perKey.set(key, m);
    }
  }
  for (const [key, versions] of [...perKey].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (versions.size < 2) continue;
    const values = new Set([...versions.keys()].flatMap((s) => (s === "" ? [] : s.split(",").map(Number))));
    const opIds = ops.filter((o) => o.f === "write" && o.key === key && values.has(o.value as number));
    const parts = [...versions].map(([sig, nodes]) => `${nodes.join("+")} hold [${sig}]`);
    return {
      status: "violated",
      opIds: opIds.map((o) => o.opId),
      message: `replicas still disagree on ${key}: ${parts.join(", ")}`,
    };
  }
  return HOLDS;
}

function fromLinearizability(lin: LinearizabilityResult): ModelCheck {
  if (lin.verdict === "linearizable") return HOLDS;
  if (lin.verdict === "not-linearizable") {
    const bad = lin.keys.find((k) => k.verdict === "not-linearizable");
    return {
      status: "violated",
      opIds: bad?.culprits ?? [],
      message: bad?.explanation ?? lin.explanation ?? "not linearizable",
    };
  }
  return unknown(lin.explanation ?? "undecided");
}

function both(a: ModelCheck, b: ModelCheck): ModelCheck {
  if (a.status === "violated") return a;
  if (b.status === "violated") return b;
  return a.status === "unknown" ? a : b;
}

function rungCheck(m: Omit<ConsistencyModels, "strongest" | "above" | "summary">, rung: Rung): ModelCheck {
  switch (rung) {
    case "linearizable":
      return m.linearizable;
    case "sequential":
      return m.sequential;
    case "causal":
      return m.causal;
    case "session":
      return both(m.readYourWrites, m.monotonicReads);
    case "eventual":
      return m.eventual;
  }
}

function why(rung: Rung, check: ModelCheck): string {
  if (check.status === "violated") return `not ${RUNG_LABEL[rung]}: ${check.message}`;
  if (check.status === "unknown") return `${RUNG_LABEL[rung]} undecided: ${check.reason}`;
  return RUNG_LABEL[rung];
}

function conclude(
  m: Omit<ConsistencyModels, "strongest" | "above" | "summary">,
  subject = "this run satisfies",
): ConsistencyModels {
  const at = CONSISTENCY_LADDER.findIndex((r) => rungCheck(m, r).status === "holds");
  const strongest = at < 0 ? null : (CONSISTENCY_LADDER[at] as Rung);
  const aboveRung = at < 0 ? "session" : at > 0 ? (CONSISTENCY_LADDER[at - 1] as Rung) : null;
  const above = aboveRung === null ? null : { rung: aboveRung, check: rungCheck(m, aboveRung) };
  let summary: string;
  if (!m.applies) summary = `Consistency models: the register checks do not apply (${m.reason})`;
  else if (strongest === null)
    summary =
      rungCheck(m, "session").status === "violated"
        ? `No model on the consistency ladder holds (${why("session", rungCheck(m, "session"))})`
        : `Consistency ladder undecided (${why("session", rungCheck(m, "session"))})`;
  else
    summary = `Strongest model ${subject}: ${RUNG_LABEL[strongest]}${above === null ? "" : ` (${why(above.rung, above.check)})`}`;
  if (strongest !== "eventual" && m.eventual.status === "violated") summary += `; ${m.eventual.message}`;
  else if (strongest === null && m.eventual.status === "unknown")
    summary += "; eventual is judged once the run settles";
  else if (!m.applies && m.eventual.status === "holds") summary += "; replicas converged";
  return { ...m, strongest, above, summary };
}

export function checkConsistencyModels(
  history: readonly HistoryEvent[] | readonly Operation[],
  options: ModelOptions = {},
): ConsistencyModels {
  const ops = asOperations(history);
  const { now, budgetMs } = options;
  const started = now?.() ?? 0;
  const expired = () => now !== undefined && budgetMs !== undefined && now() - started > budgetMs;
  const eventual = checkEventual(options.finalView, ops);
  const notApplicable = nonUniqueWrites(ops);
  if (notApplicable !== null) {
    const na = unknown("does not apply");
    return conclude(
      {
        applies: false,
        reason: notApplicable,
        linearizable: na,
        sequential: na,
        causal: na,
        readYourWrites: na,
        monotonicReads: na,
        eventual,
      },
      options.subject,
    );
  }
  const maxStepsPerKey = options.maxStepsPerKey ?? DEFAULT_MODEL_STEPS_PER_KEY;
  const clock = budgetMs === undefined || now === undefined ? {} : { now, budgetMs };
  const lin = options.linearizability ?? checkLinearizable(ops, { maxStepsPerKey, ...clock });
  const linearizable = fromLinearizability(lin);
  const ordered = orderHistory(ops);
  const outOfTime = unknown("ran out of time");
  const session = expired()
    ? { causal: outOfTime, readYourWrites: outOfTime, monotonicReads: outOfTime }
    : causalPass(ordered, options.maxCausalSteps ?? DEFAULT_CAUSAL_STEPS, expired);

  // Keys the linearizability check passed are sequential too (real time orders more than program order does).
  // A causal violation is a sequential one: the per-key search only runs when causality holds.
  const linearKeys = new Set(lin.keys.filter((k) => k.verdict === "linearizable").map((k) => k.key));
  let sequential: ModelCheck = HOLDS;
  const keys = session.causal.status === "holds" ? [...ordered.byKey.keys()].sort() : [];
  for (const key of keys) {
    if (linearKeys.has(key)) continue;
    const k = expired()
      ? unknown(`key ${key}: not checked, out of time`)
      : checkKeySequential(ordered, key, maxStepsPerKey, expired);
    if (k.status === "violated") {
      sequential = k;
      break;
    }
    if (k.status === "unknown" && sequential.status === "holds") sequential = k;
  }
  if (sequential.status !== "violated" && session.causal.status === "violated")
    sequential = {
      ...session.causal,
      message: `sequential consistency implies causal, and ${session.causal.message}`,
    };
  else if (sequential.status === "holds" && session.causal.status === "unknown") sequential = session.causal;
  return conclude(
    { applies: true, reason: null, linearizable, sequential, ...session, eventual },
    options.subject,
  );
}

/**
 * The most recent `limit` operations (by invocation) and the earlier writes their reads returned, for checking a
 * long run in bounded time. The result is closed under reads-from, so a violation in it is one of the whole run;
 * "holds" then speaks only for the window. `dropped` counts the operations left out.
 */
export function recentOperations(
  ops: readonly Operation[],
  limit: number,
): { ops: Operation[]; dropped: number } {
  if (ops.length <= limit) return { ops: [...ops], dropped: 0 };
  const cut = ops.length - limit;
  const recent = ops.slice(cut);
  const wanted = new Set<string>();
  for (const o of recent)
    if (o.f === "read")
      for (const v of o.siblings ?? [o.value]) if (v !== null) wanted.add(`${o.key}\u0000${v}`);
  const sources = ops.slice(0, cut).filter((o) => o.f === "write" && wanted.has(`${o.key}\u0000${o.value}`));
  return { ops: [...sources, ...recent], dropped: cut - sources.length };
}
