import { describeOp, type Operation } from "./history";

/**
 * The orders the consistency-model checks share, and the causal pass (causal consistency, read-your-writes,
 * monotonic reads) that walks them once.
 *
 * Program order: a session issues one operation at a time, so a completed operation precedes every later
 * operation of its session; one with unknown outcome (timed out) precedes nothing, since it may take effect at
 * any time. A session whose completed operations overlap (never the simulator's) falls back to its processes,
 * and a process that overlaps itself to no order at all. Reads-from: a read follows the write of the value it
 * returned (every sibling's write, for a read of concurrent versions). Causal order is the transitive closure of
 * the two. It is kept as vector clocks with one entry per session (a completed operation's position in it) and
 * one per timed-out write somebody read, so that "w is causally before x" is one comparison.
 */
export type ModelCheck =
  | { status: "holds" }
  | { status: "violated"; opIds: number[]; message: string }
  | { status: "unknown"; reason: string };

export const HOLDS: ModelCheck = { status: "holds" };

/** A read's source for the nil (initial) value, and for a value no write wrote. */
export const NIL = -1;
export const THIN_AIR = -2;

export interface OrderedHistory {
  /** Completed operations and the timed-out writes somebody read, in invocation order. */
  ops: Operation[];
  /** Per op: the program-order unit (session) it belongs to. */
  unit: Int32Array;
  /** Per unit: its ops in program order. */
  units: number[][];
  /** Per unit: its vector-clock entry. */
  unitDim: Int32Array;
  /** Per op: its vector-clock entry (the unit's, or its own for a timed-out write) and 1-based position there. */
  dim: Int32Array;
  pos: Int32Array;
  dims: number;
  /** Per read: the writes of the values it returned (NIL, THIN_AIR). Empty for writes. */
  sources: number[][];
  /** Per key: its op indices in invocation order. */
  byKey: Map<string, number[]>;
}

/** Why the register checks do not apply, or null when every write of a key wrote its own value. */
export function nonUniqueWrites(ops: readonly Operation[]): string | null {
  const seen = new Map<string, Set<number>>();
  for (const o of ops) {
    if (o.f !== "write") continue;
    if (o.value === null) return `${describeOp(o)} wrote nothing`;
    let values = seen.get(o.key);
    if (values === undefined) {
      values = new Set();
      seen.set(o.key, values);
    }
    if (values.has(o.value))
      return `two writes of ${o.key} wrote ${o.value}, so a read cannot name the write it saw (a counter?)`;
    values.add(o.value);
  }
  return null;
}

function readValues(o: Operation): (number | null)[] {
  return o.siblings ?? [o.value];
}

/** True when no completed op of the list is still open when the next one is invoked. */
function oneAtATime(list: readonly Operation[]): boolean {
  for (let i = 0; i + 1 < list.length; i++) {
    const end = (list[i] as Operation).end;
    if (end !== null && end >= (list[i + 1] as Operation).start) return false;
  }
  return true;
}

function groupBy(list: readonly Operation[], by: (o: Operation) => string): Map<string, Operation[]> {
  const out = new Map<string, Operation[]>();
  for (const o of list) {
    const k = by(o);
    const g = out.get(k);
    if (g === undefined) out.set(k, [o]);
    else g.push(o);
  }
  return out;
}

/** Assumes `nonUniqueWrites(all)` is null. */
export function orderHistory(all: readonly Operation[]): OrderedHistory {
  const read = new Map<string, Set<number | null>>();
  for (const o of all) {
    if (o.f !== "read" || o.status !== "ok") continue;
    const s = read.get(o.key) ?? new Set();
    for (const v of readValues(o)) s.add(v);
    read.set(o.key, s);
  }
  const ops = all
    .filter(
      (o) =>
        o.status === "ok" ||
        (o.status === "info" && o.f === "write" && read.get(o.key)?.has(o.value) === true),
    )
    .sort((a, b) => a.start - b.start || a.opId - b.opId);
  const index = new Map(ops.map((o, i) => [o, i]));
  const n = ops.length;

  const groups: Operation[][] = [];
  for (const session of groupBy(ops, (o) => o.session).values()) {
    if (oneAtATime(session)) {
      groups.push(session);
      continue;
    }
    for (const proc of groupBy(session, (o) => o.process).values()) {
      if (oneAtATime(proc)) groups.push(proc);
      else for (const o of proc) groups.push([o]);
    }
  }

  const unit = new Int32Array(n);
  const dim = new Int32Array(n);
  const pos = new Int32Array(n);
  const unitDim = new Int32Array(groups.length);
  const units: number[][] = [];
  let dims = 0;
  groups.forEach((g, u) => {
    const d = dims++;
    unitDim[u] = d;
    let count = 0;
    const members: number[] = [];
    for (const o of g) {
      const i = index.get(o) as number;
      members.push(i);
      unit[i] = u;
      if (o.end !== null) {
        dim[i] = d;
        pos[i] = ++count;
      } else {
        dim[i] = dims++;
        pos[i] = 1;
      }
    }
    units.push(members);
  });

  const writeOf = new Map<string, Map<number, number>>();
  ops.forEach((o, i) => {
    if (o.f !== "write") return;
    const m = writeOf.get(o.key) ?? new Map<number, number>();
    m.set(o.value as number, i);
    writeOf.set(o.key, m);
  });
  const sources = ops.map((o) =>
    o.f === "write"
      ? []
      : readValues(o).map((v) => (v === null ? NIL : (writeOf.get(o.key)?.get(v) ?? THIN_AIR))),
  );
  const byKey = new Map<string, number[]>();
  ops.forEach((o, i) => {
    const l = byKey.get(o.key);
    if (l === undefined) byKey.set(o.key, [i]);
    else l.push(i);
  });
  return { ops, unit, units, unitDim, dim, pos, dims, sources, byKey };
}

export interface CausalResult {
  causal: ModelCheck;
  readYourWrites: ModelCheck;
  monotonicReads: ModelCheck;
}

/** Per (session, key): what the session has read there, as the join of those writes' strict causal pasts. */
interface ReadMemory {
  past: Int32Array;
  sawValue: boolean;
  reads: number[];
}

/**
 * One pass over the history in a topological order of the causal order. For each read r of key x and each
 * value it returned, written by w1 (the read is judged by its best sibling):
 * - causal: bad if some write w2 of x, w2 ≠ w1, has w1 → w2 → r (Bouajjani et al.'s WriteCORead), or r saw nil
 *   while a write of x is causally before it (WriteCOInitRead); also a read of a value nobody wrote, and a cycle.
 * - read-your-writes: bad if the session's own latest earlier write w of x is not w1 and w1 → w (or r saw nil).
 * - monotonic reads: bad if the session earlier read x from some w' with w1 → w' (or saw nil after a value).
 * Each is a special case of the causal pattern, so causal ⇒ read-your-writes ∧ monotonic reads.
 * Cost: O(ops × sessions-writing-the-key × log) plus one vector-clock copy per operation.
 */
export function causalPass(h: OrderedHistory, maxSteps: number, expired: () => boolean): CausalResult {
  const { ops, dim, pos, dims, sources, units, unitDim } = h;
  const n = ops.length;
  const vcOf: (Int32Array | null)[] = new Array(n).fill(null);
  // Per key: the vector-clock entries holding its writes, and those writes by position.
  const keyDims = new Map<string, { dims: number[]; lists: number[][] }>();
  ops.forEach((o, i) => {
    if (o.f !== "write") return;
    let k = keyDims.get(o.key);
    if (k === undefined) {
      k = { dims: [], lists: [] };
      keyDims.set(o.key, k);
    }
    const d = dim[i] as number;
    const at = k.dims.indexOf(d);
    if (at < 0) {
      k.dims.push(d);
      k.lists.push([i]);
    } else (k.lists[at] as number[]).push(i);
  });
  /** The key's latest write at entry d with position ≤ bound, or -1. */
  const latest = (list: number[], bound: number): number => {
    let lo = 0;
    let hi = list.length - 1;
    let best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const w = list[mid] as number;
      if ((pos[w] as number) <= bound) {
        best = w;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return best;
  };
  const coBefore = (a: number, b: number): boolean => {
    const vb = vcOf[b] ?? null;
    return a !== b && vb !== null && (vb[dim[a] as number] as number) >= (pos[a] as number);
  };
  /** A write of the read's key, other than w1, with w1 → it → the read (any write of the key, for nil). */
  const overwriter = (w1: number, k: { dims: number[]; lists: number[][] }, past: Int32Array): number => {
    for (let j = 0; j < k.dims.length; j++) {
      const w = latest(k.lists[j] as number[], past[k.dims[j] as number] as number);
      if (w >= 0 && (w1 === NIL || coBefore(w1, w))) return w;
    }
    return -1;
  };

  let causal: ModelCheck | null = null;
  let ryw: ModelCheck | null = null;
  let mr: ModelCheck | null = null;
  const memory = units.map(() => new Map<string, ReadMemory>());
  const run = units.map(() => new Int32Array(dims));
  const head = new Int32Array(units.length);
  const done = new Uint8Array(n);
  let processed = 0;
  let steps = 0;

  const judgeRead = (i: number, u: number, past: Int32Array) => {
    const r = ops[i] as Operation;
    const srcs = sources[i] as number[];
    if (srcs.includes(THIN_AIR)) {
      const v: ModelCheck = {
        status: "violated",
        opIds: [r.opId],
        message: `${describeOp(r)} returned a value no write of ${r.key} wrote`,
      };
      causal ??= v;
      ryw ??= v;
      mr ??= v;
      return;
    }
    const k = keyDims.get(r.key);
    if (causal === null && k !== undefined) {
      // Judged by its best sibling: bad only if every value it returned is.
      let first = -1;
      let firstBy = -1;
      let w2 = -1;
      for (const w1 of srcs) {
        w2 = overwriter(w1, k, past);
        if (w2 < 0) break;
        if (firstBy < 0) {
          first = w1;
          firstBy = w2;
        }
      }
      if (w2 >= 0) {
        const b = ops[firstBy] as Operation;
        const a = first === NIL ? null : (ops[first] as Operation);
        causal = {
          status: "violated",
          opIds: a === null ? [r.opId, b.opId] : [r.opId, a.opId, b.opId],
          message:
            a === null
              ? `${describeOp(r)} returned nil, yet ${describeOp(b)} is in its causal past`
              : `${describeOp(r)} returned the value of ${describeOp(a)}, yet ${describeOp(b)}, which causally follows that write, is in the read's causal past`,
        };
      }
    }
    const ud = unitDim[u] as number;
    const ownAt = k === undefined ? -1 : k.dims.indexOf(ud);
    const mine =
      ownAt < 0 ? -1 : latest((k as { lists: number[][] }).lists[ownAt] as number[], past[ud] as number);
    if (ryw === null && mine >= 0) {
      let bad = true;
      for (const w1 of srcs) if (w1 !== NIL && !coBefore(w1, mine)) bad = false;
      if (bad)
        ryw = {
          status: "violated",
          opIds: [r.opId, (ops[mine] as Operation).opId],
          message: `${describeOp(r)} does not show the session's own earlier ${describeOp(ops[mine] as Operation)}`,
        };
    }
    if (mr !== null) return;
    const mems = memory[u] as Map<string, ReadMemory>;
    let mem = mems.get(r.key);
    if (mem !== undefined) {
      let bad = true;
      for (const w1 of srcs)
        if (w1 === NIL ? !mem.sawValue : (mem.past[dim[w1] as number] as number) < (pos[w1] as number))
          bad = false;
      if (bad) {
        const w1 = srcs[0] as number;
        const earlier = mem.reads.find((p) =>
          (sources[p] as number[]).some((w) => (w1 === NIL ? w >= 0 : w >= 0 && coBefore(w1, w))),
        );
        const prev = ops[earlier ?? (mem.reads[mem.reads.length - 1] as number)] as Operation;
        mr = {
          status: "violated",
          opIds: [prev.opId, r.opId],
          message: `${describeOp(r)} returned something older than the session's earlier ${describeOp(prev)}`,
        };
        return;
      }
    } else {
      mem = { past: new Int32Array(dims), sawValue: false, reads: [] };
      mems.set(r.key, mem);
    }
    for (const w of srcs) {
      const vw = w >= 0 ? (vcOf[w] ?? null) : null;
      if (vw === null) continue;
      mem.sawValue = true;
      const own = dim[w] as number;
      for (let d = 0; d < dims; d++) {
        const x = d === own ? (pos[w] as number) - 1 : (vw[d] as number);
        if (x > (mem.past[d] as number)) mem.past[d] = x;
      }
    }
    mem.reads.push(i);
  };

  const step = (u: number, i: number) => {
    const o = ops[i] as Operation;
    const before = run[u] as Int32Array;
    const vc = new Int32Array(before);
    if (o.f === "read") {
      for (const w of sources[i] as number[]) {
        const vw = w >= 0 ? (vcOf[w] ?? null) : null;
        if (vw === null) continue;
        for (let d = 0; d < dims; d++) if ((vw[d] as number) > (vc[d] as number)) vc[d] = vw[d] as number;
      }
      judgeRead(i, u, vc);
    }
    vc[dim[i] as number] = pos[i] as number;
    if (o.f === "write") vcOf[i] = vc;
    if (o.end !== null) run[u] = vc;
    done[i] = 1;
    processed++;
    head[u] = (head[u] as number) + 1;
    steps += dims;
  };
  const ready = (i: number) => {
    for (const w of sources[i] as number[]) if (w >= 0 && done[w] === 0) return false;
    return true;
  };

  let cycle: ModelCheck | null = null;
  while (processed < n) {
    let progress = false;
    for (let u = 0; u < units.length; u++) {
      const list = units[u] as number[];
      while ((head[u] as number) < list.length && ready(list[head[u] as number] as number)) {
        step(u, list[head[u] as number] as number);
        progress = true;
        if (steps > maxSteps || ((processed & 255) === 0 && expired())) {
          const reason =
            steps > maxSteps
              ? `gave up after ${maxSteps} steps over ${n} operations`
              : `ran out of time after ${processed} of ${n} operations`;
          const unknown: ModelCheck = { status: "unknown", reason };
          return {
            causal: causal ?? unknown,
            readYourWrites: ryw ?? unknown,
            monotonicReads: mr ?? unknown,
          };
        }
      }
    }
    if (progress) continue;
    // Every unfinished session waits on a read of a write that waits on another read: a causal cycle. Report
    // it, then go on without the missing edge so the session guarantees are still judged (under that cut).
    const stuck = units.findIndex((l, u) => (head[u] as number) < l.length);
    const chain: number[] = [];
    const seenUnits = new Map<number, number>();
    let u = stuck;
    while (!seenUnits.has(u)) {
      seenUnits.set(u, chain.length);
      const r = (units[u] as number[])[head[u] as number] as number;
      const w = (sources[r] as number[]).find((s) => s >= 0 && done[s] === 0) as number;
      chain.push(r, w);
      u = h.unit[w] as number;
    }
    const loop = chain.slice(seenUnits.get(u)).map((i) => ops[i] as Operation);
    cycle ??= {
      status: "violated",
      opIds: loop.map((o) => o.opId),
      message: `the causal order has a cycle: ${loop.map(describeOp).join("; ")} (each read saw a write its own session's order puts after the next read)`,
    };
    step(stuck, (units[stuck] as number[])[head[stuck] as number] as number);
  }
  return {
    causal: cycle ?? causal ?? HOLDS,
    readYourWrites: ryw ?? HOLDS,
    monotonicReads: mr ?? HOLDS,
  };
}
