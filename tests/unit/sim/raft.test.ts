import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { detectStaleReads } from "../../../lib/check/anomalies";
import { toOperations } from "../../../lib/check/history";
import { checkLinearizable } from "../../../lib/check/linearizability";
import { CLIENT_TIMEOUT_NS, MS, RAFT, SECOND } from "../../../lib/sim/constants";
import { LEADER, type RaftState } from "../../../lib/sim/designs/raft";
import { checkRaftInvariants, createRaftMonitor } from "../../../lib/sim/designs/raft-invariants";
import { generateFaultSchedule } from "../../../lib/sim/faults";
import { SIM_ENGINE_VERSION, type TDesignInput, type TSimCommandInput } from "../../../lib/sim/schema";
import { createSimulation, type Simulation } from "../../../lib/sim/simulation";
import { cluster, everyNodeClient, FIVE_NODES } from "./fixtures";

const ids = FIVE_NODES.map((n) => n.id);

function leaders(state: RaftState): number[] {
  return state.members.filter((m) => state.nodes[m]?.role === LEADER);
}

/** The random-fault tests run every setting: engine 1 (stored sessions), and today's engine with each knob. */
const SETTINGS: [string, TDesignInput, number | undefined][] = [
  ["engine 1", { kind: "raft" }, undefined],
  ["check-quorum on", { kind: "raft", checkQuorum: true }, SIM_ENGINE_VERSION],
  ["check-quorum off", { kind: "raft", checkQuorum: false }, SIM_ENGINE_VERSION],
];

describe("raft", () => {
  test("elects exactly one leader and commits client writes", () => {
    const sim = createSimulation({ seed: 3, config: cluster({ kind: "raft" }) });
    sim.applyCommand({ type: "clientWrite", at: 1000 * MS, node: "n2", key: "x", value: 7 });
    sim.applyCommand({ type: "clientRead", at: 1100 * MS, node: "n5", key: "x" });
    sim.runUntil(1500 * MS);
    expect(leaders(sim.state.designState as RaftState)).toHaveLength(1);
    const oks = sim.history().filter((e) => e.type === "ok");
    expect(oks.map((e) => [e.f, e.value])).toEqual([
      ["write", 7],
      ["read", 7],
    ]);
  });

  // A fault schedule: crash/restart/partition/heal/loss at random times, drawn by fast-check.
  const faultArb = fc.array(
    fc.tuple(
      fc.integer({ min: 0, max: 1500 }),
      fc.oneof(
        fc.record({ type: fc.constant("crash" as const), node: fc.constantFrom(...ids) }),
        fc.record({ type: fc.constant("restart" as const), node: fc.constantFrom(...ids) }),
        fc.record({
          type: fc.constant("partition" as const),
          groups: fc.shuffledSubarray(ids, { minLength: 1, maxLength: 4 }).map((g) => [g]),
        }),
        fc.record({
          type: fc.constant("partitionOneWay" as const),
          from: fc.subarray(ids, { minLength: 1, maxLength: 2 }),
          to: fc.subarray(ids, { minLength: 1, maxLength: 3 }),
        }),
        fc.record({ type: fc.constant("heal" as const) }),
        fc.record({
          type: fc.constant("setNetwork" as const),
          network: fc.record({ loss: fc.constantFrom(0, 0.05, 0.2), duplicate: fc.constantFrom(0, 0.1) }),
        }),
      ),
    ),
    { maxLength: 8 },
  );

  test.each(SETTINGS)(
    "%s: safety holds after every event under random faults, and the history is linearizable",
    (_name, design, engine) => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 2 ** 31 }), faultArb, (seed, schedule) => {
          const sim = createSimulation({
            seed,
            config: { ...cluster(design), engine },
            snapshotEveryEvents: 0,
          });
          sim.applyCommand({
            type: "startWorkload",
            at: 0,
            workload: everyNodeClient(FIVE_NODES, 10 * MS, 3),
          });
          for (const [atMs, cmd] of schedule) sim.applyCommand({ ...cmd, at: atMs * MS } as TSimCommandInput);
          // Heal and restart everything at the end so the cluster can finish what it started.
          sim.applyCommand({ type: "heal", at: 1600 * MS });
          sim.applyCommand({ type: "setNetwork", at: 1600 * MS, network: { loss: 0, duplicate: 0 } });
          for (const id of ids) sim.applyCommand({ type: "restart", at: 1600 * MS, node: id });
          sim.applyCommand({ type: "stopWorkload", at: 2000 * MS });
          const monitor = createRaftMonitor();
          while (sim.step(3500 * MS)) {
            const violations = checkRaftInvariants(sim.state.designState as RaftState, monitor);
            if (violations.length > 0) throw new Error(violations.join("\n"));
          }
          expect(leaders(sim.state.designState as RaftState).length).toBeLessThanOrEqual(1);
          const verdict = checkLinearizable(sim.history()).verdict;
          expect(verdict).not.toBe("not-linearizable");
        }),
        { numRuns: 25 },
      );
    },
    60_000,
  );
});

describe.each(SETTINGS)(
  "raft (%s) under generated chaos (crash, partitions, one-way links, loss, clock skew)",
  (_name, design, engine) => {
    test.each([1, 2, 3, 4, 5, 6])(
      "seed %i: invariants after every event; recovers once faults end",
      (seed) => {
        const sim = createSimulation({
          seed,
          config: { ...cluster(design), engine },
          snapshotEveryEvents: 0,
        });
        sim.applyCommand({ type: "startWorkload", at: 0, workload: everyNodeClient(FIVE_NODES, 10 * MS, 3) });
        for (const c of generateFaultSchedule(seed, {
          nodes: ids,
          fromNs: 100 * MS,
          untilNs: 2 * SECOND,
          meanGapNs: 150 * MS,
        })) {
          sim.applyCommand(c);
        }
        const monitor = createRaftMonitor();
        while (sim.step(4 * SECOND)) {
          const violations = checkRaftInvariants(sim.state.designState as RaftState, monitor);
          if (violations.length > 0) throw new Error(violations.join("\n"));
        }
        // Liveness once the faults are over: one leader, and operations started after recovery succeed.
        expect(leaders(sim.state.designState as RaftState)).toHaveLength(1);
        const late = toOperations(sim.history()).filter((o) => o.start > 3 * SECOND && o.end !== null);
        expect(late.length).toBeGreaterThan(10);
        expect(late.every((o) => o.status === "ok")).toBe(true);
        expect(checkLinearizable(sim.history()).verdict).toBe("linearizable");
      },
    );
  },
);

/** A five-node cluster on today's engine, run until it has elected a leader: the sim and that leader's index. */
function settled(seed: number, design: TDesignInput): { sim: Simulation; raft: RaftState; leader: number } {
  const sim = createSimulation({ seed, config: { ...cluster(design), engine: SIM_ENGINE_VERSION } });
  sim.runUntil(1 * SECOND);
  const raft = sim.state.designState as RaftState;
  const [leader] = leaders(raft);
  if (leader === undefined) throw new Error(`seed ${seed}: no leader after 1 s`);
  return { sim, raft, leader };
}

const opOf = (sim: Simulation, opId: number) => toOperations(sim.history()).find((o) => o.opId === opId);
const lastOpId = (sim: Simulation) => sim.history().at(-1)?.opId ?? -1;

describe("raft check-quorum: a leader cut off from the majority", () => {
  const SPLIT = 1 * SECOND;
  /**
   * Partitions the leader and one follower away from the other three, then tracks the old leader's role. A
   * client on the old leader invokes a write once check-quorum has had time to act, and one on the follower.
   */
  function minorityLeader(seed: number, checkQuorum: boolean) {
    const { sim, raft, leader } = settled(seed, { kind: "raft", checkQuorum });
    const follower = raft.members.find((m) => m !== leader) as number;
    const minority: [string, string] = [ids[leader] as string, ids[follower] as string];
    sim.applyCommand({
      type: "partition",
      at: SPLIT,
      groups: [minority, ids.filter((id) => !minority.includes(id))],
    });
    let steppedDownAt: number | null = null;
    while (sim.step(SPLIT + 500 * MS)) {
      if (steppedDownAt === null && raft.nodes[leader]?.role !== LEADER) steppedDownAt = sim.now;
    }
    const onLeader = { type: "clientWrite", at: sim.now, node: minority[0], key: "x" } as const;
    sim.applyCommand(onLeader);
    sim.applyCommand({ ...onLeader, node: minority[1], key: "y" });
    sim.runUntil(SPLIT + 2 * SECOND);
    const [a, b] = toOperations(sim.history()).slice(-2);
    return { steppedDownAt, stillLeader: raft.nodes[leader]?.role === LEADER, ops: [a, b] };
  }

  test.each([1, 2, 3, 4, 5])("seed %i: on, the old leader steps down and its clients fail fast", (seed) => {
    const { steppedDownAt, ops } = minorityLeader(seed, true);
    expect(steppedDownAt).not.toBeNull();
    // Within one check-quorum window of the split, plus the heartbeat that notices and a round trip.
    expect((steppedDownAt as number) - SPLIT).toBeLessThanOrEqual(
      RAFT.checkQuorumNs + RAFT.heartbeatNs + 5 * MS,
    );
    for (const op of ops) {
      expect(op?.status).toBe("fail");
      expect((op?.end as number) - (op?.start as number)).toBeLessThan(CLIENT_TIMEOUT_NS / 100);
    }
  });

  test.each([1, 2, 3, 4, 5])(
    "seed %i: off, the old leader keeps its role and its clients time out",
    (seed) => {
      const { steppedDownAt, stillLeader, ops } = minorityLeader(seed, false);
      expect(steppedDownAt).toBeNull();
      expect(stillLeader).toBe(true);
      expect(ops.map((o) => o?.status)).toEqual(["info", "info"]);
    },
  );

  test.each([1, 2, 3])(
    "seed %i: a follower that still names the old leader gets its request refused at once",
    (seed) => {
      const { sim, raft, leader } = settled(seed, { kind: "raft" });
      const follower = raft.members.find((m) => m !== leader) as number;
      const minority = [ids[leader] as string, ids[follower] as string];
      sim.applyCommand({
        type: "partition",
        at: SPLIT,
        groups: [minority, ids.filter((id) => !minority.includes(id))],
      });
      while (raft.nodes[leader]?.role === LEADER && sim.step(SPLIT + SECOND)) {}
      // The follower heard the old leader's last heartbeat less than an election timeout ago: it still forwards.
      expect(raft.nodes[follower]?.leader).toBe(leader);
      sim.applyCommand({ type: "clientWrite", at: sim.now, node: minority[1] as string, key: "y" });
      sim.runUntil(sim.now + 50 * MS);
      const op = opOf(sim, lastOpId(sim));
      expect(op?.status).toBe("fail");
      expect((op?.end as number) - (op?.start as number)).toBeLessThan(10 * MS);
    },
  );

  test("absent, it is off on engine 1 (stored sessions) and on from engine 2", () => {
    const oldLeaderRole = (engine: number | undefined) => {
      const sim = createSimulation({ seed: 1, config: { ...cluster({ kind: "raft" }), engine } });
      sim.runUntil(1 * SECOND);
      const raft = sim.state.designState as RaftState;
      const leader = leaders(raft)[0] as number;
      sim.applyCommand({ type: "partition", at: SPLIT, groups: [[ids[leader] as string]] });
      sim.runUntil(SPLIT + SECOND);
      return raft.nodes[leader]?.role;
    };
    expect(oldLeaderRole(undefined)).toBe(LEADER);
    expect(oldLeaderRole(SIM_ENGINE_VERSION)).not.toBe(LEADER);
  });
});

describe("raft local reads (ZooKeeper-style)", () => {
  /**
   * x = 1 commits everywhere; the leader and two followers are split from the other two; the majority writes
   * x = 2; then a client on a minority follower reads x and tries a write.
   */
  function minorityRead(seed: number, readFrom: "leader" | "local" | undefined) {
    const { sim, raft, leader } = settled(seed, { kind: "raft", readFrom });
    const minority = raft.members
      .filter((m) => m !== leader)
      .slice(0, 2)
      .map((m) => ids[m] as string);
    const majority = ids.filter((id) => !minority.includes(id));
    const reader = minority[0] as string;
    const cmds: TSimCommandInput[] = [
      { type: "clientWrite", at: 1 * SECOND, node: ids[leader] as string, key: "x", value: 1 },
      { type: "partition", at: 1300 * MS, groups: [minority, majority] },
      { type: "clientWrite", at: 1500 * MS, node: majority[1] as string, key: "x", value: 2 },
      { type: "clientRead", at: 2 * SECOND, node: reader, key: "x" },
      { type: "clientWrite", at: 2100 * MS, node: reader, key: "x", value: 3 },
    ];
    for (const c of cmds) sim.applyCommand(c);
    sim.runUntil(4 * SECOND);
    const ops = toOperations(sim.history());
    return { ops, history: sim.history() };
  }

  test.each([1, 2, 3, 4])(
    "seed %i: a minority follower serves a stale read, refuses the write, and the checker sees it",
    (seed) => {
      const { ops, history } = minorityRead(seed, "local");
      const [w1, w2, read, w3] = ops;
      expect([w1?.status, w2?.status]).toEqual(["ok", "ok"]);
      expect(read).toMatchObject({ f: "read", status: "ok", value: 1 });
      // Answered from the node's own state: no round trip at all.
      expect((read?.end as number) - (read?.start as number)).toBe(0);
      expect(w3?.status).toBe("fail");
      expect(detectStaleReads(history).map((a) => a.opIds)).toEqual([[read?.opId, w2?.opId]]);
      expect(checkLinearizable(history).verdict).toBe("not-linearizable");
    },
  );

  test.each([
    ["absent", undefined],
    ["leader", "leader"],
  ] as const)(
    "seed 1, readFrom %s: the read goes through the log and the minority refuses it",
    (_name, readFrom) => {
      const { ops, history } = minorityRead(1, readFrom);
      expect(ops.map((o) => o.status)).toEqual(["ok", "ok", "fail", "fail"]);
      expect(detectStaleReads(history)).toEqual([]);
      expect(checkLinearizable(history).verdict).toBe("linearizable");
    },
  );

  test.each([1, 2, 3])("seed %i: a client reads its own write from the follower it wrote through", (seed) => {
    const { sim, raft, leader } = settled(seed, { kind: "raft", readFrom: "local" });
    const follower = ids[raft.members.find((m) => m !== leader) as number] as string;
    sim.applyCommand({ type: "clientWrite", at: 1 * SECOND, node: follower, key: "x", value: 5 });
    let acked = false;
    while (!acked && sim.step(2 * SECOND)) acked = sim.history().some((e) => e.type === "ok");
    sim.applyCommand({ type: "clientRead", at: sim.now, node: follower, key: "x" });
    sim.runUntil(sim.now + 10 * MS);
    expect(opOf(sim, lastOpId(sim))).toMatchObject({ status: "ok", value: 5 });
  });
});
