import { z } from "zod";

/**
 * Every input the simulator accepts, as zod schemas: the live room sends these over sockets and stores them in
 * the event log, so they are parsed at the boundary and the types are inferred, never written twice.
 * Times are integer nanoseconds of virtual time.
 */
export const SIM_SCHEMA_VERSION = 1;

/**
 * The simulator's behaviour version. A stored session replays the cluster from (seed, config, commands), so a
 * change to how a design behaves would silently change what an old session shows. Such a change is gated on
 * the engine version instead: a config without `engine` runs engine 1 (the behaviour before round two, and
 * every session stored before this field existed); the room, the presets, the probe and the benches stamp
 * today's version on every new cluster. Bump this when a design's behaviour changes, and gate the change on
 * `ctx.engine()`.
 *
 * - 1: the first simulator.
 * - 2: round two: a restarted node's HLC never goes below the newest version it stores; Raft leaders step down
 *   without a majority (check-quorum) unless `checkQuorum: false`, and a Raft node that is not leader refuses a
 *   forwarded request at once (and forgets the leader when its term moves on) instead of leaving it to time
 *   out; single-leader failover promotes the most up-to-date follower unless `promote: "first"`.
 */
export const SIM_ENGINE_VERSION = 2;

const ZNs = z.number().int().nonnegative();
const ZProbability = z.number().min(0).max(1);
export const ZNodeId = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,31}$/);

export const ZNodeSpec = z.object({
  id: ZNodeId,
  region: z.string().min(1).max(40).default("eu"),
  dc: z.string().min(1).max(40).default("eu-1"),
});

export const ZQuorumDesign = z.object({
  kind: z.literal("quorum"),
  n: z.number().int().min(1).max(9),
  w: z.number().int().min(1).max(9),
  r: z.number().int().min(1).max(9),
  /** Sloppy quorum: when home replicas do not answer, count writes stored on the next nodes of the ring. */
  sloppy: z.boolean().default(false),
  hintedHandoff: z.boolean().default(true),
  readRepair: z.boolean().default(true),
  antiEntropy: z.boolean().default(false),
  /**
   * How an anti-entropy round finds what differs. full: each side sends its whole data map; merkle: the two compare
   * hash trees over the keys they both replicate, level by level, and send only the keys of leaves that differ
   * (designs/merkle.ts). Absent: full, and no byte count is kept, so every state hash stays what it was; naming
   * either mode also counts the bytes each round sends.
   */
  antiEntropyMode: z.enum(["full", "merkle"]).optional(),
  /** lww: wall-clock timestamps; hlc: hybrid logical clock timestamps; vector: vector clocks with siblings. */
  conflict: z.enum(["lww", "hlc", "vector"]).default("lww"),
  vnodes: z.number().int().min(1).max(512).default(16),
  /**
   * hash: consistent hashing with `vnodes` (the default); range: contiguous key ranges in key order (placement.ts).
   * "hash" parses to absent, so a config that names it is the same data as one from before this option existed
   * and every state hash stays what it was.
   */
  partitioning: z
    .enum(["hash", "range"])
    .optional()
    .transform((p) => (p === "range" ? p : undefined)),
});

export const ZRaftDesign = z.object({
  kind: z.literal("raft"),
  /** A leader that has not heard from a majority for an election timeout steps down. Absent: on from engine 2. */
  checkQuorum: z.boolean().optional(),
  /**
   * leader: a read goes through the leader's log (linearizable; the default); local: the node the client is
   * attached to answers from what it has applied (ZooKeeper-style: fast, may be stale, served by a minority too).
   * "leader" parses to absent, so naming it changes no state hash.
   */
  readFrom: z
    .enum(["leader", "local"])
    .optional()
    .transform((r) => (r === "local" ? r : undefined)),
});

export const ZSingleLeaderDesign = z.object({
  kind: z.literal("single-leader"),
  /**
   * When the leader acknowledges a write (designs/single-leader-modes.ts names them for people). The stored values
   * predate the article's naming and stay, because every stored session's log and state hash holds them:
   * - "semi-sync": after at least one follower applied it: the article's "synchronous replication";
   * - "sync": after every follower applied it ("all followers");
   * - "async": at once; the change ships with the next heartbeat.
   */
  replication: z.enum(["sync", "semi-sync", "async"]).default("async"),
  /** local: a client reads from the node it is attached to (maybe a lagging follower); leader: always the leader. */
  readFrom: z.enum(["local", "leader"]).default("local"),
  failover: z.boolean().default(true),
  /**
   * Which follower failover promotes. first: the first in order that hears nothing (engine 1's only behaviour);
   * freshest: the one that has applied the most of the old leader's changes. Absent: first on engine 1,
   * freshest from engine 2.
   */
  promote: z.enum(["first", "freshest"]).optional(),
});

export const ZMultiLeaderDesign = z.object({
  kind: z.literal("multi-leader"),
  conflict: z.enum(["lww", "pn-counter"]).default("lww"),
});

/** Gossip membership with a phi-accrual failure detector; a last-write-wins register rides on the gossip. */
export const ZGossipDesign = z.object({
  kind: z.literal("gossip"),
  /** Suspect a peer once phi (−log10 of the chance a heartbeat is still this late) passes this; Cassandra: 8. */
  phiThreshold: z.number().int().min(1).max(16).default(8),
  /** Peers each node gossips to per round. */
  fanout: z.number().int().min(1).max(4).default(1),
});

/**
 * A lock service hands out a time-bounded lease with a fencing token (one more per grant); the holder serves the
 * clients and writes to storage, which lives on the lock service's node (designs/lease.ts).
 */
export const ZLeaseDesign = z.object({
  kind: z.literal("lease"),
  /** Storage refuses a write whose token is lower than the highest it has seen. */
  fencing: z.boolean().default(true),
});

/**
 * Two-phase commit (designs/two-phase-commit.ts): a write is a transaction over two participants. single: one
 * coordinator (the first node); replicated: three coordinator replicas (the first three nodes) that make each
 * decision durable on a majority before sending it, and take over from a crashed leader.
 */
export const ZTwoPhaseCommitDesign = z.object({
  kind: z.literal("two-phase-commit"),
  coordinator: z.enum(["single", "replicated"]).default("single"),
});

/**
 * Paxos (designs/paxos.ts): every node proposes, accepts and learns; each log slot is one single-decree instance.
 */
export const ZPaxosDesign = z.object({
  kind: z.literal("paxos"),
  /**
   * distinguished: a stable leader runs phase 1 once, then only phase 2 per slot (Multi-Paxos); none: every node
   * proposes its own clients' operations, with phase 1 each time (duelling proposers).
   */
  leader: z.enum(["distinguished", "none"]).default("distinguished"),
  /** After a pre-emption, wait a random, growing time before retrying (off: retry at once and risk livelock). */
  backoff: z.boolean().default(true),
  /** Limit the log to this many slots (1: single-decree Paxos); later operations are refused. */
  slots: z.number().int().min(1).max(1_000_000).optional(),
});

export const ZDesign = z.discriminatedUnion("kind", [
  ZQuorumDesign,
  ZRaftDesign,
  ZSingleLeaderDesign,
  ZMultiLeaderDesign,
  ZGossipDesign,
  ZLeaseDesign,
  ZTwoPhaseCommitDesign,
  ZPaxosDesign,
]);

export const ZNetworkFaults = z.object({
  loss: ZProbability.default(0),
  duplicate: ZProbability.default(0),
  spikeProbability: ZProbability.default(0),
  spikeNs: ZNs.default(0),
  /** Added to every message's one-way delay (a slow WAN link, or a congested network). */
  extraNs: ZNs.default(0),
});

export const ZClientSpec = z.object({ id: ZNodeId, node: ZNodeId });

export const ZWorkload = z.object({
  clients: z.array(ZClientSpec).min(1).max(64),
  keys: z.number().int().min(1).max(10_000).default(10),
  readRatio: ZProbability.default(0.5),
  /** Mean gap between operations across all clients (open loop: a busy client skips its turn). */
  meanIntervalNs: z.number().int().min(1_000).default(5_000_000),
  /** Share of operations aimed at one hot key (k0); the rest spread evenly. 0 = uniform. */
  hotKeyShare: ZProbability.default(0),
});

export const ZSimConfig = z.object({
  nodes: z.array(ZNodeSpec).min(1).max(16),
  design: ZDesign,
  storage: z.enum(["memory", "ssd", "disk"]).default("ssd"),
  network: ZNetworkFaults.default({ loss: 0, duplicate: 0, spikeProbability: 0, spikeNs: 0, extraNs: 0 }),
  clientTimeoutNs: ZNs.optional(),
  /** Keep Lamport, vector and hybrid logical clocks per node, stamped on every message (see clock-views.ts). */
  trackClocks: z.boolean().default(false),
  /** Behaviour version (SIM_ENGINE_VERSION); absent means 1, so stored sessions keep the behaviour they had. */
  engine: z.number().int().min(1).max(SIM_ENGINE_VERSION).optional(),
});

/** The engine a config runs: absent means engine 1. */
export function engineOf(config: { engine?: number | undefined }): number {
  return config.engine ?? 1;
}

/** The config as a new cluster runs it: today's engine. */
export function withCurrentEngine<C extends object>(config: C): C & { engine: number } {
  return { ...config, engine: SIM_ENGINE_VERSION };
}

const at = { at: ZNs };
export const ZSimCommand = z.discriminatedUnion("type", [
  z.object({ type: z.literal("configure"), ...at, design: ZDesign }),
  z.object({ type: z.literal("crash"), ...at, node: ZNodeId }),
  z.object({ type: z.literal("restart"), ...at, node: ZNodeId }),
  /**
   * A process pause (a stop-the-world GC, a suspended VM): the node runs nothing for `forNs` and does not know it.
   * Messages, timers and client requests for it wait and run when it wakes; its clock stands still meanwhile.
   */
  z.object({ type: z.literal("pause"), ...at, node: ZNodeId, forNs: z.number().int().positive() }),
  /** Nodes not named in any group form one more group together. */
  z.object({ type: z.literal("partition"), ...at, groups: z.array(z.array(ZNodeId)).min(1) }),
  /** Messages from `from` to `to` are dropped; the reverse direction still works. */
  z.object({ type: z.literal("partitionOneWay"), ...at, from: z.array(ZNodeId), to: z.array(ZNodeId) }),
  z.object({ type: z.literal("heal"), ...at }),
  z.object({ type: z.literal("setNetwork"), ...at, network: ZNetworkFaults.partial() }),
  z.object({
    type: z.literal("setClock"),
    ...at,
    node: ZNodeId,
    offsetNs: z.number().int(),
    driftPpm: z.number().int().min(-100_000).max(100_000).default(0),
  }),
  z.object({ type: z.literal("addNode"), ...at, node: ZNodeSpec }),
  z.object({ type: z.literal("removeNode"), ...at, node: ZNodeId }),
  z.object({ type: z.literal("startWorkload"), ...at, workload: ZWorkload }),
  z.object({ type: z.literal("stopWorkload"), ...at }),
  /** `session` names the user across nodes (read-your-writes is per session); default: one per node. */
  z.object({
    type: z.literal("clientRead"),
    ...at,
    node: ZNodeId,
    key: z.string().min(1).max(64),
    session: ZNodeId.optional(),
  }),
  z.object({
    type: z.literal("clientWrite"),
    ...at,
    node: ZNodeId,
    key: z.string().min(1).max(64),
    session: ZNodeId.optional(),
    /** Omitted: the operation id is used, which keeps every written value unique (the checkers rely on it). */
    value: z.number().int().optional(),
  }),
]);

export type TNodeSpec = z.infer<typeof ZNodeSpec>;
export type TQuorumDesign = z.infer<typeof ZQuorumDesign>;
export type TRaftDesign = z.infer<typeof ZRaftDesign>;
export type TSingleLeaderDesign = z.infer<typeof ZSingleLeaderDesign>;
export type TMultiLeaderDesign = z.infer<typeof ZMultiLeaderDesign>;
export type TPaxosDesign = z.infer<typeof ZPaxosDesign>;
export type TTwoPhaseCommitDesign = z.infer<typeof ZTwoPhaseCommitDesign>;
export type TLeaseDesign = z.infer<typeof ZLeaseDesign>;
export type TGossipDesign = z.infer<typeof ZGossipDesign>;
export type TDesign = z.infer<typeof ZDesign>;
export type TDesignInput = z.input<typeof ZDesign>;
export type TNetworkFaults = z.infer<typeof ZNetworkFaults>;
export type TWorkload = z.infer<typeof ZWorkload>;
export type TWorkloadInput = z.input<typeof ZWorkload>;
export type TSimConfig = z.infer<typeof ZSimConfig>;
export type TSimConfigInput = z.input<typeof ZSimConfig>;
export type TSimCommand = z.infer<typeof ZSimCommand>;
export type TSimCommandInput = z.input<typeof ZSimCommand>;
