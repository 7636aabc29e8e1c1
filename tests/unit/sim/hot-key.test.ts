import { describe, expect, it } from "vitest";
import { toOperations } from "../../../lib/check/history";
import { simulate } from "../../../lib/sim";

const nodes = [
  { id: "n1", region: "eu", dc: "eu-1" },
  { id: "n2", region: "eu", dc: "eu-2" },
  { id: "n3", region: "us", dc: "us-1" },
];

function keysHit(hotKeyShare: number) {
  const sim = simulate(
    {
      seed: 11,
      config: { nodes, design: { kind: "quorum", n: 3, w: 2, r: 2 } },
      commands: [
        {
          type: "startWorkload",
          at: 0,
          workload: {
            clients: [
              { id: "c1", node: "n1" },
              { id: "c2", node: "n3" },
            ],
            keys: 10,
            meanIntervalNs: 2_000_000,
            hotKeyShare,
          },
        },
      ],
    },
    3_000_000_000,
  );
  const ops = toOperations(sim.history());
  return { total: ops.length, hot: ops.filter((o) => o.key === "k0").length };
}

describe("workload key distribution", () => {
  it.each([
    [0, 0, 0.25],
    [0.8, 0.7, 0.9],
  ])("hot-key share %f puts between %f and %f of operations on k0", (share, lo, hi) => {
    const { total, hot } = keysHit(share);
    expect(total).toBeGreaterThan(100);
    expect(hot / total).toBeGreaterThanOrEqual(lo);
    expect(hot / total).toBeLessThanOrEqual(hi);
  });
});
