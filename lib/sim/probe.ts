import { MS } from "./constants";
import { SIM_ENGINE_VERSION, type TDesignInput, type TSimCommandInput, type TSimConfigInput } from "./schema";
import { createSimulation } from "./simulation";

/**
 * A fixed scenario (Raft under load, a crash, a partition, packet loss and clock skew) whose per-step state
 * hashes must be identical in every JavaScript engine. Call it in Node and in a browser and compare.
 */
export const PROBE_SEED = 20_261_128;

export const PROBE_CONFIG: TSimConfigInput = {
  nodes: [
    { id: "n1", region: "eu", dc: "eu-1" },
    { id: "n2", region: "eu", dc: "eu-2" },
    { id: "n3", region: "eu", dc: "eu-3" },
    { id: "n4", region: "us", dc: "us-1" },
    { id: "n5", region: "us", dc: "us-2" },
  ],
  design: { kind: "raft" },
  trackClocks: true,
  engine: SIM_ENGINE_VERSION,
};

export const PROBE_COMMANDS: TSimCommandInput[] = [
  {
    type: "startWorkload",
    at: 0,
    workload: {
      clients: [
        { id: "alice", node: "n1" },
        { id: "bob", node: "n4" },
      ],
      keys: 4,
      readRatio: 0.5,
      meanIntervalNs: 20 * MS,
    },
  },
  { type: "setClock", at: 100 * MS, node: "n2", offsetNs: 250 * MS, driftPpm: 200 },
  {
    type: "setNetwork",
    at: 200 * MS,
    network: { loss: 0.02, duplicate: 0.01, spikeProbability: 0.05, spikeNs: 30 * MS },
  },
  { type: "crash", at: 600 * MS, node: "n1" },
  {
    type: "partition",
    at: 900 * MS,
    groups: [
      ["n1", "n2", "n3"],
      ["n4", "n5"],
    ],
  },
  { type: "restart", at: 1100 * MS, node: "n1" },
  { type: "heal", at: 1500 * MS },
  { type: "clientWrite", at: 1600 * MS, node: "n3", key: "k0", value: 42 },
];

export const PROBE_STEPS = 20;
export const PROBE_STEP_NS = 100 * MS;

export function runDeterminismProbe(): string[] {
  const sim = createSimulation({ seed: PROBE_SEED, config: PROBE_CONFIG });
  for (const c of PROBE_COMMANDS) sim.applyCommand(c);
  const hashes: string[] = [];
  for (let i = 1; i <= PROBE_STEPS; i++) {
    sim.runUntil(i * PROBE_STEP_NS);
    hashes.push(sim.stateHash());
  }
  return hashes;
}

/**
 * Every design (and the knobs that change how it computes) through the same faults, hashed at the end of every
 * step: the browser test compares these with Node's too, so a design that leans on something an engine may
 * compute differently (floating-point maths, key order) fails there, not in a live room.
 */
export const PROBE_DESIGNS: Record<string, TDesignInput> = {
  raft: { kind: "raft", checkQuorum: true },
  "raft-local-reads": { kind: "raft", readFrom: "local" },
  "quorum-lww": { kind: "quorum", n: 3, w: 2, r: 2 },
  "quorum-hlc-sloppy": { kind: "quorum", n: 3, w: 1, r: 1, conflict: "hlc", sloppy: true, antiEntropy: true },
  "quorum-vector-range": { kind: "quorum", n: 3, w: 2, r: 2, conflict: "vector", partitioning: "range" },
  "quorum-merkle": { kind: "quorum", n: 3, w: 1, r: 1, antiEntropy: true, antiEntropyMode: "merkle" },
  "single-leader-semi-sync": { kind: "single-leader", replication: "semi-sync", promote: "freshest" },
  "multi-leader-counter": { kind: "multi-leader", conflict: "pn-counter" },
  "multi-paxos": { kind: "paxos", leader: "distinguished" },
  "paxos-leaderless-backoff": { kind: "paxos", leader: "none", backoff: true },
  // Low threshold: the probe's spikes, crash and partition raise and clear suspicions within its 2 s.
  "gossip-phi-2": { kind: "gossip", phiThreshold: 2, fanout: 2 },
  "two-phase-commit-single": { kind: "two-phase-commit", coordinator: "single" },
  "two-phase-commit-replicated": { kind: "two-phase-commit", coordinator: "replicated" },
};

export function runDesignProbes(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, design] of Object.entries(PROBE_DESIGNS)) {
    const sim = createSimulation({ seed: PROBE_SEED, config: { ...PROBE_CONFIG, design } });
    for (const c of PROBE_COMMANDS) sim.applyCommand(c);
    const hashes: string[] = [];
    for (let i = 1; i <= PROBE_STEPS; i++) {
      sim.runUntil(i * PROBE_STEP_NS);
      hashes.push(sim.stateHash());
    }
    out[name] = hashes;
  }
  return out;
}
