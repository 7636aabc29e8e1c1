import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { detectDivergence, detectLostWrites } from "../../../lib/check/anomalies";
import { MS, SECOND } from "../../../lib/sim/constants";
import { entryValue, mergeEntry } from "../../../lib/sim/designs/multi-leader";
import type { SingleLeaderState } from "../../../lib/sim/designs/single-leader";
import { generateFaultSchedule } from "../../../lib/sim/faults";
import {
  SIM_ENGINE_VERSION,
  type TDesignInput,
  type TSimCommandInput,
  type TSimConfigInput,
} from "../../../lib/sim/schema";
import { createSimulation, simulate } from "../../../lib/sim/simulation";
import { cluster, everyNodeClient, FIVE_NODES } from "./fixtures";

const TRIO = FIVE_NODES.slice(0, 3);
const ids = TRIO.map((n) => n.id);

describe("single-leader replication", () => {
  test.each([
    ["async", 1],
    ["semi-sync", 1],
    ["sync", 1],
  ] as const)("%s: a write is acknowledged with a follower up", (replication, oks) => {
    const sim = simulate(
      {
        seed: 1,
        config: cluster({ kind: "single-leader", replication }, TRIO),
        commands: [{ type: "clientWrite", at: 10 * MS, node: "n2", key: "x" }],
      },
      1 * SECOND,
    );
    expect(sim.history().filter((e) => e.type === "ok")).toHaveLength(oks);
  });

  test("sync blocks writes when a follower is down; semi-sync needs only one", () => {
    const run = (replication: "sync" | "semi-sync") =>
      simulate(
        {
          seed: 1,
          config: cluster({ kind: "single-leader", replication, failover: false }, TRIO),
          commands: [
            { type: "crash", at: 0, node: "n3" },
            { type: "clientWrite", at: 10 * MS, node: "n1", key: "x" },
          ],
        },
        2 * SECOND,
      )
        .history()
        .at(-1)?.type;
    expect(run("sync")).toBe("info");
    expect(run("semi-sync")).toBe("ok");
  });

  test("a partitioned old leader keeps accepting writes (split brain) and loses them after the heal", () => {
    const sim = simulate(
      {
        seed: 1,
        config: cluster({ kind: "single-leader", replication: "async" }, TRIO),
        commands: [
          { type: "partition", at: 0, groups: [["n1"], ["n2", "n3"]] },
          { type: "clientWrite", at: 1 * SECOND, node: "n2", key: "x", value: 2 },
          // Written after the new leader's write completed, so it is the latest acknowledged value...
          { type: "clientWrite", at: 1500 * MS, node: "n1", key: "x", value: 1 },
          { type: "heal", at: 2 * SECOND },
          { type: "clientRead", at: 3 * SECOND, node: "n1", key: "x" },
        ],
      },
      4 * SECOND,
    );
    const oks = sim.history().filter((e) => e.type === "ok");
    // ...yet after the heal the deposed leader copies the new leader's data and the read returns 2.
    expect(oks.map((e) => e.value)).toEqual([2, 1, 2]);
    expect(detectLostWrites(sim.history()).map((a) => a.opIds[0])).toEqual([oks[1]?.opId]);
  });

  test("sync replication never loses an acknowledged write across leader crashes (random schedules)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        const chaos = generateFaultSchedule(seed, {
          nodes: ids,
          fromNs: 200 * MS,
          untilNs: 2 * SECOND,
          kinds: ["crash"],
        });
        const commands: TSimCommandInput[] = [
          { type: "startWorkload", at: 0, workload: everyNodeClient(TRIO, 10 * MS, 3) },
          ...chaos,
          { type: "stopWorkload", at: 2 * SECOND },
          ...[0, 1, 2].map(
            (k): TSimCommandInput => ({ type: "clientRead", at: 4 * SECOND, node: "n1", key: `k${k}` }),
          ),
        ];
        const sim = simulate(
          { seed, config: cluster({ kind: "single-leader", replication: "sync" }, TRIO), commands },
          5 * SECOND,
        );
        expect(detectLostWrites(sim.history())).toEqual([]);
      }),
      { numRuns: 15 },
    );
  }, 30_000);
});

describe("single-leader failover: which follower is promoted", () => {
  const ids5 = FIVE_NODES.map((n) => n.id);
  /** The node each node believes leads, by id. */
  const leaders = (sim: ReturnType<typeof simulate>) =>
    (sim.state.designState as SingleLeaderState).nodes.map((n) => ids5[n.leader]);

  // n2 and n3, first in line, have fallen behind (the leader's stream does not reach them); n4 and n5 have
  // everything, so one of them is what lets the leader acknowledge the write before it crashes.
  const laggingSuccessors = (seed: number, design: TDesignInput, engine?: number) => {
    const config: TSimConfigInput = { ...cluster(design), ...(engine === undefined ? {} : { engine }) };
    const commands: TSimCommandInput[] = [
      { type: "partitionOneWay", at: 0, from: ["n1"], to: ["n2", "n3"] },
      { type: "clientWrite", at: 10 * MS, node: "n1", key: "x", value: 7 },
      { type: "crash", at: 20 * MS, node: "n1" },
      { type: "heal", at: 1 * SECOND },
      ...["n2", "n3", "n4", "n5"].map(
        (node, i): TSimCommandInput => ({ type: "clientRead", at: 2 * SECOND + i * MS, node, key: "x" }),
      ),
    ];
    const sim = simulate({ seed, config, commands }, 3 * SECOND);
    const oks = sim.history().filter((e) => e.type === "ok");
    return {
      acknowledged: oks.filter((e) => e.f === "write").map((e) => e.value),
      reads: oks.filter((e) => e.f === "read").map((e) => e.value),
      leader: leaders(sim).slice(1),
    };
  };

  const semiSync = { kind: "single-leader", replication: "semi-sync" } as const;
  test.each([1, 2, 3, 4, 5, 6])(
    "seed %i: the write one follower acknowledged survives only if that follower's side is promoted",
    (seed) => {
      const kept = { acknowledged: [7], reads: [7, 7, 7, 7], leader: ["n4", "n4", "n4", "n4"] };
      const lost = { acknowledged: [7], reads: [null, null, null, null], leader: ["n2", "n2", "n2", "n2"] };
      expect(laggingSuccessors(seed, { ...semiSync, promote: "freshest" })).toEqual(kept);
      expect(laggingSuccessors(seed, { ...semiSync, promote: "first" })).toEqual(lost);
      // Absent, the engine decides: today's promotes the freshest; engine 1 (every stored session) the first.
      expect(laggingSuccessors(seed, semiSync, SIM_ENGINE_VERSION)).toEqual(kept);
      expect(laggingSuccessors(seed, semiSync)).toEqual(lost);
    },
  );

  test("with every follower level, the first in line is promoted as soon as before", () => {
    for (const promote of ["first", "freshest"] as const) {
      const sim = simulate(
        {
          seed: 1,
          config: cluster({ kind: "single-leader", replication: "async", promote }),
          commands: [{ type: "crash", at: 20 * MS, node: "n1" }],
        },
        // n2's patience is 300 ms after it last heard the leader (the 0 ms heartbeat); its watch ticks every 50 ms.
        360 * MS,
      );
      expect([promote, leaders(sim).slice(1)]).toEqual([promote, ["n2", "n2", "n2", "n2"]]);
    }
  });

  test("a follower that cannot reach its fresher peer promotes itself when the canvass times out", () => {
    const sim = simulate(
      {
        seed: 1,
        config: cluster({ kind: "single-leader", replication: "semi-sync", promote: "freshest" }, TRIO),
        commands: [
          { type: "partitionOneWay", at: 0, from: ["n1"], to: ["n2"] },
          { type: "clientWrite", at: 10 * MS, node: "n1", key: "x", value: 7 },
          { type: "crash", at: 20 * MS, node: "n1" },
          // n3, the only follower with the write, is cut off from n2 before anyone notices the leader is gone.
          { type: "partition", at: 100 * MS, groups: [["n2"], ["n3"]] },
        ],
      },
      // n2 canvasses at 350 ms and n3 at 450 ms (its patience is longer); each hears nothing for 200 ms.
      700 * MS,
    );
    // Both promote: split brain, as with any failover that cannot see the whole cluster.
    expect(leaders(sim).slice(1)).toEqual(["n2", "n3"]);
  });
});

describe("multi-leader", () => {
  test.each([
    ["LWW keeps the later register", { value: 1, ts: 10, node: 0 }, { value: 2, ts: 20, node: 1 }, 2],
    ["PN-counter merges per-node maxima", { p: { a: 2 }, n: {} }, { p: { a: 1, b: 3 }, n: { b: 1 } }, 4],
  ] as const)("%s", (_n, a, b, expected) => {
    expect(entryValue(mergeEntry(a, b))).toBe(expected);
    expect(entryValue(mergeEntry(b, a))).toBe(expected);
  });

  test("concurrent increments on both sides of a partition: LWW loses some, the PN-counter keeps all", () => {
    const run = (conflict: "lww" | "pn-counter") => {
      const commands: TSimCommandInput[] = [{ type: "partition", at: 0, groups: [["n1"], ["n2", "n3"]] }];
      for (let i = 0; i < 5; i++) {
        // Each write means "+1" to the counter; to an LWW register it is just "set to 1".
        commands.push({ type: "clientWrite", at: (i + 1) * 10 * MS, node: "n1", key: "c", value: 1 });
        commands.push({ type: "clientWrite", at: (i + 1) * 10 * MS, node: "n2", key: "c", value: 1 });
      }
      commands.push(
        { type: "heal", at: 1 * SECOND },
        { type: "clientRead", at: 2 * SECOND, node: "n3", key: "c" },
      );
      const full = simulate(
        { seed: 1, config: cluster({ kind: "multi-leader", conflict }, TRIO), commands },
        3 * SECOND,
      );
      expect(detectDivergence(full.observe())).toEqual([]);
      return full.history().at(-1)?.value;
    };
    expect(run("pn-counter")).toBe(10);
    expect(run("lww")).toBe(1); // ten "+1"s collapse into one register value
  });

  test.each<TDesignInput>([
    { kind: "multi-leader", conflict: "lww" },
    { kind: "multi-leader", conflict: "pn-counter" },
    { kind: "single-leader", replication: "async" },
    { kind: "single-leader", replication: "sync" },
    { kind: "single-leader", replication: "semi-sync", promote: "freshest" },
  ])("converges after random faults heal: %j", (design) => {
    // 10 and 29 are regressions: a deposed leader's snapshot request was lost and it never caught up.
    for (const seed of [1, 2, 3, 10, 29]) {
      const sim = createSimulation({ seed, config: cluster(design), snapshotEveryEvents: 0 });
      sim.applyCommand({ type: "startWorkload", at: 0, workload: everyNodeClient(FIVE_NODES, 5 * MS, 4) });
      const nodes = FIVE_NODES.map((n) => n.id);
      const chaos = generateFaultSchedule(seed, {
        nodes,
        fromNs: 100 * MS,
        untilNs: 2 * SECOND,
        meanGapNs: 150 * MS,
      });
      for (const c of chaos) sim.applyCommand(c);
      sim.applyCommand({ type: "stopWorkload", at: 2500 * MS });
      sim.runUntil(5 * SECOND);
      expect(detectDivergence(sim.observe())).toEqual([]);
    }
  });
});

test("a node added to a single-leader cluster catches up from the leader", () => {
  const sim = simulate(
    {
      seed: 1,
      config: cluster({ kind: "single-leader", replication: "async" }, TRIO),
      commands: [
        { type: "clientWrite", at: 10 * MS, node: "n1", key: "x", value: 9 },
        { type: "addNode", at: 200 * MS, node: { id: "n9", region: "eu", dc: "eu-1" } },
      ],
    },
    1 * SECOND,
  );
  expect(sim.observe().n9).toEqual({ x: [9] });
});
