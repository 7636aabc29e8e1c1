/**
 * A Jepsen-style history: each client operation is an `invoke` event followed by at most one completion:
 * `ok` (it happened), `fail` (it certainly did not happen) or `info` (unknown: it timed out and may yet take
 * effect). Written values are unique per history, which is what lets the checkers tell writes apart.
 */
export type OpFunction = "read" | "write";
export type EventType = "invoke" | "ok" | "fail" | "info";

export interface HistoryEvent {
  type: EventType;
  opId: number;
  /** A single-threaded actor: never has two operations open at once. */
  process: string;
  /** The client session (stable across retired processes); read-your-writes is a per-session guarantee. */
  session: string;
  /** The node the client was attached to; used to split statistics by partition side. */
  node: string;
  f: OpFunction;
  key: string;
  /** write: the value written. read invoke: null. read ok: the value seen (null = never written). */
  value: number | null;
  /** read ok with vector clocks: every concurrent sibling; `value` is then the largest of them. */
  siblings?: number[];
  time: number;
}

/** An invoke paired with its completion. `end` is null when the outcome is unknown (info or still open). */
export interface Operation {
  opId: number;
  process: string;
  session: string;
  node: string;
  f: OpFunction;
  key: string;
  /** For writes: the value written. For reads: the value returned (null if not ok). */
  value: number | null;
  siblings?: number[];
  status: "ok" | "fail" | "info";
  start: number;
  end: number | null;
}

/** Operations, whether given as history events (paired here) or already paired. */
export function asOperations(history: readonly HistoryEvent[] | readonly Operation[]): Operation[] {
  if (history.length === 0) return [];
  return "type" in (history[0] as object)
    ? toOperations(history as HistoryEvent[])
    : (history as Operation[]);
}

/** Index of the first element of `sorted` (ascending) that is ≥ `x`: how many are < x. */
export function countBelow(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function toOperations(history: readonly HistoryEvent[]): Operation[] {
  const open = new Map<number, Operation>();
  const ops: Operation[] = [];
  for (const e of history) {
    if (e.type === "invoke") {
      const op: Operation = {
        opId: e.opId,
        process: e.process,
        session: e.session,
        node: e.node,
        f: e.f,
        key: e.key,
        value: e.f === "write" ? e.value : null,
        status: "info",
        start: e.time,
        end: null,
      };
      open.set(e.opId, op);
      ops.push(op);
      continue;
    }
    const op = open.get(e.opId);
    if (op === undefined) continue;
    open.delete(e.opId);
    op.status = e.type;
    if (e.type === "info") continue;
    op.end = e.time;
    if (e.type === "ok" && op.f === "read") {
      op.value = e.value;
      if (e.siblings !== undefined) op.siblings = e.siblings;
    }
  }
  return ops;
}

export function describeOp(op: Operation): string {
  const arrow = op.f === "write" ? `← ${op.value}` : op.status === "ok" ? `→ ${op.value ?? "nil"}` : "→ ?";
  return `#${op.opId} ${op.session} ${op.f} ${op.key} ${arrow} (${op.status})`;
}
