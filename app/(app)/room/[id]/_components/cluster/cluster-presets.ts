import { engineOf, type TDesign, type TSimConfig, type TSimConfigInput } from "@/lib/sim";
import { PROMOTION_RULES, promotionRule, REPLICATION_MODES } from "@/lib/sim/designs/single-leader-modes";
import { SCENARIOS } from "@/lib/sim/scenarios/presets";
import type { SimulationScenario } from "@/lib/sim/scenarios/types";

// The cluster the candidate's first design runs on: five nodes over two regions, so "split the regions" means
// something. A restart keeps the running cluster's nodes (see clusterConfig).
export const NODES = [
  { id: "n1", region: "eu", dc: "eu-1" },
  { id: "n2", region: "eu", dc: "eu-2" },
  { id: "n3", region: "eu", dc: "eu-3" },
  { id: "n4", region: "us", dc: "us-1" },
  { id: "n5", region: "us", dc: "us-2" },
];

export type DesignKind = TDesign["kind"];

export const DESIGN_LABELS: Record<DesignKind, string> = {
  quorum: "Leaderless quorum store",
  raft: "Raft",
  "single-leader": "Single-leader replication",
  "multi-leader": "Multi-leader replication",
  gossip: "Gossip membership (phi-accrual failure detector)",
  paxos: "Paxos",
  lease: "Lease and fencing tokens",
  "two-phase-commit": "Two-phase commit",
};

export const DESIGN_KINDS = [
  "quorum",
  "raft",
  "single-leader",
  "multi-leader",
  "gossip",
  "paxos",
  "lease",
  "two-phase-commit",
] as const satisfies readonly DesignKind[];

export interface Knobs {
  n: number;
  w: number;
  r: number;
  vnodes: number;
  sloppy: boolean;
  conflict: "lww" | "hlc" | "vector";
  partitioning: "hash" | "range";
  replication: "sync" | "semi-sync" | "async";
  promote: "first" | "freshest";
  checkQuorum: boolean;
  raftReadFrom: "leader" | "local";
  phiThreshold: number;
  fencing: boolean;
  coordinator: "single" | "replicated";
  paxosLeader: "distinguished" | "none";
  paxosBackoff: boolean;
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
  promote: "freshest",
  checkQuorum: true,
  raftReadFrom: "leader",
  phiThreshold: 8,
  fencing: true,
  coordinator: "single",
  paxosLeader: "distinguished",
  paxosBackoff: true,
};

/**
 * The config a (re)start sends: the form's design on the running cluster's nodes (a scenario's three continents
 * stay three continents), or the panel's five nodes before there is a cluster. Knobs the form does not show
 * (read repair, hinted handoff, failover, …) keep the running design's values while the kind stays the same, so
 * pressing restart without an edit restarts the very design that was running.
 */
export function clusterConfig(kind: DesignKind, knobs: Knobs, running?: TSimConfig | null): TSimConfigInput {
  const base = running ?? { nodes: NODES };
  switch (kind) {
    case "quorum":
      return {
        ...base,
        design: {
          ...runningDesign(running, "quorum"),
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
      // Check-quorum named, not left to the engine's default; "leader" reads parse to absent (today's default).
      return {
        ...base,
        design: { kind: "raft", checkQuorum: knobs.checkQuorum, readFrom: knobs.raftReadFrom },
      };
    case "single-leader":
      return {
        ...base,
        design: {
          ...runningDesign(running, "single-leader"),
          kind: "single-leader",
          replication: knobs.replication,
          // Named, not left to the engine's default, so the stored config says which rule it runs.
          promote: knobs.promote,
        },
      };
    case "multi-leader":
      return { ...base, design: { ...runningDesign(running, "multi-leader"), kind: "multi-leader" } };
    case "gossip":
      return {
        ...base,
        design: { ...runningDesign(running, "gossip"), kind: "gossip", phiThreshold: knobs.phiThreshold },
      };
    case "paxos":
      return {
        ...base,
        design: {
          ...runningDesign(running, "paxos"),
          kind: "paxos",
          leader: knobs.paxosLeader,
          backoff: knobs.paxosBackoff,
        },
      };
    case "lease":
      return { ...base, design: { kind: "lease", fencing: knobs.fencing } };
    case "two-phase-commit":
      return { ...base, design: { kind: "two-phase-commit", coordinator: knobs.coordinator } };
  }
}

/** The running design when it is of `kind` (so its hidden knobs carry over), else nothing. */
function runningDesign<K extends DesignKind>(
  running: TSimConfig | null | undefined,
  kind: K,
): Extract<TDesign, { kind: K }> | undefined {
  const d = running?.design;
  return d?.kind === kind ? (d as Extract<TDesign, { kind: K }>) : undefined;
}

/** What the design form shows for a running design: its kind, and every knob the form has (defaults for the rest). */
export function designFormOf(design: TDesign): { kind: DesignKind; knobs: Knobs } {
  switch (design.kind) {
    case "quorum":
      return {
        kind: "quorum",
        knobs: {
          ...DEFAULT_KNOBS,
          n: design.n,
          w: design.w,
          r: design.r,
          vnodes: design.vnodes,
          sloppy: design.sloppy,
          conflict: design.conflict,
          partitioning: design.partitioning ?? "hash",
        },
      };
    case "single-leader":
      return {
        kind: "single-leader",
        // Absent: a restart runs today's engine, which promotes the freshest.
        knobs: { ...DEFAULT_KNOBS, replication: design.replication, promote: design.promote ?? "freshest" },
      };
    case "raft":
      return {
        kind: "raft",
        // Absent: a restart runs today's engine, where check-quorum is on.
        knobs: {
          ...DEFAULT_KNOBS,
          checkQuorum: design.checkQuorum ?? true,
          raftReadFrom: design.readFrom ?? "leader",
        },
      };
    case "multi-leader":
      return { kind: design.kind, knobs: DEFAULT_KNOBS };
    case "gossip":
      return { kind: "gossip", knobs: { ...DEFAULT_KNOBS, phiThreshold: design.phiThreshold } };
    case "paxos":
      return {
        kind: "paxos",
        knobs: { ...DEFAULT_KNOBS, paxosLeader: design.leader, paxosBackoff: design.backoff },
      };
    case "lease":
      return { kind: "lease", knobs: { ...DEFAULT_KNOBS, fencing: design.fencing } };
    case "two-phase-commit":
      return { kind: "two-phase-commit", knobs: { ...DEFAULT_KNOBS, coordinator: design.coordinator } };
  }
}

/**
 * The workload's shape: a few keys, so reads collide with writes. Its clients (one where the single write goes,
 * one where the single read goes) depend on the running cluster's nodes; see startWorkload.
 */
export const WORKLOAD = {
  keys: 3,
  readRatio: 0.6,
  meanIntervalNs: 5_000_000,
  hotKeyShare: 0,
};

/** Request rates the candidate can pick for the workload, in operations per second. */
export const WORKLOAD_RATES = [50, 200, 1000] as const;
/** The hot-key workload aims this share of operations at k0. */
export const HOT_KEY_SHARE = 0.8;
/** The panel grows the cluster up to this many nodes (the simulator allows 16; more would not fit the diagram). */
export const MAX_PANEL_NODES = 8;
/** Where a node the candidate adds goes: the third US datacentre. */
export const ADDED_NODE_PLACEMENT = { region: "us", dc: "us-3" };

/** The scenario presets that run a cluster (the placement-only ones have nothing to simulate). */
export const SCENARIO_PRESETS = SCENARIOS.filter((s): s is SimulationScenario => s.kind === "simulation");

/** One line naming the running design and its knobs, shown to both participants; `engine` as in the config. */
export function designSummary(d: TDesign, engine?: number): string {
  switch (d.kind) {
    case "quorum":
      return `${DESIGN_LABELS.quorum}: N=${d.n}, W=${d.w}, R=${d.r} (${d.w + d.r > d.n ? "W + R > N" : "W + R ≤ N"})${d.sloppy ? ", sloppy quorum" : ""}, ${d.partitioning === "range" ? "range partitioning (by key order)" : `consistent hashing (${d.vnodes} virtual nodes)`}`;
    case "single-leader":
      return `${DESIGN_LABELS["single-leader"]}: ${REPLICATION_MODES[d.replication].name}, ${d.failover ? `failover promotes the ${PROMOTION_RULES[promotionRule(d, engineOf({ engine }))].name.toLowerCase()}` : "no failover"}`;
    case "raft":
      return `${DESIGN_LABELS.raft}: check-quorum ${(d.checkQuorum ?? engineOf({ engine }) >= 2) ? "on" : "off"}, ${d.readFrom === "local" ? "local reads (may be stale)" : "reads through the leader's log"}`;
    case "gossip":
      return `${DESIGN_LABELS.gossip}: suspect at phi > ${d.phiThreshold}, gossip to ${d.fanout} peer${d.fanout === 1 ? "" : "s"} a round`;
    case "paxos":
      return `${DESIGN_LABELS.paxos}: ${d.leader === "distinguished" ? "a distinguished leader (Multi-Paxos, phase 1 once)" : `no leader (every node proposes, phase 1 each time), ${d.backoff ? "random backoff" : "no backoff"}`}${d.slots === 1 ? ", one slot (single-decree)" : ""}`;
    case "lease":
      return `${DESIGN_LABELS.lease}: the first node grants the lease and stores the data; ${d.fencing ? "storage refuses a stale token" : "no fencing: storage takes any holder's write"}`;
    case "two-phase-commit":
      return `${DESIGN_LABELS["two-phase-commit"]}: ${d.coordinator === "replicated" ? "the first three nodes coordinate, each decision on a majority of them" : "the first node coordinates alone"}; the others are participants, and a write spans two`;
    default:
      return DESIGN_LABELS[d.kind];
  }
}
