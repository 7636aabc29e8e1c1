import fc from "fast-check";
import { afterEach, describe, expect, test, vi } from "vitest";
import { checkLinearizable, detectStaleReads } from "../../../lib/check";
import { LEASE, MS, SECOND } from "../../../lib/sim/constants";
import { type LeaseState, leaseDesign } from "../../../lib/sim/designs/lease";
import { PAUSED_LEASE_HOLDER } from "../../../lib/sim/scenarios/paused-lease-holder";
import { scenarioById } from "../../../lib/sim/scenarios/presets";
import { runVariant } from "../../../lib/sim/scenarios/run";
import type { SimulationScenario } from "../../../lib/sim/scenarios/types";
import type { TDesignInput, TSimCommandInput } from "../../../lib/sim/schema";
import { createSimulation, type Simulation, simulate } from "../../../lib/sim/simulation";
import type { DesignMessage } from "../../../lib/sim/types";
import { cluster, everyNodeClient, FIVE_NODES } from "./fixtures";

const FOUR = FIVE_NODES.slice(0, 4);
const lease = (fencing: boolean): TDesignInput => ({ kind: "lease", fencing });
const leaseState = (sim: Simulation) => sim.state.designState as LeaseState;
const node = (sim: Simulation, id: string) => sim.state.nodes[sim.nodeIndex(id)]!;
const completions = (sim: Simulation) => sim.history().filter((e) => e.type !== "invoke");

// Taken before any test spies on it.
const realOnMessage = leaseDesign.onMessage;

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the pause fault", () => {
  test("a paused node runs nothing: requests wait, in order, and are answered after it wakes", () => {
    // n2 holds the lease from the start; two writes reach it while it is paused.
    const sim = simulate(
      {
        seed: 3,
        config: cluster(lease(false), FOUR),
        commands: [
          { type: "pause", at: 50 * MS, node: "n2", forNs: 100 * MS },
          { type: "clientWrite", at: 60 * MS, node: "n2", key: "k0", value: 7 },
          { type: "clientWrite", at: 70 * MS, node: "n2", key: "k0", value: 8 },
        ],
      },
      149 * MS,
    );
    expect(completions(sim)).toEqual([]);
    expect(node(sim, "n2").pausedUntil).toBe(150 * MS);
    // Everything addressed to n2 waits for its wake time; nothing n2 sends is on the wire.
    const n2 = sim.nodeIndex("n2");
    const queued = sim.state.queue.filter((e) => ("to" in e ? e.to : "node" in e ? e.node : -1) === n2);
    expect(queued.length).toBeGreaterThan(0);
    expect(queued.every((e) => e.time === 150 * MS)).toBe(true);
    expect(sim.state.queue.some((e) => e.k === "deliver" && e.from === n2)).toBe(false);

    sim.runUntil(200 * MS);
    const done = completions(sim);
    expect(done.map((e) => [e.type, e.value])).toEqual([
      ["ok", 7],
      ["ok", 8],
    ]);
    expect(done.every((e) => e.time > 150 * MS)).toBe(true);
    // Served in the order they arrived: the later write is the one storage keeps.
    expect(leaseState(sim).storage.data.k0?.value).toBe(8);
  });

  test("its clock stands still while it is stopped, so afterwards it lags true time by the pause", () => {
    const sim = simulate(
      {
        seed: 1,
        config: cluster(lease(true), FOUR),
        commands: [
          { type: "pause", at: 100 * MS, node: "n3", forNs: 400 * MS },
          // A second pause while paused extends it.
          { type: "pause", at: 300 * MS, node: "n3", forNs: 300 * MS },
        ],
      },
      1 * SECOND,
    );
    expect(node(sim, "n3").pausedUntil).toBeUndefined();
    expect(node(sim, "n3").clockOffsetNs).toBe(-500 * MS);
    expect(sim.ctx.localTime(sim.nodeIndex("n3"))).toBe(500 * MS);
    expect(node(sim, "n4").clockOffsetNs).toBe(0);
  });

  test("a crash ends a pause: nothing it held survives, the clock is not set back, and a restart starts afresh", () => {
    const sim = simulate(
      {
        seed: 1,
        config: cluster(lease(true), FOUR),
        commands: [
          { type: "pause", at: 100 * MS, node: "n2", forNs: 1 * SECOND },
          { type: "clientWrite", at: 150 * MS, node: "n2", key: "k0", value: 5 },
          { type: "crash", at: 200 * MS, node: "n2" },
          { type: "restart", at: 300 * MS, node: "n2" },
        ],
      },
      2 * SECOND,
    );
    const n2 = node(sim, "n2");
    expect([n2.status, n2.pausedUntil, n2.clockOffsetNs]).toEqual(["up", undefined, 0]);
    // The write waited in the paused process and died with it: the client timed out.
    expect(completions(sim).map((e) => e.type)).toEqual(["info"]);
    expect(leaseState(sim).storage.data.k0).toBeUndefined();
  });

  test("pausing a crashed node does nothing", () => {
    const sim = simulate(
      {
        seed: 1,
        config: cluster(lease(true), FOUR),
        commands: [
          { type: "crash", at: 10 * MS, node: "n3" },
          { type: "pause", at: 20 * MS, node: "n3", forNs: 100 * MS },
        ],
      },
      50 * MS,
    );
    expect(node(sim, "n3").pausedUntil).toBeUndefined();
  });
});

describe("the lease design", () => {
  const steady = (fencing: boolean, seed: number) =>
    simulate(
      {
        seed,
        config: cluster(lease(fencing), FIVE_NODES),
        commands: [
          { type: "startWorkload", at: 0, workload: everyNodeClient(FIVE_NODES, 4 * MS, 3) },
          { type: "stopWorkload", at: 2 * SECOND },
        ],
      },
      3 * SECOND,
    );

  test.each([
    [true, 1],
    [false, 2],
  ])(
    "without faults (fencing %s): one holder all along, every operation served, linearizable",
    (fencing, seed) => {
      const sim = steady(fencing, seed);
      const s = leaseState(sim);
      expect(s.lock).toMatchObject({ holder: sim.nodeIndex("n2"), token: 1 });
      const done = completions(sim);
      expect(done.length).toBeGreaterThan(300);
      expect(done.every((e) => e.type === "ok")).toBe(true);
      expect(checkLinearizable(sim.history()).verdict).toBe("linearizable");
      expect(detectStaleReads(sim.history())).toEqual([]);
    },
  );

  test("the holder renews while it can reach the service; cut off, its lease goes to another node with the next token", () => {
    const sim = createSimulation({ seed: 4, config: cluster(lease(true), FOUR) });
    sim.applyCommand({ type: "partition", at: 1 * SECOND, groups: [["n2"], ["n1", "n3", "n4"]] });
    sim.runUntil(1 * SECOND);
    expect(leaseState(sim).lock).toMatchObject({ holder: 1, token: 1 });
    sim.runUntil(1 * SECOND + LEASE.durationNs + 2 * LEASE.tickNs);
    const s = leaseState(sim);
    expect(s.lock.token).toBe(2);
    expect([2, 3]).toContain(s.lock.holder);
    // The cut-off holder let go by its own clock before the service granted the lease again.
    expect(s.workers[1]!.token).toBe(0);
    expect(s.workers[s.lock.holder]!.token).toBe(2);
  });

  test("a client of a node that knows no holder is refused; the service's own clients are forwarded", () => {
    const sim = simulate(
      {
        seed: 1,
        config: cluster(lease(true), FOUR),
        commands: [
          { type: "clientWrite", at: 10 * MS, node: "n1", key: "k0", value: 1 },
          { type: "crash", at: 100 * MS, node: "n1" },
          { type: "restart", at: 200 * MS, node: "n1" },
          // The restarted service grants nothing for a lease duration; nodes it has answered know of no holder.
          { type: "clientWrite", at: 450 * MS, node: "n3", key: "k0", value: 2 },
        ],
      },
      1 * SECOND,
    );
    expect(completions(sim).map((e) => [e.type, e.value])).toEqual([
      ["ok", 1],
      ["fail", null],
    ]);
  });

  /** What storage did with each write that reached it: the token it carried and the highest seen before it. */
  function spyOnStorage() {
    const puts: { token: number; maxBefore: number; applied: boolean }[] = [];
    const original = realOnMessage;
    vi.spyOn(leaseDesign, "onMessage").mockImplementation((ctx, s, self, from, msg: DesignMessage) => {
      if (msg.t !== "put") return original(ctx, s, self, from, msg);
      const maxBefore = s.storage.maxToken;
      const applied = s.storage.applied;
      original(ctx, s, self, from, msg);
      puts.push({ token: msg.token as number, maxBefore, applied: s.storage.applied > applied });
    });
    return puts;
  }

  const faultSchedule = fc.array(
    fc.oneof(
      fc.record({
        type: fc.constant("pause" as const),
        at: fc.integer({ min: 1, max: 30 }).map((x) => x * 50 * MS),
        node: fc.constantFrom("n2", "n3", "n4", "n5"),
        forNs: fc.integer({ min: 1, max: 20 }).map((x) => x * 50 * MS),
      }),
      fc.record({
        type: fc.constant("partition" as const),
        at: fc.integer({ min: 1, max: 30 }).map((x) => x * 50 * MS),
        groups: fc.constantFrom<string[][]>([["n2"]], [["n3"]], [["n1", "n2"]], [["n2", "n3"]]),
      }),
      fc.record({
        type: fc.constant("heal" as const),
        at: fc.integer({ min: 1, max: 30 }).map((x) => x * 50 * MS),
      }),
    ),
    { maxLength: 6 },
  );

  test("property: with fencing, storage never applies a write carrying a token lower than one it has seen; grants never share a token", () => {
    let refused = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000 }), faultSchedule, (seed, faults) => {
        const puts = spyOnStorage();
        try {
          checkRun(seed, faults, puts);
        } finally {
          vi.restoreAllMocks();
        }
        refused += puts.filter((p) => !p.applied).length;
      }),
      { numRuns: 25, seed: 22 },
    );
    // The schedules do reach the case fencing is for.
    expect(refused).toBeGreaterThan(0);
  });

  function checkRun(seed: number, faults: TSimCommandInput[], puts: ReturnType<typeof spyOnStorage>) {
    const commands: TSimCommandInput[] = [
      { type: "startWorkload", at: 0, workload: everyNodeClient(FIVE_NODES, 5 * MS, 2) },
      ...faults,
    ];
    // Clients give up on a paused holder soon, so the new holder takes writes before the old one wakes.
    const config = { ...cluster(lease(true), FIVE_NODES), clientTimeoutNs: 200 * MS };
    const sim = createSimulation({ seed, config });
    for (const c of [...commands].sort((a, b) => a.at - b.at)) sim.applyCommand(c);
    for (let t = 25 * MS; t <= 2.5 * SECOND; t += 25 * MS) {
      sim.runUntil(t);
      const held = leaseState(sim)
        .workers.map((w) => w.token)
        .filter((x) => x > 0);
      expect(new Set(held).size).toBe(held.length);
      expect(Math.max(0, ...held)).toBeLessThanOrEqual(leaseState(sim).lock.token);
    }
    for (const p of puts) expect(p.applied).toBe(p.token >= p.maxBefore);
  }

  test("without fencing, the paused holder's write lands with a token older than one storage has seen", () => {
    const puts = spyOnStorage();
    const preset = scenarioById("paused-lease-holder") as SimulationScenario;
    runVariant(preset, preset.variants[0]!);
    expect(puts.some((p) => p.applied && p.token < p.maxBefore)).toBe(true);
  });
});

describe("preset: a paused lease holder, over seeds", () => {
  const preset = scenarioById("paused-lease-holder") as SimulationScenario;
  const run = (variant: number, seed: number) => runVariant(preset, { ...preset.variants[variant]!, seed });
  const writes = (v: ReturnType<typeof run>) =>
    v.history.filter((e) => e.type !== "invoke" && e.f === "write").map((e) => [e.session, e.type]);
  const lastRead = (v: ReturnType<typeof run>) =>
    v.history.filter((e) => e.type === "ok" && e.f === "read").at(-1)?.value;

  test("names its variants and asks its question", () => {
    expect(preset.variants.map((v) => v.label)).toEqual(["without fencing tokens", "with fencing tokens"]);
    expect(preset.question).toMatch(/\?$/);
    // The pause outlasts the lease, and the stale write comes in while n2 is still paused.
    expect(PAUSED_LEASE_HOLDER.pauseNs).toBeGreaterThan(LEASE.durationNs);
    expect(PAUSED_LEASE_HOLDER.staleWriteAt).toBeLessThan(
      PAUSED_LEASE_HOLDER.pauseAt + PAUSED_LEASE_HOLDER.pauseNs,
    );
  });

  test.each([1, 2, 3, 4, 5, 6, 7, 8])("seed %i", (seed) => {
    const off = run(0, seed);
    // The old holder's write is acknowledged and lands over bob's; the new holder still serves bob's value.
    expect(writes(off)).toEqual([
      ["alice", "ok"],
      ["bob", "ok"],
      ["alice", "ok"],
    ]);
    expect(lastRead(off)).toBe(2);
    expect(off.finalView.n1?.k0).toEqual([3]);
    expect(off.linearizability).toBe("not-linearizable");
    expect(off.anomalies.map((a) => a.kind)).toContain("stale-read");
    expect(off.divergence.length).toBeGreaterThan(0);

    const on = run(1, seed);
    // Storage has seen token 2, so the write carrying token 1 is refused and alice is told so.
    expect(writes(on)).toEqual([
      ["alice", "ok"],
      ["bob", "ok"],
      ["alice", "fail"],
    ]);
    expect(lastRead(on)).toBe(2);
    expect(on.finalView.n1?.k0).toEqual([2]);
    expect(on.linearizability).toBe("linearizable");
    expect(on.anomalies).toEqual([]);
    expect(on.divergence).toEqual([]);
  });
});

describe("determinism with a pause", () => {
  const input = {
    seed: 9,
    config: cluster(lease(true), FIVE_NODES),
    commands: [
      { type: "startWorkload", at: 0, workload: everyNodeClient(FIVE_NODES, 5 * MS, 3) },
      { type: "pause", at: 300 * MS, node: "n2", forNs: 700 * MS },
      { type: "pause", at: 600 * MS, node: "n4", forNs: 100 * MS },
    ] satisfies TSimCommandInput[],
  };

  test("same input, same hash at every step; seeking back across a pause lands on the straight run's state", () => {
    const steps = (sim: Simulation) =>
      Array.from({ length: 15 }, (_, i) => {
        sim.runUntil((i + 1) * 100 * MS);
        return sim.stateHash();
      });
    const a = steps(simulate(input, 0));
    expect(steps(simulate(input, 0))).toEqual(a);
    expect(new Set(a).size).toBe(a.length);

    const sim = createSimulation({ ...input, snapshotEveryEvents: 200 });
    for (const c of input.commands) sim.applyCommand(c);
    sim.runUntil(1500 * MS);
    sim.seekTo(800 * MS);
    expect(sim.stateHash()).toBe(simulate(input, 800 * MS).stateHash());
  });
});
