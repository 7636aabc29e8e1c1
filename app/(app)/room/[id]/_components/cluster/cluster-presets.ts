import type { TSimConfigInput } from "@/lib/sim";

// Cluster shapes offered in the panel: five nodes over two regions, so "split the regions" means something.
export const NODES = [
  { id: "n1", region: "eu", dc: "eu-1" },
  { id: "n2", region: "eu", dc: "eu-2" },
  { id: "n3", region: "eu", dc: "eu-3" },
  { id: "n4", region: "us", dc: "us-1" },
  { id: "n5", region: "us", dc: "us-2" },
];

export type DesignKind = "quorum" | "raft" | "single-leader" | "multi-leader";

export const DESIGN_LABELS: Record<DesignKind, string> = {
  quorum: "Leaderless quorum store",
  raft: "Raft",
  "single-leader": "Single-leader replication",
  "multi-leader": "Multi-leader replication",
};

export interface Knobs {
  n: number;
  w: number;
  r: number;
  vnodes: number;
  sloppy: boolean;
  conflict: "lww" | "hlc" | "vector";
  partitioning: "hash" | "range";
  replication: "sync" | "semi-sync" | "async";
}

export const DEFAULT_KNOBS: Knobs = {
  n: 3,
  w: 2,
  r: 2,
  vnodes: 16,
  sloppy: false,
  conflict: "lww",
  partitioning: "hash",
  replication: "async",
};

export function clusterConfig(kind: DesignKind, knobs: Knobs): TSimConfigInput {
  switch (kind) {
    case "quorum":
      return {
        nodes: NODES,
        design: {
          kind: "quorum",
          n: knobs.n,
          w: knobs.w,
          r: knobs.r,
          vnodes: knobs.vnodes,
          sloppy: knobs.sloppy,
          conflict: knobs.conflict,
          partitioning: knobs.partitioning,
        },
      };
    case "raft":
      return { nodes: NODES, design: { kind: "raft" } };
    case "single-leader":
      return { nodes: NODES, design: { kind: "single-leader", replication: knobs.replication } };
    case "multi-leader":
      return { nodes: NODES, design: { kind: "multi-leader" } };
  }
}

/** A workload of one client per region, reading and writing a few keys (so reads collide with writes). */
export const WORKLOAD = {
  clients: [
    { id: "alice", node: "n1" },
    { id: "bob", node: "n4" },
  ],
  keys: 3,
  readRatio: 0.6,
  meanIntervalNs: 5_000_000,
  hotKeyShare: 0,
};
