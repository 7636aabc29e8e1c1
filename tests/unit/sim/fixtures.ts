import type { TDesignInput, TSimConfigInput, TWorkloadInput } from "../../../lib/sim/schema";

export const FIVE_NODES = ["n1", "n2", "n3", "n4", "n5"].map((id, i) => ({
  id,
  region: "eu",
  dc: `eu-${(i % 3) + 1}`,
}));

export function cluster(design: TDesignInput, nodes = FIVE_NODES): TSimConfigInput {
  return { nodes, design };
}

export function everyNodeClient(nodes = FIVE_NODES, meanIntervalNs = 5_000_000, keys = 5): TWorkloadInput {
  return {
    clients: nodes.map((n) => ({ id: `c-${n.id}`, node: n.id })),
    keys,
    readRatio: 0.5,
    meanIntervalNs,
  };
}
