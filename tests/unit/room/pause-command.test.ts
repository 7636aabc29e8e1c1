import { describe, expect, it } from "vitest";
import { describeFault } from "../../../lib/replay/markers";
import {
  MAX_PAUSE_NS,
  type RoomSim,
  simCommandProblem,
  simCommandRole,
  ZSimCommandRequest,
} from "../../../lib/room";
import { ZSimConfig } from "../../../lib/sim/schema";

// The GC-pause fault: the interviewer's to send, naming a node the cluster has, for at most 30 s.

const room = (commands: RoomSim["commands"] = []): RoomSim => ({
  epoch: 1,
  seed: 1,
  config: ZSimConfig.parse({
    nodes: ["n1", "n2", "n3"].map((id) => ({ id })),
    design: { kind: "lease", fencing: true },
  }),
  preset: null,
  commands,
  clock: { vtBase: 0, wallBase: 0, playing: true, speed: 1 },
});

const pause = (node: string, forNs: number) => ZSimCommandRequest.parse({ type: "pause", node, forNs });

describe("the pause command", () => {
  it("is a fault: the interviewer's to send", () => {
    expect(simCommandRole("pause")).toBe("interviewer");
  });

  it.each([
    ["a node of the cluster, one second", pause("n2", 1_000_000_000), null],
    ["exactly the longest pause", pause("n2", MAX_PAUSE_NS), null],
    ["a node the cluster does not have", pause("n9", 1_000_000_000), 'Unknown node "n9".'],
    ["longer than 30 s", pause("n2", MAX_PAUSE_NS + 1), "A pause lasts at most 30 seconds."],
  ])("%s", (_what, cmd, problem) => {
    expect(simCommandProblem(room(), cmd)).toBe(problem);
  });

  it("a node removed earlier in the log is unknown", () => {
    const removed = ZSimCommandRequest.parse({ type: "removeNode", node: "n3" });
    expect(simCommandProblem(room([removed]), pause("n3", 1_000_000))).toBe('Unknown node "n3".');
  });

  it("the server refuses a pause of no time, or of a fraction of a nanosecond", () => {
    expect(ZSimCommandRequest.safeParse({ type: "pause", node: "n1", forNs: 0 }).success).toBe(false);
    expect(ZSimCommandRequest.safeParse({ type: "pause", node: "n1", forNs: 1.5 }).success).toBe(false);
    expect(ZSimCommandRequest.safeParse({ type: "pause", node: "n1" }).success).toBe(false);
  });

  it("reads as a fault in the replay's markers", () => {
    expect(describeFault(pause("n2", 1_000_000_000), ["n1", "n2", "n3"])).toMatch(
      /^Pause n2 for 1(\.0+)? s$/,
    );
  });
});
