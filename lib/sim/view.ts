import type { QuorumState } from "./designs/quorum";
import { CANDIDATE, LEADER, type RaftState } from "./designs/raft";
import type { SimState } from "./types";

// What the cluster panel draws, read off a simulation state. Pure; cheap enough to call every frame.

export type NodeRole = "leader" | "follower" | "candidate" | "replica";

export interface NodeView {
  id: string;
  region: string;
  dc: string;
  status: "up" | "crashed" | "restarting" | "removed";
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
    case "multi-leader":
      return { role: "leader", term: null };
    case "quorum":
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
      ...roleOf(state, i),
      clockOffsetMs: Math.round(n.clockOffsetNs / 1e5) / 10,
      log: raftLog(state, i),
    })),
    messages,
    groups: connectedGroups(state),
    ranges: keyRanges(state),
    stats: state.stats,
  };
}
