import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { checkLinearizable } from "../../../lib/check/linearizability";
import { simConfigProblem } from "../../../lib/room/sim";
import { MS, RESTART_DELAY_NS, SECOND, TWO_PHASE_COMMIT } from "../../../lib/sim/constants";
import type { TwoPhaseCommitState } from "../../../lib/sim/designs/two-phase-commit";
import { shardOf, transactionKeys } from "../../../lib/sim/designs/two-phase-commit-keys";
import {
  atomicityViolations,
  describeBlocking,
  twoPhaseCommitMetrics,
} from "../../../lib/sim/designs/two-phase-commit-metrics";
import { generateFaultSchedule } from "../../../lib/sim/faults";
import { COORDINATOR_CRASH } from "../../../lib/sim/scenarios/coordinator-crash";
import { scenarioById } from "../../../lib/sim/scenarios/presets";
import { runVariant } from "../../../lib/sim/scenarios/run";
import type { SimulationScenario, VariantOutcome } from "../../../lib/sim/scenarios/types";
import { type TSimCommandInput, withCurrentEngine, ZSimConfig } from "../../../lib/sim/schema";
import { simulate } from "../../../lib/sim/simulation";
import { describeCluster } from "../../../lib/sim/view";
import { cluster, everyNodeClient, FIVE_NODES } from "./fixtures";

const design = (coordinator: "single" | "replicated") => ({ kind: "two-phase-commit" as const, coordinator });
const stateOf = (sim: ReturnType<typeof simulate>) => sim.state.designState as TwoPhaseCommitState;

describe("two-phase commit: keys and shards", () => {
  test.each([
    // key, shards, its shard, its index entry's shard
    ["k0", 2, 0, 1],
    ["k1", 2, 1, 0],
    ["k5", 4, 1, 2],
    ["k3", 4, 3, 0],
    ["k7", 1, 0, 0],
  ] as const)("%s over %i shards: shard %i, index entry on shard %i", (key, shards, own, index) => {
    const [k, ix] = transactionKeys(key);
    expect(k).toBe(key);
    expect(ix).toBe(`ix:${key}`);
    expect(shardOf(k, shards)).toBe(own);
    expect(shardOf(ix, shards)).toBe(index);
  });

  test("with two shards or more, a write always spans two participants", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 12 }),
        fc.integer({ min: 2, max: 8 }),
        (key, shards) => {
          const [k, ix] = transactionKeys(key);
          const a = shardOf(k, shards);
          expect(a).toBeGreaterThanOrEqual(0);
          expect(a).toBeLessThan(shards);
          expect(shardOf(ix, shards)).toBe((a + 1) % shards);
        },
      ),
    );
  });
});

describe("two-phase commit: the protocol without faults", () => {
  test("single: n1 coordinates, the others are participants; a write lands on both of its keys", () => {
    const sim = simulate(
      {
        seed: 3,
        config: cluster(design("single")),
        commands: [
          { type: "clientWrite", at: 10 * MS, node: "n3", key: "k0", value: 7 },
          { type: "clientRead", at: 50 * MS, node: "n5", key: "k0" },
        ],
      },
      200 * MS,
    );
    const s = stateOf(sim);
    expect(s.coordinators).toEqual([0]);
    expect(s.participants).toEqual([1, 2, 3, 4]);
    // k0 on shard 0 (n2), its index entry on shard 1 (n3).
    expect(sim.observe()).toEqual({ n1: {}, n2: { k0: [7] }, n3: { "ix:k0": [7] }, n4: {}, n5: {} });
    const done = sim.history().filter((e) => e.type !== "invoke");
    expect(done.map((e) => [e.type, e.f, e.value])).toEqual([
      ["ok", "write", 7],
      ["ok", "read", 7],
    ]);
    const m = twoPhaseCommitMetrics(s, sim.state.now);
    expect(m.leader).toBe(0);
    expect(m.participants.every((p) => p.inDoubt === 0 && p.lockedKeys.length === 0)).toBe(true);
    // Without faults, locks are held for a round trip between datacenters (1 ms each way) and two SSD writes.
    expect(Math.max(...m.participants.map((p) => p.longestNs))).toBeLessThan(5 * MS);
  });

  test("replicated: n1–n3 coordinate (n1 leads), n4 and n5 are participants", () => {
    const sim = simulate({ seed: 3, config: cluster(design("replicated")), commands: [] }, 100 * MS);
    const s = stateOf(sim);
    expect(s.coordinators).toEqual([0, 1, 2]);
    expect(s.participants).toEqual([3, 4]);
    const roles = describeCluster(sim.state).nodes.map((n) => n.role);
    expect(roles).toEqual(["leader", "follower", "follower", "replica", "replica"]);
  });

  test("a write to a key locked by a prepared transaction is refused; a read of it waits for the decision", () => {
    // Disk storage: the first transaction stays prepared for ~20 ms (the participants' and coordinator's writes).
    const sim = simulate(
      {
        seed: 1,
        config: { ...cluster(design("single")), storage: "disk" },
        commands: [
          { type: "clientWrite", at: 10 * MS, node: "n2", key: "k0", value: 1 },
          { type: "clientWrite", at: 15 * MS, node: "n4", key: "k0", value: 2 },
          { type: "clientRead", at: 15 * MS, node: "n5", key: "k0" },
        ],
      },
      200 * MS,
    );
    const invoked = sim.history().filter((e) => e.type === "invoke");
    const [first, second, read] = invoked.map((i) =>
      sim.history().find((e) => e.opId === i.opId && e.type !== "invoke"),
    );
    expect(first?.type).toBe("ok");
    expect(second?.type).toBe("fail");
    // The read waited for the lock and saw the committed value, after the write was acknowledged.
    expect(read?.type).toBe("ok");
    expect(read?.value).toBe(1);
    expect(read!.time).toBeGreaterThan(first!.time - 2 * MS);
    expect(read!.time - 15 * MS).toBeGreaterThan(5 * MS);
    expect(atomicityViolations(stateOf(sim))).toEqual([]);
  });
});

describe("the coordinator crashes after prepare (preset coordinator-crash), over seeds", () => {
  const preset = scenarioById("coordinator-crash") as SimulationScenario;
  const SEEDS = [1, 2, 3, 4, 5, 6];
  const run = (variant: number, seed: number) => {
    const v = preset.variants[variant]!;
    const out = runVariant(preset, { ...v, seed });
    const sim = simulate({ seed, config: withCurrentEngine(v.config), commands: v.commands }, v.untilNs);
    expect(sim.stateHash()).toBe(out.stateHash);
    return { out, s: stateOf(sim), now: sim.state.now };
  };
  const result = (out: VariantOutcome, key: string, at: number) => {
    const inv = out.history.find((e) => e.type === "invoke" && e.key === key && e.time === at);
    return out.history.find((e) => e.opId === inv?.opId && e.type !== "invoke");
  };
  /** The coordinator is down from the crash until the restart command plus the restart's own delay. */
  const downtime = COORDINATOR_CRASH.restartAt + RESTART_DELAY_NS - COORDINATOR_CRASH.crashAt;

  test.each(SEEDS)(
    "seed %i: single coordinator: both participants blocked for its whole downtime",
    (seed) => {
      const { out, s, now } = run(0, seed);
      const longest = twoPhaseCommitMetrics(s, now).participants.map((p) => p.longestNs);
      expect(longest).toHaveLength(2);
      for (const ns of longest) {
        expect(ns).toBeGreaterThan(downtime);
        expect(ns).toBeLessThan(downtime + 100 * MS);
      }
      // Meanwhile k0 is unavailable: the read waits out its timeout; a write needs the coordinator and times out.
      expect(result(out, "k0", COORDINATOR_CRASH.readAt)?.type).toBe("info");
      expect(result(out, "k1", COORDINATOR_CRASH.writeFreeKeyAt)?.type).toBe("info");
      // A key no transaction holds is still readable.
      expect(result(out, "k1", COORDINATOR_CRASH.readAt)?.type).toBe("ok");
      // The client never heard, but the decision was in the log: after the restart it is resent, and committed.
      expect(result(out, "k0", COORDINATOR_CRASH.writeAt)?.type).toBe("info");
      expect(out.finalView.n4?.k0).toEqual([2]);
      expect(out.finalView.n5?.["ix:k0"]).toEqual([2]);
      expect(atomicityViolations(s)).toEqual([]);
      expect(out.linearizability).toBe("linearizable");
    },
  );

  test.each(SEEDS)("seed %i: replicated coordinator: blocked only for the failover", (seed) => {
    const { out, s, now } = run(1, seed);
    const longest = twoPhaseCommitMetrics(s, now).participants.map((p) => p.longestNs);
    for (const ns of longest) {
      expect(ns).toBeGreaterThan(TWO_PHASE_COMMIT.failoverTimeoutNs);
      // The timeout, at most one watch tick, a takeover round and the decision's disk writes.
      expect(ns).toBeLessThan(TWO_PHASE_COMMIT.failoverTimeoutNs + 150 * MS);
      expect(ns * 4).toBeLessThan(downtime);
    }
    // The second replica took over and finished the transaction; the client heard it committed.
    expect(twoPhaseCommitMetrics(s, now).leader).toBe(1);
    expect(result(out, "k0", COORDINATOR_CRASH.writeAt)?.type).toBe("ok");
    const read = result(out, "k0", COORDINATOR_CRASH.readAt);
    expect(read?.type).toBe("ok");
    expect(read?.value).toBe(2);
    expect(result(out, "k1", COORDINATOR_CRASH.writeFreeKeyAt)?.type).toBe("ok");
    expect(out.finalView.n4?.k0).toEqual([2]);
    expect(out.finalView.n5?.["ix:k0"]).toEqual([2]);
    expect(atomicityViolations(s)).toEqual([]);
    expect(out.linearizability).toBe("linearizable");
  });
});

describe("atomicity under random faults", () => {
  const ids = FIVE_NODES.map((n) => n.id);
  const FAULTS_UNTIL = 2 * SECOND;
  const chaosRun = (coordinator: "single" | "replicated", seed: number) => {
    const commands: TSimCommandInput[] = [
      { type: "startWorkload", at: 0, workload: everyNodeClient(FIVE_NODES, 4 * MS, 4) },
      ...generateFaultSchedule(seed, {
        nodes: ids,
        fromNs: 100 * MS,
        untilNs: FAULTS_UNTIL,
        meanGapNs: 150 * MS,
      }),
      { type: "stopWorkload", at: FAULTS_UNTIL + 500 * MS },
    ];
    return simulate({ seed, config: cluster(design(coordinator)), commands }, FAULTS_UNTIL + 3 * SECOND);
  };

  test.each(["single", "replicated"] as const)(
    "%s: no transaction commits on one participant and aborts on another; none stays in doubt once faults end",
    (coordinator) => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
          const sim = chaosRun(coordinator, seed);
          const s = stateOf(sim);
          expect(atomicityViolations(s)).toEqual([]);
          const m = twoPhaseCommitMetrics(s, sim.state.now);
          expect(m.participants.every((p) => p.inDoubt === 0)).toBe(true);
          // Each key and its index entry (on another shard) end up equal: every write reached both or neither.
          const view = sim.observe();
          const held: Record<string, number | undefined> = {};
          for (const node of Object.values(view)) for (const [k, v] of Object.entries(node)) held[k] = v[0];
          for (const k of Object.keys(held).filter((k) => !k.startsWith("ix:"))) {
            expect(held[`ix:${k}`]).toBe(held[k]);
          }
          expect(checkLinearizable(sim.history(), { maxStepsPerKey: 100_000 }).verdict).not.toBe(
            "not-linearizable",
          );
        }),
        { numRuns: 12 },
      );
    },
    60_000,
  );

  test("the fault schedules do hit transactions in doubt (the property is not vacuous)", () => {
    const blocked = [1, 2, 3, 4, 5, 6].map((seed) => {
      const sim = chaosRun("single", seed);
      return Math.max(
        ...twoPhaseCommitMetrics(stateOf(sim), sim.state.now).participants.map((p) => p.longestNs),
      );
    });
    expect(blocked.some((ns) => ns > 50 * MS)).toBe(true);
  });
});

describe("what the panel shows", () => {
  test("one line: blocked time per participant, what is locked now, who coordinates", () => {
    const sim = simulate(
      {
        seed: 2,
        config: { ...cluster(design("single"), FIVE_NODES.slice(0, 3)), storage: "disk" },
        commands: [
          { type: "clientWrite", at: 10 * MS, node: "n2", key: "k0", value: 1 },
          { type: "crash", at: 25 * MS, node: "n1" },
        ],
      },
      525 * MS,
    );
    const line = describeBlocking(
      twoPhaseCommitMetrics(stateOf(sim), sim.state.now),
      sim.state.nodes.map((n) => n.id),
    );
    // Prepared at ~12 ms (a 10 ms disk write after a cross-datacenter hop), still in doubt at 525 ms.
    expect(line).toMatch(
      /^Blocked in prepare, holding locks: n2 0\.51 s \(longest 0\.51 s\), n3 0\.51 s \(longest 0\.51 s\); locked now: k0 on n2, ix:k0 on n3; no coordinator leading\.$/,
    );
  });

  test("the room refuses a cluster too small for a write to span two participants", () => {
    const config = (n: number, coordinator: "single" | "replicated") =>
      ZSimConfig.parse(cluster(design(coordinator), FIVE_NODES.slice(0, n)));
    expect(simConfigProblem(config(3, "single"))).toBeNull();
    expect(simConfigProblem(config(2, "single"))).toMatch(/at least 3 nodes/);
    expect(simConfigProblem(config(5, "replicated"))).toBeNull();
    expect(simConfigProblem(config(4, "replicated"))).toMatch(/at least 5 nodes/);
  });
});
