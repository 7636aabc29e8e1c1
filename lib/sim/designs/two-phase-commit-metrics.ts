import type { TwoPhaseCommitState } from "./two-phase-commit";

/** One participant's locks: how long it has been blocked in the prepared state, and what it holds now. */
export interface ParticipantBlocking {
  node: number;
  /** Time with at least one transaction prepared (locks held, waiting for the decision), the current stretch too. */
  blockedNs: number;
  /** The longest any one transaction has stayed prepared here, the ones still prepared too. */
  longestNs: number;
  /** Transactions prepared and undecided here right now (in doubt). */
  inDoubt: number;
  /** Keys locked right now, sorted. */
  lockedKeys: string[];
}

export interface TwoPhaseCommitMetrics {
  participants: ParticipantBlocking[];
  /** The coordinator replica leading now, or -1 while none is. */
  leader: number;
}

/** What the cluster panel shows for two-phase commit, read off the design's state at `now`. Pure. */
export function twoPhaseCommitMetrics(s: TwoPhaseCommitState, now: number): TwoPhaseCommitMetrics {
  const participants = s.participants.map((i): ParticipantBlocking => {
    const p = s.nodes[i]?.part;
    if (!p) return { node: i, blockedNs: 0, longestNs: 0, inDoubt: 0, lockedKeys: [] };
    const current = p.blockedSince >= 0 ? now - p.blockedSince : 0;
    let longest = p.longestNs;
    for (const x of p.prepared) longest = Math.max(longest, now - x.since);
    return {
      node: i,
      blockedNs: p.blockedNs + current,
      longestNs: longest,
      inDoubt: p.prepared.length,
      lockedKeys: p.prepared.flatMap((x) => x.writes.map((w) => w.key)).sort(),
    };
  });
  const leader = s.coordinators.find((c) => s.nodes[c]?.coord?.leading === true) ?? -1;
  return { participants, leader };
}

/**
 * Atomicity: the transactions committed on one participant and aborted on another (none, if 2PC is right).
 * A transaction a participant has not finished (still prepared, or never heard of) does not count either way.
 */
export function atomicityViolations(s: TwoPhaseCommitState): number[] {
  const seen = new Map<string, Set<"c" | "a">>();
  for (const i of s.participants) {
    const outcome = s.nodes[i]?.part?.outcome ?? {};
    for (const tx of Object.keys(outcome)) {
      const set = seen.get(tx) ?? new Set();
      set.add(outcome[tx] as "c" | "a");
      seen.set(tx, set);
    }
  }
  return [...seen.entries()]
    .filter(([, set]) => set.size > 1)
    .map(([tx]) => Number(tx))
    .sort((a, b) => a - b);
}

const seconds = (ns: number) => `${(ns / 1e9).toFixed(2)} s`;

/**
 * The panel's one line: per participant, the time it has been blocked holding locks in the prepared state (and its
 * longest single wait), then what is in doubt now. `ids` names nodes by index.
 */
export function describeBlocking(m: TwoPhaseCommitMetrics, ids: readonly string[]): string {
  const id = (i: number) => ids[i] ?? `#${i}`;
  const each = m.participants
    .map((p) => `${id(p.node)} ${seconds(p.blockedNs)} (longest ${seconds(p.longestNs)})`)
    .join(", ");
  const locked = m.participants.filter((p) => p.lockedKeys.length > 0);
  const now =
    locked.length === 0
      ? "nothing locked now"
      : `locked now: ${locked.map((p) => `${p.lockedKeys.join(" ")} on ${id(p.node)}`).join(", ")}`;
  const leader = m.leader < 0 ? "no coordinator leading" : `${id(m.leader)} coordinates`;
  return `Blocked in prepare, holding locks: ${each}; ${now}; ${leader}.`;
}
