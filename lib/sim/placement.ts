import { fnv1a32, mix32 } from "./hash";

/**
 * Data placement: which node owns a key. Consistent hashing puts nodes at many points of a 32-bit ring (virtual
 * nodes) and gives a key to the first point clockwise, so a join or leave only moves keys next to the changed
 * points; `hash mod N` reassigns almost every key when N changes. Range partitioning keeps keys in order (good
 * for scans, prone to hot spots).
 */
export interface RingPoint {
  pos: number;
  node: number;
}

export function keyHash(key: string): number {
  return mix32(fnv1a32(key));
}

/** `members[i]` is [node index, node id]; positions depend only on ids, so indices can change freely. */
export function buildRing(members: ReadonlyArray<readonly [number, string]>, vnodes: number): RingPoint[] {
  const ring: RingPoint[] = [];
  for (const [node, id] of members) {
    for (let v = 0; v < vnodes; v++) ring.push({ pos: mix32(fnv1a32(`${id}#${v}`)), node });
  }
  ring.sort((a, b) => a.pos - b.pos || a.node - b.node);
  return ring;
}

function firstAtOrAfter(ring: readonly RingPoint[], hash: number): number {
  let lo = 0;
  let hi = ring.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((ring[mid] as RingPoint).pos < hash) lo = mid + 1;
    else hi = mid;
  }
  return lo === ring.length ? 0 : lo;
}

/** Distinct nodes met walking clockwise from the key: the first N are its replicas, the rest are fallbacks. */
export function preferenceList(ring: readonly RingPoint[], key: string, count: number): number[] {
  const out: number[] = [];
  if (ring.length === 0) return out;
  const start = firstAtOrAfter(ring, keyHash(key));
  for (let i = 0; i < ring.length && out.length < count; i++) {
    const node = (ring[(start + i) % ring.length] as RingPoint).node;
    if (!out.includes(node)) out.push(node);
  }
  return out;
}

export function ringOwner(ring: readonly RingPoint[], key: string): number {
  return (ring[firstAtOrAfter(ring, keyHash(key))] as RingPoint).node;
}

export function modNOwner(key: string, nodeCount: number): number {
  return keyHash(key) % nodeCount;
}

/** Range partitioning: `splits` are sorted upper-exclusive bounds; partition i holds keys in [splits[i-1], splits[i]). */
export function rangeOwner(splits: readonly string[], key: string): number {
  let i = 0;
  while (i < splits.length && key >= (splits[i] as string)) i++;
  return i;
}

/**
 * Range partitioning as the quorum store runs it. A key's position is its number (k2 before k10: natural order,
 * not byte order); a key not named k<number> sorts after every numbered key. The table lists ranges in key
 * order, each running from its `start` to the next range's start (the last one is open-ended; the first starts
 * at 0). Invariant: every member owns exactly one range, so walking the table from a key's range, wrapping
 * round, meets every member once: the first N owners are the key's replicas, the rest its fallbacks.
 */
export interface KeyRange {
  start: number;
  node: number;
}

const UNNUMBERED = Number.MAX_SAFE_INTEGER;

export function keyPosition(key: string): number {
  const m = /^k(\d{1,15})$/.exec(key);
  return m ? Number(m[1]) : UNNUMBERED;
}

/** `members` in node order split positions 0…keySpace-1 evenly (one key each when there are more members). */
export function initialRanges(members: readonly number[], keySpace: number): KeyRange[] {
  const space = Math.max(keySpace, members.length);
  return members.map((node, i) => ({ start: Math.floor((i * space) / members.length), node }));
}

function rangeAt(ranges: readonly KeyRange[], pos: number): number {
  let i = 0;
  while (i + 1 < ranges.length && (ranges[i + 1] as KeyRange).start <= pos) i++;
  return i;
}

/** Distinct owners met walking the ranges from the key's own, in key order, wrapping round. */
export function rangePreferenceList(ranges: readonly KeyRange[], key: string, count: number): number[] {
  const out: number[] = [];
  if (ranges.length === 0) return out;
  const first = rangeAt(ranges, keyPosition(key));
  for (let i = 0; i < ranges.length && out.length < count; i++) {
    const node = (ranges[(first + i) % ranges.length] as KeyRange).node;
    if (!out.includes(node)) out.push(node);
  }
  return out;
}

/**
 * A joining node takes the upper half of one range, so only that range's keys move. Which range: the one
 * holding the most of `held` (the keys stored so far), split at its middle key, the way a range store splits
 * a large region; with fewer than two keys anywhere, the widest range, split at its midpoint (the open-ended
 * last range counts as reaching keySpace, and at least two positions, so something can always split).
 */
export function splitRangeForJoin(
  ranges: readonly KeyRange[],
  node: number,
  held: readonly string[],
  keySpace: number,
): KeyRange[] {
  if (ranges.length === 0) return [{ start: 0, node }];
  const positions = [...new Set(held.map(keyPosition))].filter((p) => p !== UNNUMBERED).sort((a, b) => a - b);
  const inRange = ranges.map((_, i) => positions.filter((p) => rangeAt(ranges, p) === i));
  let busiest = 0;
  inRange.forEach((ps, i) => {
    if (ps.length > (inRange[busiest] as number[]).length) busiest = i;
  });
  const keys = inRange[busiest] as number[];
  let at = busiest;
  let start: number;
  if (keys.length >= 2) {
    start = keys[keys.length >> 1] as number;
  } else {
    const last = ranges.length - 1;
    const end = (i: number) =>
      i < last ? (ranges[i + 1] as KeyRange).start : Math.max(keySpace, (ranges[last] as KeyRange).start + 2);
    const width = (i: number) => end(i) - (ranges[i] as KeyRange).start;
    at = 0;
    for (let i = 1; i < ranges.length; i++) if (width(i) > width(at)) at = i;
    start = (ranges[at] as KeyRange).start + (width(at) >> 1);
  }
  return [...ranges.slice(0, at + 1), { start, node }, ...ranges.slice(at + 1)];
}

/** A leaving node's range goes to its predecessor in key order (the first range to its successor). */
export function mergeRangeOnLeave(ranges: readonly KeyRange[], node: number): KeyRange[] {
  const i = ranges.findIndex((r) => r.node === node);
  if (i < 0) return [...ranges];
  if (i > 0) return ranges.filter((_, j) => j !== i);
  const next = ranges[1];
  return next ? [{ start: 0, node: next.node }, ...ranges.slice(2)] : [];
}

/** The table after a membership change: leavers first, then each newcomer in node order. */
export function rebalanceRanges(
  ranges: readonly KeyRange[],
  members: readonly number[],
  held: readonly string[],
  keySpace: number,
): KeyRange[] {
  let out = [...ranges];
  for (const r of ranges) if (!members.includes(r.node)) out = mergeRangeOnLeave(out, r.node);
  for (const m of members)
    if (!out.some((r) => r.node === m)) out = splitRangeForJoin(out, m, held, keySpace);
  return out;
}

export interface MoveReport {
  moved: number;
  total: number;
  fraction: number;
  /** Keys per owner after the change: the spread shows load balance. */
  load: number[];
}

export function compareOwners(
  keys: readonly string[],
  before: (k: string) => number,
  after: (k: string) => number,
  owners: number,
): MoveReport {
  let moved = 0;
  const load = new Array<number>(owners).fill(0);
  for (const k of keys) {
    const a = after(k);
    if (before(k) !== a) moved++;
    load[a] = (load[a] ?? 0) + 1;
  }
  return { moved, total: keys.length, fraction: keys.length === 0 ? 0 : moved / keys.length, load };
}

/** Adding one node to `nodeCount`: ring with `vnodes` points each vs `hash mod N`. */
export function rebalanceOnJoin(
  keys: readonly string[],
  nodeCount: number,
  vnodes: number,
): { ring: MoveReport; modN: MoveReport } {
  const members = Array.from({ length: nodeCount }, (_, i) => [i, `n${i + 1}`] as const);
  const before = buildRing(members, vnodes);
  const after = buildRing([...members, [nodeCount, `n${nodeCount + 1}`] as const], vnodes);
  return {
    ring: compareOwners(
      keys,
      (k) => ringOwner(before, k),
      (k) => ringOwner(after, k),
      nodeCount + 1,
    ),
    modN: compareOwners(
      keys,
      (k) => modNOwner(k, nodeCount),
      (k) => modNOwner(k, nodeCount + 1),
      nodeCount + 1,
    ),
  };
}
