import { describe, expect, it } from "vitest";
import { decide, NS_PER_MS, SIM_LOOKAHEAD_MS, simTimeAt, type TRoomOp, ZRoomOp } from "../../../lib/room";
import { RoomSimRunner } from "../../../lib/room/sim-runner";
import { simulate, type TSimConfigInput } from "../../../lib/sim";
import { ZSimConfig } from "../../../lib/sim/schema";
import { describeCluster } from "../../../lib/sim/view";
import { C, I, RoomBuilder } from "./helpers";

const QUORUM: TSimConfigInput = {
  nodes: [
    { id: "n1", region: "eu", dc: "eu-1" },
    { id: "n2", region: "eu", dc: "eu-2" },
    { id: "n3", region: "us", dc: "us-1" },
  ],
  design: { kind: "quorum", n: 3, w: 1, r: 1 },
};
const config = ZSimConfig.parse(QUORUM);

function withCluster() {
  const r = new RoomBuilder().join(I).join(C);
  r.op(C.id, { type: "sim.reset", config }, 10_000);
  return r;
}

const cmd = (command: object): TRoomOp => ({ type: "sim.command", command }) as TRoomOp;

describe("the shared cluster in a room", () => {
  // [who, command] → accepted event kind or rejection code.
  it.each([
    [C.id, { type: "startWorkload", workload: { clients: [{ id: "c1", node: "n1" }] } }, "sim.command"],
    [I.id, { type: "startWorkload", workload: { clients: [{ id: "c1", node: "n1" }] } }, "forbidden"],
    [C.id, { type: "clientWrite", node: "n2", key: "k" }, "sim.command"],
    [I.id, { type: "crash", node: "n1" }, "sim.command"],
    [C.id, { type: "crash", node: "n1" }, "forbidden"],
    [C.id, { type: "partition", groups: [["n1"]] }, "forbidden"],
    [I.id, { type: "partition", groups: [["n1"], ["n2", "n3"]] }, "sim.command"],
    [I.id, { type: "partition", groups: [["n9"]] }, "invalid_input"],
    [I.id, { type: "crash", node: "n9" }, "invalid_input"],
    [I.id, { type: "setClock", node: "n2", offsetNs: 5e12 }, "invalid_input"],
    [I.id, { type: "setNetwork", network: { loss: 1.5 } }, "bad_schema"],
    [I.id, { type: "setNetwork", network: { extraNs: -1 } }, "bad_schema"],
    [C.id, { type: "configure", design: { kind: "quorum", n: 3, w: 4, r: 1 } }, "invalid_input"],
    [C.id, { type: "configure", design: { kind: "raft" } }, "sim.command"],
    [C.id, { type: "addNode", node: { id: "n1" } }, "invalid_input"],
  ] as const)("%s sends %j → %s", (who, command, expected) => {
    const r = withCluster();
    const parsed = ZRoomOp.safeParse(cmd(command));
    if (!parsed.success) {
      expect(expected).toBe("bad_schema");
      return;
    }
    const d = decide(r.state, who, parsed.data, 20_000);
    expect(d.ok ? d.event.kind : d.error.code).toBe(expected);
    if (!d.ok) expect(d.error.message.length).toBeGreaterThan(8);
  });

  it.each([
    [
      { ...QUORUM, design: { kind: "quorum", n: 4, w: 1, r: 1 } },
      /N \(4\) can't exceed the number of nodes \(3\)/,
    ],
    [{ ...QUORUM, design: { kind: "quorum", n: 3, w: 4, r: 1 } }, /W \(4\) can't exceed N \(3\)/],
    [{ ...QUORUM, design: { kind: "quorum", n: 3, w: 1, r: 5 } }, /R \(5\) can't exceed N/],
  ])("refuses a cluster whose knobs don't fit together", (input, message) => {
    const r = new RoomBuilder().join(I).join(C);
    const d = decide(r.state, C.id, { type: "sim.reset", config: ZSimConfig.parse(input) }, 5_000);
    expect(d.ok).toBe(false);
    if (!d.ok) expect(d.error.message).toMatch(message);
  });

  it("stamps commands ahead on the shared virtual clock, never backwards, and pausing freezes it", () => {
    const r = withCluster(); // playing at 0.1× since t = 10,000
    const speed = r.state.sim!.clock.speed;
    expect(simTimeAt(r.state.sim!, 10_000)).toBe(0);
    expect(simTimeAt(r.state.sim!, 11_000)).toBe(1_000 * speed * NS_PER_MS);
    r.op(C.id, cmd({ type: "clientWrite", node: "n1", key: "k" }), 12_000);
    const first = r.state.sim!.commands[0]!.at;
    expect(first).toBe((2_000 + SIM_LOOKAHEAD_MS) * speed * NS_PER_MS);
    r.op(I.id, { type: "sim.clock", playing: false, speed }, 13_000);
    expect(simTimeAt(r.state.sim!, 99_999)).toBe(3_000 * speed * NS_PER_MS);
    r.op(I.id, cmd({ type: "crash", node: "n2" }), 14_000);
    expect(r.state.sim!.commands[1]!.at).toBe(3_000 * speed * NS_PER_MS);
    r.op(I.id, { type: "sim.clock", playing: true, speed: 1 }, 20_000);
    expect(simTimeAt(r.state.sim!, 21_000)).toBe(3_000 * speed * NS_PER_MS + 1_000 * NS_PER_MS);
  });

  it("a pause right after a command freezes the clock after it, so it and later commands still apply", () => {
    const r = withCluster(); // playing at 0.1× since t = 10,000
    const speed = r.state.sim!.clock.speed;
    r.op(I.id, cmd({ type: "partition", groups: [["n3"], ["n1", "n2"]] }), 12_000);
    const stamped = r.state.sim!.commands[0]!.at; // 250 ms of real time ahead
    // Paused 100 ms later: the clock would read before the partition; it stops at the partition instead.
    r.op(I.id, { type: "sim.clock", playing: false, speed }, 12_100);
    expect(simTimeAt(r.state.sim!, 12_100)).toBe(stamped);
    r.op(C.id, cmd({ type: "clientWrite", node: "n1", key: "k" }), 13_000);
    expect(r.state.sim!.commands[1]!.at).toBe(stamped);
    const runner = new RoomSimRunner();
    const sim = runner.advance(r.state.sim, simTimeAt(r.state.sim!, 20_000))!;
    expect(describeCluster(sim.state).groups).toHaveLength(2);
  });

  it("a runner that is ahead of a late command rewinds and ends in the same state as a fresh run", () => {
    const r = withCluster();
    r.op(
      C.id,
      cmd({
        type: "startWorkload",
        workload: {
          clients: [
            { id: "c1", node: "n1" },
            { id: "c2", node: "n3" },
          ],
        },
      }),
      11_000,
    );
    const runner = new RoomSimRunner();
    const sim = r.state.sim!;
    runner.advance(sim, 3_000_000_000); // far ahead of what the room has said
    r.op(I.id, cmd({ type: "partition", groups: [["n1"], ["n2", "n3"]] }), 12_000);
    r.op(I.id, cmd({ type: "heal" }), 15_000);
    const target = 4_000_000_000;
    const live = runner.advance(r.state.sim!, target)!;
    expect(runner.rewinds).toBeGreaterThan(0);
    const fresh = simulate({ seed: sim.seed, config: sim.config, commands: r.state.sim!.commands }, target);
    expect(live.stateHash()).toBe(fresh.stateHash());
  });

  it("a reset starts a new cluster (new epoch), keeping the chosen speed", () => {
    const r = withCluster();
    r.op(I.id, { type: "sim.clock", playing: true, speed: 0.25 }, 11_000);
    r.op(
      C.id,
      { type: "sim.reset", config: ZSimConfig.parse({ ...QUORUM, design: { kind: "raft" } }) },
      12_000,
    );
    expect(r.state.sim).toMatchObject({
      epoch: 2,
      commands: [],
      clock: { vtBase: 0, wallBase: 12_000, playing: true, speed: 0.25 },
    });
  });

  it("loads a scenario preset: its seed, design and scripted commands; unknown ones are refused", () => {
    const r = new RoomBuilder().join(I).join(C);
    r.op(I.id, { type: "sim.preset", presetId: "cp-vs-ap-partition", variant: 1 }, 5_000);
    const sim = r.state.sim!;
    expect(sim.preset).toMatchObject({ id: "cp-vs-ap-partition", variant: 1 });
    expect(sim.config.design.kind).toBe("quorum");
    expect(sim.commands.some((c) => c.type === "partition")).toBe(true);
    expect(sim.commands.map((c) => c.at)).toEqual([...sim.commands.map((c) => c.at)].sort((a, b) => a - b));
    const bad = decide(r.state, C.id, { type: "sim.preset", presetId: "no-such-thing", variant: 0 }, 6_000);
    expect(bad.ok ? "ok" : bad.error.code).toBe("invalid_input");
    const badVariant = decide(
      r.state,
      C.id,
      { type: "sim.preset", presetId: "cp-vs-ap-partition", variant: 7 },
      6_000,
    );
    expect(badVariant.ok ? "ok" : badVariant.error.code).toBe("invalid_input");
  });

  it("applies a command sent while the clock is paused without the clock moving", () => {
    const r = withCluster();
    r.op(I.id, { type: "sim.clock", playing: false, speed: 0.1 }, 12_000);
    const runner = new RoomSimRunner();
    const vt = simTimeAt(r.state.sim!, 50_000);
    runner.advance(r.state.sim!, vt);
    r.op(I.id, cmd({ type: "crash", node: "n2" }), 13_000);
    const sim = runner.advance(r.state.sim!, simTimeAt(r.state.sim!, 60_000))!;
    expect(sim.state.now).toBe(vt);
    expect(sim.state.nodes.find((n) => n.id === "n2")?.status).toBe("crashed");
  });
});
