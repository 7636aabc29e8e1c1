import { describe, expect, test } from "vitest";
import type { HistoryEvent } from "../../../lib/check/history";
import { checkLinearizable } from "../../../lib/check/linearizability";
import { op } from "./helpers";

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
