import { type CheckClock, type Deadline, startDeadline } from "./budget";
import { explainIllegalSiblings, explainNotLinearizable } from "./explain";
import { asOperations, describeOp, type HistoryEvent, type Operation, toOperations } from "./history";

/**
 * Linearizability of a register history, in the manner of Porcupine: Wing & Gong's search (repeatedly pick an
 * operation whose call comes before every pending return, apply it to the model, backtrack on failure) with
 * Lowe's memoisation (never revisit the same set of linearized operations with the same model state). Keys are
 * independent registers, so each key is checked alone (P-compositionality), which keeps the search small.
 *
 * Rules for incomplete operations (Jepsen's): a failed op never happened and is dropped; a read with unknown
 * outcome constrains nothing and is dropped; a write with unknown outcome may take effect at any time after
 * its call, so its return is placed at +∞.
 *
 * A read returning siblings (concurrent versions) is legal when the register's value is one of them and no
 * sibling had been replaced in real time by a write that had taken effect for that read (acknowledged before
 * the read began, or itself among the siblings). The second part does not depend on the order chosen, so it is
 * checked up front, like reads of values nobody wrote.
 *
 * "not-applicable": the history is not a register's (a counter's increments all write the same value).
 */
export type Verdict = "linearizable" | "not-linearizable" | "unknown" | "not-applicable";

export interface KeyVerdict {
  key: string;
  verdict: Verdict;
  steps: number;
  /** For not-linearizable: the operations that could not be ordered at the deepest point the search reached. */
  culprits: number[];
  explanation: string | null;
}

export interface LinearizabilityResult {
  verdict: Verdict;
  keys: KeyVerdict[];
  /** One line per key that is not linearizable (or unknown). */
  explanation: string | null;
  /** Keys with a definite verdict, and keys left unknown (out of steps or out of time), in key order. */
  decided: string[];
  undecided: string[];
}

export interface CheckOptions extends CheckClock {
  /** Search steps allowed per key before answering "unknown" (so a pathological history cannot hang). */
  maxStepsPerKey?: number;
}

/** How often (in search steps) the search looks at the clock: reading it costs more than a step. */
const CLOCK_EVERY_STEPS = 1024;

const DEFAULT_MAX_STEPS = 500_000;
const NIL_HASH = 0x2545f491;

function mix(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

type RegisterState = number | null;

function stateHash(s: RegisterState): number {
  return s === null ? NIL_HASH : mix(s + 0x632be5ab);
}

/** The register model: a write sets the value; a read must see it (or, with siblings, see it among them). */
function stepRegister(state: RegisterState, op: Operation): [boolean, RegisterState] {
  if (op.f === "write") return [true, op.value];
  if (op.siblings !== undefined) return [state !== null && op.siblings.includes(state), state];
  return [op.value === state, state];
}

interface CacheEntry {
  bits: Uint32Array;
  state: RegisterState;
}

/**
 * A sibling that a write replaced before the read could have taken effect: the read offers a version the
 * store should already have discarded. Returns the read and the pair, or null.
 */
function illegalSiblings(
  ops: readonly Operation[],
  writes: readonly Operation[],
): { read: Operation; older: Operation; newer: Operation } | null {
  const byValue = new Map(writes.map((w) => [w.value, w]));
  for (const r of ops) {
    if (r.f !== "read" || r.siblings === undefined) continue;
    for (const v of r.siblings) {
      const older = byValue.get(v);
      if (older === undefined || older.end === null) continue;
      const replacedAt = older.end;
      const newer = writes.find(
        (w) =>
          w.start > replacedAt &&
          ((w.status === "ok" && w.end !== null && w.end < r.start) ||
            r.siblings?.includes(w.value as number)),
      );
      if (newer !== undefined) return { read: r, older, newer };
    }
  }
  return null;
}

export function checkKeyLinearizable(
  key: string,
  all: Operation[],
  maxSteps: number,
  deadline: Deadline,
): KeyVerdict {
  const ops = all.filter((o) => o.status === "ok" || (o.status === "info" && o.f === "write"));
  const n = ops.length;
  if (n === 0) return { key, verdict: "linearizable", steps: 0, culprits: [], explanation: null };
  // Cheap first: a read of a value nobody wrote can never be ordered (values are unique per write).
  const written = new Set(all.filter((o) => o.f === "write" && o.status !== "fail").map((o) => o.value));
  const phantom = ops.find(
    (o) => o.f === "read" && (o.siblings ?? [o.value]).some((v) => v !== null && !written.has(v)),
  );
  if (phantom !== undefined) {
    return {
      key,
      verdict: "not-linearizable",
      steps: 0,
      culprits: [phantom.opId],
      explanation: `key ${key}: ${describeOp(phantom)} returned a value that no write of this key could have written`,
    };
  }
  const stale = illegalSiblings(
    ops,
    all.filter((o) => o.f === "write" && o.status !== "fail"),
  );
  if (stale !== null) {
    const { read, older, newer } = stale;
    return {
      key,
      verdict: "not-linearizable",
      steps: 0,
      culprits: [read.opId, older.opId, newer.opId],
      explanation: `key ${key}: ${explainIllegalSiblings(read, older, newer)}`,
    };
  }
  // Entries 0..n-1 are calls, n..2n-1 returns. Calls sort before returns at equal times (treated as concurrent).
  const time = (e: number) =>
    e < n ? (ops[e] as Operation).start : ((ops[e - n] as Operation).end ?? Infinity);
  const order = Array.from({ length: 2 * n }, (_, i) => i).sort(
    (a, b) => time(a) - time(b) || Number(a >= n) - Number(b >= n) || a - b,
  );
  // Doubly linked list over entries with a head sentinel at index 2n.
  const HEAD = 2 * n;
  const next = new Int32Array(2 * n + 1).fill(-1);
  const prev = new Int32Array(2 * n + 1).fill(-1);
  let last = HEAD;
  for (const e of order) {
    next[last] = e;
    prev[e] = last;
    last = e;
  }
  const unlink = (e: number) => {
    const p = prev[e] as number;
    const x = next[e] as number;
    next[p] = x;
    if (x >= 0) prev[x] = p;
  };
  const relink = (e: number) => {
    const p = prev[e] as number;
    const x = next[e] as number;
    next[p] = e;
    if (x >= 0) prev[x] = e;
  };
  const lift = (call: number) => {
    unlink(call);
    unlink(call + n);
  };
  const unlift = (call: number) => {
    relink(call + n);
    relink(call);
  };

  const bits = new Uint32Array((n + 31) >>> 5);
  const zobrist = Array.from({ length: n }, (_, i) => mix(Math.imul(i + 1, 0x9e3779b9)));
  let bitsHash = 0;
  const cache = new Map<number, CacheEntry[]>();
  const seen = (state: RegisterState): boolean => {
    const h = (bitsHash ^ stateHash(state)) >>> 0;
    const bucket = cache.get(h);
    if (bucket !== undefined) {
      for (const c of bucket) {
        if (c.state !== state) continue;
        let same = true;
        for (let w = 0; w < bits.length; w++) if (c.bits[w] !== bits[w]) same = false;
        if (same) return true;
      }
    }
    const entry = { bits: bits.slice(), state };
    if (bucket === undefined) cache.set(h, [entry]);
    else bucket.push(entry);
    return false;
  };
  const toggle = (i: number) => {
    bits[i >>> 5] = (bits[i >>> 5] as number) ^ (1 << (i & 31));
    bitsHash ^= zobrist[i] as number;
  };

  const stack: { call: number; state: RegisterState }[] = [];
  let state: RegisterState = null;
  let entry = next[HEAD] as number;
  let steps = 0;
  let deepest = { depth: -1, blocked: -1, candidates: [] as number[], state: null as RegisterState };

  while (next[HEAD] !== -1) {
    if (++steps > maxSteps) {
      return {
        key,
        verdict: "unknown",
        steps,
        culprits: [],
        explanation: `key ${key}: gave up after ${maxSteps} search steps over ${n} operations`,
      };
    }
    if (steps % CLOCK_EVERY_STEPS === 0 && deadline.expired()) {
      return {
        key,
        verdict: "unknown",
        steps,
        culprits: [],
        explanation: `key ${key}: ran out of time after ${steps} search steps over ${n} operations`,
      };
    }
    if (entry < n) {
      const op = ops[entry] as Operation;
      const [ok, nextState] = stepRegister(state, op);
      if (ok) {
        toggle(entry);
        if (!seen(nextState)) {
          stack.push({ call: entry, state });
          state = nextState;
          lift(entry);
          entry = next[HEAD] as number;
          continue;
        }
        toggle(entry);
      }
      entry = next[entry] as number;
      continue;
    }
    // Reached the return of an operation not yet linearized: nothing before it can be ordered next. Backtrack.
    if (stack.length > deepest.depth) {
      const candidates: number[] = [];
      for (let e = next[HEAD] as number; e !== entry && e >= 0; e = next[e] as number)
        if (e < n) candidates.push(e);
      deepest = { depth: stack.length, blocked: entry - n, candidates, state };
    }
    const top = stack.pop();
    if (top === undefined) break;
    toggle(top.call);
    state = top.state;
    unlift(top.call);
    entry = next[top.call] as number;
  }
  if (next[HEAD] === -1) return { key, verdict: "linearizable", steps, culprits: [], explanation: null };

  const blocked = ops[deepest.blocked] as Operation;
  const others = deepest.candidates.map((c) => ops[c] as Operation).filter((o) => o !== blocked);
  const culpritOps = [blocked, ...others];
  const explanation = explainNotLinearizable(key, deepest.depth, n, deepest.state, blocked, others);
  return { key, verdict: "not-linearizable", steps, culprits: culpritOps.map((o) => o.opId), explanation };
}

export function groupByKey(ops: readonly Operation[]): Map<string, Operation[]> {
  const byKey = new Map<string, Operation[]>();
  for (const op of ops) {
    const list = byKey.get(op.key);
    if (list === undefined) byKey.set(op.key, [op]);
    else list.push(op);
  }
  return byKey;
}

/** The overall verdict and explanation from per-key verdicts (any key not linearizable decides it). */
export function summariseKeys(keys: KeyVerdict[]): LinearizabilityResult {
  const bad = keys.filter((k) => k.verdict === "not-linearizable");
  const unknown = keys.filter((k) => k.verdict === "unknown");
  const verdict: Verdict =
    bad.length > 0 ? "not-linearizable" : unknown.length > 0 ? "unknown" : "linearizable";
  const lines = [...bad, ...unknown].map((k) => k.explanation).filter((x): x is string => x !== null);
  return {
    verdict,
    keys,
    explanation: lines.length > 0 ? lines.join("\n") : null,
    decided: keys.filter((k) => k.verdict !== "unknown").map((k) => k.key),
    undecided: unknown.map((k) => k.key),
  };
}

/** A key the budget left no time for. */
export function uncheckedKey(key: string): KeyVerdict {
  return {
    key,
    verdict: "unknown",
    steps: 0,
    culprits: [],
    explanation: `key ${key}: not checked, out of time`,
  };
}

export function checkLinearizable(
  history: readonly HistoryEvent[] | readonly Operation[],
  options: CheckOptions = {},
): LinearizabilityResult {
  const ops = asOperations(history);
  const maxSteps = options.maxStepsPerKey ?? DEFAULT_MAX_STEPS;
  const deadline = startDeadline(options);
  const keys = [...groupByKey(ops).entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, list]) =>
      deadline.expired() ? uncheckedKey(key) : checkKeyLinearizable(key, list, maxSteps, deadline),
    );
  return summariseKeys(keys);
}
