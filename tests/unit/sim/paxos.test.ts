import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { toOperations } from "../../../lib/check/history";
import { checkLinearizable } from "../../../lib/check/linearizability";
import { LATENCY, MS, SECOND, STORAGE_DELAY_NS } from "../../../lib/sim/constants";
import { LEADING, type PaxosState } from "../../../lib/sim/designs/paxos";
import { checkPaxosInvariants, createPaxosMonitor } from "../../../lib/sim/designs/paxos-invariants";
import { generateFaultSchedule } from "../../../lib/sim/faults";
import { scenarioById } from "../../../lib/sim/scenarios/presets";
import { runVariant } from "../../../lib/sim/scenarios/run";
import type { SimulationScenario } from "../../../lib/sim/scenarios/types";
import { SIM_ENGINE_VERSION, type TDesignInput, type TSimCommandInput } from "../../../lib/sim/schema";
import { createSimulation, type Simulation, simulate } from "../../../lib/sim/simulation";
import { cluster, everyNodeClient, FIVE_NODES } from "./fixtures";

const ids = FIVE_NODES.map((n) => n.id);
const paxos = (sim: Simulation) => sim.state.designState as PaxosState;
const leaders = (s: PaxosState) => s.members.filter((m) => s.nodes[m]?.phase === LEADING);

const SETTINGS: [string, TDesignInput][] = [
  ["distinguished leader", { kind: "paxos", leader: "distinguished" }],
  ["no leader, backoff", { kind: "paxos", leader: "none", backoff: true }],
  ["no leader, no backoff", { kind: "paxos", leader: "none", backoff: false }],
];

function newSim(seed: number, design: TDesignInput): Simulation {
  return createSimulation({
    seed,
    config: { ...cluster(design), engine: SIM_ENGINE_VERSION },
    snapshotEveryEvents: 0,
  });
}

/** Runs to `until`, checking the safety invariants after every event; throws on the first violation. */
function runChecked(sim: Simulation, until: number): void {
  const monitor = createPaxosMonitor();
  while (sim.step(until)) {
    const violations = checkPaxosInvariants(paxos(sim), monitor);
    if (violations.length > 0) throw new Error(`t=${sim.now}: ${violations.join("; ")}`);
  }
}

describe("paxos: multi-paxos with a distinguished leader", () => {
  test.each([1, 2, 3])("seed %i: elects one leader, then one round trip per operation", (seed) => {
    const sim = newSim(seed, { kind: "paxos" });
    sim.runUntil(1 * SECOND);
    const [leader, ...others] = leaders(paxos(sim));
    expect(leader).toBeDefined();
    expect(others).toEqual([]);
    const ballot = paxos(sim).nodes[leader as number]?.ballot;
    const at = ids[leader as number] as string;
    for (let i = 0; i < 20; i++) {
      sim.applyCommand({ type: "clientWrite", at: 1 * SECOND + i * 10 * MS, node: at, key: `k${i % 3}` });
      sim.applyCommand({
        type: "clientRead",
        at: 1 * SECOND + i * 10 * MS + 5 * MS,
        node: ids[(i + 1) % 5] as string,
        key: `k${i % 3}`,
      });
    }
    runChecked(sim, 2 * SECOND);
    const ops = toOperations(sim.history());
    expect(ops).toHaveLength(40);
    expect(ops.every((o) => o.status === "ok")).toBe(true);
    // No new phase 1: the same ballot chose every slot.
    expect(paxos(sim).nodes[leader as number]?.ballot).toBe(ballot);
    // A write at the leader takes one phase-2 round trip to a majority (two of the other four answer), not two.
    const oneRoundTrip = LATENCY.crossDcRoundTripNs * 1.1 + STORAGE_DELAY_NS.ssd;
    for (const o of ops.filter((x) => x.f === "write")) {
      expect((o.end as number) - o.start).toBeLessThanOrEqual(oneRoundTrip);
    }
    expect(checkLinearizable(sim.history()).verdict).toBe("linearizable");
  });

  test.each([1, 2, 3])("seed %i: a crashed leader is replaced by one with a higher ballot", (seed) => {
    const sim = newSim(seed, { kind: "paxos" });
    sim.applyCommand({ type: "startWorkload", at: 0, workload: everyNodeClient(FIVE_NODES, 5 * MS, 3) });
    sim.runUntil(1 * SECOND);
    const [old] = leaders(paxos(sim));
    const oldBallot = paxos(sim).nodes[old as number]?.ballot as number;
    sim.applyCommand({ type: "crash", at: 1 * SECOND, node: ids[old as number] as string });
    sim.applyCommand({ type: "stopWorkload", at: 2500 * MS });
    runChecked(sim, 3 * SECOND);
    const [next, ...more] = leaders(paxos(sim));
    expect(more).toEqual([]);
    expect(next).not.toBe(old);
    expect(paxos(sim).nodes[next as number]?.ballot).toBeGreaterThan(oldBallot);
    const late = toOperations(sim.history()).filter(
      (o) => o.start > 1600 * MS && o.node !== ids[old as number],
    );
    expect(late.length).toBeGreaterThan(50);
    expect(late.every((o) => o.status === "ok")).toBe(true);
    expect(checkLinearizable(sim.history()).verdict).toBe("linearizable");
  });
});

describe("paxos: single-decree (one slot)", () => {
  test("competing proposers: exactly one value is chosen, every node learns it, the others are refused", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.subarray(ids, { minLength: 2 }),
        fc.constantFrom(0, 0.1),
        fc.constantFrom(0, 0.2),
        (seed, proposers, loss, duplicate) => {
          const sim = newSim(seed, { kind: "paxos", leader: "none", backoff: true, slots: 1 });
          sim.applyCommand({ type: "setNetwork", at: 0, network: { loss, duplicate } });
          for (const node of proposers)
            sim.applyCommand({ type: "clientWrite", at: 10 * MS, node, key: "x" });
          sim.applyCommand({ type: "setNetwork", at: 500 * MS, network: { loss: 0, duplicate: 0 } });
          runChecked(sim, 1500 * MS);
          const ops = toOperations(sim.history());
          const won = ops.filter((o) => o.status === "ok");
          expect(won).toHaveLength(1);
          expect(ops.filter((o) => o.status === "fail")).toHaveLength(proposers.length - 1);
          const s = paxos(sim);
          for (const m of s.members) {
            expect(s.nodes[m]?.log.map((v) => v?.opId)).toEqual([won[0]?.opId]);
          }
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe("paxos: safety under random faults", () => {
  test.each(SETTINGS)(
    "%s: invariants after every event, linearizable histories (fast-check over fault schedules)",
    (_name, design) => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 2 ** 31 }),
          fc.constantFrom(0, 0.05, 0.2),
          fc.constantFrom(0, 0.1),
          (seed, loss, duplicate) => {
            const sim = newSim(seed, design);
            sim.applyCommand({
              type: "startWorkload",
              at: 0,
              workload: everyNodeClient(FIVE_NODES, 10 * MS, 3),
            });
            sim.applyCommand({ type: "setNetwork", at: 0, network: { loss, duplicate } });
            const faults = generateFaultSchedule(seed, {
              nodes: ids,
              fromNs: 100 * MS,
              untilNs: 1500 * MS,
              meanGapNs: 150 * MS,
            });
            for (const c of faults) sim.applyCommand(c as TSimCommandInput);
            sim.applyCommand({ type: "setNetwork", at: 1500 * MS, network: { loss: 0, duplicate: 0 } });
            sim.applyCommand({ type: "stopWorkload", at: 2000 * MS });
            runChecked(sim, 2500 * MS);
            expect(checkLinearizable(sim.history()).verdict).not.toBe("not-linearizable");
          },
        ),
        { numRuns: 12 },
      );
    },
    60_000,
  );

  test.each(SETTINGS.slice(0, 2))("%s: recovers once the faults end (seeds 1–4)", (_name, design) => {
    for (const seed of [1, 2, 3, 4]) {
      const sim = newSim(seed, design);
      sim.applyCommand({ type: "startWorkload", at: 0, workload: everyNodeClient(FIVE_NODES, 10 * MS, 3) });
      for (const c of generateFaultSchedule(seed, { nodes: ids, fromNs: 100 * MS, untilNs: 2 * SECOND })) {
        sim.applyCommand(c);
      }
      sim.applyCommand({ type: "stopWorkload", at: 3500 * MS });
      runChecked(sim, 4 * SECOND);
      const late = toOperations(sim.history()).filter((o) => o.start > 2500 * MS && o.end !== null);
      expect(late.length).toBeGreaterThan(50);
      expect(late.every((o) => o.status === "ok")).toBe(true);
      expect(checkLinearizable(sim.history()).verdict).toBe("linearizable");
      // Every node learned the same log (catch-up after the faults).
      const s = paxos(sim);
      const logs = s.members.map((m) => s.nodes[m]?.log.map((v) => v?.opId).join(","));
      expect(new Set(logs).size).toBe(1);
    }
  });
});

describe("paxos-duelling-proposers preset", () => {
  const preset = scenarioById("paxos-duelling-proposers") as SimulationScenario;

  /** The variant's outcome, plus the pre-emptions (the checkers do not see them) from a second, identical run. */
  function outcome(index: number, seed: number) {
    const v = { ...(preset.variants[index] as SimulationScenario["variants"][number]), seed };
    const out = runVariant(preset, v);
    const sim = simulate(
      { seed, config: { ...v.config, engine: SIM_ENGINE_VERSION }, commands: v.commands },
      v.untilNs,
    );
    const all = out.sides.find((x) => x.side === "all");
    return { out, all, preempted: paxos(sim).preempted };
  }

  test.each([1, 2, 3, 4])(
    "seed %i: no leader and no backoff livelocks; backoff or a leader makes progress",
    (seed) => {
      const duel = outcome(0, seed);
      const backoff = outcome(1, seed);
      const leader = outcome(2, seed);
      // Livelock: hardly any operation completes while thousands of ballots pre-empt one another.
      expect(duel.all?.ok ?? 0).toBeLessThan(20);
      expect(duel.preempted).toBeGreaterThan(3000);
      // Random backoff lets one proposer finish before the next pre-empts it.
      expect(backoff.all?.ok ?? 0).toBeGreaterThan(200);
      // A distinguished leader: no duel at all, and every operation in the window succeeds.
      expect(leader.all?.ok ?? 0).toBeGreaterThan(backoff.all?.ok ?? 0);
      expect(leader.all?.availability).toBe(1);
      expect(leader.preempted).toBe(0);
      for (const x of [duel, backoff, leader]) expect(x.out.linearizability).toBe("linearizable");
    },
  );
});
