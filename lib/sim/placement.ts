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
