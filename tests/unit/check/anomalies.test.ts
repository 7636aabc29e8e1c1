import { describe, expect, test } from "vitest";
import {
  detectDivergence,
  detectLostWrites,
  detectMonotonicReadViolations,
  detectReadYourWritesViolations,
  detectStaleReads,
} from "../../../lib/check/anomalies";
import { percentile, summarizeBySide } from "../../../lib/check/stats";
import { op } from "./helpers";

describe("anomaly detectors", () => {
  test.each([
    ["fresh read", [op("a", "w", "x", 1, 0, 10), op("b", "r", "x", 1, 20, 30)], 0],
    ["read misses a completed write", [op("a", "w", "x", 1, 0, 10), op("b", "r", "x", null, 20, 30)], 1],
    [
      "read returns an overwritten value",
      [op("a", "w", "x", 1, 0, 10), op("a", "w", "x", 2, 20, 30), op("b", "r", "x", 1, 40, 50)],
      1,
    ],
    [
      "concurrent write is not stale",
      [op("a", "w", "x", 1, 0, 10), op("a", "w", "x", 2, 20, 60), op("b", "r", "x", 1, 40, 50)],
      0,
    ],
  ] as const)("stale read: %s", (_n, ops, count) => {
    expect(detectStaleReads([...ops])).toHaveLength(count);
  });

  test("lost write: acknowledged, then the final read shows an older value", () => {
    const w1 = op("a", "w", "x", 1, 0, 10);
    const w2 = op("b", "w", "x", 2, 20, 30);
    const final = op("c", "r", "x", 1, 100, 110);
    const found = detectLostWrites([w1, w2, final]);
    expect(found).toHaveLength(1);
    expect(found[0]?.opIds).toEqual([w2.opId, final.opId]);
    expect(detectLostWrites([w1, w2, op("c", "r", "x", 2, 100, 110)])).toHaveLength(0);
  });

  test("read-your-writes is per session", () => {
    const ops = [
      op("a", "w", "x", 1, 0, 10),
      op("a", "r", "x", null, 20, 30),
      op("b", "r", "x", null, 20, 30),
    ];
    const found = detectReadYourWritesViolations(ops);
    expect(found).toHaveLength(1);
    expect(found[0]?.opIds[0]).toBe(ops[1]?.opId);
  });

  test("monotonic reads: a later read may not go back in time", () => {
    const ok = [
      op("w", "w", "x", 1, 0, 10),
      op("w", "w", "x", 2, 20, 30),
      op("a", "r", "x", 1, 40, 50),
      op("a", "r", "x", 2, 60, 70),
    ];
    const bad = [
      op("w", "w", "x", 1, 0, 10),
      op("w", "w", "x", 2, 20, 30),
      op("a", "r", "x", 2, 40, 50),
      op("a", "r", "x", 1, 60, 70),
    ];
    expect(detectMonotonicReadViolations(ok)).toHaveLength(0);
    expect(detectMonotonicReadViolations(bad)).toHaveLength(1);
  });

  test("divergence: replicas holding a key must agree", () => {
    expect(detectDivergence({ n1: { x: [1] }, n2: { x: [1] }, n3: {} })).toHaveLength(0);
    const found = detectDivergence({ n1: { x: [1] }, n2: { x: [2] }, n3: { x: [2] } });
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toContain("n2+n3");
  });
});

describe("availability and latency per side", () => {
  test("percentile uses nearest rank", () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 99)).toBe(4);
    expect(percentile([], 50)).toBeNull();
  });

  test("splits by the client's node", () => {
    const a = op("a", "w", "x", 1, 0, 10);
    const b = op("b", "w", "x", 2, 0, null);
    a.node = "n1";
    b.node = "n4";
    const [left, right] = summarizeBySide([a, b], { majority: ["n1", "n2", "n3"], minority: ["n4", "n5"] });
    expect(left).toMatchObject({ side: "majority", ok: 1, availability: 1, p50Ns: 10 });
    expect(right).toMatchObject({ side: "minority", info: 1, availability: 0, p50Ns: null });
  });
});
