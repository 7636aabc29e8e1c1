/**
 * Where two-phase commit keeps a key, and what else a write to it touches. Keys are split over the participants
 * (shards): `k<i>` lives on shard i mod P, any other key on the shard its FNV-1a hash picks. A write of v to key
 * k is one transaction that writes v to k and to k's index entry `ix:k` (a secondary index, as a table and its
 * global index would be), which lives on the next shard. So with two or more participants every write spans two
 * of them and both must prepare; with one participant both keys are on it. Clients only ever name `k…` keys in
 * the workload, so the register checkers see each value written once per key; `ix:` keys can still be read.
 */
export const INDEX_PREFIX = "ix:";

function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** The shard (index into the participants) that holds `key`, for `shards` ≥ 1 participants. */
export function shardOf(key: string, shards: number): number {
  if (key.startsWith(INDEX_PREFIX)) return (shardOf(key.slice(INDEX_PREFIX.length), shards) + 1) % shards;
  const m = /^k(\d{1,9})$/.exec(key);
  return (m ? Number(m[1]) : hashKey(key)) % shards;
}

/** The keys a write to `key` writes: the key itself and its index entry. */
export function transactionKeys(key: string): [string, string] {
  return [key, `${INDEX_PREFIX}${key}`];
}
