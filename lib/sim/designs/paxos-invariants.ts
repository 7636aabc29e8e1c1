import type { AcceptedEntry, PaxosState } from "./paxos";

/**
 * Paxos's safety properties, checked against the whole cluster state after every event in tests. A value is
 * chosen in a slot once a majority of acceptors hold it accepted with one ballot; the monitor remembers the first
 * value seen chosen per slot, because later acceptances (with higher ballots) change what the acceptors hold.
 */
export interface PaxosMonitor {
  /** slot → operation id first seen chosen there (0: a no-op). */
  chosen: number[];
}

export function createPaxosMonitor(): PaxosMonitor {
  return { chosen: [] };
}

export function checkPaxosInvariants(s: PaxosState, monitor: PaxosMonitor): string[] {
  const violations: string[] = [];
  const acceptors = s.members.map((m) => s.nodes[m]?.accepted ?? []);
  const need = (s.members.length >> 1) + 1;
  let slots = 0;
  for (const a of acceptors) slots = Math.max(slots, a.length);
  // At most one value chosen per slot, ever.
  for (let slot = 0; slot < slots; slot++) {
    for (let i = 0; i < acceptors.length; i++) {
      const e = acceptors[i]?.[slot] ?? null;
      if (e === null) continue;
      let count = 1;
      for (let j = i + 1; j < acceptors.length; j++) {
        const f: AcceptedEntry | null = acceptors[j]?.[slot] ?? null;
        if (f === null || f.b !== e.b) continue;
        if (f.v.opId !== e.v.opId) violations.push(`slot ${slot}: ballot ${e.b} carries two values`);
        count++;
      }
      if (count < need) continue;
      const seen = monitor.chosen[slot];
      if (seen === undefined) {
        while (monitor.chosen.length < slot) monitor.chosen.push(-1);
        monitor.chosen[slot] = e.v.opId;
      } else if (seen === -1) monitor.chosen[slot] = e.v.opId;
      else if (seen !== e.v.opId) {
        violations.push(`slot ${slot}: chose op ${seen}, then op ${e.v.opId}`);
      }
      break;
    }
  }
  // A learner learns only what was chosen, so learned logs agree slot by slot and their prefixes are prefixes of
  // one another.
  for (const m of s.members) {
    const log = s.nodes[m]?.log ?? [];
    for (let slot = 0; slot < log.length; slot++) {
      const v = log[slot] ?? null;
      if (v === null) continue;
      const c = monitor.chosen[slot];
      if (c === undefined || c === -1)
        violations.push(`node ${m} learned slot ${slot}, which was never chosen`);
      else if (c !== v.opId)
        violations.push(`node ${m} learned op ${v.opId} in slot ${slot}, chosen: op ${c}`);
    }
  }
  for (let i = 0; i < s.members.length; i++) {
    const a = s.nodes[s.members[i] as number];
    for (let j = i + 1; j < s.members.length; j++) {
      const b = s.nodes[s.members[j] as number];
      if (a === undefined || b === undefined) continue;
      const k = Math.min(a.applied, b.applied);
      for (let x = 0; x < k; x++) {
        if (a.log[x]?.opId !== b.log[x]?.opId) {
          violations.push(`applied logs of nodes ${s.members[i]} and ${s.members[j]} differ at slot ${x}`);
          break;
        }
      }
    }
  }
  return violations;
}
