import { MERKLE } from "../constants";
import { fnv1a32, mix32 } from "../hash";
import { keyHash } from "../placement";
import type { QuorumState, Version } from "./quorum";

/**
 * Merkle-tree anti-entropy for the quorum store, as Dynamo and Cassandra do it: two replicas compare a hash tree
 * over the keys they both hold instead of shipping everything. A key falls into one of 2^depth leaves by its
 * placement hash (so the leaf of a key is the same on every node); a leaf's hash sums its keys' digests (order-free,
 * so no sorting), and an inner node's hash combines its two children. Equal roots mean nothing to send; otherwise
 * the replicas walk down only the subtrees whose hashes differ and then swap the keys of the differing leaves.
 *
 * Trees are built on demand from the node's data (O(keys + 2^depth)); the digest of a version list is memoised,
 * which is safe because version lists are never mutated once created (quorum.ts's invariant).
 *
 * levels[0] is [root]; levels[depth] holds the leaves; node i of a level has children 2i and 2i + 1.
 */
export type MerkleTree = number[][];

/** Bytes anti-entropy has sent, and what full-state exchanges would have sent over the same rounds. */
export interface AntiEntropyStats {
  /** Rounds started (one per node per anti-entropy interval). */
  rounds: number;
  /** Estimated bytes of every anti-entropy message sent, both directions (size model in constants.ts, MERKLE). */
  sentBytes: number;
  /** What the same rounds would have sent as full-state exchanges: the initiator's push, the partner's reply. */
  fullBytes: number;
  /** Keys shipped (a key sent in both directions counts twice). */
  keysSent: number;
}

export function newAntiEntropyStats(): AntiEntropyStats {
  return { rounds: 0, sentBytes: 0, fullBytes: 0, keysSent: 0 };
}

/** The quorum store's anti-entropy byte count, or null when it keeps none (anti-entropy off, or mode not named). */
export function antiEntropyStats(s: QuorumState): AntiEntropyStats | null {
  return s.ae ? { ...s.ae } : null;
}

export function leafOf(key: string, depth: number = MERKLE.depth): number {
  return depth === 0 ? 0 : keyHash(key) >>> (32 - depth);
}

const TWO_32 = 4294967296;
/**
 * A stored version list → its key, leaf and digest. Lists are immutable and belong to one key, but the key is
 * checked anyway, so a list shared between keys would only miss the cache.
 */
const entryMemo = new WeakMap<
  readonly Version[],
  { key: string; depth: number; leaf: number; digest: number; bytes: number }
>();

function step(h: number, w: number): number {
  return Math.imul(h ^ w, 0x01000193);
}

/** A 32-bit digest of a key's versions (siblings included); two replicas agree on it iff they hold the same. */
export function versionsDigest(versions: readonly Version[]): number {
  let h = 0x811c9dc5;
  for (const v of versions) {
    h = step(h, v.value | 0);
    h = step(h, Math.floor(v.value / TWO_32) | 0);
    h = step(h, v.ts >>> 0);
    h = step(h, Math.floor(v.ts / TWO_32) | 0);
    h = step(h, v.c);
    h = step(h, v.node);
  }
  return mix32(h);
}

/** The key's leaf and the digest its (key, versions) adds to that leaf. */
function entryOf(
  key: string,
  versions: readonly Version[],
  depth: number = MERKLE.depth,
): { leaf: number; digest: number; bytes: number } {
  const known = entryMemo.get(versions);
  if (known !== undefined && known.key === key && known.depth === depth) return known;
  const entry = {
    key,
    depth,
    leaf: leafOf(key, depth),
    digest: mix32(fnv1a32(key) ^ Math.imul(versionsDigest(versions), 0x9e3779b1)),
    bytes: key.length + MERKLE.keyOverheadBytes + versionsBytes(versions),
  };
  entryMemo.set(versions, entry);
  return entry;
}

function combine(left: number, right: number): number {
  // Two empty subtrees stay empty, so an empty tree has root 0 however deep it is.
  return left === 0 && right === 0 ? 0 : mix32(Math.imul(left, 0x9e3779b1) ^ right ^ 0x5bd1e995);
}

/** The tree over the keys of `data` that `include` accepts (for a pair of replicas: the keys both are home to). */
export function buildMerkleTree(
  data: Record<string, Version[]>,
  include: (key: string) => boolean,
  depth: number = MERKLE.depth,
): MerkleTree {
  let level: number[] = new Array<number>(1 << depth).fill(0);
  for (const key of Object.keys(data)) {
    const versions = data[key];
    if (versions === undefined || versions.length === 0 || !include(key)) continue;
    const { leaf, digest } = entryOf(key, versions, depth);
    level[leaf] = ((level[leaf] as number) + digest) >>> 0;
  }
  const levels = [level];
  while (level.length > 1) {
    const up = new Array<number>(level.length >> 1);
    for (let i = 0; i < up.length; i++) up[i] = combine(level[2 * i] as number, level[2 * i + 1] as number);
    levels.push(up);
    level = up;
  }
  return levels.reverse();
}

/** The positions in `idx` (at `level`) whose hash in `tree` differs from the partner's hash `h` at the same place. */
export function differingNodes(tree: MerkleTree, level: number, idx: number[], h: number[]): number[] {
  const mine = tree[level];
  if (mine === undefined) return [];
  const out: number[] = [];
  for (let j = 0; j < idx.length; j++) if (mine[idx[j] as number] !== h[j]) out.push(idx[j] as number);
  return out;
}

export function childrenOf(idx: number[]): number[] {
  const out: number[] = [];
  for (const i of idx) out.push(2 * i, 2 * i + 1);
  return out;
}

/** The keys of `data` that `include` accepts and whose leaf is one of `leaves`. */
export function keysInLeaves(
  data: Record<string, Version[]>,
  include: (key: string) => boolean,
  leaves: number[],
  depth: number = MERKLE.depth,
): Record<string, Version[]> {
  const out: Record<string, Version[]> = {};
  if (leaves.length === 0) return out;
  const wanted = new Set(leaves);
  for (const key of Object.keys(data)) {
    const versions = data[key];
    if (versions === undefined || versions.length === 0) continue;
    if (wanted.has(leafOf(key, depth)) && include(key)) out[key] = versions;
  }
  return out;
}

// The size model (constants.ts, MERKLE): estimates of a compact encoding, the same in both modes.

function versionsBytes(versions: readonly Version[]): number {
  let bytes = 0;
  for (const v of versions)
    bytes += MERKLE.versionBytes + (v.vc ? Object.keys(v.vc).length * MERKLE.vectorEntryBytes : 0);
  return bytes;
}

function keysBytes(data: Record<string, Version[]>): number {
  let bytes = 0;
  for (const key of Object.keys(data)) bytes += entryOf(key, data[key] ?? []).bytes;
  return bytes;
}

/** A full-state exchange message: every key the sender holds. */
export function fullMessageBytes(data: Record<string, Version[]>): number {
  return MERKLE.headerBytes + keysBytes(data);
}

/** A tree message carrying `nodes` (position, hash) pairs. */
export function treeMessageBytes(nodes: number): number {
  return MERKLE.headerBytes + nodes * MERKLE.nodeBytes;
}

/** A key message: the leaves it answers for and the keys in them. */
export function keysMessageBytes(leaves: number[], data: Record<string, Version[]>): number {
  return MERKLE.headerBytes + leaves.length * MERKLE.keyOverheadBytes + keysBytes(data);
}

function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(bytes < 10_000 ? 1 : 0)} KB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** One line for the cluster panel, e.g. "Anti-entropy (Merkle trees): 6.3 KB sent; full-state exchanges: 239 KB". */
export function antiEntropySummary(stats: AntiEntropyStats, mode: "full" | "merkle"): string {
  const rounds = `${stats.rounds} round${stats.rounds === 1 ? "" : "s"}`;
  if (mode === "full")
    return `Anti-entropy (full-state exchange): ${formatBytes(stats.sentBytes)} sent in ${rounds}`;
  const ratio =
    stats.sentBytes > 0 ? ` (1/${Math.max(1, Math.round(stats.fullBytes / stats.sentBytes))})` : "";
  return `Anti-entropy (Merkle trees): ${formatBytes(stats.sentBytes)} sent in ${rounds}; full-state exchanges would have sent ${formatBytes(stats.fullBytes)}${ratio}`;
}
