import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { MS } from "../../../lib/sim/constants";
import { generateFaultSchedule } from "../../../lib/sim/faults";
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
  // Check-quorum and local reads (the same design, other paths through it).
  { kind: "raft", checkQuorum: true, readFrom: "local" },
  { kind: "quorum", n: 3, w: 2, r: 2, sloppy: true, antiEntropy: true, conflict: "vector" },
  // Merkle-tree anti-entropy (the same design, another message exchange).
  { kind: "quorum", n: 3, w: 2, r: 2, antiEntropy: true, antiEntropyMode: "merkle", conflict: "vector" },
  { kind: "single-leader", replication: "semi-sync" },
  // Failover by canvassing the followers' positions (the same design, another message exchange).
  { kind: "single-leader", replication: "semi-sync", promote: "freshest" },
  { kind: "multi-leader", conflict: "pn-counter" },
  // Multi-Paxos, and leaderless proposers with randomised backoff (another path through the same design).
  { kind: "paxos", leader: "distinguished" },
  { kind: "paxos", leader: "none", backoff: true },
  // A low threshold, so the spikes and the crash below raise suspicions inside the window.
  { kind: "gossip", phiThreshold: 2, fanout: 2 },
  { kind: "two-phase-commit", coordinator: "single" },
  // Takeovers by another coordinator replica (the same design, another message exchange).
  { kind: "two-phase-commit", coordinator: "replicated" },
  // A lock service granting leases; the partition above moves the lease (a GC pause: lease.test.ts).
  { kind: "lease", fencing: true },
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
    const sim = createSimulation({ ...input, snapshotEveryEvents: 100 });
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
    // Until its first operation completes, a session's invocations depend only on the workload stream.
    const firstOps = (design: TDesignInput) => {
      const h = simulate(
        {
          seed: 9,
          config: cluster(design),
          commands: [{ type: "startWorkload", at: 0, workload: everyNodeClient() }],
        },
        500 * MS,
      ).history();
      const first = new Map<string, unknown>();
      for (const e of h)
        if (e.type === "invoke" && !first.has(e.session)) first.set(e.session, [e.time, e.key, e.f]);
      return [...first.entries()].sort();
    };
    const raft = firstOps({ kind: "raft" });
    expect(raft).toHaveLength(5);
    expect(firstOps({ kind: "multi-leader" })).toEqual(raft);
    expect(firstOps({ kind: "quorum", n: 3, w: 2, r: 2 })).toEqual(raft);
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

describe("determinism under generated chaos", () => {
  const ids = ["n1", "n2", "n3", "n4", "n5"];
  const chaos = generateFaultSchedule(77, { nodes: ids, fromNs: 0, untilNs: 1500 * MS, meanGapNs: 100 * MS });

  test.each(designs.map((d) => [d.kind, d] as const))("%s: two runs agree on every step", (_k, design) => {
    const run = () => {
      const sim = createSimulation({ seed: 77, config: cluster(design), snapshotEveryEvents: 1000 });
      sim.applyCommand({ type: "startWorkload", at: 0, workload: everyNodeClient() });
      for (const c of chaos) sim.applyCommand(c);
      const out: string[] = [];
      for (let t = 50 * MS; t <= 2000 * MS; t += 50 * MS) {
        sim.runUntil(t);
        out.push(sim.stateHash());
      }
      return out;
    };
    expect(run()).toEqual(run());
  });

  test("seeking to random times, in any order, always matches a straight run", () => {
    const input = {
      seed: 77,
      config: cluster({ kind: "quorum", n: 3, w: 2, r: 2, sloppy: true, antiEntropy: true }),
      commands: [{ type: "startWorkload", at: 0, workload: everyNodeClient() } as const, ...chaos],
    };
    const sim = createSimulation({ ...input, snapshotEveryEvents: 700 });
    for (const c of input.commands) sim.applyCommand(c);
    sim.runUntil(2000 * MS);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2000 }), (ms) => {
        sim.seekTo(ms * MS);
        expect(sim.stateHash()).toBe(simulate(input, ms * MS).stateHash());
      }),
      { numRuns: 15 },
    );
    // Replays after seeking back do not pile up duplicate snapshots.
    const count = sim.snapshotCount();
    sim.seekTo(0);
    sim.seekTo(2000 * MS);
    expect(sim.snapshotCount()).toBe(count);
  });
});
