import { describe, expect, test } from "vitest";
import { vectorCompare } from "../../../lib/sim/clocks";
import { MS, SECOND } from "../../../lib/sim/constants";
import { generateFaultSchedule } from "../../../lib/sim/faults";
import { ZSimCommand, ZSimConfig } from "../../../lib/sim/schema";
import { createSimulation, simulate } from "../../../lib/sim/simulation";
import { cluster, FIVE_NODES } from "./fixtures";

const WORLD = [
  { id: "n1", region: "eu", dc: "eu-1" },
  { id: "n2", region: "us", dc: "us-1" },
];
const multi = { kind: "multi-leader", conflict: "lww" } as const;

function valueAt(sim: ReturnType<typeof createSimulation>, node: string, key: string): number[] | undefined {
  return sim.observe()[node]?.[key];
}

describe("network semantics in the running simulation", () => {
  test("a partition kills messages already in flight (checked at delivery)", () => {
    const sim = createSimulation({ seed: 1, config: cluster(multi, WORLD) });
    sim.applyCommand({ type: "clientWrite", at: 0, node: "n1", key: "x", value: 1 });
    sim.applyCommand({ type: "partition", at: 10 * MS, groups: [["n1"], ["n2"]] });
    sim.applyCommand({ type: "heal", at: 100 * MS });
    sim.runUntil(150 * MS); // the cross-continent copy (~75 ms) would have landed by now
    expect(valueAt(sim, "n2", "x")).toBeUndefined();
    expect(sim.state.stats.messagesDropped).toBeGreaterThan(0);
    sim.runUntil(400 * MS); // the periodic state sync after the heal delivers it
    expect(valueAt(sim, "n2", "x")).toEqual([1]);
  });

  test("a one-way partition blocks one direction only", () => {
    const sim = createSimulation({ seed: 1, config: cluster(multi, WORLD) });
    sim.applyCommand({ type: "partitionOneWay", at: 0, from: ["n1"], to: ["n2"] });
    sim.applyCommand({ type: "clientWrite", at: 1 * MS, node: "n1", key: "a", value: 1 });
    sim.applyCommand({ type: "clientWrite", at: 1 * MS, node: "n2", key: "b", value: 2 });
    sim.runUntil(1 * SECOND);
    expect(valueAt(sim, "n1", "b")).toEqual([2]);
    expect(valueAt(sim, "n2", "a")).toBeUndefined();
  });

  test("total message loss delivers nothing; latency spikes slow delivery down", () => {
    const lossy = simulate(
      {
        seed: 1,
        config: { ...cluster(multi, WORLD), network: { loss: 1 } },
        commands: [{ type: "clientWrite", at: 0, node: "n1", key: "x", value: 1 }],
      },
      1 * SECOND,
    );
    expect(lossy.state.stats.messagesDelivered).toBe(0);
    const spiky = createSimulation({
      seed: 1,
      config: { ...cluster(multi, WORLD), network: { spikeProbability: 1, spikeNs: 500 * MS } },
    });
    spiky.applyCommand({ type: "clientWrite", at: 0, node: "n1", key: "x", value: 1 });
    spiky.runUntil(150 * MS);
    expect(valueAt(spiky, "n2", "x")).toBeUndefined();
    spiky.runUntil(700 * MS);
    expect(valueAt(spiky, "n2", "x")).toEqual([1]);
  });

  test("setNetwork extraNs slows every message by a fixed amount", () => {
    const sim = createSimulation({ seed: 1, config: cluster(multi, WORLD) });
    sim.applyCommand({ type: "setNetwork", at: 0, network: { extraNs: 200 * MS } });
    sim.applyCommand({ type: "clientWrite", at: 0, node: "n1", key: "x", value: 1 });
    sim.runUntil(250 * MS);
    expect(valueAt(sim, "n2", "x")).toBeUndefined();
    sim.runUntil(300 * MS);
    expect(valueAt(sim, "n2", "x")).toEqual([1]);
  });

  test("storage latency shows in acknowledgement latency (SSD ~150 µs vs disk seek ~10 ms)", () => {
    const p50 = (storage: "ssd" | "disk") => {
      const sim = simulate(
        {
          seed: 1,
          config: { ...cluster({ kind: "quorum", n: 3, w: 2, r: 2 }), storage },
          commands: [{ type: "clientWrite", at: 0, node: "n1", key: "x" }],
        },
        1 * SECOND,
      );
      const ok = sim.history().find((e) => e.type === "ok");
      return ok?.time ?? Number.NaN;
    };
    // Same network path (a cross-datacenter round trip, ~2 ms) in both; only the replica's persist differs.
    expect(p50("ssd")).toBeLessThan(3 * MS);
    expect(p50("disk") - p50("ssd")).toBeGreaterThan(9 * MS);
  });
});

describe("nodes, clocks and membership", () => {
  test("local clocks read true time plus offset plus drift", () => {
    const sim = createSimulation({ seed: 1, config: cluster(multi, WORLD) });
    sim.applyCommand({ type: "setClock", at: 0, node: "n2", offsetNs: 5 * MS, driftPpm: 1000 });
    sim.applyCommand({ type: "clientWrite", at: 1 * SECOND, node: "n2", key: "x", value: 1 });
    sim.runUntil(1 * SECOND);
    const node = sim.state.designState as { nodes: { data: Record<string, { ts: number }> }[] };
    // 1 s + 5 ms offset + 1000 ppm of 1 s (= 1 ms).
    expect(node.nodes[1]?.data.x?.ts).toBe(1 * SECOND + 5 * MS + 1 * MS);
  });

  test("a client attached to a crashed node is refused at once (fail, not info)", () => {
    const sim = simulate(
      {
        seed: 1,
        config: cluster({ kind: "raft" }),
        commands: [
          { type: "crash", at: 0, node: "n3" },
          { type: "clientWrite", at: 1 * MS, node: "n3", key: "x" },
        ],
      },
      10 * MS,
    );
    expect(sim.history().map((e) => e.type)).toEqual(["invoke", "fail"]);
  });

  test("a crash loses volatile state and keeps durable state (Raft log survives, applied state is rebuilt)", () => {
    const sim = createSimulation({ seed: 8, config: cluster({ kind: "raft" }) });
    sim.applyCommand({ type: "clientWrite", at: 1 * SECOND, node: "n1", key: "x", value: 5 });
    sim.applyCommand({ type: "crash", at: 2 * SECOND, node: "n2" });
    sim.runUntil(2 * SECOND);
    const raft = sim.state.designState as { nodes: { log: unknown[]; kv: Record<string, number> }[] };
    expect(raft.nodes[1]?.kv).toEqual({});
    expect(raft.nodes[1]?.log.length).toBeGreaterThan(0);
    sim.applyCommand({ type: "restart", at: 2 * SECOND, node: "n2" });
    sim.runUntil(3 * SECOND);
    expect((sim.state.designState as typeof raft).nodes[1]?.kv.x).toBe(5);
  });

  test("adding a node puts it on the ring; removing one keeps the store available", () => {
    const sim = createSimulation({ seed: 1, config: cluster({ kind: "quorum", n: 3, w: 2, r: 2 }) });
    sim.applyCommand({ type: "addNode", at: 0, node: { id: "n6", region: "eu", dc: "eu-1" } });
    for (let i = 0; i < 20; i++)
      sim.applyCommand({ type: "clientWrite", at: i * MS, node: "n1", key: `k${i}` });
    sim.applyCommand({ type: "removeNode", at: 100 * MS, node: "n2" });
    for (let i = 0; i < 20; i++)
      sim.applyCommand({ type: "clientRead", at: 200 * MS + i * MS, node: "n1", key: `k${i}` });
    sim.runUntil(1 * SECOND);
    expect(Object.keys(sim.observe().n6 ?? {}).length).toBeGreaterThan(0);
    expect(sim.observe().n2).toBeUndefined();
    const results = sim.history().filter((e) => e.type !== "invoke");
    expect(results.every((e) => e.type === "ok")).toBe(true);
  });

  test("configure switches the design mid-run", () => {
    const sim = simulate(
      {
        seed: 1,
        config: cluster({ kind: "raft" }),
        commands: [
          { type: "configure", at: 1 * SECOND, design: { kind: "multi-leader", conflict: "pn-counter" } },
          { type: "clientWrite", at: 1100 * MS, node: "n1", key: "c", value: 3 },
          { type: "clientWrite", at: 1100 * MS, node: "n2", key: "c", value: 4 },
          { type: "clientRead", at: 2 * SECOND, node: "n5", key: "c" },
        ],
      },
      3 * SECOND,
    );
    expect(sim.state.design.kind).toBe("multi-leader");
    expect(sim.history().at(-1)).toMatchObject({ type: "ok", f: "read", value: 7 });
  });
});

describe("schemas and fault schedules", () => {
  test("commands parse, fill defaults and reject nonsense", () => {
    expect(ZSimCommand.parse({ type: "setClock", at: 5, node: "n1", offsetNs: -3 })).toMatchObject({
      driftPpm: 0,
    });
    expect(ZSimCommand.safeParse({ type: "crash", at: -1, node: "n1" }).success).toBe(false);
    expect(ZSimCommand.safeParse({ type: "crash", at: 1.5, node: "n1" }).success).toBe(false);
    expect(ZSimCommand.safeParse({ type: "explode", at: 1 }).success).toBe(false);
    const cfg = ZSimConfig.parse({ nodes: [{ id: "a" }], design: { kind: "quorum", n: 1, w: 1, r: 1 } });
    expect(cfg.design).toMatchObject({ sloppy: false, conflict: "lww", vnodes: 16 });
    expect(cfg.storage).toBe("ssd");
  });

  test("the fault schedule depends only on the seed, and every fault is undone by the end", () => {
    const ids = FIVE_NODES.map((n) => n.id);
    const a = generateFaultSchedule(3, { nodes: ids, fromNs: 0, untilNs: 5 * SECOND });
    expect(generateFaultSchedule(3, { nodes: ids, fromNs: 0, untilNs: 5 * SECOND })).toEqual(a);
    expect(generateFaultSchedule(4, { nodes: ids, fromNs: 0, untilNs: 5 * SECOND })).not.toEqual(a);
    expect(a.length).toBeGreaterThan(10);
    for (const c of a) expect(ZSimCommand.safeParse(c).success).toBe(true);
    const tail = a.filter((c) => c.at === 5 * SECOND).map((c) => c.type);
    expect(tail).toContain("heal");
    expect(tail.filter((t) => t === "restart")).toHaveLength(ids.length);
  });
});

describe("clock views", () => {
  test("Lamport, vector and HLC clocks follow the messages of any design", () => {
    const sim = createSimulation({ seed: 1, config: { ...cluster(multi, WORLD), trackClocks: true } });
    sim.applyCommand({ type: "setClock", at: 0, node: "n1", offsetNs: 1 * SECOND, driftPpm: 0 });
    sim.applyCommand({ type: "clientWrite", at: 1 * MS, node: "n1", key: "x" });
    sim.applyCommand({ type: "clientWrite", at: 2 * MS, node: "n2", key: "y" });
    sim.runUntil(3 * MS);
    const early = sim.clockViews();
    // Neither send has been delivered yet: the two events are concurrent.
    expect(vectorCompare(early.n1?.vector ?? {}, early.n2?.vector ?? {})).toBe("concurrent");
    sim.runUntil(150 * MS);
    const late = sim.clockViews();
    expect(vectorCompare(early.n1?.vector ?? {}, late.n2?.vector ?? {})).toBe("before");
    expect(late.n2?.lamport).toBeGreaterThan(early.n1?.lamport ?? 0);
    // n2's wall clock is a second behind n1's, but its HLC has caught up with what it heard from n1.
    expect(late.n2?.hlc.l).toBeGreaterThanOrEqual(1 * SECOND);
    expect(createSimulation({ seed: 1, config: cluster(multi, WORLD) }).clockViews()).toEqual({});
  });
});

test("an added node gets its own clocks when clocks are tracked", () => {
  const sim = createSimulation({ seed: 1, config: { ...cluster(multi, WORLD), trackClocks: true } });
  sim.applyCommand({ type: "addNode", at: 0, node: { id: "n3", region: "eu", dc: "eu-1" } });
  sim.applyCommand({ type: "clientWrite", at: 1 * MS, node: "n1", key: "x" });
  sim.runUntil(50 * MS);
  expect(sim.clockViews().n3?.lamport).toBeGreaterThan(0);
});
