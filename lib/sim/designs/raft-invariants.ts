import { LEADER, type RaftEntry, type RaftState } from "./raft";

/**
 * Raft's safety properties, checked against the whole cluster state after every event in tests. The monitor
 * remembers what has been observed (leaders per term, committed entries) because a crash erases volatile state.
 */
export interface RaftMonitor {
  /** term → the one node ever seen leading it. */
  leaders: Record<string, number>;
  /** index → the entry first seen committed there (by term and operation id). */
  committed: Record<string, { term: number; opId: number }>;
}

export function createRaftMonitor(): RaftMonitor {
  return { leaders: {}, committed: {} };
}

function sameEntry(a: RaftEntry | undefined, b: { term: number; opId: number }): boolean {
  return a !== undefined && a.term === b.term && (a.op?.opId ?? 0) === b.opId;
}

export function checkRaftInvariants(s: RaftState, monitor: RaftMonitor): string[] {
  const violations: string[] = [];
  // Election safety: at most one leader per term, ever.
  for (const m of s.members) {
    const n = s.nodes[m];
    if (n === undefined || n.role !== LEADER) continue;
    const seen = monitor.leaders[`t${n.term}`];
    if (seen === undefined) monitor.leaders[`t${n.term}`] = m;
    else if (seen !== m) violations.push(`two leaders in term ${n.term}: nodes ${seen} and ${m}`);
  }
  // Log matching: if two logs hold an entry with the same index and term, the logs are identical up to it.
  for (let i = 0; i < s.members.length; i++) {
    for (let j = i + 1; j < s.members.length; j++) {
      const a = s.nodes[s.members[i] as number]?.log ?? [];
      const b = s.nodes[s.members[j] as number]?.log ?? [];
      let k = Math.min(a.length, b.length);
      while (k > 0 && a[k - 1]?.term !== b[k - 1]?.term) k--;
      for (let x = 0; x < k; x++) {
        const ea = a[x] as RaftEntry;
        const eb = b[x] as RaftEntry;
        if (ea.term !== eb.term || (ea.op?.opId ?? 0) !== (eb.op?.opId ?? 0)) {
          violations.push(`log matching broken between members ${i} and ${j} at index ${x + 1}`);
          break;
        }
      }
    }
  }
  // State machine safety: an index, once committed anywhere, never holds a different entry anywhere committed.
  for (const m of s.members) {
    const n = s.nodes[m];
    if (n === undefined) continue;
    for (let idx = 1; idx <= n.commitIndex; idx++) {
      const e = n.log[idx - 1] as RaftEntry;
      const seen = monitor.committed[`i${idx}`];
      if (seen === undefined) monitor.committed[`i${idx}`] = { term: e.term, opId: e.op?.opId ?? 0 };
      else if (!sameEntry(e, seen)) violations.push(`node ${m} committed a different entry at index ${idx}`);
    }
  }
  // Leader completeness: a leader's log holds every entry committed in an earlier term.
  for (const m of s.members) {
    const n = s.nodes[m];
    if (n === undefined || n.role !== LEADER) continue;
    for (const key of Object.keys(monitor.committed)) {
      const c = monitor.committed[key] as { term: number; opId: number };
      const idx = Number(key.slice(1));
      if (c.term < n.term && !sameEntry(n.log[idx - 1], c)) {
        violations.push(`leader ${m} of term ${n.term} lacks the entry committed at index ${idx}`);
      }
    }
  }
  return violations;
}
