import { describe, expect, test } from "vitest";
import {
  detectAnomalies,
  detectDivergence,
  detectLostWrites,
  detectMonotonicReadViolations,
  detectReadYourWritesViolations,
  detectStaleReads,
} from "../../../lib/check/anomalies";
import { percentile, summarizeBySide } from "../../../lib/check/stats";
import { op, siblingsRead } from "./helpers";

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

  test("lost write: not lost while a running replica still holds it (the final read was only stale)", () => {
    const w1 = op("a", "w", "x", 1, 0, 10);
    const w2 = op("b", "w", "x", 2, 20, 30);
    const final = op("c", "r", "x", 1, 100, 110);
    // Every replica holds the acknowledged write: the read asked a lagging one, or read before repair.
    expect(detectLostWrites([w1, w2, final], { n1: { x: [2] }, n2: { x: [2] } })).toEqual([]);
    // One replica is enough; so is a later write that overwrote it legitimately (began after w2 finished).
    expect(detectLostWrites([w1, w2, final], { n1: { x: [1] }, n2: { x: [2] } })).toEqual([]);
    const w3 = op("d", "w", "x", 3, 40, 50);
    const final3 = op("c", "r", "x", 1, 100, 110);
    expect(detectLostWrites([w1, w2, w3, final3], { n1: { x: [3] } })).toEqual([]);
    // The same read is then a stale read, not a lost write.
    const all = detectAnomalies([w1, w2, final], { finalView: { n1: { x: [2] } } });
    expect(all.map((a) => a.kind)).toEqual(["stale-read"]);
    expect(all[0]?.opIds).toEqual([final.opId, w2.opId]);
  });

  test("lost write: still lost when the replicas hold only older values", () => {
    const w1 = op("a", "w", "x", 1, 0, 10);
    const w2 = op("b", "w", "x", 2, 20, 30);
    const final = op("c", "r", "x", 1, 100, 110);
    const found = detectLostWrites([w1, w2, final], { n1: { x: [1] }, n2: { x: [1] }, n3: {} });
    expect(found.map((a) => a.opIds)).toEqual([[w2.opId, final.opId]]);
    expect(found[0]?.explanation).toContain("No running replica holds 2");
  });

  test.each([
    // w(2) finished before w(1) began, so 1 replaced 2: [1, 2] are not concurrent versions.
    ["overwritten sibling", () => [op("a", "w", "x", 2, 0, 10), op("b", "w", "x", 1, 20, 30)], [1, 2], 1],
    [
      "overwritten sibling, read concurrent with the newer write",
      () => [op("a", "w", "x", 2, 0, 10), op("b", "w", "x", 1, 20, 300)],
      [1, 2],
      1,
    ],
    [
      "concurrent writes are legal siblings",
      () => [op("a", "w", "x", 1, 0, 30), op("b", "w", "x", 2, 20, 40)],
      [1, 2],
      0,
    ],
    [
      // 1 and 2 concurrent, but 3 (acknowledged before the read) replaced 1: offering 1 is stale.
      "a sibling replaced by an acknowledged write",
      () => [op("a", "w", "x", 1, 0, 30), op("b", "w", "x", 2, 20, 80), op("c", "w", "x", 3, 40, 50)],
      [1, 2],
      1,
    ],
  ] as const)("siblings: %s", (_n, writes, siblings, count) => {
    const ops = [...writes(), siblingsRead("r", "x", [...siblings], 100, 110)];
    expect(detectStaleReads(ops)).toHaveLength(count);
  });

  test("siblings: the overwritten pair is named, newest last", () => {
    const w2 = op("a", "w", "x", 2, 0, 10);
    const w1 = op("b", "w", "x", 1, 20, 300);
    const r = siblingsRead("r", "x", [1, 2], 100, 110);
    const [found] = detectStaleReads([w2, w1, r]);
    expect(found?.kind).toBe("illegal-siblings");
    expect(found?.opIds).toEqual([r.opId, w2.opId, w1.opId]);
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
