import { describe, expect, test } from "vitest";
import { MS } from "../../../lib/sim/constants";
import { PROBE_COMMANDS, PROBE_CONFIG, PROBE_SEED, runDeterminismProbe } from "../../../lib/sim/probe";
import type { TDesignInput, TSimCommandInput } from "../../../lib/sim/schema";
import { createSimulation, simulate } from "../../../lib/sim/simulation";
import { cluster, everyNodeClient } from "./fixtures";

const faults: TSimCommandInput[] = [
  { type: "startWorkload", at: 0, workload: everyNodeClient() },
  {
    type: "setNetwork",
    at: 50 * MS,
    network: { loss: 0.05, duplicate: 0.05, spikeProbability: 0.1, spikeNs: 20 * MS },
  },
  { type: "crash", at: 300 * MS, node: "n2" },
  {
    type: "partition",
    at: 500 * MS,
    groups: [
      ["n1", "n2"],
      ["n3", "n4", "n5"],
    ],
  },
  { type: "restart", at: 700 * MS, node: "n2" },
  { type: "setClock", at: 800 * MS, node: "n4", offsetNs: 90 * MS, driftPpm: 500 },
  { type: "heal", at: 1000 * MS },
];

const designs: TDesignInput[] = [
  { kind: "raft" },
  { kind: "quorum", n: 3, w: 2, r: 2, sloppy: true, antiEntropy: true, conflict: "vector" },
  { kind: "single-leader", replication: "semi-sync" },
  { kind: "multi-leader", conflict: "pn-counter" },
];

function stepHashes(design: TDesignInput, seed: number): string[] {
  const sim = createSimulation({ seed, config: cluster(design) });
  for (const c of faults) sim.applyCommand(c);
  const out: string[] = [];
  for (let t = 100 * MS; t <= 1500 * MS; t += 100 * MS) {
    sim.runUntil(t);
    out.push(sim.stateHash());
  }
  return out;
}

describe("determinism", () => {
  test.each(designs.map((d) => [d.kind, d] as const))(
    "%s: same seed, config and commands give the same hash at every step",
    (_k, design) => {
      const a = stepHashes(design, 11);
      expect(stepHashes(design, 11)).toEqual(a);
      expect(new Set(a).size).toBe(a.length);
      expect(stepHashes(design, 12)).not.toEqual(a);
    },
  );

  test("seekTo backwards lands on exactly the state a straight run reaches", () => {
    const input = { seed: 5, config: cluster({ kind: "raft" }), commands: faults };
    const straight = simulate(input, 800 * MS).stateHash();
    const sim = createSimulation({ ...input, snapshotEveryEvents: 500 });
    for (const c of faults) sim.applyCommand(c);
    sim.runUntil(1500 * MS);
    expect(sim.snapshotCount()).toBeGreaterThan(2);
    sim.seekTo(800 * MS);
    expect(sim.stateHash()).toBe(straight);
    sim.seekTo(1500 * MS);
    expect(sim.stateHash()).toBe(simulate(input, 1500 * MS).stateHash());
  });

  test("commands cannot rewrite the past", () => {
    const sim = createSimulation({ seed: 1, config: cluster({ kind: "raft" }) });
    sim.runUntil(10 * MS);
    expect(() => sim.applyCommand({ type: "heal", at: 5 * MS })).toThrow(/before now/);
  });

  test("the offered workload does not depend on the design", () => {
    const invokes = (design: TDesignInput) =>
      simulate(
        {
          seed: 9,
          config: cluster(design),
          commands: [{ type: "startWorkload", at: 0, workload: everyNodeClient() }],
        },
        500 * MS,
      )
        .history()
        .filter((e) => e.type === "invoke" && e.session === "c-n1")
        .slice(0, 5)
        .map((e) => [e.time, e.key, e.f]);
    // Sessions may skip turns while busy, so compare the first few ops of one session, which start identically.
    expect(invokes({ kind: "raft" })[0]).toEqual(invokes({ kind: "multi-leader" })[0]);
  });

  test("the browser probe is stable within one engine", () => {
    const a = runDeterminismProbe();
    expect(a).toHaveLength(20);
    expect(runDeterminismProbe()).toEqual(a);
    expect(
      simulate({ seed: PROBE_SEED, config: PROBE_CONFIG, commands: PROBE_COMMANDS }, 2000 * MS).stateHash(),
    ).toBe(a[19]);
  });
});
