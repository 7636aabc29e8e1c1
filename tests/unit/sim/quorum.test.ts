import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { detectDivergence, detectStaleReads } from "../../../lib/check/anomalies";
import { MS, SECOND } from "../../../lib/sim/constants";
import { mergeVersions, type Version } from "../../../lib/sim/designs/quorum";
import { generateFaultSchedule } from "../../../lib/sim/faults";
import type { TSimCommandInput } from "../../../lib/sim/schema";
import { createSimulation, simulate } from "../../../lib/sim/simulation";
import { cluster, everyNodeClient, FIVE_NODES } from "./fixtures";

const v = (value: number, ts: number, vc: Record<string, number> | null = null, node = 0): Version => ({
  value,
  ts,
  c: 0,
  node,
  vc,
});

describe("quorum store merge rules", () => {
  test.each([
    ["lww keeps the later timestamp", "lww", [v(1, 10)], [v(2, 20)], [2]],
    ["lww is order independent", "lww", [v(2, 20)], [v(1, 10)], [2]],
    [
      "vector: a descendant replaces its ancestor",
      "vector",
      [v(1, 1, { a: 1 })],
      [v(2, 2, { a: 1, b: 1 })],
      [2],
    ],
    ["vector: concurrent writes become siblings", "vector", [v(1, 1, { a: 1 })], [v(2, 2, { b: 1 })], [1, 2]],
    [
      "vector: merging the same version twice is idempotent",
      "vector",
      [v(1, 1, { a: 1 })],
      [v(1, 1, { a: 1 })],
      [1],
    ],
    [
      "vector: equal clocks with different values pick the same winner in either order",
      "vector",
      [v(2, 1, { a: 1 })],
      [v(1, 1, { a: 1 })],
      [2],
    ],
    ["vector: ...and the other order", "vector", [v(1, 1, { a: 1 })], [v(2, 1, { a: 1 })], [2]],
  ] as const)("%s", (_n, mode, a, b, expected) => {
    expect(mergeVersions(mode, [...a], [...b]).map((x) => x.value)).toEqual(expected);
  });
});

describe("quorum store", () => {
  test("vector clocks keep both writes made on the two sides of a partition as siblings", () => {
    const sim = simulate(
      {
        seed: 2,
        config: {
          ...cluster({ kind: "quorum", n: 3, w: 1, r: 3, conflict: "vector", sloppy: true }),
          nodes: FIVE_NODES.slice(0, 3),
        },
        commands: [
          { type: "partition", at: 10 * MS, groups: [["n1"], ["n2", "n3"]] },
          { type: "clientWrite", at: 20 * MS, node: "n1", key: "x", value: 1 },
          { type: "clientWrite", at: 20 * MS, node: "n2", key: "x", value: 2 },
          { type: "heal", at: 100 * MS },
          { type: "clientRead", at: 200 * MS, node: "n3", key: "x" },
        ],
      },
      1 * SECOND,
    );
    const read = sim.history().find((e) => e.type === "ok" && e.f === "read");
    expect(read?.siblings).toEqual([1, 2]);
  });

  test("hinted handoff delivers a write to the replica that was down", () => {
    const sim = createSimulation({
      seed: 4,
      config: cluster({
        kind: "quorum",
        n: 3,
        w: 3,
        r: 1,
        sloppy: true,
        hintedHandoff: true,
        readRepair: false,
      }),
    });
    const owners = sim.observe();
    expect(owners).toBeDefined();
    for (const id of ["n1", "n2", "n3", "n4", "n5"]) {
      sim.applyCommand({ type: "clientWrite", at: 0, node: "n1", key: `key-${id}`, value: 100 });
    }
    sim.applyCommand({ type: "crash", at: 0, node: "n2" });
    sim.applyCommand({ type: "restart", at: 500 * MS, node: "n2" });
    sim.runUntil(2 * SECOND);
    const oks = sim.history().filter((e) => e.type === "ok");
    expect(oks).toHaveLength(5); // W=3 succeeded despite n2 being down: sloppy quorum
    const view = sim.observe();
    // Every key n2 is a home replica for reached it after the restart.
    for (const key of Object.keys(view.n2 ?? {})) expect(view.n2?.[key]).toEqual([100]);
    expect(Object.keys(view.n2 ?? {}).length).toBeGreaterThan(0);
    expect(detectDivergence(view)).toEqual([]);
  });

  test("regression: two writes from one coordinator in quick succession never share a vector clock", () => {
    const sim = simulate(
      {
        seed: 1,
        config: {
          ...cluster({ kind: "quorum", n: 3, w: 1, r: 3, conflict: "vector" }),
          nodes: FIVE_NODES.slice(0, 3),
        },
        commands: [
          { type: "clientWrite", at: 0, node: "n2", key: "x", value: 133 },
          { type: "clientWrite", at: 1, node: "n2", key: "x", value: 134 },
          { type: "clientRead", at: 100 * MS, node: "n1", key: "x" },
        ],
      },
      1 * SECOND,
    );
    expect(sim.history().at(-1)).toMatchObject({ type: "ok", value: 134 });
    expect(detectDivergence(sim.observe())).toEqual([]);
  });

  const ids = FIVE_NODES.map((n) => n.id);
  test("replicas converge after faults heal (anti-entropy + read repair + handoff), whatever the schedule", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.constantFrom("lww", "hlc", "vector"),
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 800 }),
            fc.oneof(
              fc.record({ type: fc.constant("crash" as const), node: fc.constantFrom(...ids) }),
              fc.record({ type: fc.constant("restart" as const), node: fc.constantFrom(...ids) }),
              fc.record({
                type: fc.constant("partition" as const),
                groups: fc.subarray(ids, { minLength: 1, maxLength: 3 }).map((g) => [g]),
              }),
              fc.record({ type: fc.constant("heal" as const) }),
              fc.record({
                type: fc.constant("setNetwork" as const),
                network: fc.record({ loss: fc.constantFrom(0, 0.1), duplicate: fc.constantFrom(0, 0.1) }),
              }),
            ),
          ),
          { maxLength: 6 },
        ),
        (seed, conflict, schedule) => {
          const sim = createSimulation({
            seed,
            config: cluster({ kind: "quorum", n: 3, w: 2, r: 2, sloppy: true, antiEntropy: true, conflict }),
            snapshotEveryEvents: 0,
          });
          sim.applyCommand({
            type: "startWorkload",
            at: 0,
            workload: everyNodeClient(FIVE_NODES, 5 * MS, 4),
          });
          for (const [atMs, cmd] of schedule) sim.applyCommand({ ...cmd, at: atMs * MS } as TSimCommandInput);
          sim.applyCommand({ type: "stopWorkload", at: 900 * MS });
          sim.applyCommand({ type: "heal", at: 1000 * MS });
          sim.applyCommand({ type: "setNetwork", at: 1000 * MS, network: { loss: 0, duplicate: 0 } });
          for (const id of ids) sim.applyCommand({ type: "restart", at: 1000 * MS, node: id });
          sim.runUntil(4 * SECOND);
          expect(detectDivergence(sim.observe())).toEqual([]);
        },
      ),
      { numRuns: 20 },
    );
  }, 60_000);
});

describe("strict quorums under faults", () => {
  test("W + R > N never serves a stale read under crashes, partitions and loss (clocks in sync)", () => {
    const ids = FIVE_NODES.map((n) => n.id);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        const sim = createSimulation({
          seed,
          config: cluster({ kind: "quorum", n: 3, w: 2, r: 2 }),
          snapshotEveryEvents: 0,
        });
        sim.applyCommand({ type: "startWorkload", at: 0, workload: everyNodeClient(FIVE_NODES, 5 * MS, 4) });
        const kinds = ["crash", "partition", "oneWay", "loss"] as const;
        for (const c of generateFaultSchedule(seed, {
          nodes: ids,
          fromNs: 100 * MS,
          untilNs: 2 * SECOND,
          kinds,
        })) {
          sim.applyCommand(c);
        }
        sim.runUntil(3 * SECOND);
        expect(detectStaleReads(sim.history())).toEqual([]);
      }),
      { numRuns: 10 },
    );
  }, 30_000);
});
