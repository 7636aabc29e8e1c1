import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { Operation } from "../../../lib/check/history";
import { type ConsistencyModels, checkConsistencyModels, recentOperations } from "../../../lib/check/models";
import { runOutcome } from "../../../lib/sim/outcomes";
import { scenarioById } from "../../../lib/sim/scenarios/presets";
import { runScenario } from "../../../lib/sim/scenarios/run";
import { op } from "./helpers";

const converged = { n1: { x: [2], y: [2] }, n2: { x: [2], y: [2] } };

function statuses(m: ConsistencyModels) {
  return {
    linearizable: m.linearizable.status,
    sequential: m.sequential.status,
    causal: m.causal.status,
    readYourWrites: m.readYourWrites.status,
    monotonicReads: m.monotonicReads.status,
  };
}

describe("consistency models: one history per rung of the ladder", () => {
  test("linearizable: a read after a write sees it", () => {
    const m = checkConsistencyModels([op("a", "w", "x", 1, 0, 10), op("b", "r", "x", 1, 20, 30)]);
    expect(m.strongest).toBe("linearizable");
    expect(m.above).toBeNull();
    expect(m.summary).toBe("Strongest model this run satisfies: linearizable");
  });

  test("sequential, not linearizable: another session reads nil after the write completed", () => {
    const w = op("a", "w", "x", 1, 0, 10);
    const r = op("b", "r", "x", null, 20, 30);
    const m = checkConsistencyModels([w, r]);
    expect(statuses(m)).toEqual({
      linearizable: "violated",
      sequential: "holds",
      causal: "holds",
      readYourWrites: "holds",
      monotonicReads: "holds",
    });
    expect(m.strongest).toBe("sequential");
    expect(m.above?.rung).toBe("linearizable");
    expect(m.summary).toMatch(/^Strongest model this run satisfies: sequential \(not linearizable: /);
  });

  test("causal, not sequential: two readers see two concurrent writes in opposite orders", () => {
    const w1 = op("a", "w", "x", 1, 0, 10);
    const w2 = op("b", "w", "x", 2, 0, 10);
    const c1 = op("c", "r", "x", 1, 20, 30);
    const c2 = op("c", "r", "x", 2, 40, 50);
    const d1 = op("d", "r", "x", 2, 20, 30);
    const d2 = op("d", "r", "x", 1, 40, 50);
    const m = checkConsistencyModels([w1, w2, c1, c2, d1, d2]);
    expect(m.strongest).toBe("causal");
    expect(m.sequential.status).toBe("violated");
    if (m.sequential.status !== "violated") return;
    // The saturation's cycle: w1 before w2 (c's order), w2 before w1 (d's order).
    expect(m.sequential.opIds).toEqual(expect.arrayContaining([w1.opId, w2.opId]));
    expect(m.summary).toMatch(/^Strongest model this run satisfies: causal \(not sequential: key x: /);
  });

  test("session guarantees, not causal: a reader sees the effect (y) and then misses its cause (x)", () => {
    const wx = op("a", "w", "x", 1, 0, 10);
    const wy = op("a", "w", "y", 2, 20, 30);
    const ry = op("b", "r", "y", 2, 40, 50);
    const rx = op("b", "r", "x", null, 60, 70);
    const m = checkConsistencyModels([wx, wy, ry, rx]);
    expect(statuses(m)).toEqual({
      linearizable: "violated",
      // Each key alone has a sequential order; the causal violation is what rules it out.
      sequential: "violated",
      causal: "violated",
      readYourWrites: "holds",
      monotonicReads: "holds",
    });
    expect(m.causal.status === "violated" && m.causal.opIds).toEqual([rx.opId, wx.opId]);
    expect(m.strongest).toBe("session");
  });

  test("read-your-writes violated: a session reads nil, then its own overwritten value", () => {
    const w = op("a", "w", "x", 1, 0, 10);
    const r = op("a", "r", "x", null, 20, 30);
    const m = checkConsistencyModels([w, r]);
    expect(m.readYourWrites).toMatchObject({ status: "violated", opIds: [r.opId, w.opId] });
    expect(m.monotonicReads.status).toBe("holds");
    expect(m.strongest).toBeNull();
    expect(m.summary).toMatch(/^No model on the consistency ladder holds \(not read-your-writes/);

    const older = [op("a", "w", "x", 1, 0, 10), op("a", "w", "x", 2, 20, 30), op("a", "r", "x", 1, 40, 50)];
    expect(checkConsistencyModels(older).readYourWrites.status).toBe("violated");
  });

  test("monotonic reads violated: a session reads the newer write, then the older one", () => {
    const w1 = op("a", "w", "x", 1, 0, 10);
    const w2 = op("a", "w", "x", 2, 20, 30);
    const r2 = op("b", "r", "x", 2, 40, 50);
    const r1 = op("b", "r", "x", 1, 60, 70);
    const m = checkConsistencyModels([w1, w2, r2, r1]);
    expect(m.monotonicReads).toMatchObject({ status: "violated", opIds: [r2.opId, r1.opId] });
    expect(m.readYourWrites.status).toBe("holds");
    expect(m.causal.status).toBe("violated");
  });

  test("eventual only: session guarantees broken, but the replicas converged", () => {
    const ops = [
      op("a", "w", "x", 1, 0, 10),
      op("a", "w", "x", 2, 20, 30),
      op("b", "r", "x", 2, 40, 50),
      op("b", "r", "x", 1, 60, 70),
    ];
    const m = checkConsistencyModels(ops, { finalView: converged });
    expect(m.eventual.status).toBe("holds");
    expect(m.strongest).toBe("eventual");
    expect(m.above?.rung).toBe("session");
    expect(m.summary).toMatch(/^Strongest model this run satisfies: eventual \(not read-your-writes/);
  });

  test("eventual: divergent replicas are named, and unknown without a settled view", () => {
    const ops = [op("a", "w", "x", 1, 0, 10), op("b", "w", "x", 2, 20, 30)];
    const m = checkConsistencyModels(ops, { finalView: { n1: { x: [1] }, n2: { x: [2] } } });
    expect(m.eventual).toMatchObject({ status: "violated", opIds: [ops[0]?.opId, ops[1]?.opId] });
    expect(m.summary).toContain("replicas still disagree on x: n1 hold [1], n2 hold [2]");
    expect(checkConsistencyModels(ops).eventual.status).toBe("unknown");
  });

  test("a causal cycle: each session reads what the other writes only afterwards", () => {
    const ry = op("a", "r", "y", 2, 0, 10);
    const wx = op("a", "w", "x", 1, 20, 30);
    const rx = op("b", "r", "x", 1, 0, 10);
    const wy = op("b", "w", "y", 2, 20, 30);
    const m = checkConsistencyModels([ry, wx, rx, wy]);
    expect(m.causal.status).toBe("violated");
    expect(m.causal.status === "violated" && [...m.causal.opIds].sort()).toEqual(
      [ry.opId, wx.opId, rx.opId, wy.opId].sort(),
    );
    expect(m.sequential.status).toBe("violated");
    expect(m.strongest).toBe("session");
  });

  test("a timed-out write somebody read took effect; one nobody read constrains nothing", () => {
    const m = checkConsistencyModels([
      op("a", "w", "x", 1, 0, null),
      op("b", "r", "x", 1, 50, 60),
      op("c", "w", "x", 3, 0, null),
      op("b", "r", "x", 1, 70, 80),
    ]);
    expect(m.strongest).toBe("linearizable");
  });

  test("a read of siblings is judged by its best sibling", () => {
    const read = op("c", "r", "x", 2, 20, 30);
    read.siblings = [1, 2];
    const m = checkConsistencyModels([op("a", "w", "x", 1, 0, 10), op("b", "w", "x", 2, 0, 10), read]);
    expect(m.causal.status).toBe("holds");
    expect(m.sequential.status).toBe("holds");
  });

  test("a read of a value nobody wrote breaks every safety model", () => {
    const m = checkConsistencyModels([op("a", "w", "x", 1, 0, 10, "fail"), op("b", "r", "x", 1, 20, 30)]);
    expect(statuses(m)).toEqual({
      linearizable: "violated",
      sequential: "violated",
      causal: "violated",
      readYourWrites: "violated",
      monotonicReads: "violated",
    });
  });

  test("counters (every increment writes 1) are outside the register checks", () => {
    const ops = [op("a", "w", "x", 1, 0, 10), op("b", "w", "x", 1, 20, 30), op("a", "r", "x", 1, 40, 50)];
    const m = checkConsistencyModels(ops);
    expect(m.applies).toBe(false);
    expect(m.strongest).toBeNull();
    expect(m.summary).toMatch(/do not apply/);
    expect(checkConsistencyModels(ops, { finalView: { n1: { x: [1] }, n2: { x: [1] } } }).strongest).toBe(
      "eventual",
    );
  });

  test("budgets: out of steps or out of (injected) time is unknown, never a wrong verdict", () => {
    const ops = [
      op("a", "w", "x", 1, 0, 10),
      op("b", "w", "x", 2, 0, 10),
      op("c", "r", "x", 1, 20, 30),
      op("c", "r", "x", 2, 40, 50),
    ];
    const steps = checkConsistencyModels(ops, { maxStepsPerKey: 1 });
    expect(steps.linearizable.status).toBe("unknown");
    expect(steps.sequential.status).toBe("unknown");
    expect(steps.strongest).toBe("causal");
    expect(steps.summary).toMatch(/\(sequential undecided: key x: gave up/);
    let t = 0;
    const timed = checkConsistencyModels(ops, { now: () => (t += 100), budgetMs: 50 });
    expect(timed.causal.status).toBe("unknown");
    expect(timed.sequential.status).toBe("unknown");
  });
});

// ---------------------------------------------------------------------------------------------------------
// Random small histories: a few sessions issuing one operation at a time over one or two keys.

const stepArb = fc.record({
  session: fc.integer({ min: 0, max: 2 }),
  write: fc.boolean(),
  key: fc.integer({ min: 0, max: 1 }),
  gap: fc.integer({ min: 0, max: 12 }),
  length: fc.integer({ min: 1, max: 12 }),
  readPick: fc.integer({ min: 0, max: 8 }),
  timedOut: fc.integer({ min: 0, max: 9 }),
});
type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

function build(steps: Step[], keys: number): Operation[] {
  const free = [0, 0, 0];
  const values: (number | null)[][] = Array.from({ length: keys }, () => [null]);
  return steps.map((s, i) => {
    const key = s.key % keys;
    const start = (free[s.session] as number) + s.gap;
    const timedOut = s.write && s.timedOut === 0;
    const end = timedOut ? null : start + s.length;
    free[s.session] = (end ?? start) + 1;
    const kv = values[key] as (number | null)[];
    let value: number | null;
    if (s.write) {
      value = i + 1;
      kv.push(value);
    } else value = kv[s.readPick % kv.length] ?? null;
    return {
      opId: i + 1,
      process: `s${s.session}`,
      session: `s${s.session}`,
      node: "n1",
      f: s.write ? "write" : "read",
      key: `k${key}`,
      value,
      status: timedOut ? "info" : "ok",
      start,
      end,
    } satisfies Operation;
  });
}

/** Reference: every order of one key's operations that keeps program order (completed op → later ops). */
function bruteSequential(ops: Operation[]): boolean {
  const live = ops.filter((o) => o.status === "ok" || o.f === "write");
  const used = new Array(live.length).fill(false);
  const search = (state: number | null, done: number): boolean => {
    if (done === live.length) return true;
    for (let i = 0; i < live.length; i++) {
      if (used[i]) continue;
      const o = live[i] as Operation;
      const waits = live.some(
        (p, j) => !used[j] && p.session === o.session && p.end !== null && p.end < o.start,
      );
      if (waits || (o.f === "read" && o.value !== state)) continue;
      used[i] = true;
      if (search(o.f === "write" ? o.value : state, done + 1)) return true;
      used[i] = false;
    }
    return false;
  };
  return search(null, 0);
}

describe("consistency models: properties", () => {
  test("the ladder is monotone: linearizable ⇒ sequential ⇒ causal ⇒ read-your-writes ∧ monotonic reads", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(
        fc.array(stepArb, { minLength: 1, maxLength: 9 }),
        fc.integer({ min: 1, max: 2 }),
        (s, keys) => {
          const m = checkConsistencyModels(build(s, keys));
          const st = statuses(m);
          seen.add(m.strongest ?? "none");
          for (const v of Object.values(st)) expect(v).not.toBe("unknown");
          if (st.linearizable === "holds") expect(st.sequential).toBe("holds");
          if (st.sequential === "holds") expect(st.causal).toBe("holds");
          if (st.causal === "holds")
            expect([st.readYourWrites, st.monotonicReads]).toEqual(["holds", "holds"]);
        },
      ),
      { numRuns: 1500, seed: 22 },
    );
    // The generator reaches every safety rung.
    expect([...seen].sort()).toEqual(["causal", "linearizable", "none", "sequential", "session"]);
  });

  test("on one key, the sequential verdict matches brute force", () => {
    let bad = 0;
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 8 }), (s) => {
        const ops = build(s, 1);
        const expected = bruteSequential(ops);
        if (!expected) bad++;
        expect(checkConsistencyModels(ops).sequential.status).toBe(expected ? "holds" : "violated");
      }),
      { numRuns: 1500, seed: 7 },
    );
    expect(bad).toBeGreaterThan(20);
  });

  test("deterministic: the same history gives the same verdicts, whatever order the ops arrive in", () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 9 }), (s) => {
        const ops = build(s, 2);
        const a = checkConsistencyModels(ops);
        expect(checkConsistencyModels(structuredClone(ops))).toEqual(a);
        const b = checkConsistencyModels([...ops].reverse());
        expect({ ...b, linearizable: null, summary: null }).toEqual({
          ...a,
          linearizable: null,
          summary: null,
        });
      }),
      { numRuns: 300, seed: 3 },
    );
  });
});

describe("consistency models: wired into the presets and the cluster panel", () => {
  test("the read-your-writes preset: any replica is only eventual, the leader linearizable", () => {
    const outcome = runScenario(scenarioById("read-your-writes")!);
    if (outcome.kind !== "simulation") throw new Error("expected a simulation");
    const [any, leader] = outcome.variants;
    expect(any?.models.strongest).toBe("eventual");
    expect(any?.models.summary).toMatch(
      /^Strongest model this run satisfies: eventual \(not read-your-writes/,
    );
    expect(leader?.models.strongest).toBe("linearizable");
    // The panel has no settled replica view, so it does not judge eventual.
    const panel = runOutcome(any!.history, [], [["n1", "n2", "n3"]], 1e9);
    expect(panel.consistency.readYourWrites.status).toBe("violated");
    expect(panel.consistency.summary).toMatch(/eventual is judged once the run settles$/);
  });

  test("a long run is judged on its latest operations plus the writes they read", () => {
    const ops = [op("a", "w", "x", 1, 0, 10)];
    for (let i = 0; i < 50; i++) ops.push(op("b", "r", "x", 1, 20 + 20 * i, 30 + 20 * i));
    const recent = recentOperations(ops, 10);
    expect(recent.ops).toHaveLength(11);
    expect(recent.ops[0]).toBe(ops[0]);
    expect(recent.dropped).toBe(40);
    const m = checkConsistencyModels(recent.ops, { subject: "the last 10 operations satisfy" });
    expect(m.summary).toBe("Strongest model the last 10 operations satisfy: linearizable");
  });
});
