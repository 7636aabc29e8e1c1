import { MS, SECOND } from "../constants";
import type { TDesignInput, TNodeSpec, TSimCommandInput } from "../schema";
import type { SimulationScenario } from "./types";

/**
 * Anti-entropy after a partition heals, with nothing else to repair replicas (no read repair, no hinted handoff):
 * the same run with full-state exchanges and with Merkle trees. Both converge; the panel's anti-entropy line (and
 * `antiEntropyStats`) shows how many bytes each sent, and what full exchanges would have sent over the same rounds.
 */
const FIVE: TNodeSpec[] = ["n1", "n2", "n3", "n4", "n5"].map((id, i) => ({
  id,
  region: "eu",
  dc: i < 3 ? "eu-1" : "eu-2",
}));
const CLIENTS = FIVE.map((n) => ({ id: `c-${n.id}`, node: n.id }));

export const MERKLE_REPAIR = { keys: 100, split: { from: 2 * SECOND, to: 3 * SECOND }, untilNs: 5 * SECOND };

const run: TSimCommandInput[] = [
  // A busy second fills the store, then a trickle of writes carries on through the split on both sides.
  {
    type: "startWorkload",
    at: 0,
    workload: { clients: CLIENTS, keys: MERKLE_REPAIR.keys, readRatio: 0.2, meanIntervalNs: 2 * MS },
  },
  {
    type: "startWorkload",
    at: 1 * SECOND,
    workload: { clients: CLIENTS, keys: MERKLE_REPAIR.keys, readRatio: 0.5, meanIntervalNs: 40 * MS },
  },
  {
    type: "partition",
    at: MERKLE_REPAIR.split.from,
    groups: [
      ["n1", "n2", "n3"],
      ["n4", "n5"],
    ],
  },
  { type: "heal", at: MERKLE_REPAIR.split.to },
  { type: "stopWorkload", at: MERKLE_REPAIR.split.to },
];

const design = (antiEntropyMode: "full" | "merkle"): TDesignInput => ({
  kind: "quorum",
  n: 3,
  w: 1,
  r: 1,
  readRepair: false,
  hintedHandoff: false,
  antiEntropy: true,
  antiEntropyMode,
});

export const MERKLE_REPAIR_PRESET: SimulationScenario = {
  kind: "simulation",
  id: "merkle-anti-entropy",
  title: "Repairing replicas after a split: full exchange or Merkle trees",
  question:
    "The split heals and about one key in ten now differs between replicas. How does a replica find those keys without shipping everything it stores, and how much does that save?",
  variants: (["full", "merkle"] as const).map((mode) => ({
    label: mode === "full" ? "anti-entropy: full-state exchange" : "anti-entropy: Merkle trees",
    seed: 1,
    config: { nodes: FIVE, design: design(mode) },
    commands: run,
    untilNs: MERKLE_REPAIR.untilNs,
  })),
  sides: { majority: ["n1", "n2", "n3"], minority: ["n4", "n5"] },
  window: { from: MERKLE_REPAIR.split.from, to: MERKLE_REPAIR.split.to },
};
