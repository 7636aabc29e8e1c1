import { describe, expect, test } from "vitest";
import { SCENARIOS, scenarioById } from "../../../lib/sim/scenarios/presets";
import { runScenario } from "../../../lib/sim/scenarios/run";
import type { ScenarioOutcome, VariantOutcome } from "../../../lib/sim/scenarios/types";

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

  test("asynchronous replication loses an acknowledged write on failover; synchronous does not", () => {
    const [async, sync] = variants("async-failover") as [VariantOutcome, VariantOutcome];
    expect(async.history.some((e) => e.type === "ok" && e.f === "write")).toBe(true);
    expect(count(async, "lost-write")).toBe(1);
    expect(count(sync, "lost-write")).toBe(0);
    expect(sync.linearizability).toBe("linearizable");
  });

  test("reads from a lagging follower break read-your-writes; reads from the leader do not", () => {
    const [anyReplica, leader] = variants("read-your-writes") as [VariantOutcome, VariantOutcome];
    expect(count(anyReplica, "read-your-writes")).toBeGreaterThan(0);
    expect(count(leader, "read-your-writes")).toBe(0);
  });
});
