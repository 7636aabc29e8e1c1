import { fnv1a32 } from "./hash";

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator) on 32-bit integer ops only, so every JS engine
 * produces the same sequence. The state is a plain object so it can be cloned into snapshots and hashed.
 */
export interface RngState {
  a: number;
  b: number;
  c: number;
  d: number;
}

export function nextUint32(s: RngState): number {
  const t = (((s.a + s.b) | 0) + s.d) | 0;
  s.d = (s.d + 1) | 0;
  s.a = s.b ^ (s.b >>> 9);
  s.b = (s.c + (s.c << 3)) | 0;
  s.c = (s.c << 21) | (s.c >>> 11);
  s.c = (s.c + t) | 0;
  return t >>> 0;
}

/** Uniform in [0, 1) with 32 bits of resolution; exact in IEEE doubles, so identical everywhere. */
export function nextFloat(s: RngState): number {
  return nextUint32(s) / 4294967296;
}

/** Uniform integer in [lo, hi] (inclusive). Slight modulo bias is irrelevant at these ranges. */
export function nextInt(s: RngState, lo: number, hi: number): number {
  const span = hi - lo + 1;
  if (span <= 4294967296) return lo + (nextUint32(s) % span);
  return lo + Math.floor(nextFloat(s) * span);
}

function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z ^= z >>> 16;
  z = Math.imul(z, 0x21f0aaad);
  z ^= z >>> 15;
  z = Math.imul(z, 0x735a2d97);
  z ^= z >>> 15;
  return z >>> 0;
}

/**
 * An independent stream per purpose ("network", "faults", "workload", "node:n3"). Deriving from the label
 * rather than from draw order means adding a node or switching the design never shifts another stream.
 */
export function deriveStream(seed: number, label: string): RngState {
  let x = splitmix32((seed >>> 0) ^ fnv1a32(label));
  const s: RngState = { a: 0, b: 0, c: 0, d: 0 };
  x = splitmix32(x);
  s.a = x;
  x = splitmix32(x);
  s.b = x;
  x = splitmix32(x);
  s.c = x;
  x = splitmix32(x);
  s.d = x;
  for (let i = 0; i < 12; i++) nextUint32(s);
  return s;
}
