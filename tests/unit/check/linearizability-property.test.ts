import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { Operation } from "../../../lib/check/history";
import { checkLinearizable } from "../../../lib/check/linearizability";

/** Reference: try every order that respects real time; small histories only. */
function bruteForce(ops: Operation[]): boolean {
  const used = new Array(ops.length).fill(false);
  const search = (state: number | null, done: number): boolean => {
    if (done === ops.length) return true;
    for (let i = 0; i < ops.length; i++) {
      if (used[i]) continue;
      const op = ops[i] as Operation;
      // op can go next only if no unused op finished before it started.
      const blocked = ops.some((o, j) => !used[j] && j !== i && o.end !== null && o.end < op.start);
      if (blocked) continue;
      if (op.f === "read" && op.value !== state) continue;
      used[i] = true;
      if (search(op.f === "write" ? op.value : state, done + 1)) return true;
      used[i] = false;
    }
    return false;
  };
  return search(null, 0);
}

const opArb = fc.record({
  write: fc.boolean(),
  start: fc.integer({ min: 0, max: 40 }),
  length: fc.integer({ min: 0, max: 15 }),
  readPick: fc.integer({ min: 0, max: 6 }),
});

function build(specs: { write: boolean; start: number; length: number; readPick: number }[]): Operation[] {
  const values: (number | null)[] = [null];
  specs.forEach((s, i) => {
    if (s.write) values.push(i + 1);
  });
  return specs.map((s, i) => ({
    opId: i + 1,
    process: `p${i}`,
    session: `p${i}`,
    node: "n1",
    f: s.write ? "write" : "read",
    key: "x",
    value: s.write ? i + 1 : (values[s.readPick % values.length] ?? null),
    status: "ok",
    start: s.start,
    end: s.start + s.length,
  }));
}

describe("linearizability checker agrees with brute force", () => {
  test("random small register histories", () => {
    let seenBad = 0;
    let seenGood = 0;
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 7 }), (specs) => {
        const ops = build(specs);
        const expected = bruteForce(ops);
        if (expected) seenGood++;
        else seenBad++;
        expect(checkLinearizable(ops).verdict).toBe(expected ? "linearizable" : "not-linearizable");
      }),
      { numRuns: 400 },
    );
    // Both outcomes must actually have been exercised.
    expect(seenBad).toBeGreaterThan(20);
    expect(seenGood).toBeGreaterThan(20);
  });

  test("a history produced by a real register with linearization points inside the intervals passes", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            write: fc.boolean(),
            before: fc.integer({ min: 0, max: 30 }),
            after: fc.integer({ min: 0, max: 30 }),
          }),
          {
            minLength: 1,
            maxLength: 60,
          },
        ),
        (specs) => {
          let state: number | null = null;
          const ops: Operation[] = specs.map((s, i) => {
            const point = i * 10; // the moment the op takes effect
            const value = s.write ? i + 1 : state;
            if (s.write) state = i + 1;
            return {
              opId: i + 1,
              process: `p${i}`,
              session: `p${i}`,
              node: "n1",
              f: s.write ? "write" : "read",
              key: "x",
              value,
              status: "ok",
              start: point - s.before,
              end: point + s.after,
            };
          });
          expect(checkLinearizable(ops).verdict).toBe("linearizable");
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("wall-time budget", () => {
  test("keys decided within a budget get the verdict they get without one; the rest are listed unknown", () => {
    const keyed = fc.array(fc.tuple(opArb, fc.constantFrom("a", "b", "c", "d")), {
      minLength: 1,
      maxLength: 24,
    });
    fc.assert(
      fc.property(
        keyed,
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 1, max: 5 }),
        (specs, budgetMs, step) => {
          const ops = build(specs.map(([s]) => s)).map((o, i) => ({ ...o, key: specs[i]?.[1] ?? "a" }));
          let t = 0;
          const timed = checkLinearizable(ops, {
            now: () => {
              t += step;
              return t;
            },
            budgetMs,
          });
          const full = checkLinearizable(ops);
          const verdictOf = (r: typeof full, key: string) => r.keys.find((k) => k.key === key)?.verdict;
          expect([...timed.decided, ...timed.undecided].sort()).toEqual(full.keys.map((k) => k.key).sort());
          for (const key of timed.decided) expect(verdictOf(timed, key)).toBe(verdictOf(full, key));
          for (const key of timed.undecided) expect(verdictOf(timed, key)).toBe("unknown");
          if (timed.verdict === "linearizable") expect(full.verdict).toBe("linearizable");
        },
      ),
      { numRuns: 300 },
    );
  });
});
