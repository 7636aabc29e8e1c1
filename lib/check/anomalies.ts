import {
  explainDivergence,
  explainIllegalSiblings,
  explainLostWrite,
  explainMonotonicRead,
  explainReadYourWrites,
  explainStaleRead,
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
 * Named anomaly detectors. Each is cheaper and narrower than the linearizability check and points at the
 * operations involved, in words a candidate can discuss. "a precedes b" always means real time: a completed
 * before b was invoked. Written values are unique, so a read's value names the write it saw: these are
 * register checks, and do not apply to a counter (see counter.ts and checkHistory).
 */
export type AnomalyKind =
  | "stale-read"
  | "illegal-siblings"
  | "lost-write"
  | "read-your-writes"
  | "monotonic-reads"
  | "divergence"
  | "counter-read-range"
  | "counter-final-value"
  | "counter-monotonic-reads";

export interface Anomaly {
  kind: AnomalyKind;
  key: string;
  opIds: number[];
  /** Terse, with op ids and statuses: for logs and tests. */
  message: string;
  /** The same finding in plain words, built from the operations that prove it: for people. */
  explanation: string;
}

/** What each node holds at the end: node id → key → values (siblings when more than one). */
export type ReplicaView = Readonly<Record<string, Readonly<Record<string, readonly number[]>>>>;

function precedes(a: Operation, b: Operation): boolean {
  return a.end !== null && a.end < b.start;
}

interface KeyIndex {
  writes: Operation[];
  byValue: Map<number, Operation>;
}

function indexWrites(ops: readonly Operation[]): Map<string, KeyIndex> {
  const out = new Map<string, KeyIndex>();
  for (const op of ops) {
    if (op.f !== "write" || op.status === "fail") continue;
    let k = out.get(op.key);
    if (k === undefined) {
      k = { writes: [], byValue: new Map() };
      out.set(op.key, k);
    }
    k.writes.push(op);
    if (op.value !== null) k.byValue.set(op.value, op);
  }
  return out;
}

/** The values a read saw: every sibling, or its single value. */
function seen(read: Operation): (number | null)[] {
  return read.siblings ?? [read.value];
}

/** True when what `read` saw is older than write `w`: every value it returned was written before w began. */
function olderThan(read: Operation, w: Operation, idx: KeyIndex): boolean {
  return seen(read).every((v) => {
    if (v === null) return true;
    const src = idx.byValue.get(v);
    return src !== undefined && src !== w && precedes(src, w);
  });
}

function okReads(ops: readonly Operation[]): Operation[] {
  return ops.filter((o) => o.f === "read" && o.status === "ok");
}

/**
 * For each prefix of a key's acknowledged writes in order of completion, the one that began last: the best
 * witness that a value was overwritten before some moment (it finished before then and began as late as any).
 */
interface WitnessIndex {
  ends: number[];
  latestStart: Operation[];
}

function witnessIndex(writes: readonly Operation[]): WitnessIndex {
  const acked = writes.filter((w) => w.status === "ok" && w.end !== null);
  acked.sort((a, b) => (a.end as number) - (b.end as number) || a.opId - b.opId);
  const latestStart: Operation[] = [];
  for (const w of acked) {
    const prev = latestStart[latestStart.length - 1];
    latestStart.push(prev !== undefined && prev.start >= w.start ? prev : w);
  }
  return { ends: acked.map((w) => w.end as number), latestStart };
}

/** The acknowledged write that finished before `t` and began last, if any. */
function latestFinishedBefore(idx: WitnessIndex, t: number): Operation | null {
  const n = countBelow(idx.ends, t);
  return n === 0 ? null : (idx.latestStart[n - 1] as Operation);
}

/**
 * Reads that returned an overwritten value. A value v (written by w_v) is overwritten for read r when some
 * write w began after w_v finished and w "had taken effect" for r: either it was acknowledged before r began
 * (a stale read), or r itself returned w's value beside v (illegal siblings: two versions offered as
 * concurrent though one replaced the other in real time). With siblings, every version must survive this
 * test, not just one of them. A read of nothing is stale once any write was acknowledged before it began.
 */
export function detectStaleReads(history: readonly HistoryEvent[] | readonly Operation[]): Anomaly[] {
  const ops = asOperations(history);
  const idx = indexWrites(ops);
  const witnesses = new Map<string, WitnessIndex>();
  for (const [key, k] of idx) witnesses.set(key, witnessIndex(k.writes));
  const out: Anomaly[] = [];
  for (const r of okReads(ops)) {
    const k = idx.get(r.key);
    const wi = witnesses.get(r.key);
    if (k === undefined || wi === undefined) continue;
    const newest = latestFinishedBefore(wi, r.start);
    const values = seen(r);
    let found: Anomaly | null = null;
    for (const v of values) {
      const src = v === null ? null : k.byValue.get(v);
      if (src === undefined || (src !== null && src.end === null)) continue;
      const overwrittenAfter = src === null ? -Infinity : (src.end as number);
      if (newest === null || newest.start <= overwrittenAfter) continue;
      found = {
        kind: "stale-read",
        key: r.key,
        opIds: [r.opId, newest.opId],
        message: `${describeOp(r)} missed ${describeOp(newest)}, which completed before the read began`,
        explanation: explainStaleRead(r, newest, v, src),
      };
      break;
    }
    if (found === null && r.siblings !== undefined) {
      const sources = r.siblings.map((v) => k.byValue.get(v)).filter((w): w is Operation => w !== undefined);
      for (const older of sources) {
        const newer = sources.find((w) => w !== older && precedes(older, w));
        if (newer === undefined) continue;
        found = {
          kind: "illegal-siblings",
          key: r.key,
          opIds: [r.opId, older.opId, newer.opId],
          message: `${describeOp(r)} returned ${older.value} beside ${newer.value}, though ${describeOp(older)} completed before ${describeOp(newer)} began`,
          explanation: explainIllegalSiblings(r, older, newer),
        };
        break;
      }
    }
    if (found !== null) out.push(found);
  }
  return out;
}

/**
 * An acknowledged write that the end state does not reflect: a read started after every write to the key had
 * finished returns something written before the acknowledged write began (or nothing at all).
 *
 * That read alone does not prove the write is gone: it may have asked a replica that lags. Pass `finalView`
 * (what each running replica holds at the end, e.g. the simulator's `observe()` without crashed nodes) and a
 * write counts as lost only if no replica holds its value or a value that may legitimately follow it (one
 * whose write did not finish before it began). A write that survives is not reported here; the read that
 * missed it is a stale read, and detectStaleReads reports it.
 */
export function detectLostWrites(
  history: readonly HistoryEvent[] | readonly Operation[],
  finalView?: ReplicaView,
): Anomaly[] {
  const ops = asOperations(history);
  const idx = indexWrites(ops);
  const reads = okReads(ops);
  const out: Anomaly[] = [];
  for (const [key, k] of idx) {
    const lastWriteEnd = Math.max(...k.writes.filter((w) => w.status === "ok").map((w) => w.end ?? 0));
    let final: Operation | undefined;
    for (const r of reads)
      if (r.key === key && r.start > lastWriteEnd && (final === undefined || r.start >= final.start))
        final = r;
    if (final === undefined) continue;
    const held = finalView === undefined ? null : heldValues(finalView, key);
    const finalSource =
      final.siblings === undefined && final.value !== null ? (k.byValue.get(final.value) ?? null) : null;
    for (const w of k.writes) {
      if (w.status !== "ok" || !olderThan(final, w, k)) continue;
      const survives = held?.some((v) => {
        const src = k.byValue.get(v);
        return src !== undefined && (src === w || !precedes(src, w));
      });
      if (survives) continue;
      out.push({
        kind: "lost-write",
        key,
        opIds: [w.opId, final.opId],
        message: `${describeOp(w)} was acknowledged, yet the final read ${describeOp(final)} returns an older value`,
        explanation: explainLostWrite(w, final, finalSource, held !== null),
      });
    }
  }
  return out;
}

function heldValues(view: ReplicaView, key: string): number[] {
  const out: number[] = [];
  for (const node of Object.keys(view)) out.push(...(view[node]?.[key] ?? []));
  return out;
}

/** A session reads a key and gets something older than its own earlier, acknowledged write. */
export function detectReadYourWritesViolations(
  history: readonly HistoryEvent[] | readonly Operation[],
): Anomaly[] {
  const ops = asOperations(history);
  const idx = indexWrites(ops);
  const out: Anomaly[] = [];
  const lastOwnWrite = new Map<string, Operation>();
  const sorted = [...ops].sort((a, b) => a.start - b.start || a.opId - b.opId);
  const completions = sorted.filter((o) => o.f === "write" && o.status === "ok");
  for (const r of okReads(sorted)) {
    for (const w of completions)
      if (precedes(w, r) && w.session === r.session) lastOwnWrite.set(`${w.session}|${w.key}`, w);
    const w = lastOwnWrite.get(`${r.session}|${r.key}`);
    const k = idx.get(r.key);
    if (w === undefined || k === undefined || !olderThan(r, w, k)) continue;
    out.push({
      kind: "read-your-writes",
      key: r.key,
      opIds: [r.opId, w.opId],
      message: `${describeOp(r)} does not show the session's own earlier ${describeOp(w)}`,
      explanation: explainReadYourWrites(r, w),
    });
  }
  return out;
}

/** A session reads a key twice and the second read returns something older than the first did. */
export function detectMonotonicReadViolations(
  history: readonly HistoryEvent[] | readonly Operation[],
): Anomaly[] {
  const ops = asOperations(history);
  const idx = indexWrites(ops);
  const out: Anomaly[] = [];
  const lastRead = new Map<string, Operation>();
  const reads = okReads(ops).sort((a, b) => a.start - b.start || a.opId - b.opId);
  for (const r of reads) {
    const id = `${r.session}|${r.key}`;
    const prevRead = lastRead.get(id);
    lastRead.set(id, r);
    const k = idx.get(r.key);
    if (prevRead === undefined || k === undefined || !precedes(prevRead, r)) continue;
    const prevSources = seen(prevRead)
      .map((v) => (v === null ? undefined : k.byValue.get(v)))
      .filter((w): w is Operation => w !== undefined);
    const regressed = prevSources.some((w) => olderThan(r, w, k));
    if (!regressed) continue;
    out.push({
      kind: "monotonic-reads",
      key: r.key,
      opIds: [prevRead.opId, r.opId],
      message: `${describeOp(r)} went back in time after ${describeOp(prevRead)} in the same session`,
      explanation: explainMonotonicRead(prevRead, r),
    });
  }
  return out;
}

/**
 * Replicas that hold a key but disagree on it. Pass what each node holds (the simulator's `observe()`), taken
 * after a heal and enough quiet time for repair to have run.
 */
export function detectDivergence(view: ReplicaView): Anomaly[] {
  const perKey = new Map<string, Map<string, string[]>>();
  for (const node of Object.keys(view).sort()) {
    const data = view[node] ?? {};
    for (const key of Object.keys(data)) {
      const sig = [...(data[key] ?? [])].sort((a, b) => a - b).join(",");
      let m = perKey.get(key);
      if (m === undefined) {
        m = new Map();
        perKey.set(key, m);
      }
      const holders = m.get(sig) ?? [];
      holders.push(node);
      m.set(sig, holders);
    }
  }
  const out: Anomaly[] = [];
  for (const [key, versions] of [...perKey].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (versions.size < 2) continue;
    const parts = [...versions].map(([sig, nodes]) => `${nodes.join("+")} hold [${sig}]`);
    out.push({
      kind: "divergence",
      key,
      opIds: [],
      message: `replicas disagree on ${key}: ${parts.join(", ")}`,
      explanation: explainDivergence(
        key,
        [...versions].map(([sig, nodes]) => ({ nodes, values: sig.split(",").join(" and ") })),
      ),
    });
  }
  return out;
}

/** Every register anomaly of a whole history, with no time limit (see checkHistory for one with a budget). */
export function detectAnomalies(
  history: readonly HistoryEvent[] | readonly Operation[],
  options: { finalView?: ReplicaView } = {},
): Anomaly[] {
  const ops = asOperations(history);
  return [
    ...detectStaleReads(ops),
    ...detectLostWrites(ops, options.finalView),
    ...detectReadYourWritesViolations(ops),
    ...detectMonotonicReadViolations(ops),
  ];
}
