import { describe, expect, it } from "vitest";
import { capVerdict, formatNs, lastPartition } from "../../../lib/sim/outcomes";
import type { TSimCommand } from "../../../lib/sim/schema";

const side = (name: string, total: number, ok: number) => ({
  side: name,
  total,
  ok,
  fail: total - ok,
  info: 0,
  availability: total === 0 ? 1 : ok / total,
  p50Ns: null,
  p99Ns: null,
});

describe("CAP verdict", () => {
  it.each([
    [[side("a", 10, 10)], null, /No partition/],
    [[side("a", 10, 10), side("b", 1, 0)], null, /waiting for writes/],
    [
      [side("n1, n2, n3", 10, 9), side("n4, n5", 8, 0)],
      "C",
      /Chose consistency: n4, n5 refused writes while n1, n2, n3 kept serving/,
    ],
    [[side("a", 10, 9), side("b", 8, 7)], "A", /Chose availability/],
    [[side("a", 10, 0), side("b", 8, 0)], null, /failing on every side/],
  ] as const)("%j → %s", (sides, choice, text) => {
    const v = capVerdict(sides);
    expect(v.choice).toBe(choice);
    expect(v.text).toMatch(text);
  });
});

describe("lastPartition: when the partition in force began", () => {
  const partitionSince = (c: TSimCommand[], now: number) => {
    const span = lastPartition(c, now, []);
    return span && span.to === null ? span.from : null;
  };
  const cmds = [
    { type: "partition", at: 100, groups: [["n1"]] },
    { type: "setNetwork", at: 150, network: {} },
    { type: "heal", at: 200 },
    { type: "partitionOneWay", at: 300, from: ["n1"], to: ["n2"] },
  ] as TSimCommand[];
  it.each([
    [50, null],
    [100, 100],
    [199, 100],
    [200, null],
    [350, 300],
  ])("at %i → %s", (now, since) => expect(partitionSince(cmds, now)).toBe(since));
});

describe("formatNs", () => {
  it.each([
    [100, "100 ns"],
    [150_000, "150 µs"],
    [500_000, "500 µs"],
    [2_500_000, "2.5 ms"],
    [150_000_000, "150 ms"],
    [2_000_000_000, "2.00 s"],
  ])("%i → %s", (ns, text) => expect(formatNs(ns)).toBe(text));
});

describe("lastPartition", () => {
  const cmds = [
    { type: "partition", at: 100, groups: [["n1", "n2"]] },
    { type: "heal", at: 200 },
    { type: "partitionOneWay", at: 300, from: ["n1"], to: ["n3"] },
  ] as TSimCommand[];
  const ids = ["n1", "n2", "n3", "n4"];
  it.each([
    [50, null],
    [
      150,
      {
        from: 100,
        to: null,
        sides: [
          ["n1", "n2"],
          ["n3", "n4"],
        ],
      },
    ],
    [
      250,
      {
        from: 100,
        to: 200,
        sides: [
          ["n1", "n2"],
          ["n3", "n4"],
        ],
      },
    ],
    [300, { from: 300, to: null, sides: [["n1"], ["n3"]] }],
  ])("at %i → %j", (now, span) => expect(lastPartition(cmds, now, ids)).toEqual(span));
});
