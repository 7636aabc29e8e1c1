import { describe, expect, test } from "vitest";
import {
  hlcCompare,
  hlcNow,
  hlcReceive,
  lamportReceive,
  lamportTick,
  vectorCompare,
  vectorMerge,
  vectorTick,
} from "../../../lib/sim/clocks";
import { CASSANDRA_VNODES } from "../../../lib/sim/constants";
import { buildRing, preferenceList, rangeOwner, rebalanceOnJoin } from "../../../lib/sim/placement";

describe("logical clocks", () => {
  test("lamport: receive jumps past the sender", () => {
    expect(lamportTick(3)).toBe(4);
    expect(lamportReceive(3, 10)).toBe(11);
    expect(lamportReceive(12, 10)).toBe(13);
  });

  test.each([
    [{ a: 1 }, { a: 2 }, "before"],
    [{ a: 2, b: 1 }, { a: 1, b: 1 }, "after"],
    [{ a: 1 }, { b: 1 }, "concurrent"],
    [{ a: 1, b: 0 }, { a: 1 }, "equal"],
  ] as const)("vector %j vs %j is %s", (a, b, expected) => {
    expect(vectorCompare(a, b)).toBe(expected);
  });

  test("vector tick and merge", () => {
    expect(vectorMerge(vectorTick({ a: 1 }, "b"), { a: 3 })).toEqual({ a: 3, b: 1 });
  });

  test("HLC orders a causally later event after an earlier one despite a slow wall clock", () => {
    const fast = hlcNow({ l: 0, c: 0 }, 1_000); // the sender's clock runs ahead
    const slow = hlcReceive({ l: 0, c: 0 }, fast, 10); // receiver's wall clock reads 10
    const write = hlcNow(slow, 11);
    expect(hlcCompare(write, fast)).toBeGreaterThan(0);
    expect(write.l).toBe(1_000); // stays close to (the largest) physical time
  });
});

describe("data placement", () => {
  const keys = Array.from({ length: 20_000 }, (_, i) => `user:${i}`);

  test("adding a 6th node to a 256-vnode ring moves about 1/6 of keys; mod N moves most", () => {
    const { ring, modN } = rebalanceOnJoin(keys, 5, CASSANDRA_VNODES);
    expect(ring.fraction).toBeGreaterThan(0.12);
    expect(ring.fraction).toBeLessThan(0.22);
    expect(modN.fraction).toBeGreaterThan(0.75);
    // Virtual nodes spread load: no node holds more than 1.5× its fair share.
    expect(Math.max(...ring.load)).toBeLessThan((keys.length / 6) * 1.5);
  });

  test("preference lists are distinct nodes in ring order", () => {
    const ring = buildRing(
      [
        [0, "n1"],
        [1, "n2"],
        [2, "n3"],
      ],
      8,
    );
    const p = preferenceList(ring, "k1", 3);
    expect(new Set(p).size).toBe(3);
    expect(preferenceList(ring, "k1", 2)).toEqual(p.slice(0, 2));
  });

  test("range partitioning keeps neighbours together (and sequential keys pile onto one partition)", () => {
    const splits = ["g", "n", "t"];
    expect(["apple", "banana", "zebra"].map((k) => rangeOwner(splits, k))).toEqual([0, 0, 3]);
    const recent = Array.from({ length: 100 }, (_, i) => `2026-01-${String(i % 28).padStart(2, "0")}`);
    expect(new Set(recent.map((k) => rangeOwner(["1", "2027", "3"], k))).size).toBe(1);
  });
});
