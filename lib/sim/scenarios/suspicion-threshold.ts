import { MS, SECOND } from "../constants";
import type { TNodeSpec, TSimCommandInput } from "../schema";
import type { SimulationScenario } from "./types";

/**
 * Gossip membership under latency spikes: one node crashes, and the phi-accrual threshold decides how soon the
 * others notice and how often a slow link gets a healthy node suspected. gossipMetrics scores each variant.
 */
const FIVE: TNodeSpec[] = ["n1", "n2", "n3", "n4", "n5"].map((id, i) => ({
  id,
  region: "eu",
  dc: `eu-${(i % 3) + 1}`,
}));

export const SUSPICION_CRASH = { node: "n3", at: 3 * SECOND };
/** One message in five waits an extra 400 ms: a congested network, not a dead one. */
export const SUSPICION_SPIKES = { spikeProbability: 0.2, spikeNs: 400 * MS };
export const SUSPICION_THRESHOLDS = { low: 2, high: 12 } as const;

const run: TSimCommandInput[] = [
  {
    type: "startWorkload",
    at: 0,
    workload: {
      clients: FIVE.map((n) => ({ id: `c-${n.id}`, node: n.id })),
      keys: 3,
      readRatio: 0.5,
      meanIntervalNs: 10 * MS,
    },
  },
  { type: "setNetwork", at: 0, network: SUSPICION_SPIKES },
  { type: "crash", at: SUSPICION_CRASH.at, node: SUSPICION_CRASH.node },
  { type: "stopWorkload", at: 11 * SECOND },
];

export const SUSPICION_THRESHOLD_PRESET: SimulationScenario = {
  kind: "simulation",
  id: "suspicion-threshold",
  title: "Suspicion threshold: fast detection or false alarms",
  question:
    "Your failure detector must notice a dead node quickly, but the network has latency spikes. Where do you set the threshold, and what does each choice cost?",
  variants: (["low", "high"] as const).map((level) => ({
    label: `phi threshold ${SUSPICION_THRESHOLDS[level]} (${level})`,
    seed: 1,
    config: { nodes: FIVE, design: { kind: "gossip", phiThreshold: SUSPICION_THRESHOLDS[level] } },
    commands: run,
    untilNs: 12 * SECOND,
  })),
  sides: { all: FIVE.map((n) => n.id), survivors: ["n1", "n2", "n4", "n5"] },
  window: {},
};
