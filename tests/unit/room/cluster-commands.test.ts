import { describe, expect, it } from "vitest";
import {
  DEFAULT_KNOBS,
  DESIGN_KINDS,
  type DesignKind,
  designFormOf,
  designSummary,
  type Knobs,
  MAX_PANEL_NODES,
  NODES,
  SCENARIO_PRESETS,
} from "../../../app/(app)/room/[id]/_components/cluster/cluster-presets";
import {
  addNode,
  candidateButtons,
  changeSpeed,
  clientRead,
  clientWrite,
  crashNode,
  faultButtons,
  healNetwork,
  isolateNode,
  leaderToIsolate,
  loadScenario,
  nodeFault,
  type PanelButton,
  partitionNetwork,
  pauseButton,
  pauseNode,
  removeNode,
  resetCluster,
  restartNode,
  scenarioChoice,
  setNetworkFaults,
  skewClock,
  startWorkload,
  stopWorkload,
  togglePlaying,
  workloadButton,
} from "../../../app/(app)/room/[id]/_components/cluster/commands";
import { clusterTopology } from "../../../app/(app)/room/[id]/_components/cluster/topology";
import {
  applyEvent,
  decide,
  type RoomSim,
  SIM_SPEEDS,
  simCommandProblem,
  simCommandRole,
  simConfigProblem,
  simNodeIds,
  simTimeAt,
  type TRole,
  type TRoomEvent,
  type TRoomOp,
  type TRoomOpInput,
  ZRoomOp,
} from "../../../lib/room";
import { RoomSimRunner } from "../../../lib/room/sim-runner";
import type { TSimCommand } from "../../../lib/sim";
import { ZSimConfig } from "../../../lib/sim/schema";
import { describeCluster } from "../../../lib/sim/view";
import { C, I, RoomBuilder } from "./helpers";

// The cluster panel's command builders: every op they build must get through the server's parse, and every
// simulator command must be one the seat whose button sends it is allowed to send, naming only nodes the running
// cluster has (whatever its shape: a scenario's three nodes, the panel's five, one region, nodes added and removed).

function parsed(op: TRoomOpInput | null): TRoomOp {
  expect(op).not.toBeNull();
  const result = ZRoomOp.safeParse(op);
  if (!result.success) throw new Error(`refused: ${result.error.message}`);
  return result.data;
}

const fiveNodes = (() => {
  const reset = parsed(resetCluster("raft", DEFAULT_KNOBS));
  if (reset.type !== "sim.reset") throw new Error("not a reset");
  return reset.config;
})();
const five = clusterTopology({ config: fiveNodes, commands: [] });
const opOf = (b: PanelButton | undefined) => b?.op ?? null;
const added = addNode(five);
// [builder call, the seat whose panel shows it] for every simulator command the panel sends.
const simCommands: [string, TRoomOpInput | null, TRole][] = [
  ["startWorkload uniform", startWorkload({ rate: 200, hot: false }, five.nodes), "candidate"],
  ["startWorkload hot", startWorkload({ rate: 1000, hot: true }, five.nodes), "candidate"],
  ["stopWorkload", stopWorkload(), "candidate"],
  ["addNode", added, "candidate"],
  ["removeNode", removeNode("n6"), "candidate"],
  ["clientWrite", clientWrite("n1", "k0"), "candidate"],
  ["clientRead", clientRead("n4", "k0"), "candidate"],
  ["crashNode", crashNode("n2"), "interviewer"],
  ["restartNode", restartNode("n2"), "interviewer"],
  ["partitionNetwork", partitionNetwork([["n1"], ["n2", "n3"]]), "interviewer"],
  ["isolateNode", isolateNode("n1", five.nodes), "interviewer"],
  ["healNetwork", healNetwork(), "interviewer"],
  ["setNetworkFaults", setNetworkFaults({ loss: 0.2 }), "interviewer"],
  ["skewClock", skewClock("n2", 500_000_000), "interviewer"],
  ["pauseNode", pauseNode("n1", 1_000_000_000), "interviewer"],
  ...faultButtons("raft", five, [{ id: "n1", role: "leader", status: "up", term: 1 }]).map(
    (f): [string, TRoomOpInput | null, TRole] => [`fault "${f.label}"`, f.op, "interviewer"],
  ),
];

describe("the cluster panel's simulator commands", () => {
  it.each(simCommands)("%s parses as a room op the %s may send", (_name, op, role) => {
    const parsedOp = parsed(op);
    expect(parsedOp.type).toBe("sim.command");
    if (parsedOp.type !== "sim.command") return;
    // The server stamps `at`; the client never sends one.
    expect(parsedOp.command.at).toBe(0);
    expect(simCommandRole(parsedOp.command.type)).toBe(role);
  });

  it("names only nodes the started cluster has (removeNode: the node addNode just added)", () => {
    const grow = parsed(added);
    if (grow.type !== "sim.command") throw new Error("unexpected op");
    const sim = (commands: RoomSim["commands"]): RoomSim => ({
      epoch: 1,
      seed: 1,
      config: fiveNodes,
      preset: null,
      commands,
      clock: { vtBase: 0, wallBase: 0, playing: true, speed: 1 },
    });
    for (const [name, op] of simCommands) {
      const p = parsed(op);
      if (p.type !== "sim.command") continue;
      const cluster = sim(name === "removeNode" ? [grow.command] : []);
      expect([name, simCommandProblem(cluster, p.command)]).toEqual([name, null]);
    }
  });

  it("a workload's rate sets the mean gap between operations, and the hot key takes 80%", () => {
    expect(startWorkload({ rate: 200, hot: true }, five.nodes)).toMatchObject({
      command: { type: "startWorkload", workload: { meanIntervalNs: 5_000_000, hotKeyShare: 0.8 } },
    });
    expect(startWorkload({ rate: 50, hot: false }, five.nodes)).toMatchObject({
      command: { workload: { meanIntervalNs: 20_000_000, hotKeyShare: 0 } },
    });
  });

  it("adds the lowest id the cluster never had, up to the panel's limit, and refuses one more", () => {
    const sized = (count: number) => {
      const nodes = Array.from({ length: count }, (_, i) => ({ id: `n${i + 1}`, region: "eu", dc: "eu-1" }));
      return { nodes, used: new Set(nodes.map((n) => n.id)) };
    };
    expect(addNode(five)).toMatchObject({ command: { type: "addNode", node: { id: "n6" } } });
    expect(addNode(sized(3))).toMatchObject({ command: { node: { id: "n4" } } });
    // n6 was added and removed: the simulator keeps its slot, so the next node is n7.
    expect(addNode({ nodes: five.nodes, used: new Set([...five.used, "n6"]) })).toMatchObject({
      command: { node: { id: "n7" } },
    });
    expect(parsed(addNode(sized(MAX_PANEL_NODES - 1)))).toBeTruthy();
    expect(addNode(sized(MAX_PANEL_NODES))).toBeNull();
    expect(addNode(sized(MAX_PANEL_NODES + 3))).toBeNull();
    const full = candidateButtons({ ...sized(MAX_PANEL_NODES), base: new Set() })[0];
    expect(full).toMatchObject({
      label: "Add a node",
      op: null,
      reason: expect.stringContaining("at most 8"),
    });
  });

  it("isolating a node cuts it off from every other node of the cluster", () => {
    expect(isolateNode("n3", five.nodes)).toEqual({
      type: "sim.command",
      command: { type: "partition", groups: [["n3"], ["n1", "n2", "n4", "n5"]] },
    });
  });

  it("isolates the leader with the highest term, and says why when there is none to isolate", () => {
    const live = [
      { id: "n1", role: "leader" as const, status: "up" as const, term: 2 },
      { id: "n2", role: "leader" as const, status: "up" as const, term: 3 },
      { id: "n3", role: "leader" as const, status: "crashed" as const, term: 4 },
      { id: "n4", role: "follower" as const, status: "up" as const, term: 3 },
    ];
    expect(leaderToIsolate("raft", five, live)).toEqual({ node: "n2" });
    expect(leaderToIsolate("raft", five, [])).toEqual({ reason: "No leader right now." });
    expect(leaderToIsolate("raft", five, undefined)).toEqual({ reason: "No leader right now." });
    expect(leaderToIsolate("quorum", five, live)).toEqual({ reason: expect.stringContaining("leaderless") });
    expect(leaderToIsolate("multi-leader", five, live)).toEqual({
      reason: expect.stringContaining("Every node"),
    });
    // A leader the log has already removed is no leader to isolate.
    expect(leaderToIsolate("raft", { nodes: five.nodes.slice(0, 1) }, live)).toEqual({
      reason: expect.stringContaining("second node"),
    });
    const buttons = faultButtons("raft", five, []);
    expect(buttons.filter((f) => f.op === null).map((f) => f.label)).toEqual(["Isolate the leader"]);
  });

  it("a node's crash button: restart once crashed, off while leaving or restarting, none once removed", () => {
    expect(nodeFault({ id: "n2", status: "up" }, five)).toEqual({
      label: "Crash n2",
      op: crashNode("n2"),
      reason: null,
    });
    expect(nodeFault({ id: "n2", status: "crashed" }, five)?.op).toEqual(restartNode("n2"));
    expect(nodeFault({ id: "n2", status: "restarting" }, five)).toMatchObject({
      op: null,
      reason: "Restarting…",
    });
    expect(nodeFault({ id: "n6", status: "up" }, five)).toMatchObject({
      op: null,
      reason: "Leaving the cluster.",
    });
    expect(nodeFault({ id: "n6", status: "removed" }, five)).toBeNull();
  });
});

// Every button on the panel, for clusters of every shape a scenario or the candidate makes, goes through the
// server's own decide() (the check that answered 'Unknown node "n4"') and then through the simulator.

const LOADED_AT = 10_000;
/** 1.5 s of virtual time after loading, at the default 0.1× speed: Raft has a leader by then. */
const NOW = LOADED_AT + 15_000;

const loadPreset = (id: string, variant: number) => (r: RoomBuilder) =>
  r.op(I.id, { type: "sim.preset", presetId: id, variant }, LOADED_AT);
const startDesign =
  (kind: DesignKind, knobs: Knobs = DEFAULT_KNOBS) =>
  (r: RoomBuilder) =>
    r.op(C.id, parsed(resetCluster(kind, knobs)), LOADED_AT);

const shapes: [string, (r: RoomBuilder) => void][] = [
  ["quorum-overlap N=3 W=1 R=1: three nodes, three regions", loadPreset("quorum-overlap", 1)],
  ["the panel's five nodes under Raft: two regions", startDesign("raft")],
  ["the panel's five nodes, multi-leader", startDesign("multi-leader")],
  ["cp-vs-ap Raft: five nodes, one region, two datacentres", loadPreset("cp-vs-ap-partition", 0)],
  ["clock skew: three nodes in one region", loadPreset("clock-skew-lww", 0)],
  ["async failover: single leader, three nodes, one region", loadPreset("async-failover", 0)],
  ["read-your-writes: three nodes, two regions", loadPreset("read-your-writes", 0)],
  ["paused lease holder: a lock service and three workers", loadPreset("paused-lease-holder", 0)],
  [
    "five nodes, n6 added and removed, n7 added by the candidate",
    (r) => {
      startDesign("quorum")(r);
      const topology = () => clusterTopology(r.state.sim!);
      r.op(C.id, parsed(addNode(topology())), LOADED_AT + 1_000);
      const [, remove] = candidateButtons(topology());
      r.op(C.id, parsed(opOf(remove)), LOADED_AT + 2_000);
      r.op(C.id, parsed(addNode(topology())), LOADED_AT + 3_000);
    },
  ],
];

/** A room with the shape loaded, the live view at NOW, and every button both seats see. */
function panelFor(load: (r: RoomBuilder) => void) {
  const r = new RoomBuilder().join(I).join(C);
  load(r);
  const sim = r.state.sim!;
  const view = describeCluster(new RoomSimRunner().advance(sim, simTimeAt(sim, NOW))!.state);
  const topology = clusterTopology(sim);
  const interviewer = [
    ...faultButtons(sim.config.design.kind, topology, view.nodes),
    ...view.nodes.flatMap((n) => nodeFault(n, topology) ?? []),
    pauseButton(sim.config.design.kind, topology, view.nodes),
  ];
  const candidate = [
    workloadButton(false, { rate: 200, hot: false }, topology.nodes),
    workloadButton(true, { rate: 200, hot: false }, topology.nodes),
    ...candidateButtons(topology),
  ];
  return { r, sim, view, topology, interviewer, candidate };
}

function namedNodes(c: TSimCommand): string[] {
  switch (c.type) {
    case "crash":
    case "restart":
    case "pause":
    case "removeNode":
    case "setClock":
    case "clientRead":
    case "clientWrite":
      return [c.node];
    case "addNode":
      return [];
    case "partition":
      return c.groups.flat();
    case "partitionOneWay":
      return [...c.from, ...c.to];
    case "startWorkload":
      return c.workload.clients.map((x) => x.node);
    case "configure":
    case "heal":
    case "setNetwork":
    case "stopWorkload":
      return [];
  }
}

/** Decides the op as the server would, folds the event in, and runs the simulator 1 ms past the command. */
function acceptAndRun(r: RoomBuilder, userId: string, op: TRoomOp) {
  const d = decide(r.state, userId, op, NOW);
  if (!d.ok) throw new Error(`${JSON.stringify(op)} refused: ${d.error.message}`);
  const event = { ...d.event, seq: r.state.seq + 1, opId: "op-x", actorId: userId, at: NOW } as TRoomEvent;
  const sim = applyEvent(r.state, event).sim!;
  // A command lands after the last one in the log (a preset's script may run seconds ahead): run just past it.
  const after = new RoomSimRunner().advance(sim, sim.commands.at(-1)!.at + 1_000_000)!;
  return describeCluster(after.state);
}

const sorted = (groups: string[][]) =>
  groups.map((g) => [...g].sort()).sort((a, b) => a.join().localeCompare(b.join()));

describe.each(shapes)("every panel button on %s", (_shape, load) => {
  const panel = panelFor(load);

  it("names only nodes the running cluster has, and the topology is the server's", () => {
    expect(panel.topology.nodes.map((n) => n.id).sort()).toEqual([...simNodeIds(panel.sim)].sort());
    const ids = new Set(panel.topology.nodes.map((n) => n.id));
    for (const b of [...panel.interviewer, ...panel.candidate]) {
      if (b.op === null) {
        expect(b.reason, b.label).toMatch(/\w/);
        continue;
      }
      const op = parsed(b.op);
      if (op.type !== "sim.command") throw new Error(`${b.label}: not a sim command`);
      for (const id of namedNodes(op.command)) expect([b.label, ids.has(id)]).toEqual([b.label, true]);
      // Its label names only such nodes too ("Isolate n3", "Read k0 via n2 (us)").
      for (const id of b.label.match(/\bn\d+\b/g) ?? [])
        expect([b.label, ids.has(id)]).toEqual([b.label, true]);
    }
  });

  it.each([
    ["interviewer", I.id],
    ["candidate", C.id],
  ] as const)("the %s's buttons are accepted by the server and run in the simulator", (seat, userId) => {
    const buttons = seat === "interviewer" ? panel.interviewer : panel.candidate;
    for (const b of buttons) {
      if (b.op === null) continue;
      const op = parsed(b.op);
      const view = acceptAndRun(panel.r, userId, op);
      if (op.type === "sim.command" && op.command.type === "partition") {
        const named = op.command.groups;
        expect([b.label, sorted(view.groups)]).toEqual([b.label, sorted(named)]);
      }
    }
  });
});

describe("the buttons a walk-through checked", () => {
  const labels = (bs: PanelButton[]) => bs.map((b) => (b.op ? b.label : `${b.label} (off: ${b.reason})`));

  it("on the three-continent quorum-overlap cluster, splits the three regions and reads via a node that exists", () => {
    const { interviewer, candidate } = panelFor(loadPreset("quorum-overlap", 1));
    expect(labels(interviewer.slice(0, 8))).toEqual([
      "Split regions",
      "Isolate the leader (off: A leaderless store has no leader.)",
      "Isolate n3",
      "Heal network",
      "20% message loss",
      "Latency spikes",
      "Calm network",
      "Skew n2 clock +500 ms",
    ]);
    expect(opOf(interviewer[0])).toEqual(partitionNetwork([["n1"], ["n2"], ["n3"]]));
    expect(opOf(interviewer[2])).toEqual(partitionNetwork([["n3"], ["n1", "n2"]]));
    expect(labels(candidate)).toEqual([
      "Start workload",
      "Stop workload",
      "Add a node",
      "Remove the added node (off: Add a node first.)",
      "Write k0 via n1 (eu)",
      "Read k0 via n2 (us)",
    ]);
    expect(opOf(candidate[0])).toMatchObject({
      command: {
        workload: {
          clients: [
            { id: "alice", node: "n1" },
            { id: "bob", node: "n2" },
          ],
        },
      },
    });
    expect(opOf(candidate[2])).toMatchObject({ command: { type: "addNode", node: { id: "n4" } } });
  });

  it("on the panel's five nodes, keeps the labels the interview guide and the e2e specs use", () => {
    const { interviewer, candidate, view } = panelFor(startDesign("raft"));
    const leader = view.nodes.find((n) => n.role === "leader")!.id;
    expect(labels(interviewer.slice(0, 8))).toEqual([
      "Split regions",
      "Isolate the leader",
      "Isolate n3",
      "Heal network",
      "20% message loss",
      "Latency spikes",
      "Calm network",
      "Skew n2 clock +500 ms",
    ]);
    expect(opOf(interviewer[0])).toEqual(
      partitionNetwork([
        ["n1", "n2", "n3"],
        ["n4", "n5"],
      ]),
    );
    expect(opOf(interviewer[1])).toEqual(isolateNode(leader, NODES));
    expect(labels(interviewer.slice(8))).toEqual([
      "Crash n1",
      "Crash n2",
      "Crash n3",
      "Crash n4",
      "Crash n5",
      `Pause ${leader} (GC) for 1 s`,
    ]);
    expect(opOf(interviewer.at(-1))).toEqual(pauseNode(leader, 1_000_000_000));
    expect(labels(candidate.slice(4))).toEqual(["Write k0 via n1 (eu)", "Read k0 via n4 (us)"]);
  });

  it("on a cluster in one region, Split regions is off and says why", () => {
    for (const load of [loadPreset("cp-vs-ap-partition", 0), loadPreset("clock-skew-lww", 0)]) {
      const [split] = panelFor(load).interviewer;
      expect(split).toEqual({
        label: "Split regions",
        op: null,
        reason: "Needs nodes in two regions; the partition builder makes other cuts.",
      });
    }
  });

  it("after the candidate adds and removes nodes, faults cover the added node and skip the removed one", () => {
    const { interviewer, candidate, topology } = panelFor(shapes.at(-1)![1]);
    expect(topology.nodes.map((n) => n.id)).toEqual(["n1", "n2", "n3", "n4", "n5", "n7"]);
    expect(opOf(interviewer[0])).toEqual(
      partitionNetwork([
        ["n1", "n2", "n3"],
        ["n4", "n5", "n7"],
      ]),
    );
    expect(opOf(interviewer[2])).toEqual(partitionNetwork([["n3"], ["n1", "n2", "n4", "n5", "n7"]]));
    // n6 is drawn as removed, with no crash button; n7 has one.
    expect(interviewer.map((b) => b.label)).not.toContain("Crash n6");
    expect(interviewer.map((b) => b.label)).toContain("Crash n7");
    expect(opOf(candidate[2])).toMatchObject({ command: { node: { id: "n8" } } });
    expect(opOf(candidate[3])).toEqual(removeNode("n7"));
  });
});

describe("the design form shows the running design", () => {
  const variants = SCENARIO_PRESETS.flatMap((p) =>
    p.variants.map((v): [string, (typeof p.variants)[number]] => [`${p.id} — ${v.label}`, v]),
  );

  it.each(variants)("%s: restarting without an edit restarts the same cluster", (_name, variant) => {
    const running = ZSimConfig.parse(variant.config);
    const { kind, knobs } = designFormOf(running.design);
    const restart = parsed(resetCluster(kind, knobs, running));
    if (restart.type !== "sim.reset") throw new Error("not a reset");
    expect(restart.config).toEqual(running);
  });

  it("quorum-overlap's W=1 R=1 variant fills the form with N=3, W=1, R=1", () => {
    const preset = SCENARIO_PRESETS.find((p) => p.id === "quorum-overlap")!;
    const running = ZSimConfig.parse(preset.variants[1]!.config);
    expect(designFormOf(running.design)).toEqual({
      kind: "quorum",
      knobs: { ...DEFAULT_KNOBS, n: 3, w: 1, r: 1 },
    });
    // An edit restarts on the scenario's three continents, keeping the knobs the form does not show.
    const restart = parsed(resetCluster("quorum", { ...DEFAULT_KNOBS, n: 3, w: 2, r: 2 }, running));
    expect(restart).toMatchObject({
      config: { nodes: running.nodes, design: { n: 3, w: 2, r: 2, readRepair: false } },
    });
    // Another kind takes that kind's defaults, on the same nodes.
    expect(parsed(resetCluster("raft", DEFAULT_KNOBS, running))).toMatchObject({
      config: { nodes: running.nodes, design: { kind: "raft" } },
    });
  });

  it("a single-leader design is sent with its promotion rule named, and summarised in the article's words", () => {
    const op = parsed(resetCluster("single-leader", { ...DEFAULT_KNOBS, replication: "semi-sync" }));
    if (op.type !== "sim.reset") throw new Error("not a reset");
    expect(op.config.design).toMatchObject({ replication: "semi-sync", promote: "freshest" });
    expect(designSummary(op.config.design, 2)).toBe(
      "Single-leader replication: Synchronous (one follower), failover promotes the most up-to-date follower",
    );
    // A stored session's cluster (no engine, no rule) promoted the first follower to notice.
    expect(
      designSummary({ kind: "single-leader", replication: "sync", readFrom: "local", failover: true }),
    ).toBe("Single-leader replication: All followers, failover promotes the first follower to notice");
  });

  it.each(DESIGN_KINDS.map((k) => [k]))("%s on the panel's nodes round-trips through the form", (kind) => {
    const op = parsed(resetCluster(kind, { ...DEFAULT_KNOBS, w: 1, r: 3, replication: "sync" }));
    if (op.type !== "sim.reset") throw new Error("not a reset");
    const { kind: k, knobs } = designFormOf(op.config.design);
    expect(parsed(resetCluster(k, knobs, op.config))).toEqual(op);
  });
});

describe("the cluster panel's clock, reset and scenario ops", () => {
  const clock = { playing: true, speed: 0.1 };

  it("play/pause flips the clock and keeps the speed", () => {
    expect(parsed(togglePlaying(clock))).toEqual({ type: "sim.clock", playing: false, speed: 0.1 });
    expect(parsed(togglePlaying({ playing: false, speed: 1 }))).toEqual({
      type: "sim.clock",
      playing: true,
      speed: 1,
    });
  });

  it.each(SIM_SPEEDS.map((s) => [s]))("speed %s keeps play/pause and parses", (speed) => {
    expect(parsed(changeSpeed(clock, speed))).toEqual({ type: "sim.clock", playing: true, speed });
  });

  it("a speed the panel does not offer is refused by the server", () => {
    expect(ZRoomOp.safeParse(changeSpeed(clock, 3)).success).toBe(false);
  });

  const knobVariants: [string, Knobs][] = [
    ["defaults", DEFAULT_KNOBS],
    [
      "range, sloppy, vector clocks",
      { ...DEFAULT_KNOBS, partitioning: "range", sloppy: true, conflict: "vector" },
    ],
    ["W=1, R=1, hlc", { ...DEFAULT_KNOBS, w: 1, r: 1, conflict: "hlc" }],
    ["synchronous replication", { ...DEFAULT_KNOBS, replication: "sync" }],
  ];
  const designs = DESIGN_KINDS.flatMap((kind) =>
    knobVariants.map(([label, knobs]): [DesignKind, string, Knobs] => [kind, label, knobs]),
  );

  it.each(designs)("resetting to %s (%s) parses, with a config that makes sense", (kind, _label, knobs) => {
    const op = parsed(resetCluster(kind, knobs));
    if (op.type !== "sim.reset") throw new Error("not a reset");
    expect(op.config.design.kind).toBe(kind);
    expect(simConfigProblem(op.config)).toBeNull();
  });

  it("range partitioning survives the parse; hash parses to absent", () => {
    const range = parsed(resetCluster("quorum", { ...DEFAULT_KNOBS, partitioning: "range" }));
    const hash = parsed(resetCluster("quorum", DEFAULT_KNOBS));
    expect(range).toMatchObject({ config: { design: { partitioning: "range" } } });
    expect(hash).toMatchObject({ config: { design: { partitioning: undefined } } });
  });

  it("every scenario the picker lists loads its own preset and variant", () => {
    const choices = SCENARIO_PRESETS.flatMap((p, i) => p.variants.map((_, j) => ({ p, i, j })));
    expect(choices.length).toBeGreaterThan(0);
    for (const { p, i, j } of choices)
      expect(parsed(loadScenario(scenarioChoice(i, j)))).toEqual({
        type: "sim.preset",
        presetId: p.id,
        variant: j,
      });
  });

  it.each([
    ["an unknown preset", `${SCENARIO_PRESETS.length}:0`],
    ["an unknown variant", "0:99"],
    ["a negative index", "-1:0"],
    ["no number at all", "first:second"],
  ])("refuses to load %s", (_what, choice) => {
    expect(loadScenario(choice)).toBeNull();
  });
});
