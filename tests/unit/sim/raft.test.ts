import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { toOperations } from "../../../lib/check/history";
import { checkLinearizable } from "../../../lib/check/linearizability";
import { MS, SECOND } from "../../../lib/sim/constants";
import { LEADER, type RaftState } from "../../../lib/sim/designs/raft";
import { checkRaftInvariants, createRaftMonitor } from "../../../lib/sim/designs/raft-invariants";
import { generateFaultSchedule } from "../../../lib/sim/faults";
import type { TSimCommandInput } from "../../../lib/sim/schema";
import { createSimulation } from "../../../lib/sim/simulation";
import { cluster, everyNodeClient, FIVE_NODES } from "./fixtures";

const ids = FIVE_NODES.map((n) => n.id);

function leaders(state: RaftState): number[] {
  return state.members.filter((m) => state.nodes[m]?.role === LEADER);
}

describe("raft", () => {
  test("elects exactly one leader and commits client writes", () => {
    const sim = createSimulation({ seed: 3, config: cluster({ kind: "raft" }) });
    sim.applyCommand({ type: "clientWrite", at: 1000 * MS, node: "n2", key: "x", value: 7 });
    sim.applyCommand({ type: "clientRead", at: 1100 * MS, node: "n5", key: "x" });
    sim.runUntil(1500 * MS);
    expect(leaders(sim.state.designState as RaftState)).toHaveLength(1);
    const oks = sim.history().filter((e) => e.type === "ok");
    expect(oks.map((e) => [e.f, e.value])).toEqual([
      ["write", 7],
      ["read", 7],
    ]);
  });

  // A fault schedule: crash/restart/partition/heal/loss at random times, drawn by fast-check.
  const faultArb = fc.array(
    fc.tuple(
      fc.integer({ min: 0, max: 1500 }),
      fc.oneof(
        fc.record({ type: fc.constant("crash" as const), node: fc.constantFrom(...ids) }),
        fc.record({ type: fc.constant("restart" as const), node: fc.constantFrom(...ids) }),
        fc.record({
          type: fc.constant("partition" as const),
          groups: fc.shuffledSubarray(ids, { minLength: 1, maxLength: 4 }).map((g) => [g]),
        }),
        fc.record({
          type: fc.constant("partitionOneWay" as const),
          from: fc.subarray(ids, { minLength: 1, maxLength: 2 }),
          to: fc.subarray(ids, { minLength: 1, maxLength: 3 }),
        }),
        fc.record({ type: fc.constant("heal" as const) }),
        fc.record({
          type: fc.constant("setNetwork" as const),
          network: fc.record({ loss: fc.constantFrom(0, 0.05, 0.2), duplicate: fc.constantFrom(0, 0.1) }),
        }),
      ),
    ),
    { maxLength: 8 },
  );

  test("safety holds after every event under random faults, and the history is linearizable", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), faultArb, (seed, schedule) => {
        const sim = createSimulation({ seed, config: cluster({ kind: "raft" }), snapshotEveryEvents: 0 });
        sim.applyCommand({ type: "startWorkload", at: 0, workload: everyNodeClient(FIVE_NODES, 10 * MS, 3) });
        for (const [atMs, cmd] of schedule) sim.applyCommand({ ...cmd, at: atMs * MS } as TSimCommandInput);
        // Heal and restart everything at the end so the cluster can finish what it started.
        sim.applyCommand({ type: "heal", at: 1600 * MS });
        sim.applyCommand({ type: "setNetwork", at: 1600 * MS, network: { loss: 0, duplicate: 0 } });
        for (const id of ids) sim.applyCommand({ type: "restart", at: 1600 * MS, node: id });
        sim.applyCommand({ type: "stopWorkload", at: 2000 * MS });
        const monitor = createRaftMonitor();
        while (sim.step(3500 * MS)) {
          const violations = checkRaftInvariants(sim.state.designState as RaftState, monitor);
          if (violations.length > 0) throw new Error(violations.join("\n"));
        }
        expect(leaders(sim.state.designState as RaftState).length).toBeLessThanOrEqual(1);
        const verdict = checkLinearizable(sim.history()).verdict;
        expect(verdict).not.toBe("not-linearizable");
      }),
      { numRuns: 25 },
    );
  }, 60_000);
});

describe("raft under generated chaos (crash, partitions, one-way links, loss, clock skew)", () => {
  test.each([1, 2, 3, 4, 5, 6])("seed %i: invariants after every event; recovers once faults end", (seed) => {
    const sim = createSimulation({ seed, config: cluster({ kind: "raft" }), snapshotEveryEvents: 0 });
    sim.applyCommand({ type: "startWorkload", at: 0, workload: everyNodeClient(FIVE_NODES, 10 * MS, 3) });
    for (const c of generateFaultSchedule(seed, {
      nodes: ids,
      fromNs: 100 * MS,
      untilNs: 2 * SECOND,
      meanGapNs: 150 * MS,
    })) {
      sim.applyCommand(c);
    }
    const monitor = createRaftMonitor();
    while (sim.step(4 * SECOND)) {
      const violations = checkRaftInvariants(sim.state.designState as RaftState, monitor);
      if (violations.length > 0) throw new Error(violations.join("\n"));
    }
    // Liveness once the faults are over: one leader, and operations started after recovery succeed.
    expect(leaders(sim.state.designState as RaftState)).toHaveLength(1);
    const late = toOperations(sim.history()).filter((o) => o.start > 3 * SECOND && o.end !== null);
    expect(late.length).toBeGreaterThan(10);
    expect(late.every((o) => o.status === "ok")).toBe(true);
    expect(checkLinearizable(sim.history()).verdict).toBe("linearizable");
  });
});
