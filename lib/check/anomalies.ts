import { describeOp, type HistoryEvent, type Operation, toOperations } from "./history";

/**
 * Named anomaly detectors. Each is cheaper and narrower than the linearizability check and points at the
 * operations involved, in words a candidate can discuss. "a precedes b" always means real time: a completed
 * before b was invoked. Written values are unique, so a read's value names the write it saw.
 */
export type AnomalyKind = "stale-read" | "lost-write" | "read-your-writes" | "monotonic-reads" | "divergence";

export interface Anomaly {
  kind: AnomalyKind;
  key: string;
  opIds: number[];
  message: string;
}

function precedes(a: Operation, b: Operation): boolean {
  return a.end !== null && a.end < b.start;
}

function asOps(history: readonly HistoryEvent[] | readonly Operation[]): Operation[] {
  if (history.length === 0) return [];
  return "type" in (history[0] as object)
    ? toOperations(history as HistoryEvent[])
    : (history as Operation[]);
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

/** A read that returned a value overwritten by a write that had completed before the read began. */
export function detectStaleReads(history: readonly HistoryEvent[] | readonly Operation[]): Anomaly[] {
  const ops = asOps(history);
  const idx = indexWrites(ops);
  const out: Anomaly[] = [];
  for (const r of okReads(ops)) {
    const k = idx.get(r.key);
    if (k === undefined) continue;
    let newest: Operation | null = null;
    for (const w of k.writes) {
      if (w.status !== "ok" || !precedes(w, r) || !olderThan(r, w, k)) continue;
      if (newest === null || (w.end ?? 0) > (newest.end ?? 0)) newest = w;
    }
    if (newest === null) continue;
    out.push({
      kind: "stale-read",
      key: r.key,
      opIds: [r.opId, newest.opId],
      message: `${describeOp(r)} missed ${describeOp(newest)}, which completed before the read began`,
    });
  }
  return out;
}

/**
 * An acknowledged write that the end state does not reflect: a read started after every write to the key had
 * finished returns something written before the acknowledged write began (or nothing at all).
 */
export function detectLostWrites(history: readonly HistoryEvent[] | readonly Operation[]): Anomaly[] {
  const ops = asOps(history);
  const idx = indexWrites(ops);
  const out: Anomaly[] = [];
  for (const [key, k] of idx) {
    const lastWriteEnd = Math.max(...k.writes.filter((w) => w.status === "ok").map((w) => w.end ?? 0));
    const finals = okReads(ops).filter((r) => r.key === key && r.start > lastWriteEnd);
    const final = finals[finals.length - 1];
    if (final === undefined) continue;
    for (const w of k.writes) {
      if (w.status !== "ok" || !olderThan(final, w, k)) continue;
      out.push({
        kind: "lost-write",
        key,
        opIds: [w.opId, final.opId],
        message: `${describeOp(w)} was acknowledged, yet the final read ${describeOp(final)} returns an older value`,
      });
    }
  }
  return out;
}

/** A session reads a key and gets something older than its own earlier, acknowledged write. */
export function detectReadYourWritesViolations(
  history: readonly HistoryEvent[] | readonly Operation[],
): Anomaly[] {
  const ops = asOps(history);
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
    });
  }
  return out;
}

/** A session reads a key twice and the second read returns something older than the first did. */
export function detectMonotonicReadViolations(
  history: readonly HistoryEvent[] | readonly Operation[],
): Anomaly[] {
  const ops = asOps(history);
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
    });
  }
  return out;
}

/**
 * Replicas that hold a key but disagree on it. Pass what each node holds (the simulator's `observe()`), taken
 * after a heal and enough quiet time for repair to have run.
 */
export function detectDivergence(
  view: Readonly<Record<string, Readonly<Record<string, readonly number[]>>>>,
): Anomaly[] {
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
    });
  }
  return out;
}

export function detectAnomalies(history: readonly HistoryEvent[] | readonly Operation[]): Anomaly[] {
  const ops = asOps(history);
  return [
    ...detectStaleReads(ops),
    ...detectLostWrites(ops),
    ...detectReadYourWritesViolations(ops),
    ...detectMonotonicReadViolations(ops),
  ];
}
