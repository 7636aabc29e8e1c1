import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { checkHistory, describeCoverage } from "../../../lib/check/check-history";
import type { Operation } from "../../../lib/check/history";
import { op } from "./helpers";

/** A clock that moves `step` ms each time it is read. */
const ticking = (step: number) => {
  let t = 0;
  return () => {
    t += step;
    return t;
  };
};

/** Each key: a write, then a read that missed it (one stale read per key). */
const staleEverywhere = (keys: string[]): Operation[] =>
  keys.flatMap((k, i) => [op("a", "w", k, i + 1, 0, 10), op("b", "r", k, null, 20, 30)]);

describe("checkHistory within a wall-time budget", () => {
  test("stops between keys and says which it decided and which not", () => {
    const ops = staleEverywhere(["k0", "k1", "k2", "k3"]);
    // Start reads the clock once (1), then once before each key: 2, 3 are within 2 ms of it; 4 is not.
    const check = checkHistory(ops, { checks: ["stale-reads"], now: ticking(1), budgetMs: 2 });
    expect(check.complete).toBe(false);
    expect(check.decidedKeys).toEqual(["k0", "k1"]);
    expect(check.undecidedKeys).toEqual(["k2", "k3"]);
    expect(check.anomalies.map((a) => a.key)).toEqual(["k0", "k1"]);
    expect(describeCoverage(check)).toMatch(/^Checked k0, k1; stopped before finishing k2, k3/);
  });

  test("without a clock there is no time limit", () => {
    const check = checkHistory(staleEverywhere(["k0", "k1"]), { budgetMs: 0 });
    expect(check.complete).toBe(true);
    expect(describeCoverage(check)).toBeNull();
  });

  test("whatever the budget, what it reports for decided keys is what a full check reports", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 10 }), (nKeys, budgetMs) => {
        const ops = staleEverywhere(Array.from({ length: nKeys }, (_, i) => `k${i}`));
        const full = checkHistory(ops);
        const timed = checkHistory(ops, { now: ticking(1), budgetMs });
        expect([...timed.decidedKeys, ...timed.undecidedKeys].sort()).toEqual(full.decidedKeys);
        const decided = new Set(timed.decidedKeys);
        expect(timed.anomalies).toEqual(full.anomalies.filter((a) => decided.has(a.key)));
        expect(timed.linearizability?.decided).toEqual(timed.decidedKeys);
      }),
      { numRuns: 100 },
    );
  });
});
