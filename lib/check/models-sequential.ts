import { describeOp, type Operation } from "./history";
import { HOLDS, type ModelCheck, NIL, type OrderedHistory, THIN_AIR } from "./models-order";

/**
 * Sequential consistency of one key: is there a single order of the key's operations that keeps every
 * session's program order and in which each read returns the latest write (Lamport)? Real time does not count,
 * which is the whole difference from linearizability. Checking it is NP-complete even with unique values
 * (Cantin et al., "memory coherence"), so it is two stages:
 *
 * 1. Saturation (polynomial, finds most violations with a short witness): start from program order and
 *    reads-from; for a read r of w and another write w', if w' must precede r then it must precede w, and if w
 *    must precede w' then r must precede w'; a read of nil precedes every write. A cycle is a violation.
 * 2. A backtracking search over what is left, with Lowe's memo (placed set × register value): a read is placed
 *    as soon as it can see the current value (never worse than later: reads change nothing), and a write is
 *    refused when it would overwrite, for good, the only value a pending read could still return.
 *
 * A read of siblings may see any of them (as the linearizability check allows). Budgeted in steps.
 */
export const MAX_OPS_PER_KEY = 4096;

class OutOfBudget {}

export function checkKeySequential(
  h: OrderedHistory,
  key: string,
  maxSteps: number,
  expired: () => boolean,
): ModelCheck {
  const idx = h.byKey.get(key) ?? [];
  const n = idx.length;
  if (n === 0) return HOLDS;
  if (n > MAX_OPS_PER_KEY)
    return {
      status: "unknown",
      reason: `key ${key}: ${n} operations, more than the ${MAX_OPS_PER_KEY} checked`,
    };
  const op = (l: number) => h.ops[idx[l] as number] as Operation;
  const local = new Map(idx.map((g, l) => [g, l]));
  const vals = idx.map((g) => (h.sources[g] as number[]).map((s) => (s >= 0 ? (local.get(s) as number) : s)));
  const thin = vals.findIndex((v) => v.includes(THIN_AIR));
  if (thin >= 0)
    return {
      status: "violated",
      opIds: [op(thin).opId],
      message: `key ${key}: ${describeOp(op(thin))} returned a value no write of this key wrote`,
    };
  const writes: number[] = [];
  const reads: number[] = [];
  for (let l = 0; l < n; l++) (op(l).f === "write" ? writes : reads).push(l);

  // Program order restricted to the key, reads-from, and nil reads before every write.
  const base: [number, number][] = [];
  const last = new Map<number, number>();
  for (let l = 0; l < n; l++) {
    const u = h.unit[idx[l] as number] as number;
    const p = last.get(u);
    if (p !== undefined) base.push([p, l]);
    if (op(l).end !== null) last.set(u, l);
  }
  for (const r of reads) {
    const v = vals[r] as number[];
    if (v.length !== 1) continue;
    if (v[0] === NIL) for (const w of writes) base.push([r, w]);
    else base.push([v[0] as number, r]);
  }

  let steps = 0;
  let limit = Math.floor(maxSteps / 4);
  const spend = (k: number) => {
    steps += k;
    if (steps > limit || ((steps & 1023) < k && expired())) throw new OutOfBudget();
  };
  const gaveUp = (): ModelCheck => ({
    status: "unknown",
    reason: `key ${key}: gave up after ${steps} steps over ${n} operations`,
  });
  // Most histories that hold are found by the search alone; saturation (quadratic) is for the rest, and for
  // a short witness when the search proves a violation.
  let proven: ModelCheck | null = null;
  try {
    const out: number[][] = Array.from({ length: n }, () => []);
    for (const [a, b] of base) (out[a] as number[]).push(b);
    const found = search(n, writes, reads, vals, out, spend, key, op);
    if (found.status === "holds") return found;
    proven = found;
  } catch (e) {
    if (!(e instanceof OutOfBudget)) throw e;
  }
  limit = maxSteps;
  try {
    const saturated = saturate(n, base, writes, reads, vals, spend);
    if ("cycle" in saturated) {
      const ops = saturated.cycle.map(op);
      return {
        status: "violated",
        opIds: ops.map((o) => o.opId),
        message:
          ops.length === 1
            ? `key ${key}: ${describeOp(ops[0] as Operation)} would have to precede itself`
            : `key ${key}: no single order fits: ${ops.map(describeOp).join(" must precede ")}, which must precede ${describeOp(ops[0] as Operation)}`,
      };
    }
    return proven ?? search(n, writes, reads, vals, saturated.out, spend, key, op);
  } catch (e) {
    if (!(e instanceof OutOfBudget)) throw e;
    return proven ?? gaveUp();
  }
}

/**
 * Closes the constraints under the two register rules. Returns the direct edges (for the search), or a cycle
 * of op indices when the constraints contradict each other.
 */
function saturate(
  n: number,
  base: readonly [number, number][],
  writes: readonly number[],
  reads: readonly number[],
  vals: readonly number[][],
  spend: (k: number) => void,
): { out: number[][] } | { cycle: number[] } {
  const words = (n + 31) >>> 5;
  const reach = new Uint32Array(n * words);
  const out: number[][] = Array.from({ length: n }, () => []);
  const has = (a: number, b: number) => (((reach[a * words + (b >>> 5)] as number) >>> (b & 31)) & 1) === 1;
  let cycle: number[] | null = null;
  const pathFrom = (from: number, to: number): number[] => {
    const prev = new Int32Array(n).fill(-1);
    const queue = [from];
    prev[from] = from;
    for (let q = 0; q < queue.length && prev[to] === -1; q++)
      for (const s of out[queue[q] as number] as number[])
        if (prev[s] === -1) {
          prev[s] = queue[q] as number;
          queue.push(s);
        }
    const path = [to];
    for (let x = to; x !== from; x = prev[x] as number) path.push(prev[x] as number);
    return path.reverse();
  };
  /** Adds a → b and keeps `reach` transitively closed. Records a cycle instead of closing one. */
  const addEdge = (a: number, b: number) => {
    if (cycle !== null || has(a, b)) return;
    if (a === b || has(b, a)) {
      cycle = a === b ? [a] : pathFrom(b, a);
      return;
    }
    (out[a] as number[]).push(b);
    const rb = b * words;
    let rows = 0;
    for (let x = 0; x < n; x++) {
      if (x !== a && !has(x, a)) continue;
      const rx = x * words;
      for (let w = 0; w < words; w++) reach[rx + w] = (reach[rx + w] as number) | (reach[rb + w] as number);
      reach[rx + (b >>> 5)] = (reach[rx + (b >>> 5)] as number) | (1 << (b & 31));
      rows++;
    }
    // A step is worth about one search step: a row of bit-parallel ORs, or a scan of 32 rows.
    spend(1 + rows + (n >>> 5));
  };
  for (const [a, b] of base) addEdge(a, b);
  const singles = reads.filter((r) => (vals[r] as number[]).length === 1 && (vals[r] as number[])[0] !== NIL);
  for (let changed = true; changed && cycle === null; ) {
    changed = false;
    for (const r of singles) {
      const w = (vals[r] as number[])[0] as number;
      for (const w2 of writes) {
        if (w2 === w) continue;
        if (has(w2, r) && !has(w2, w)) {
          addEdge(w2, w);
          changed = true;
        }
        if (has(w, w2) && !has(r, w2)) {
          addEdge(r, w2);
          changed = true;
        }
      }
      spend(1 + (writes.length >>> 3));
      if (cycle !== null) break;
    }
  }
  return cycle === null ? { out } : { cycle };
}

function mix(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

function search(
  n: number,
  writes: number[],
  reads: number[],
  vals: number[][],
  out: number[][],
  spend: (k: number) => void,
  key: string,
  op: (l: number) => Operation,
): ModelCheck {
  const indeg = new Int32Array(n);
  for (const succ of out) for (const s of succ) indeg[s] = (indeg[s] as number) + 1;
  const readersOf: number[][] = Array.from({ length: n }, () => []);
  const nilReaders: number[] = [];
  for (const r of reads)
    for (const v of vals[r] as number[]) (v === NIL ? nilReaders : (readersOf[v] as number[])).push(r);
  const dead = new Int32Array(n);
  const placed = new Uint8Array(n);
  const words = (n + 31) >>> 5;
  const bits = new Uint32Array(words);
  const zobrist = Array.from({ length: n }, (_, i) => mix(Math.imul(i + 1, 0x9e3779b9)));
  let hash = 0;
  let count = 0;
  let cur = NIL;
  const memo = new Map<number, { bits: Uint32Array; cur: number }[]>();
  const seen = (): boolean => {
    const hk = (hash ^ mix(cur + 0x632be5ab)) >>> 0;
    const bucket = memo.get(hk);
    if (bucket?.some((e) => e.cur === cur && e.bits.every((w, i) => w === bits[i])) === true) return true;
    const entry = { bits: bits.slice(), cur };
    if (bucket === undefined) memo.set(hk, [entry]);
    else bucket.push(entry);
    return false;
  };
  const toggle = (l: number) => {
    bits[l >>> 5] = (bits[l >>> 5] as number) ^ (1 << (l & 31));
    hash ^= zobrist[l] as number;
  };
  const place = (l: number) => {
    placed[l] = 1;
    count++;
    toggle(l);
    for (const s of out[l] as number[]) indeg[s] = (indeg[s] as number) - 1;
  };
  const unplace = (l: number) => {
    placed[l] = 0;
    count--;
    toggle(l);
    for (const s of out[l] as number[]) indeg[s] = (indeg[s] as number) + 1;
  };
  let deepest = { count: -1, cur: NIL, blocked: [] as number[] };

  const go = (): boolean => {
    const readersNow = cur === NIL ? nilReaders : (readersOf[cur] as number[]);
    // A step is about one cheap loop iteration's worth of work times 16: this node scans every write.
    spend(1 + ((writes.length + readersNow.length) >>> 4));
    const greedy: number[] = [];
    for (let again = true; again; ) {
      again = false;
      for (const r of readersNow)
        if (placed[r] === 0 && indeg[r] === 0) {
          place(r);
          greedy.push(r);
          again = true;
        }
    }
    if (count === n) return true;
    if (!seen()) {
      // Overwriting the current value is final (values are unique): refused if a pending read needs it.
      const killed = readersNow.filter((r) => placed[r] === 0);
      let viable = true;
      for (const r of killed) {
        dead[r] = (dead[r] as number) + 1;
        if (dead[r] === (vals[r] as number[]).length) viable = false;
      }
      if (viable)
        for (const w of writes) {
          if (placed[w] === 1 || indeg[w] !== 0) continue;
          const prev = cur;
          place(w);
          cur = w;
          if (go()) return true;
          cur = prev;
          unplace(w);
        }
      for (const r of killed) dead[r] = (dead[r] as number) - 1;
      if (count > deepest.count) {
        spend(reads.length >>> 4);
        const pending = reads.filter((r) => placed[r] === 0 && indeg[r] === 0);
        deepest = { count, cur, blocked: pending.length > 0 ? pending : killed };
      }
    }
    for (let i = greedy.length - 1; i >= 0; i--) unplace(greedy[i] as number);
    return false;
  };
  if (go()) return HOLDS;
  const blocked = deepest.blocked.slice(0, 3).map(op);
  const held = deepest.cur === NIL ? "nil" : describeOp(op(deepest.cur));
  const culprits = [...blocked, ...(deepest.cur === NIL ? [] : [op(deepest.cur)])];
  return {
    status: "violated",
    opIds: culprits.map((o) => o.opId),
    message:
      `key ${key}: no order of its ${n} operations keeps every session's order and what each read returned; ` +
      `the longest covers ${deepest.count}, with the register last set by ${held}, and then ` +
      (blocked.length > 0
        ? `[${blocked.map(describeOp).join("; ")}] cannot be placed`
        : "nothing can be placed"),
  };
}
