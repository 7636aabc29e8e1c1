/**
 * Logical clocks as plain functions over plain data (the article's three: Lamport for the idea, vector clocks
 * for the mechanism, hybrid logical clocks for practice).
 */

/** Lamport: a counter that every event bumps and every receive pushes past the sender's value. */
export function lamportTick(local: number): number {
  return local + 1;
}

export function lamportReceive(local: number, received: number): number {
  return Math.max(local, received) + 1;
}

export type VectorClock = Readonly<Record<string, number>>;
export type Causality = "before" | "after" | "equal" | "concurrent";

export function vectorTick(vc: VectorClock, node: string): VectorClock {
  return { ...vc, [node]: (vc[node] ?? 0) + 1 };
}

export function vectorMerge(a: VectorClock, b: VectorClock): VectorClock {
  const out: Record<string, number> = { ...a };
  for (const k of Object.keys(b)) out[k] = Math.max(out[k] ?? 0, b[k] ?? 0);
  return out;
}

/** `before` means a happened-before b. Two clocks neither of which dominates the other are concurrent. */
export function vectorCompare(a: VectorClock, b: VectorClock): Causality {
  let aLess = false;
  let bLess = false;
  for (const k of Object.keys(a)) {
    const x = a[k] ?? 0;
    const y = b[k] ?? 0;
    if (x < y) aLess = true;
    else if (x > y) bLess = true;
  }
  for (const k of Object.keys(b)) {
    if (k in a) continue;
    if ((b[k] ?? 0) > 0) aLess = true;
  }
  if (aLess && bLess) return "concurrent";
  if (aLess) return "before";
  if (bLess) return "after";
  return "equal";
}

/**
 * Hybrid logical clock (Kulkarni et al.): `l` tracks the largest physical time seen, `c` counts events that
 * share it. Invariant: l ≥ the local physical clock at the last event, and (l, c) grows with causality, so a
 * write made after seeing another always orders after it even when the writer's wall clock is behind.
 */
export interface Hlc {
  l: number;
  c: number;
}

export function hlcNow(local: Hlc, physical: number): Hlc {
  const l = Math.max(local.l, physical);
  return { l, c: l === local.l ? local.c + 1 : 0 };
}

export function hlcReceive(local: Hlc, remote: Hlc, physical: number): Hlc {
  const l = Math.max(local.l, remote.l, physical);
  let c = 0;
  if (l === local.l && l === remote.l) c = Math.max(local.c, remote.c) + 1;
  else if (l === local.l) c = local.c + 1;
  else if (l === remote.l) c = remote.c + 1;
  return { l, c };
}

export function hlcCompare(a: Hlc, b: Hlc): number {
  return a.l - b.l || a.c - b.c;
}
