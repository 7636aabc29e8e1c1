import { describe, expect, test } from "vitest";
import { toOperations } from "../../../lib/check/history";
import { MS } from "../../../lib/sim/constants";
import { PROMOTION_RULES, REPLICATION_MODES } from "../../../lib/sim/designs/single-leader-modes";
import { SCENARIOS, scenarioById } from "../../../lib/sim/scenarios/presets";
import { runScenario, runVariant } from "../../../lib/sim/scenarios/run";
import type { ScenarioOutcome, SimulationScenario, VariantOutcome } from "../../../lib/sim/scenarios/types";

function variants(id: string): VariantOutcome[] {
  const preset = scenarioById(id);
  if (preset === undefined) throw new Error(`no preset ${id}`);
  const outcome: ScenarioOutcome = runScenario(preset);
  if (outcome.kind !== "simulation") throw new Error("not a simulation preset");
  return outcome.variants;
}

const count = (v: VariantOutcome, kind: string) => v.anomalies.filter((a) => a.kind === kind).length;
const side = (v: VariantOutcome, name: string) => v.sides.find((s) => s.side === name);

describe("scenario presets reproduce the article's claims", () => {
  test("every preset has an id, a title and a question for the candidate", () => {
    expect(new Set(SCENARIOS.map((s) => s.id)).size).toBe(SCENARIOS.length);
    for (const s of SCENARIOS) {
      expect(s.title.length).toBeGreaterThan(5);
      expect(s.question).toMatch(/\?$/);
    }
  });

  test("duelling Paxos proposers: no progress without backoff or a leader; both fixes make progress", () => {
    // More seeds, and the pre-empted ballots, in paxos.test.ts.
    const [duel, backoff, leader] = variants("paxos-duelling-proposers") as [
      VariantOutcome,
      VariantOutcome,
      VariantOutcome,
    ];
    expect(side(duel, "all")?.ok ?? 0).toBeLessThan(20);
    expect(side(backoff, "all")?.ok).toBeGreaterThan(200);
    expect(side(leader, "all")?.availability).toBe(1);
    for (const v of [duel, backoff, leader]) expect(v.linearizability).toBe("linearizable");
  });

  test("CP (Raft) refuses the minority side; AP (sloppy quorum) answers both sides but serves stale reads", () => {
    const [cp, ap] = variants("cp-vs-ap-partition") as [VariantOutcome, VariantOutcome];
    expect(side(cp, "majority")?.availability).toBeGreaterThan(0.95);
    expect(side(cp, "minority")?.availability).toBe(0);
    expect(cp.linearizability).toBe("linearizable");
    expect(cp.anomalies).toEqual([]);

    expect(side(ap, "majority")?.availability).toBeGreaterThan(0.95);
    expect(side(ap, "minority")?.availability).toBeGreaterThan(0.95);
    expect(ap.linearizability).toBe("not-linearizable");
    expect(count(ap, "stale-read")).toBeGreaterThan(0);
    // ...and after the heal, hinted handoff and anti-entropy bring the replicas back together.
    expect(ap.divergence).toEqual([]);
  });

  test("W + R > N: no stale reads; W = R = 1: stale reads", () => {
    const [overlap, single] = variants("quorum-overlap") as [VariantOutcome, VariantOutcome];
    expect(count(overlap, "stale-read")).toBe(0);
    expect(count(single, "stale-read")).toBeGreaterThan(0);
    // PACELC's "else latency": the overlapping quorum pays a cross-continent round trip per operation.
    expect(side(overlap, "all")?.p50Ns).toBeGreaterThan(100_000_000);
    expect(side(single, "all")?.p50Ns).toBeLessThan(1_000_000);
  });

  test("a 5-node Raft cluster survives 2 crashes but not 3", () => {
    const [two, three] = variants("raft-majority") as [VariantOutcome, VariantOutcome];
    expect(side(two, "survivors")?.availability).toBeGreaterThan(0.95);
    expect(side(two, "survivors")?.total).toBeGreaterThan(50);
    expect(side(three, "survivors")?.ok).toBe(0);
    expect(two.linearizability).toBe("linearizable");
    expect(three.linearizability).toBe("linearizable");
  });

  test("adding a node to a 256-vnode ring moves about 1/(N+1) of keys; mod N moves most", () => {
    const preset = scenarioById("ring-rebalance");
    if (preset === undefined) throw new Error("missing");
    const outcome = runScenario(preset);
    if (outcome.kind !== "placement") throw new Error("not placement");
    expect(Math.abs(outcome.ring.fraction - 1 / 6)).toBeLessThan(0.04);
    expect(outcome.modN.fraction).toBeGreaterThan(0.75);
  });

  test("clock skew makes last-write-wins drop a later write; HLC and vector clocks keep it", () => {
    const [lww, hlc, vector] = variants("clock-skew-lww") as [VariantOutcome, VariantOutcome, VariantOutcome];
    const finalRead = (v: VariantOutcome) =>
      v.history.filter((e) => e.type === "ok" && e.f === "read").at(-1)?.value;
    expect(finalRead(lww)).toBe(1);
    expect(count(lww, "lost-write")).toBe(1);
    expect(finalRead(hlc)).toBe(2);
    expect(finalRead(vector)).toBe(2);
    expect(hlc.anomalies).toEqual([]);
    expect(vector.anomalies).toEqual([]);
  });

  test("failover after an acknowledged write: the variants name the modes as the article does", () => {
    expect(variants("async-failover").map((v) => v.label)).toEqual([
      REPLICATION_MODES.async.name,
      `${REPLICATION_MODES["semi-sync"].name}, promoting the ${PROMOTION_RULES.first.name.toLowerCase()}`,
      `${REPLICATION_MODES["semi-sync"].name}, promoting the ${PROMOTION_RULES.freshest.name.toLowerCase()}`,
      REPLICATION_MODES.sync.name,
    ]);
    expect(REPLICATION_MODES["semi-sync"].name).toBe("Synchronous (one follower)");
    expect(REPLICATION_MODES.sync.name).toBe("All followers");
  });

  test("the checker sees the acknowledged write lost, except with the freshest follower promoted or all followers", () => {
    const [async, first, freshest, all] = variants("async-failover") as [
      VariantOutcome,
      VariantOutcome,
      VariantOutcome,
      VariantOutcome,
    ];
    expect([async, first, freshest, all].map((v) => count(v, "lost-write"))).toEqual([1, 1, 0, 0]);
    expect(freshest.linearizability).toBe("linearizable");
    expect(all.linearizability).toBe("linearizable");
  });

  describe("failover after an acknowledged write, over seeds", () => {
    const preset = scenarioById("async-failover") as SimulationScenario;
    /** Acknowledged writes, and how many of them no surviving node holds when the run ends. */
    const outcome = (variant: number, seed: number, promote?: "first" | "freshest") => {
      const v = preset.variants[variant]!;
      const design = promote === undefined ? v.config.design : { ...v.config.design, promote };
      const out = runVariant(preset, { ...v, seed, config: { ...v.config, design } });
      const acknowledged = out.history.filter((e) => e.type === "ok" && e.f === "write").map((e) => e.value);
      const survivors = ["n2", "n3"].map((n) => out.finalView[n]?.k0 ?? []);
      return {
        acknowledged: acknowledged.length,
        lost: acknowledged.filter((w) => survivors.every((held) => !held.includes(w as number))).length,
        reads: out.history.filter((e) => e.type === "ok" && e.f === "read").map((e) => e.value),
      };
    };

    test.each([1, 2, 3, 4, 5, 6, 7, 8])("seed %i", (seed) => {
      // Asynchronous: nothing was shipped before the crash, so the write is lost whoever is promoted.
      expect(outcome(0, seed)).toEqual({ acknowledged: 1, lost: 1, reads: [null, null] });
      expect(outcome(0, seed, "first")).toEqual({ acknowledged: 1, lost: 1, reads: [null, null] });
      // Synchronous (one follower): n3 has it, but n2 notices first and takes over.
      expect(outcome(1, seed)).toEqual({ acknowledged: 1, lost: 1, reads: [null, null] });
      // ...unless failover promotes the most up-to-date follower.
      expect(outcome(2, seed)).toEqual({ acknowledged: 1, lost: 0, reads: [1, 1] });
      // All followers: n2 never has it, so the client is never told it succeeded; n3 kept it anyway.
      expect(outcome(3, seed)).toEqual({ acknowledged: 0, lost: 0, reads: [1, 1] });
    });
  });

  test("reads from a lagging follower break read-your-writes; reads from the leader do not", () => {
    const [anyReplica, leader] = variants("read-your-writes") as [VariantOutcome, VariantOutcome];
    expect(count(anyReplica, "read-your-writes")).toBeGreaterThan(0);
    expect(count(leader, "read-your-writes")).toBe(0);
  });
});

describe("Raft with the leader, or reads, on the minority side, over seeds", () => {
  const SEEDS = [1, 2, 3, 4, 5, 6];
  const run = (id: string, variant: number, seed: number) => {
    const preset = scenarioById(id) as SimulationScenario;
    return runVariant(preset, {
      ...(preset.variants[variant] as SimulationScenario["variants"][number]),
      seed,
    });
  };
  /** The minority side's operations inside the preset's window (from just after the split until the heal). */
  const minorityOps = (id: string, out: VariantOutcome) => {
    const preset = scenarioById(id) as SimulationScenario;
    const { from = 0, to = Infinity } = preset.window;
    const nodes = preset.sides.minority ?? [];
    return toOperations(out.history).filter((o) => nodes.includes(o.node) && o.start >= from && o.start < to);
  };

  test.each(SEEDS)("seed %i: check-quorum on, the cut-off leader's side is refused at once", (seed) => {
    const out = run("raft-minority-leader", 0, seed);
    const ops = minorityOps("raft-minority-leader", out);
    expect(ops.length).toBeGreaterThan(20);
    expect(ops.every((o) => o.status === "fail" && (o.end as number) - o.start < 10 * MS)).toBe(true);
    expect(side(out, "majority")?.availability).toBeGreaterThan(0.95);
    expect(out.linearizability).toBe("linearizable");
  });

  test.each(SEEDS)("seed %i: check-quorum off, the cut-off leader's clients wait for the timeout", (seed) => {
    const out = run("raft-minority-leader", 1, seed);
    const ops = minorityOps("raft-minority-leader", out);
    expect(ops.length).toBeGreaterThan(0);
    expect(ops.every((o) => o.status === "info")).toBe(true);
    expect(side(out, "majority")?.availability).toBeGreaterThan(0.95);
    expect(out.linearizability).toBe("linearizable");
  });

  test.each(SEEDS)("seed %i: reads through the log: the minority answers nothing, no stale reads", (seed) => {
    const out = run("raft-minority-reads", 0, seed);
    expect(side(out, "minority")?.ok).toBe(0);
    expect(side(out, "majority")?.availability).toBeGreaterThan(0.95);
    expect(count(out, "stale-read")).toBe(0);
    expect(out.linearizability).toBe("linearizable");
  });

  test.each(SEEDS)("seed %i: local reads: the minority serves stale reads and refuses writes", (seed) => {
    const out = run("raft-minority-reads", 1, seed);
    const ops = minorityOps("raft-minority-reads", out);
    const reads = ops.filter((o) => o.f === "read");
    const writes = ops.filter((o) => o.f === "write");
    expect(reads.length).toBeGreaterThan(10);
    expect(reads.every((o) => o.status === "ok")).toBe(true);
    expect(writes.length).toBeGreaterThan(10);
    expect(writes.some((o) => o.status === "ok")).toBe(false);
    expect(side(out, "majority")?.availability).toBeGreaterThan(0.95);
    expect(count(out, "stale-read")).toBeGreaterThan(0);
    expect(out.linearizability).toBe("not-linearizable");
  });
});
