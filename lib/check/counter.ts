import type { Anomaly, ReplicaView } from "./anomalies";
import {
  explainCounterAbove,
  explainCounterBelow,
  explainCounterFinal,
  explainCounterWentDown,
} from "./explain";
import {
  asOperations,
  countBelow,
  describeOp,
  type HistoryEvent,
  type Operation,
  toOperations,
} from "./history";

/**
 * Checks for a counter (the multi-leader design's PN-counter), where a write adds its value and a read returns
 * the sum. Every increment writes the same value, so the register checks, which tell writes apart by value,
 * do not apply; these take their place (Jepsen's counter checker, plus monotonic reads):
 *
 * - a read lies between what had certainly been added before it began (increments acknowledged by then) and
 *   what could have been added before it ended (every increment started by then; one whose outcome is
 *   unknown may or may not count). A decrement (negative value) widens the range the other way.
 * - at the end, once the replicas agree, the value is the sum of acknowledged increments (± unknown ones).
 * - a session's reads of a key never go down, when the key only ever had increments.
 */

/** Prefix sums of the amount added, split into its increasing and decreasing parts. */
interface Prefix {
  times: number[];
  ops: Operation[];
  sum: number[];
  up: number[];
  down: number[];
}

function prefix(ops: Operation[], time: (o: Operation) => number): Prefix {
  ops.sort((a, b) => time(a) - time(b) || a.opId - b.opId);
  const p: Prefix = { times: [], ops, sum: [0], up: [0], down: [0] };
  for (const o of ops) {
    const d = o.value ?? 0;
    const i = p.times.length;
    p.times.push(time(o));
    p.sum.push((p.sum[i] as number) + d);
    p.up.push((p.up[i] as number) + Math.max(0, d));
    p.down.push((p.down[i] as number) + Math.min(0, d));
  }
  return p;
}

/** The counter checks for one key's operations (and, with `finalView`, what the replicas hold at the end). */
export function checkCounterKey(
  key: string,
  ops: readonly Operation[],
  finalView: ReplicaView | undefined,
): Anomaly[] {
  const out: Anomaly[] = [];
  const writes = ops.filter((o) => o.f === "write" && o.status !== "fail");
  const acked = prefix(
    writes.filter((w) => w.status === "ok" && w.end !== null),
    (w) => w.end as number,
  );
  const started = prefix([...writes], (w) => w.start);
  const reads = ops
    .filter((o) => o.f === "read" && o.status === "ok")
    .sort((a, b) => a.start - b.start || a.opId - b.opId);

  for (const r of reads) {
    const value = r.value ?? 0;
    const nAcked = countBelow(acked.times, r.start);
    const nStarted = countBelow(started.times, r.end ?? Infinity);
    const certain = acked.sum[nAcked] as number;
    const low = certain + (started.down[nStarted] as number) - (acked.down[nAcked] as number);
    const high = certain + (started.up[nStarted] as number) - (acked.up[nAcked] as number);
    if (value < low) {
      const last = nAcked > 0 ? (acked.ops[nAcked - 1] as Operation) : null;
      out.push({
        kind: "counter-read-range",
        key,
        opIds: last === null ? [r.opId] : [r.opId, last.opId],
        message: `${describeOp(r)} is below ${low}, the least the increments acknowledged before it add up to`,
        explanation: explainCounterBelow(r, value, low, last),
      });
    } else if (value > high) {
      out.push({
        kind: "counter-read-range",
        key,
        opIds: [r.opId],
        message: `${describeOp(r)} is above ${high}, the most the increments started before it ended add up to`,
        explanation: explainCounterAbove(r, value, high),
      });
    }
  }

  // Monotonic reads: only meaningful when nothing ever took the counter down.
  if (!writes.some((w) => (w.value ?? 0) < 0)) {
    const last = new Map<string, Operation>();
    for (const r of reads) {
      const prev = last.get(r.session);
      last.set(r.session, r);
      if (prev === undefined || prev.end === null || prev.end >= r.start) continue;
      if ((r.value ?? 0) >= (prev.value ?? 0)) continue;
      out.push({
        kind: "counter-monotonic-reads",
        key,
        opIds: [prev.opId, r.opId],
        message: `${describeOp(r)} is below ${describeOp(prev)} in the same session`,
        explanation: explainCounterWentDown(prev, r),
      });
    }
  }

  if (finalView !== undefined) out.push(...checkFinal(key, writes, finalView));
  return out;
}

/**
 * The final value. Replicas that still disagree have not finished exchanging state (divergence says so), so a
 * value below the acknowledged sum counts only once they agree; a value above the most that could have been
 * added is wrong whenever it is seen.
 */
function checkFinal(key: string, writes: readonly Operation[], view: ReplicaView): Anomaly[] {
  let certain = 0;
  let down = 0;
  let up = 0;
  for (const w of writes) {
    const d = w.value ?? 0;
    if (w.status === "ok") certain += d;
    else {
      down += Math.min(0, d);
      up += Math.max(0, d);
    }
  }
  const low = certain + down;
  const high = certain + up;
  const nodes = Object.keys(view).sort();
  const values = nodes.map((n) => view[n]?.[key]?.[0]);
  // About the end state, not particular operations (there may be thousands of increments).
  const opIds: number[] = [];
  const out: Anomaly[] = [];
  const above = nodes.filter((_, i) => (values[i] ?? 0) > high);
  if (above.length > 0) {
    const value = Math.max(...above.map((n) => view[n]?.[key]?.[0] ?? 0));
    out.push({
      kind: "counter-final-value",
      key,
      opIds,
      message: `${above.join("+")} hold ${key} above ${high}, the most its increments add up to`,
      explanation: explainCounterFinal(key, above, value, low, high),
    });
  }
  const first = values[0];
  const converged = nodes.length > 0 && values.every((v) => v === first);
  if (converged && (first ?? 0) < low) {
    out.push({
      kind: "counter-final-value",
      key,
      opIds,
      message: `every replica holds ${key} = ${first ?? 0}, below ${low}, the sum of acknowledged increments`,
      explanation: explainCounterFinal(key, nodes, first ?? 0, low, high),
    });
  }
  return out;
}

export function detectCounterAnomalies(
  history: readonly HistoryEvent[] | readonly Operation[],
  options: { finalView?: ReplicaView } = {},
): Anomaly[] {
  const byKey = new Map<string, Operation[]>();
  for (const o of asOperations(history)) {
    const list = byKey.get(o.key);
    if (list === undefined) byKey.set(o.key, [o]);
    else list.push(o);
  }
  const keys = new Set(byKey.keys());
  if (options.finalView !== undefined)
    for (const node of Object.values(options.finalView)) for (const k of Object.keys(node)) keys.add(k);
  return [...keys].sort().flatMap((k) => checkCounterKey(k, byKey.get(k) ?? [], options.finalView));
}
