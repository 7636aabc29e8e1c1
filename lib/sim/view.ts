import { type GossipMetrics, type GossipState, gossipMetrics } from "./designs/gossip";
import type { LeaseState } from "./designs/lease";
import { type AntiEntropyStats, antiEntropyStats } from "./designs/merkle";
import { type PaxosState, paxosRole } from "./designs/paxos";
import type { QuorumState } from "./designs/quorum";
import { CANDIDATE, LEADER, type RaftState } from "./designs/raft";
import type { TwoPhaseCommitState } from "./designs/two-phase-commit";
import { type TwoPhaseCommitMetrics, twoPhaseCommitMetrics } from "./designs/two-phase-commit-metrics";
import type { SimState } from "./types";

// What the cluster panel draws, read off a simulation state. Pure; cheap enough to call every frame.

export type NodeRole = "leader" | "follower" | "candidate" | "replica";

export interface NodeView {
  id: string;
  region: string;
  dc: string;
  status: "up" | "crashed" | "restarting" | "removed";
  /** Stopped by a `pause` command (a GC pause): up, but running nothing until it wakes. */
  paused: boolean;
  role: NodeRole;
  term: number | null;
  clockOffsetMs: number;
  /** Raft: the node's log length and how much of it is committed. */
  log: { length: number; commitIndex: number } | null;
}

export interface MessageView {
  from: string;
  to: string;
  /** 0 at the sender, 1 at the receiver. */
  progress: number;
}

export interface ClusterView {
  now: number;
  nodes: NodeView[];
  messages: MessageView[];
  /** Groups of node ids that can talk to each other (one group when the network is whole). */
  groups: string[][];
  /** A range-partitioned quorum store's ranges in key order (each up to the next one's start); null otherwise. */
  ranges: { start: number; node: string }[] | null;
  /** The quorum store's anti-entropy bytes against full-state exchanges; null unless it counts them. */
  antiEntropy: AntiEntropyStats | null;
  /** The gossip design's failure-detector score card (detection times, false suspicions); null otherwise. */
  gossip: GossipMetrics | null;
  /** Two-phase commit: per participant, the time blocked holding locks in doubt; null for other designs. */
  twoPhaseCommit: TwoPhaseCommitMetrics | null;
  stats: SimState["stats"];
}

function roleOf(state: SimState, i: number): { role: NodeRole; term: number | null } {
  switch (state.design.kind) {
    case "raft": {
      const n = (state.designState as RaftState).nodes[i];
      if (!n) return { role: "follower", term: null };
      return {
        role: n.role === LEADER ? "leader" : n.role === CANDIDATE ? "candidate" : "follower",
        term: n.term,
      };
    }
    case "single-leader": {
      const n = (state.designState as { nodes: { leader: number; epoch: number }[] }).nodes[i];
      return { role: n?.leader === i ? "leader" : "follower", term: n?.epoch ?? null };
    }
    case "lease": {
      // The holder leads with its fencing token as the term; a paused old holder still shows as one.
      const ls = state.designState as LeaseState;
      if (i === ls.service) return { role: "replica", term: null };
      const w = ls.workers[i];
      return w && w.token > 0 ? { role: "leader", term: w.token } : { role: "follower", term: null };
    }
    case "multi-leader":
      return { role: "leader", term: null };
    case "paxos":
      return paxosRole(state.designState as PaxosState, i);
    case "two-phase-commit": {
      // The coordinator replica leading now is the leader; other replicas follow; participants hold the data.
      const s = state.designState as TwoPhaseCommitState;
      const n = s.nodes[i];
      if (!n?.coord) return { role: "replica", term: null };
      return { role: n.coord.leading ? "leader" : "follower", term: n.coord.term };
    }
    case "quorum":
    case "gossip":
      return { role: "replica", term: null };
  }
}

function raftLog(state: SimState, i: number): NodeView["log"] {
  if (state.design.kind !== "raft") return null;
  const n = (state.designState as RaftState).nodes[i];
  return n ? { length: n.log.length, commitIndex: n.commitIndex } : null;
}

/** Nodes that can reach each other both ways, as groups (a partition shows as two or more). */
function connectedGroups(state: SimState): string[][] {
  const live = state.nodes.map((n, i) => ({ n, i })).filter(({ n }) => n.status !== "removed");
  const seen = new Set<number>();
  const groups: string[][] = [];
  const cap = state.net.cap;
  const linked = (a: number, b: number) =>
    state.net.blocked[a * cap + b] === 0 && state.net.blocked[b * cap + a] === 0;
  for (const { i } of live) {
    if (seen.has(i)) continue;
    const group: number[] = [i];
    seen.add(i);
    for (let k = 0; k < group.length; k++) {
      for (const { i: j } of live) {
        if (seen.has(j) || !linked(group[k]!, j)) continue;
        seen.add(j);
        group.push(j);
      }
    }
    groups.push(group.map((g) => state.nodes[g]!.id));
  }
  return groups;
}

function keyRanges(state: SimState): ClusterView["ranges"] {
  if (state.design.kind !== "quorum") return null;
  const ranges = (state.designState as QuorumState).ranges;
  return ranges ? ranges.map((r) => ({ start: r.start, node: state.nodes[r.node]!.id })) : null;
}

export function describeCluster(state: SimState): ClusterView {
  const cap = state.net.cap;
  const messages: MessageView[] = [];
  for (const ev of state.queue) {
    if (ev.k !== "deliver") continue;
    const delay = state.net.delay[ev.from * cap + ev.to] || 1;
    const left = Math.max(0, ev.time - state.now);
    messages.push({
      from: state.nodes[ev.from]!.id,
      to: state.nodes[ev.to]!.id,
      progress: Math.max(0, Math.min(1, 1 - left / delay)),
    });
  }
  return {
    now: state.now,
    nodes: state.nodes.map((n, i) => ({
      id: n.id,
      region: n.region,
      dc: n.dc,
      status: n.status,
      paused: n.pausedUntil !== undefined,
      ...roleOf(state, i),
      clockOffsetMs: Math.round(n.clockOffsetNs / 1e5) / 10,
      log: raftLog(state, i),
    })),
    messages,
    groups: connectedGroups(state),
    ranges: keyRanges(state),
    antiEntropy: state.design.kind === "quorum" ? antiEntropyStats(state.designState as QuorumState) : null,
    gossip:
      state.design.kind === "gossip" ? gossipMetrics(state.designState as GossipState, state.now) : null,
    twoPhaseCommit:
      state.design.kind === "two-phase-commit"
        ? twoPhaseCommitMetrics(state.designState as TwoPhaseCommitState, state.now)
        : null,
    stats: state.stats,
  };
}
