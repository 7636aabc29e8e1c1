import { describe, expect, it } from "vitest";
import { detectStaleReads } from "../../../lib/check/anomalies";
import { toOperations } from "../../../lib/check/history";
import {
  anomalyMarkers,
  clusterEpochs,
  type ReplayMarker,
  scanAnomalies,
  simTimeInEpoch,
  wallAtSimTime,
} from "../../../lib/replay";
import { simTimeAt, type TRoomOp } from "../../../lib/room";
import { simulate } from "../../../lib/sim";
import { runOutcome } from "../../../lib/sim/outcomes";
import { ZSimConfig } from "../../../lib/sim/schema";
import { C, I, RoomBuilder } from "../room/helpers";
import { logOf, session } from "./helpers";

const WORLD = [
  { id: "n1", region: "eu", dc: "eu-1" },
  { id: "n2", region: "us", dc: "us-1" },
  { id: "n3", region: "ap", dc: "ap-1" },
];
const cmd = (command: object): TRoomOp => ({ type: "sim.command", command }) as TRoomOp;

/** How many stale reads a marker stands for ("Stale read of …" or "7 stale reads of …"). */
const countOf = (m: ReplayMarker) => Number(/^(\d+) stale reads/.exec(m.label)?.[1] ?? 1);

/**
 * W + R ≤ N on three continents, partitioned for a while. Virtual time: 0.1× from the reset at 10 s, paused
 * from 40 s (at 3 s of virtual time) to 50 s, then 0.25×.
 */
function partitionedQuorum(design = { kind: "quorum", n: 3, w: 1, r: 1, readRepair: false }) {
  const r = new RoomBuilder().join(I).join(C);
  r.op(C.id, { type: "sim.reset", config: ZSimConfig.parse({ nodes: WORLD, design }) }, 10_000);
  r.op(
    C.id,
    cmd({
      type: "startWorkload",
      workload: {
        clients: WORLD.map((n) => ({ id: `c-${n.id}`, node: n.id })),
        keys: 3,
        meanIntervalNs: 3e6,
      },
    }),
    11_000,
  );
  r.op(I.id, cmd({ type: "partition", groups: [["n1"], ["n2", "n3"]] }), 20_000);
  r.op(I.id, { type: "sim.clock", playing: false, speed: 0.1 }, 40_000);
  r.op(C.id, { type: "sim.clock", playing: true, speed: 0.25 }, 50_000);
  r.op(I.id, cmd({ type: "heal" }), 60_000);
  r.op(C.id, cmd({ type: "stopWorkload" }), 70_000);
  r.op(C.id, { type: "chat.post", text: "done" }, 80_000);
  return logOf(r.events, { roomId: "r1" });
}

/** The same clock, written out by hand: the first wall ms at which virtual time reached `vt`. */
function expectedWall(vt: number): number {
  const pausedAt = 3e9;
  if (vt <= pausedAt) return 10_000 + Math.ceil(vt / 1e5);
  return 50_000 + Math.ceil((vt - pausedAt) / 2.5e5);
}

describe("anomaly markers for a quorum with W + R ≤ N under a partition", () => {
  const log = partitionedQuorum();
  const scan = scanAnomalies(log);
  const room = log.finalState.sim!;
  const endVt = simTimeAt(room, 80_000);
  // The same cluster, run here without the replay: same seed, config and commands.
  const sim = simulate({ seed: room.seed, config: room.config, commands: room.commands }, endVt);
  const ops = toOperations(sim.history());
  const stale = detectStaleReads(ops);

  it("finds the stale reads the live panel would count", () => {
    expect(scan.complete).toBe(true);
    expect(stale.length).toBeGreaterThan(0);
    expect(scan.staleReads).toHaveLength(stale.length);
    expect(scan.staleReads).toHaveLength(
      runOutcome(sim.history(), room.commands, [["n1", "n2", "n3"]], endVt).staleReads,
    );
    expect(scan.operations).toBe(ops.length);
  });

  it("places each at the wall time its read completed, through the pause and the speed change", () => {
    const byId = new Map(ops.map((o) => [o.opId, o]));
    const expected = stale.map((a) => expectedWall(byId.get(a.opIds[0]!)!.end!)).sort((a, b) => a - b);
    expect(scan.staleReads.map((s) => s.atMs)).toEqual(expected);
    expect(expected.some((w) => w > 50_000)).toBe(true);
  });

  it("agrees with the live clock: the cluster reached the read's completion at that wall ms, not before", () => {
    for (const s of scan.staleReads) {
      expect(simTimeAt(log.stateAtTime(s.atMs).sim!, s.atMs)).toBeGreaterThanOrEqual(s.read.end!);
      expect(simTimeAt(log.stateAtTime(s.atMs - 1).sim!, s.atMs - 1)).toBeLessThan(s.read.end!);
    }
  });

  it("groups reads within a second into one marker, counting them", () => {
    const markers = anomalyMarkers(log);
    expect(markers).toEqual(scan.markers);
    expect(markers.every((m) => m.kind === "anomaly")).toBe(true);
    expect(markers.reduce((n, m) => n + countOf(m), 0)).toBe(stale.length);
    for (let i = 1; i < markers.length; i++)
      expect(markers[i]!.atMs - markers[i - 1]!.atMs).toBeGreaterThan(1_000);
    expect(markers[0]!.atMs).toBe(scan.staleReads[0]!.atMs);
    expect(markers.some((m) => /^Stale read of k\d on n\d$|^\d+ stale reads of k\d/.test(m.label))).toBe(
      true,
    );
  });
});

describe("anomaly scan", () => {
  it("finds nothing when quorums overlap (W + R > N, no partition)", () => {
    const r = new RoomBuilder().join(I).join(C);
    r.op(C.id, { type: "sim.preset", presetId: "quorum-overlap", variant: 0 }, 10_000);
    r.op(C.id, { type: "chat.post", text: "done" }, 50_000);
    const scan = scanAnomalies(logOf(r.events, { roomId: "r1" }));
    expect(scan.complete).toBe(true);
    expect(scan.operations).toBeGreaterThan(20);
    expect(scan.markers).toEqual([]);
  });

  it("finds stale reads in the preset where W = R = 1", () => {
    const r = new RoomBuilder().join(I).join(C);
    r.op(C.id, { type: "sim.preset", presetId: "quorum-overlap", variant: 1 }, 10_000);
    r.op(C.id, { type: "chat.post", text: "done" }, 50_000);
    const markers = anomalyMarkers(logOf(r.events, { roomId: "r1" }));
    expect(markers.length).toBeGreaterThan(0);
    // The workload ran for 3 s of virtual time: 30 s of wall time at 0.1×.
    for (const m of markers) {
      expect(m.atMs).toBeGreaterThan(10_000);
      expect(m.atMs).toBeLessThanOrEqual(40_000);
    }
  });

  it.each([
    ["simulator events", { maxSimEvents: 5_000, maxOperations: 1e9, stepNs: 1e8 }],
    ["operations", { maxSimEvents: 1e12, maxOperations: 300, stepNs: 1e8 }],
  ])("stops at its limit on %s and says how far it got", (_, limits) => {
    const log = partitionedQuorum();
    const full = scanAnomalies(log);
    const cut = scanAnomalies(log, limits);
    expect(cut.complete).toBe(false);
    expect(cut.scannedUntilMs).toBeLessThan(full.scannedUntilMs!);
    expect(cut.staleReads.length).toBeLessThan(full.staleReads.length);
    for (const s of cut.staleReads) expect(s.atMs).toBeLessThanOrEqual(cut.scannedUntilMs!);
    // What it did see, it saw exactly as the full scan did.
    expect(cut.staleReads.map((s) => s.atMs)).toEqual(
      full.staleReads.slice(0, cut.staleReads.length).map((s) => s.atMs),
    );
  });

  it("stops checking when its time is up, given a clock, and says which keys it did not finish", () => {
    const log = partitionedQuorum();
    let t = 0;
    const cut = scanAnomalies(log, undefined, () => (t += 30)); // every reading of the clock costs 30 ms
    expect(cut.complete).toBe(false);
    expect(cut.checkCoverage).toMatch(/stopped before finishing k\d/);
    expect(cut.staleReads.length).toBeLessThan(scanAnomalies(log).staleReads.length);
  });

  it("finds nothing, completely, in a session without a cluster", () => {
    const r = new RoomBuilder().join(I).join(C);
    r.op(C.id, { type: "chat.post", text: "hi" }, 5_000);
    expect(scanAnomalies(logOf(r.events, { roomId: "r1" }))).toMatchObject({
      markers: [],
      complete: true,
      scannedUntilMs: null,
    });
  });
});

describe("a generated session's cluster", () => {
  const events = session();
  const log = logOf(events);
  const epochs = clusterEpochs(log);

  it("has two epochs: the first ends at the second's reset, the second at the interview's end", () => {
    const resets = events.filter((e) => e.kind === "sim.reset");
    expect(epochs.map((e) => [e.epoch, e.fromMs, e.toMs])).toEqual([
      [1, resets[0]!.at, resets[1]!.at],
      [2, resets[1]!.at, log.finalState.clock.endedAt],
    ]);
    expect(epochs[0]!.clocks).toHaveLength(3); // the reset, a pause, a faster play
    expect(epochs[0]!.sim.commands.length).toBe(events.filter((e) => e.kind === "sim.command").length);
  });

  it("maps wall time to virtual time and back", () => {
    for (const epoch of epochs) {
      let prev = -1;
      for (let w = epoch.fromMs; w <= epoch.toMs; w += 997) {
        const vt = simTimeInEpoch(epoch, w);
        expect(vt).toBeGreaterThanOrEqual(prev);
        prev = vt;
        const back = wallAtSimTime(epoch, vt)!;
        expect(back).toBeLessThanOrEqual(w);
        expect(simTimeInEpoch(epoch, back)).toBe(vt);
      }
      expect(wallAtSimTime(epoch, simTimeInEpoch(epoch, epoch.toMs) + 1)).toBeNull();
    }
  });

  it("shows stale reads in both epochs, each inside its epoch", () => {
    const scan = scanAnomalies(log);
    expect(scan.complete).toBe(true);
    for (const epoch of epochs) {
      const mine = scan.staleReads.filter((s) => s.epoch === epoch.epoch);
      expect(mine.length, `epoch ${epoch.epoch}`).toBeGreaterThan(0);
      for (const s of mine) expect(s.atMs >= epoch.fromMs && s.atMs <= epoch.toMs).toBe(true);
    }
  });
});
