import { describe, expect, test } from "vitest";
import { MS } from "../../../lib/sim/constants";
import type { QuorumState } from "../../../lib/sim/designs/quorum";
import {
  initialRanges,
  type KeyRange,
  keyPosition,
  rangePreferenceList,
  rebalanceRanges,
  splitRangeForJoin,
} from "../../../lib/sim/placement";
import { type TDesignInput, type TSimCommandInput, ZQuorumDesign } from "../../../lib/sim/schema";
import { simulate } from "../../../lib/sim/simulation";
import { describeCluster } from "../../../lib/sim/view";
import { cluster, everyNodeClient } from "./fixtures";

const FIVE = [0, 1, 2, 3, 4];
const table = initialRanges(FIVE, 10);
const owner = (ranges: readonly KeyRange[], key: string) => rangePreferenceList(ranges, key, 1)[0];

describe("range placement", () => {
  test("five nodes split k0…k9 two keys each, in node order", () => {
    expect(table).toEqual([
      { start: 0, node: 0 },
      { start: 2, node: 1 },
      { start: 4, node: 2 },
      { start: 6, node: 3 },
      { start: 8, node: 4 },
    ]);
    // More nodes than keys: one key each, still in node order.
    expect(initialRanges([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 10).map((r) => r.start)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
    ]);
  });

  test.each([
    ["k0", [0, 1, 2]],
    ["k1", [0, 1, 2]],
    ["k2", [1, 2, 3]],
    ["k7", [3, 4, 0]],
    ["k8", [4, 0, 1]],
    // Natural order: k10 comes after k9 (byte order would put it between k1 and k2).
    ["k10", [4, 0, 1]],
    ["k9999", [4, 0, 1]],
    // A key not named k<number> sorts after every numbered key.
    ["user:7", [4, 0, 1]],
  ] as const)("%s is stored on %j: the owner of its range, then the next ranges' owners", (key, expected) => {
    expect(rangePreferenceList(table, key, 3)).toEqual(expected);
    // Past N, the walk goes on round the table: those are the sloppy quorum's fallbacks.
    expect(rangePreferenceList(table, key, 5).slice(0, 3)).toEqual(expected);
    expect(new Set(rangePreferenceList(table, key, 5)).size).toBe(5);
  });

  test("key positions", () => {
    expect(["k0", "k9", "k10", "k007"].map(keyPosition)).toEqual([0, 9, 10, 7]);
    expect(keyPosition("user:7")).toBeGreaterThan(keyPosition("k999999999"));
  });
});

describe("a join splits one range, so only that range's keys move", () => {
  const keys = [...Array.from({ length: 100 }, (_, i) => `k${i}`), "user:1", "zzz"];

  test.each([
    // No data yet: the widest range (all are two keys wide; the first wins the tie), split at its midpoint.
    ["no data", [], 0, 1],
    // The panel's workload (k0, k1, k2): n1's range holds two of them and splits at its middle key.
    ["three low keys", ["k0", "k1", "k2"], 0, 1],
    ["keys piled on the last range", ["k3", "k8", "k20", "k31", "k47", "user:1"], 4, 31],
    ["one key per range", ["k0", "k2", "k4", "k6", "k8"], 0, 1],
  ] as const)("%s: splits range %i at k%i", (_name, held, splitRange, splitAt) => {
    const after = splitRangeForJoin(table, 5, held, 10);
    expect(after).toHaveLength(6);
    expect(after[splitRange + 1]).toEqual({ start: splitAt, node: 5 });
    const splitOwner = (table[splitRange] as KeyRange).node;
    const moved = keys.filter((k) => owner(table, k) !== owner(after, k));
    expect(moved.length).toBeGreaterThan(0);
    for (const k of moved) {
      expect(owner(table, k), k).toBe(splitOwner);
      expect(owner(after, k), k).toBe(5);
    }
    // The split range's keys below the split point stay where they were.
    expect(keys.filter((k) => owner(after, k) === 5)).toEqual(moved);
  });

  test("a leave hands the range to its predecessor (the first range to its successor); join then leave restores the table", () => {
    const joined = rebalanceRanges(table, [...FIVE, 5], ["k0", "k1"], 10);
    expect(rebalanceRanges(joined, FIVE, [], 10)).toEqual(table);
    expect(rebalanceRanges(table, [0, 1, 3, 4], [], 10)).toEqual([
      { start: 0, node: 0 },
      { start: 2, node: 1 },
      { start: 6, node: 3 },
      { start: 8, node: 4 },
    ]);
    expect(rebalanceRanges(table, [1, 2, 3, 4], [], 10)[0]).toEqual({ start: 0, node: 1 });
  });
});

describe("the quorum store with range partitioning", () => {
  const design = (partitioning: "hash" | "range", more: Partial<TDesignInput> = {}) =>
    ({ kind: "quorum", n: 3, w: 2, r: 2, partitioning, ...more }) as TDesignInput;

  test("a write lands on the owner of the key's range and the next two nodes", () => {
    const sim = simulate(
      {
        seed: 1,
        config: cluster(design("range")),
        commands: [
          { type: "clientWrite", at: 0, node: "n4", key: "k0" },
          { type: "clientWrite", at: 0, node: "n1", key: "k7" },
        ],
      },
      500 * MS,
    );
    const holders = (key: string) =>
      Object.entries(sim.observe())
        .filter(([, data]) => key in data)
        .map(([id]) => id);
    expect(holders("k0")).toEqual(["n1", "n2", "n3"]);
    expect(holders("k7")).toEqual(["n1", "n4", "n5"]);
    expect(describeCluster(sim.state).ranges?.map((r) => `${r.node}@${r.start}`)).toEqual([
      "n1@0",
      "n2@2",
      "n3@4",
      "n4@6",
      "n5@8",
    ]);
  });

  test("sequential low keys pile onto fewer nodes under range partitioning than under hashing", () => {
    const load = (partitioning: "hash" | "range") => {
      const sim = simulate(
        {
          seed: 7,
          config: cluster(design(partitioning)),
          commands: [{ type: "startWorkload", at: 0, workload: everyNodeClient(undefined, 5 * MS, 3) }],
        },
        1000 * MS,
      );
      expect(sim.history().filter((e) => e.type === "ok").length).toBeGreaterThan(100);
      return Object.values(sim.observe()).map((data) => Object.keys(data).length);
    };
    const hash = load("hash");
    const range = load("range");
    // Three keys × three replicas over five nodes either way; by range, k0…k2 all live on n1…n4 and n5 idles.
    expect(hash.reduce((a, b) => a + b)).toBe(9);
    expect(range.reduce((a, b) => a + b)).toBe(9);
    expect(range.filter((n) => n > 0).length).toBeLessThan(hash.filter((n) => n > 0).length);
    expect(range[4]).toBe(0);
    expect(Math.max(...range)).toBe(3);
  });

  test("a node joining a running store splits the busiest range; the node leaving merges it back", () => {
    const commands: TSimCommandInput[] = [
      { type: "startWorkload", at: 0, workload: everyNodeClient(undefined, 5 * MS, 3) },
      { type: "addNode", at: 500 * MS, node: { id: "n6" } },
      { type: "removeNode", at: 800 * MS, node: "n6" },
    ];
    const rangesAt = (ms: number) => {
      const sim = simulate({ seed: 3, config: cluster(design("range")), commands }, ms * MS);
      return (sim.state.designState as QuorumState).ranges;
    };
    const before = rangesAt(400);
    expect(before).toEqual(table);
    // n1's range held k0 and k1 (n2's only k2): n6 takes the upper half, k1.
    expect(rangesAt(600)).toEqual([...table.slice(0, 1), { start: 1, node: 5 }, ...table.slice(1)]);
    expect(rangesAt(900)).toEqual(before);
  });
});

describe("hash partitioning is unchanged by the new option", () => {
  const commands: TSimCommandInput[] = [
    { type: "startWorkload", at: 0, workload: everyNodeClient() },
    {
      type: "partition",
      at: 200 * MS,
      groups: [
        ["n1", "n2"],
        ["n3", "n4", "n5"],
      ],
    },
    { type: "addNode", at: 300 * MS, node: { id: "n6" } },
    { type: "heal", at: 500 * MS },
    { type: "removeNode", at: 600 * MS, node: "n2" },
  ];

  // Hashes computed by the simulator as it was before `partitioning` existed.
  test.each([
    [{ kind: "quorum", n: 3, w: 2, r: 2 }, "f584b9be846fa154"],
    [
      { kind: "quorum", n: 3, w: 2, r: 2, sloppy: true, antiEntropy: true, conflict: "vector" },
      "106d90616330cfec",
    ],
    [{ kind: "quorum", n: 3, w: 1, r: 1, vnodes: 64, conflict: "hlc" }, "f39ea7eacf60ee27"],
  ] as const)("%j hashes as before, with partitioning left out or set to hash", (d, expected) => {
    const hashOf = (design: TDesignInput) =>
      simulate({ seed: 7, config: cluster(design), commands }, 800 * MS).stateHash();
    expect(hashOf(d)).toBe(expected);
    expect(hashOf({ ...d, partitioning: "hash" })).toBe(expected);
    expect(hashOf({ ...d, partitioning: "range" })).not.toBe(expected);
  });

  test("hash parses to the same data as leaving the option out", () => {
    const base = { kind: "quorum", n: 3, w: 2, r: 2 } as const;
    expect(JSON.stringify(ZQuorumDesign.parse({ ...base, partitioning: "hash" }))).toBe(
      JSON.stringify(ZQuorumDesign.parse(base)),
    );
    expect(ZQuorumDesign.parse({ ...base, partitioning: "range" }).partitioning).toBe("range");
    expect(() => ZQuorumDesign.parse({ ...base, partitioning: "random" })).toThrow();
  });
});
