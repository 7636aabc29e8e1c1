import { GOSSIP } from "../constants";

/**
 * The phi-accrual failure detector (Hayashibara et al., 2004), one per (observer, peer). Instead of a yes/no
 * timeout it keeps the recent gaps between heartbeat arrivals and turns "how long since the last one" into
 * phi = −log10(P(a heartbeat arrives later than that)): phi 1 means a 10 % chance the peer is merely slow, phi 8
 * one in 10^8. The node suspects the peer once phi passes its threshold.
 *
 * The distribution: exponential, as Cassandra does it, not the paper's normal. P_later(t) = e^(−t/mean), so
 * phi = t / (mean · ln 10), and phi > Φ exactly when t > Φ · ln 10 · mean. Why:
 * - Gossip arrivals are close to memoryless: a newer heartbeat arrives whenever some peer happens to pick this
 *   node, so the gaps are spread out, not clustered round a mean; a normal fitted to them with a small standard
 *   deviation makes even a high threshold trip on the first long gap.
 * - Determinism. States are hashed and compared across Node and the browsers; Math.exp and Math.log are only
 *   "implementation-approximated" in ECMAScript, and a normal's tail needs erf, which JS lacks (so it would be
 *   our own series over them). Here the stored decision (the deadline) is integer arithmetic on integer
 *   microseconds with ln 10 in fixed point, exact in every engine; phi itself is derived on read, for display,
 *   and never stored.
 */

/** ln 10 × 10^6, rounded: the threshold's fixed-point factor. */
export const LN10_MICRO = 2_302_585;

export interface PeerWindow {
  /** Inter-arrival times in whole µs, a ring buffer of at most GOSSIP.windowSize (integers: sums stay exact). */
  gapsUs: number[];
  /** Where the next gap goes once the buffer is full. */
  next: number;
  sumUs: number;
  /** Observer's local clock (ns) at the last arrival. */
  lastNs: number;
  /** Local time (ns) after which phi exceeds the threshold; fixed at each arrival, compared as an integer. */
  deadlineNs: number;
}

/** Mean gap in whole µs (floor): the exponential's only parameter. */
export function meanGapUs(w: PeerWindow): number {
  return w.gapsUs.length === 0 ? 0 : Math.floor(w.sumUs / w.gapsUs.length);
}

/**
 * How long after an arrival phi reaches `phiThreshold`: Φ · ln 10 · mean, floored to µs. Bounded inputs
 * (mean ≤ maxSampleNs = 2·10^6 µs, Φ ≤ 16) keep every product below 2^53, so the result is exact.
 */
export function suspectAfterNs(w: PeerWindow, phiThreshold: number): number {
  return Math.floor((meanGapUs(w) * phiThreshold * LN10_MICRO) / 1_000_000) * 1_000;
}

/** A fresh window, seeded with one gap of the gossip interval (as Akka seeds its first estimate). */
export function freshWindow(localNs: number, phiThreshold: number): PeerWindow {
  const gapUs = GOSSIP.intervalNs / 1_000;
  const w: PeerWindow = { gapsUs: [gapUs], next: 1, sumUs: gapUs, lastNs: localNs, deadlineNs: 0 };
  w.deadlineNs = localNs + suspectAfterNs(w, phiThreshold);
  return w;
}

/** A newer heartbeat arrived at local time `localNs`: record the gap (unless implausibly long) and move the deadline. */
export function recordArrival(w: PeerWindow, localNs: number, phiThreshold: number): void {
  const gapNs = localNs - w.lastNs;
  if (gapNs >= 0 && gapNs <= GOSSIP.maxSampleNs) {
    const gapUs = Math.floor(gapNs / 1_000);
    if (w.gapsUs.length < GOSSIP.windowSize) {
      w.gapsUs.push(gapUs);
    } else {
      w.sumUs -= w.gapsUs[w.next] as number;
      w.gapsUs[w.next] = gapUs;
    }
    w.sumUs += gapUs;
    w.next = (w.next + 1) % GOSSIP.windowSize;
  }
  w.lastNs = localNs;
  w.deadlineNs = localNs + suspectAfterNs(w, phiThreshold);
}

/** The detector's stored verdict: an integer comparison against the deadline. */
export function pastDeadline(w: PeerWindow, localNs: number): boolean {
  return localNs > w.deadlineNs;
}

/** phi now, for display only (derived on read, never stored): t / (mean · ln 10), with the deadline's ln 10. */
export function phiOf(w: PeerWindow, localNs: number): number {
  const mean = meanGapUs(w);
  if (mean === 0) return 0;
  return (Math.max(0, localNs - w.lastNs) / 1_000 / (mean * LN10_MICRO)) * 1_000_000;
}
