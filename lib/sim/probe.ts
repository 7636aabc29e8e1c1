import { MS } from "./constants";
import { SIM_ENGINE_VERSION, type TSimCommandInput, type TSimConfigInput } from "./schema";
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
