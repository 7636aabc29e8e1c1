import { describe, expect, test } from "vitest";
import type { HistoryEvent } from "../../../lib/check/history";
import { checkLinearizable } from "../../../lib/check/linearizability";
import { op, siblingsRead } from "./helpers";

describe("checkLinearizable (register)", () => {
  test.each([
    [
      "sequential write then read",
      [op("a", "w", "x", 1, 0, 10), op("b", "r", "x", 1, 20, 30)],
      "linearizable",
    ],
    [
      "read of the initial value before any write",
      [op("b", "r", "x", null, 0, 5), op("a", "w", "x", 1, 10, 20)],
      "linearizable",
    ],
    [
      "stale read after a completed write",
      [op("a", "w", "x", 1, 0, 10), op("b", "r", "x", null, 20, 30)],
      "not-linearizable",
    ],
    [
      "concurrent read may see either value",
      [op("a", "w", "x", 1, 0, 10), op("a", "w", "x", 2, 20, 40), op("b", "r", "x", 1, 25, 30)],
      "linearizable",
    ],
    [
      "reads that disagree on the order of two writes",
      [
        op("a", "w", "x", 1, 0, 100),
        op("b", "w", "x", 2, 0, 100),
        op("c", "r", "x", 1, 10, 20),
        op("c", "r", "x", 2, 30, 40),
        op("d", "r", "x", 2, 50, 60),
        op("d", "r", "x", 1, 70, 80),
      ],
      "not-linearizable",
    ],
    [
      "a failed write never happened",
      [op("a", "w", "x", 1, 0, 10, "fail"), op("b", "r", "x", 1, 20, 30)],
      "not-linearizable",
    ],
    [
      "an unknown write may land later",
      [op("a", "w", "x", 1, 0, null), op("b", "r", "x", null, 20, 30), op("b", "r", "x", 1, 40, 50)],
      "linearizable",
    ],
    ["keys are independent", [op("a", "w", "x", 1, 0, 10), op("b", "r", "y", null, 20, 30)], "linearizable"],
  ] as const)("%s", (_name, ops, expected) => {
    expect(checkLinearizable([...ops]).verdict).toBe(expected);
  });

  test("the explanation names the operations that cannot be ordered", () => {
    const w = op("a", "w", "x", 1, 0, 10);
    const r = op("b", "r", "x", null, 20, 30);
    const result = checkLinearizable([w, r]);
    expect(result.keys[0]?.culprits).toContain(r.opId);
    expect(result.explanation).toContain(`#${r.opId}`);
    expect(result.explanation).toContain("key x");
  });

  test("answers unknown when the step budget runs out", () => {
    const ops = [];
    for (let i = 0; i < 12; i++) ops.push(op(`p${i}`, "w", "x", i + 1, 0, 100));
    ops.push(op("r", "r", "x", 1, 200, 210), op("r", "r", "x", 2, 220, 230));
    expect(checkLinearizable(ops, { maxStepsPerKey: 50 }).verdict).toBe("unknown");
    expect(checkLinearizable(ops).verdict).toBe("not-linearizable");
  });

  test("accepts a raw Jepsen history", () => {
    const base = { process: "p", session: "s", node: "n1", key: "x" } as const;
    const history: HistoryEvent[] = [
      { ...base, type: "invoke", opId: 1, f: "write", value: 5, time: 0 },
      { ...base, type: "ok", opId: 1, f: "write", value: 5, time: 10 },
      { ...base, type: "invoke", opId: 2, f: "read", value: null, time: 20 },
      { ...base, type: "ok", opId: 2, f: "read", value: 5, time: 30 },
    ];
    expect(checkLinearizable(history).verdict).toBe("linearizable");
  });
});

describe("checkLinearizable shortcuts and limits", () => {
  test("a read of a value nobody wrote is reported at once", () => {
    const r = op("b", "r", "x", 42, 0, 10);
    const result = checkLinearizable([op("a", "w", "x", 1, 0, 10), r]);
    expect(result.verdict).toBe("not-linearizable");
    expect(result.keys[0]?.steps).toBe(0);
    expect(result.keys[0]?.culprits).toEqual([r.opId]);
  });

  test("a history too large to search answers unknown quickly instead of hanging", () => {
    const ops = Array.from({ length: 40 }, (_, i) => op(`p${i}`, "w", "x", i + 1, 0, 100));
    ops.push(op("r", "r", "x", 1, 200, 210), op("r", "r", "x", 2, 220, 230), op("r", "r", "x", 1, 240, 250));
    const result = checkLinearizable(ops, { maxStepsPerKey: 20_000 });
    expect(result.verdict).toBe("unknown");
    expect(result.explanation).toContain("gave up");
  });
});

describe("checkLinearizable: reads that return siblings", () => {
  test.each([
    // w(2) finished before w(1) began: 1 replaced 2, so [1, 2] are not concurrent versions.
    [
      "a sibling replaced in real time",
      [op("a", "w", "x", 2, 0, 10), op("b", "w", "x", 1, 20, 30)],
      "not-linearizable",
    ],
    [
      "the same, read during the newer write",
      [op("a", "w", "x", 2, 0, 10), op("b", "w", "x", 1, 20, 300)],
      "not-linearizable",
    ],
    ["two concurrent writes", [op("a", "w", "x", 1, 0, 30), op("b", "w", "x", 2, 20, 40)], "linearizable"],
    [
      "a concurrent pair, one replaced by a write acknowledged before the read",
      [op("a", "w", "x", 1, 0, 30), op("b", "w", "x", 2, 20, 80), op("c", "w", "x", 3, 40, 50)],
      "not-linearizable",
    ],
  ] as const)("%s", (_name, writes, expected) => {
    const r = siblingsRead("r", "x", [1, 2], 100, 110);
    const result = checkLinearizable([...writes, r]);
    expect(result.verdict).toBe(expected);
    if (expected === "not-linearizable") expect(result.keys[0]?.culprits[0]).toBe(r.opId);
  });
});

describe("checkLinearizable: wall-time budget", () => {
  /** A clock that moves `step` ms every time it is read: deterministic "time passing". */
  const tickingClock = (step: number) => {
    let t = 0;
    return () => {
      t += step;
      return t;
    };
  };

  test("keys the budget leaves no time for are unknown, and named", () => {
    const ops = ["a", "b", "c", "d", "e"].map((k, i) => op("p", "w", k, i + 1, i * 10, i * 10 + 5));
    // Reads: start (1), then once before each key. 2-1, 3-1, 4-1 are within 3 ms; 5-1 is not.
    const result = checkLinearizable(ops, { now: tickingClock(1), budgetMs: 3 });
    expect(result.verdict).toBe("unknown");
    expect(result.decided).toEqual(["a", "b", "c"]);
    expect(result.undecided).toEqual(["d", "e"]);
    expect(result.explanation).toContain("key d: not checked, out of time");
  });

  test("a long search stops when the time is up, not only when the steps are", () => {
    const ops = Array.from({ length: 40 }, (_, i) => op(`p${i}`, "w", "x", i + 1, 0, 100));
    ops.push(op("r", "r", "x", 1, 200, 210), op("r", "r", "x", 2, 220, 230), op("r", "r", "x", 1, 240, 250));
    const result = checkLinearizable(ops, { now: tickingClock(10), budgetMs: 50 });
    expect(result.verdict).toBe("unknown");
    expect(result.keys[0]?.steps).toBe(5 * 1024);
    expect(result.explanation).toContain("ran out of time");
  });

  test("a key found not linearizable decides the verdict even when others ran out of time", () => {
    const ops = [op("a", "w", "a", 1, 0, 10), op("b", "r", "a", null, 20, 30), op("a", "w", "b", 2, 0, 10)];
    const result = checkLinearizable(ops, { now: tickingClock(1), budgetMs: 1 });
    expect(result.verdict).toBe("not-linearizable");
    expect(result.undecided).toEqual(["b"]);
  });
});
