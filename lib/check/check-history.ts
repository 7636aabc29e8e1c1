import {
  type Anomaly,
  detectLostWrites,
  detectMonotonicReadViolations,
  detectReadYourWritesViolations,
  detectStaleReads,
  type ReplicaView,
} from "./anomalies";
import { type CheckClock, startDeadline } from "./budget";
import { checkCounterKey } from "./counter";
import { asOperations, type HistoryEvent, type Operation, toOperations } from "./history";
import {
  checkKeyLinearizable,
  groupByKey,
  type KeyVerdict,
  type LinearizabilityResult,
  summariseKeys,
  uncheckedKey,
} from "./linearizability";

/**
 * One entry point for checking a history, key by key, within a wall-time budget: the right checks for what the
 * keys hold (a register: each write sets a value; a counter: each write adds one), and how far it got.
 */
export type DataModel = "register" | "counter";

/** The register checks; a counter always gets its own (range, final value, monotonic reads). */
export type RegisterCheck = "linearizability" | "stale-reads" | "lost-writes" | "sessions";

export interface HistoryCheckOptions extends CheckClock {
  model?: DataModel;
  /** What each running replica holds at the end (lost writes, a counter's final value). */
  finalView?: ReplicaView;
  /** Which register checks to run (default: all). "sessions" is read-your-writes and monotonic reads. */
  checks?: readonly RegisterCheck[];
  maxStepsPerKey?: number;
}

export interface HistoryCheck {
  model: DataModel;
  /** "not-applicable" for a counter; null when not asked for. */
  linearizability: LinearizabilityResult | null;
  anomalies: Anomaly[];
  /** Why the register checks were not run, for a counter; null otherwise. */
  notApplicable: string | null;
  /**
   * Keys every requested check answered for, and keys left undecided: never reached before the time ran out,
   * or the linearizability search stopped (out of time or steps). In key order.
   */
  decidedKeys: string[];
  undecidedKeys: string[];
  /** False when something is undecided; `linearizability.explanation` says which ran out of what. */
  complete: boolean;
}

export const COUNTER_NOT_APPLICABLE =
  "Linearizability, stale reads and lost writes are register checks: they tell writes apart by the value each " +
  "one sets. Every increment of a counter writes the same 1, so the counter is checked instead for reads " +
  "within what had been added, its final value and reads that never go down.";

const DEFAULT_STEPS = 200_000;

export function checkHistory(
  history: readonly HistoryEvent[] | readonly Operation[],
  options: HistoryCheckOptions = {},
): HistoryCheck {
  const ops = asOperations(history);
  const model = options.model ?? "register";
  const checks = new Set<RegisterCheck>(
    options.checks ?? ["linearizability", "stale-reads", "lost-writes", "sessions"],
  );
  const deadline = startDeadline(options);
  const byKey = groupByKey(ops);
  const keys = [...byKey.keys()].sort();
  const anomalies: Anomaly[] = [];
  const verdicts: KeyVerdict[] = [];
  const decidedKeys: string[] = [];
  const undecidedKeys: string[] = [];
  for (const key of keys) {
    if (deadline.expired()) {
      undecidedKeys.push(key);
      if (model === "register" && checks.has("linearizability")) verdicts.push(uncheckedKey(key));
      continue;
    }
    const list = byKey.get(key) as Operation[];
    if (model === "counter") {
      anomalies.push(...checkCounterKey(key, list, options.finalView));
      decidedKeys.push(key);
      continue;
    }
    if (checks.has("stale-reads")) anomalies.push(...detectStaleReads(list));
    if (checks.has("lost-writes")) anomalies.push(...detectLostWrites(list, options.finalView));
    if (checks.has("sessions"))
      anomalies.push(...detectReadYourWritesViolations(list), ...detectMonotonicReadViolations(list));
    let decided = true;
    if (checks.has("linearizability")) {
      const v = checkKeyLinearizable(key, list, options.maxStepsPerKey ?? DEFAULT_STEPS, deadline);
      verdicts.push(v);
      decided = v.verdict !== "unknown";
    }
    (decided ? decidedKeys : undecidedKeys).push(key);
  }
  let linearizability: LinearizabilityResult | null = null;
  if (model === "counter")
    linearizability = {
      verdict: "not-applicable",
      keys: [],
      explanation: COUNTER_NOT_APPLICABLE,
      decided: [],
      undecided: [],
    };
  else if (checks.has("linearizability")) linearizability = summariseKeys(verdicts);
  return {
    model,
    linearizability,
    anomalies,
    notApplicable: model === "counter" ? COUNTER_NOT_APPLICABLE : null,
    decidedKeys,
    undecidedKeys,
    complete: undecidedKeys.length === 0,
  };
}

/** One line saying how far a check got, for the UI: null when it finished. */
export function describeCoverage(check: HistoryCheck): string | null {
  if (check.complete) return null;
  const done = check.decidedKeys.length === 0 ? "no key" : check.decidedKeys.join(", ");
  return (
    `Checked ${done}; stopped before finishing ${check.undecidedKeys.join(", ")} (the check has a time limit ` +
    "so the page stays responsive), so anomalies there are not known."
  );
}
