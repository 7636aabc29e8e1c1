import type { HistoryEvent } from "../check/history";
import type { ClockStamp, NodeClocks } from "./clock-views";
import type { RngState } from "./prng";
import type { TDesign, TNetworkFaults, TSimConfig, TWorkload } from "./schema";

/**
 * The whole simulation state is plain data (no class instances, no closures, no Maps), so it can be cloned
 * into a snapshot (see clone.ts) and hashed by canonical JSON. Nodes are addressed by index internally;
 * ids are for people and commands.
 */
export type NodeStatus = "up" | "crashed" | "restarting" | "removed";

export interface NodeRuntime {
  id: string;
  region: string;
  dc: string;
  status: NodeStatus;
  /** Bumped on every crash: timers armed by an earlier incarnation are discarded when they fire. */
  incarnation: number;
  clockOffsetNs: number;
  clockDriftPpm: number;
  /**
   * Set only while a `pause` command holds the node (absent otherwise, so runs without one hash as before): when
   * it wakes, and when the pause began (its clock stands still for the difference).
   */
  pausedUntil?: number;
  pausedFrom?: number;
}

export interface NetworkState extends TNetworkFaults {
  /** Row-major `cap × cap`: 1 when messages from i to j are dropped at delivery. */
  blocked: number[];
  /** Row-major `cap × cap` base one-way delay in ns, from the nodes' datacenters and regions. */
  delay: number[];
  cap: number;
}

export type SimEvent =
  | {
      time: number;
      seq: number;
      k: "deliver";
      from: number;
      to: number;
      msg: DesignMessage;
      stamp: ClockStamp | null;
    }
  | { time: number; seq: number; k: "timer"; node: number; inc: number; name: string; token: number }
  | { time: number; seq: number; k: "restarted"; node: number; inc: number }
  | { time: number; seq: number; k: "workload"; gen: number }
  | { time: number; seq: number; k: "clientTimeout"; opId: number }
  /** A paused node wakes (commands.ts, `pause`). */
  | { time: number; seq: number; k: "wake"; node: number; inc: number }
  /** A client's request that reached a paused node: handed to the design when the node wakes. */
  | { time: number; seq: number; k: "clientOp"; node: number; inc: number; op: ClientOp };

/** Messages are the design's business; the engine only needs them to be plain data with a tag. */
export interface DesignMessage {
  t: string;
  [field: string]: unknown;
}

export interface ClientOp {
  opId: number;
  f: "read" | "write";
  key: string;
  value: number | null;
}

export type ClientResult = { ok: true; value: number | null; siblings?: number[] } | { ok: false };

export interface PendingOp {
  opId: number;
  process: string;
  session: string;
  /** Index of the workload client that issued it, or -1 for a manual operation. */
  client: number;
  node: number;
  f: "read" | "write";
  key: string;
  value: number | null;
  start: number;
}

export interface WorkloadState {
  active: boolean;
  /** Bumped by start/stop so a stale tick from an earlier workload is ignored. */
  gen: number;
  config: TWorkload | null;
  /** Per client: process generation (a client that saw a timeout continues as a fresh process) and busy flag. */
  clients: { gen: number; busy: boolean }[];
}

export interface SimStats {
  events: number;
  messagesSent: number;
  messagesDelivered: number;
  messagesDropped: number;
}

export interface SimState {
  seed: number;
  now: number;
  seq: number;
  /** Number of commands from the (time-sorted) command log already applied. */
  cmdCursor: number;
  config: TSimConfig;
  queue: SimEvent[];
  rng: { network: RngState; faults: RngState; workload: RngState; nodes: RngState[] };
  nodes: NodeRuntime[];
  net: NetworkState;
  design: TDesign;
  designState: unknown;
  workload: WorkloadState;
  nextOpId: number;
  /** Open client operations, in invocation order (a handful at a time: each client has at most one open). */
  pending: PendingOp[];
  history: HistoryEvent[];
  stats: SimStats;
  /** Per node, when `config.trackClocks` is on; null otherwise. */
  clocks: NodeClocks[] | null;
}

/** What a design may do. It never sees the engine's state directly, only its own. */
export interface DesignContext {
  now(): number;
  /** The simulator's behaviour version for this run (SIM_ENGINE_VERSION; 1 for sessions stored before it). */
  engine(): number;
  /** The node's local clock reading: true time plus its offset and drift (clock skew). */
  localTime(node: number): number;
  /** Send over the simulated network; `extraDelayNs` models work before sending (e.g. an fsync). */
  send(from: number, to: number, msg: DesignMessage, extraDelayNs?: number): void;
  /** Arm a timer; designs cancel by bumping a token they keep in their own state and comparing on fire. */
  setTimer(node: number, delayNs: number, name: string, token?: number): void;
  /** The node's own random stream (election timeouts, gossip peers). */
  randomInt(node: number, lo: number, hi: number): number;
  reply(opId: number, result: ClientResult): void;
  storageDelayNs(): number;
  /** Indices of nodes that are cluster members (not removed), in index order. */
  members(): number[];
  nodeId(node: number): string;
  nodeCount(): number;
}

export interface Design<S> {
  init(ctx: DesignContext, config: TDesign): S;
  onClientOp(ctx: DesignContext, s: S, node: number, op: ClientOp): void;
  onMessage(ctx: DesignContext, s: S, node: number, from: number, msg: DesignMessage): void;
  onTimer(ctx: DesignContext, s: S, node: number, name: string, token: number): void;
  /** Volatile state is lost; durable state stays. */
  onCrash(ctx: DesignContext, s: S, node: number): void;
  onRestart(ctx: DesignContext, s: S, node: number): void;
  onMembershipChange(ctx: DesignContext, s: S): void;
  /** What each node currently holds, node id → key → values (for divergence checks and the UI). */
  observe(ctx: DesignContext, s: S): Record<string, Record<string, number[]>>;
}

/** What the command and client modules need from the engine. */
export interface EngineCore {
  state: SimState;
  readonly ctx: DesignContext;
  schedule(ev: SimEvent): void;
  nodeIndex(id: string): number;
}
