/**
 * Deep copy of plain data (objects, arrays, primitives) that shares frozen objects instead of copying them.
 * Designs freeze what they never mutate again (Raft log entries, quorum versions, history entries), so a
 * snapshot of a long log copies an array of references, not every entry. Unlike structuredClone it does not
 * preserve aliasing inside the state; nothing in the state relies on identity.
 */
export function clonePlain<T>(value: T): T {
  return cloneMeasured(value).copy;
}

/** The copy plus how many slots it visited: the engine spaces snapshots by their cost. */
export function cloneMeasured<T>(value: T): { copy: T; size: number } {
  const counter = { size: 0 };
  return { copy: copy(value, counter), size: counter.size };
}

function copy<T>(value: T, counter: { size: number }): T {
  if (value === null || typeof value !== "object" || Object.isFrozen(value)) return value;
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    counter.size += value.length;
    for (let i = 0; i < value.length; i++) {
      const x: unknown = value[i];
      // Inline fast path: long arrays of frozen entries (a Raft log) are copied without a call per entry.
      out[i] = x === null || typeof x !== "object" || Object.isFrozen(x) ? x : copy(x, counter);
    }
    return out as T;
  }
  const src = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const keys = Object.keys(src);
  counter.size += keys.length;
  for (const k of keys) out[k] = copy(src[k], counter);
  return out as T;
}
