import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { heapPop, heapPush } from "../../../lib/sim/event-queue";
import { canonicalJson, hashValue } from "../../../lib/sim/hash";
import { baseDelayNs, createNetwork, sampleTransit } from "../../../lib/sim/network";
import { deriveStream, nextInt, nextUint32 } from "../../../lib/sim/prng";
import type { NodeRuntime } from "../../../lib/sim/types";

describe("prng", () => {
  test("same seed and label give the same sequence; labels give independent streams", () => {
    const a = deriveStream(7, "network");
    const b = deriveStream(7, "network");
    const c = deriveStream(7, "faults");
    const xs = Array.from({ length: 5 }, () => nextUint32(a));
    expect(Array.from({ length: 5 }, () => nextUint32(b))).toEqual(xs);
    expect(Array.from({ length: 5 }, () => nextUint32(c))).not.toEqual(xs);
  });

  test("known first outputs (pins the algorithm so browsers can be compared)", () => {
    const s = deriveStream(1, "x");
    expect(Array.from({ length: 3 }, () => nextUint32(s))).toMatchInlineSnapshot(`
      [
        1159906956,
        3106407795,
        2911377169,
      ]
    `);
  });

  test("nextInt stays in range", () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: 0, max: 1000 }),
        (seed, lo, span) => {
          const s = deriveStream(seed, "t");
          const v = nextInt(s, lo, lo + span);
          return v >= lo && v <= lo + span && Number.isInteger(v);
        },
      ),
    );
  });
});

describe("event queue", () => {
  test("pops in (time, seq) order", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 }), (times) => {
        const heap: { time: number; seq: number }[] = [];
        times.forEach((time, seq) => {
          heapPush(heap, { time, seq });
        });
        const out: { time: number; seq: number }[] = [];
        for (let e = heapPop(heap); e !== undefined; e = heapPop(heap)) out.push(e);
        const expected = times
          .map((time, seq) => ({ time, seq }))
          .sort((a, b) => a.time - b.time || a.seq - b.seq);
        expect(out).toEqual(expected);
      }),
    );
  });
});

describe("hash", () => {
  test("canonical JSON ignores key order", () => {
    expect(canonicalJson({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe(
      canonicalJson({ a: [1, { c: 3, d: 2 }], b: 1 }),
    );
    expect(hashValue({ a: 1 })).not.toBe(hashValue({ a: 2 }));
    expect(hashValue({ a: 1 })).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe("network latency from the article's numbers", () => {
  const node = (id: string, region: string, dc: string): NodeRuntime => ({
    id,
    region,
    dc,
    status: "up",
    incarnation: 0,
    clockOffsetNs: 0,
    clockDriftPpm: 0,
  });
  const a = node("a", "eu", "eu-1");
  test.each([
    ["same datacenter: half of a 0.5 ms round trip", node("b", "eu", "eu-1"), 250_000],
    ["another datacenter in the region", node("b", "eu", "eu-2"), 1_000_000],
    ["another continent: half of a 150 ms round trip", node("b", "us", "us-1"), 75_000_000],
  ])("%s", (_name, b, expected) => {
    expect(baseDelayNs(a, b)).toBe(expected);
  });

  test("jitter stays within 10% and loss / duplication follow the settings", () => {
    const net = createNetwork([a, node("b", "eu", "eu-1")]);
    const rng = deriveStream(3, "network");
    const out = { delayNs: 0, duplicateDelayNs: 0 };
    for (let i = 0; i < 200; i++) {
      sampleTransit(net, rng, 1000, out);
      expect(out.delayNs).toBeGreaterThanOrEqual(1000);
      expect(out.delayNs).toBeLessThanOrEqual(1100);
      expect(out.duplicateDelayNs).toBe(-1);
    }
    net.loss = 1;
    net.duplicate = 1;
    sampleTransit(net, rng, 1000, out);
    expect(out.delayNs).toBe(-1);
    expect(out.duplicateDelayNs).toBeGreaterThanOrEqual(1000);
  });
});
