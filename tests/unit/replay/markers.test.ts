import { describe, expect, it } from "vitest";
import {
  describeFault,
  excerpt,
  MARKER_EXCERPT_CHARS,
  type ReplayMarker,
  replayMarkers,
  wallAtClock,
} from "../../../lib/replay";
import { PHASES } from "../../../lib/room";
import { DIMENSIONS } from "../../../lib/rubric";
import type { TSimCommand } from "../../../lib/sim/schema";
import { C, I, RoomBuilder } from "../room/helpers";
import { candidateView, logOf, session } from "./helpers";

const ofKind = (ms: readonly ReplayMarker[], kind: ReplayMarker["kind"]) => ms.filter((m) => m.kind === kind);

describe("replayMarkers on a generated session (the interviewer's log)", () => {
  const events = session();
  const log = logOf(events);
  const markers = replayMarkers(log);
  const card = log.finalState.scorecard.submitted!;

  it("are sorted by time", () => {
    for (let i = 1; i < markers.length; i++)
      expect(markers[i]!.atMs).toBeGreaterThanOrEqual(markers[i - 1]!.atMs);
  });

  it("mark the clock start and every phase change with the phase's name", () => {
    const phases = ofKind(markers, "phase");
    expect(phases.map((m) => m.label)).toEqual(PHASES.map((p) => p.title));
    expect(phases[0]!.atMs).toBe(events.find((e) => e.kind === "clock.started")!.at);
  });

  it("mark each fault the interviewer injected, in plain words, at its event", () => {
    const faults = ofKind(markers, "fault");
    expect(faults.map((m) => m.label)).toEqual([
      "Partition {n1,n2} | {n3,n4,n5}",
      "Heal the network",
      "Crash n3",
      "Restart n3",
      "Network: 5% loss",
      "Clock n1 +200 ms",
    ]);
    for (const f of faults) {
      const e = events.find((x) => x.seq === f.seq)!;
      expect(e.kind).toBe("sim.command");
      expect(e.at).toBe(f.atMs);
    }
    // The candidate's workload commands are not faults.
    const workload = events.filter(
      (e) => e.kind === "sim.command" && e.payload.command.type.endsWith("Workload"),
    );
    expect(workload).toHaveLength(2);
    for (const w of workload) expect(markers.some((m) => m.seq === w.seq)).toBe(false);
  });

  it("mark each cluster reset with its preset or design", () => {
    expect(ofKind(markers, "cluster").map((m) => m.label)).toEqual([
      "Cluster: quorum N=3 W=1 R=1",
      "Cluster: N=3 W=1 R=1",
    ]);
  });

  it("mark every chat message and note with an excerpt", () => {
    const chats = events.filter((e) => e.kind === "chat.posted");
    const chatMarkers = ofKind(markers, "chat");
    expect(chatMarkers).toHaveLength(chats.length);
    expect(ofKind(markers, "note")).toHaveLength(events.filter((e) => e.kind === "note.added").length);
    for (const m of chatMarkers) expect(m.label.length).toBeLessThanOrEqual(MARKER_EXCERPT_CHARS);
    expect(chatMarkers.some((m) => m.label.endsWith("…"))).toBe(true);
  });

  it("place every evidence note of the submitted scorecard where the clock read its time", () => {
    const evidence = ofKind(markers, "evidence");
    const notes = DIMENSIONS.flatMap((d) => (card.dimensions[d.id]?.evidence ?? []).map((n) => ({ d, n })));
    expect(notes.length).toBeGreaterThan(5);
    expect(evidence).toHaveLength(notes.length);
    for (const { d, n } of notes) {
      const m = evidence.find(
        (x) => x.atMs === wallAtClock(events, n.clockMs) && x.label.startsWith(d.label),
      );
      expect(m, `${d.label} at ${n.clockMs}`).toBeDefined();
      expect(m!.label).toBe(`${d.label}: ${excerpt(n.text)}`);
    }
  });

  it("mark the end", () => {
    const end = ofKind(markers, "end");
    expect(end).toHaveLength(1);
    expect(end[0]!.label).toMatch(/^Interview ended at \d\d:\d\d$/);
    expect(end[0]!.atMs).toBe(log.finalState.clock.endedAt);
  });

  it("show the candidate no notes, but the submitted scorecard's evidence", () => {
    const theirs = replayMarkers(logOf(candidateView(events)));
    expect(ofKind(theirs, "note")).toEqual([]);
    expect(ofKind(theirs, "evidence")).toEqual(ofKind(markers, "evidence"));
    expect(theirs).toHaveLength(markers.length - ofKind(markers, "note").length);
  });
});

describe("faults scripted by a preset", () => {
  // cp-vs-ap-partition, variant 1: partition at 1 s, heal at 3 s of virtual time; default speed 0.1×.
  const build = (pauseThenFaster: boolean) => {
    const r = new RoomBuilder().join(I).join(C);
    r.op(C.id, { type: "sim.preset", presetId: "cp-vs-ap-partition", variant: 1 }, 10_000);
    if (pauseThenFaster) {
      r.op(I.id, { type: "sim.clock", playing: false, speed: 0.1 }, 30_000); // at 2 s
      r.op(I.id, { type: "sim.clock", playing: true, speed: 0.25 }, 50_000);
    }
    r.op(C.id, { type: "chat.post", text: "what happened?" }, 70_000);
    return replayMarkers(logOf(r.events, { roomId: "r1" }));
  };

  it.each([
    [false, 20_000, 40_000],
    // Paused at 2 s of virtual time from 30 s to 50 s, then 4× faster: 1 s more takes 4 s.
    [true, 20_000, 54_000],
  ])(
    "appear when they took effect on the shared clock (pause and speed-up: %s)",
    (pause, partition, heal) => {
      const faults = ofKind(build(pause), "fault");
      expect(faults).toEqual([
        { atMs: partition, kind: "fault", label: "Partition {n1,n2,n3} | {n4,n5}" },
        { atMs: heal, kind: "fault", label: "Heal the network" },
      ]);
      expect(ofKind(build(pause), "cluster")[0]!.label).toBe("Cluster: AP: sloppy quorum N=3 W=2 R=2");
    },
  );

  it("do not appear when the cluster never got that far", () => {
    const r = new RoomBuilder().join(I).join(C);
    r.op(C.id, { type: "sim.preset", presetId: "cp-vs-ap-partition", variant: 1 }, 10_000);
    r.op(C.id, { type: "chat.post", text: "early" }, 25_000); // 1.5 s of virtual time
    expect(ofKind(replayMarkers(logOf(r.events, { roomId: "r1" })), "fault").map((m) => m.label)).toEqual([
      "Partition {n1,n2,n3} | {n4,n5}",
    ]);
  });
});

describe("describeFault", () => {
  const nodes = ["n1", "n2", "n3", "n4"];
  it.each<[object, string]>([
    [{ type: "crash", node: "n2" }, "Crash n2"],
    [{ type: "restart", node: "n2" }, "Restart n2"],
    [{ type: "partition", groups: [["n1", "n2"]] }, "Partition {n1,n2} | {n3,n4}"],
    [{ type: "partition", groups: [["n1"], ["n2", "n3", "n4"]] }, "Partition {n1} | {n2,n3,n4}"],
    [{ type: "partitionOneWay", from: ["n1"], to: ["n2", "n3"] }, "One-way cut {n1} → {n2,n3}"],
    [{ type: "heal" }, "Heal the network"],
    [{ type: "setNetwork", network: { loss: 0.1, extraNs: 50_000_000 } }, "Network: 10% loss, +50 ms delay"],
    [
      { type: "setNetwork", network: { duplicate: 0.025, spikeProbability: 0.01, spikeNs: 2_000_000_000 } },
      "Network: 2.5% duplicated, 1% spikes of 2.00 s",
    ],
    [{ type: "setNetwork", network: {} }, "Network: unchanged"],
    [{ type: "setClock", node: "n1", offsetNs: 500_000_000, driftPpm: 0 }, "Clock n1 +500 ms"],
    [
      { type: "setClock", node: "n3", offsetNs: -2_500_000, driftPpm: 200 },
      "Clock n3 −2.5 ms, drift 200 ppm",
    ],
  ])("%j → %s", (cmd, label) => expect(describeFault({ at: 0, ...cmd } as TSimCommand, nodes)).toBe(label));
});

describe("excerpt", () => {
  it.each([
    ["short", "short"],
    ["line\nbreaks  and   runs", "line breaks and runs"],
    ["x".repeat(60), "x".repeat(60)],
    ["x".repeat(61), `${"x".repeat(59)}…`],
  ])("%j → %j", (text, out) => expect(excerpt(text)).toBe(out));
});
