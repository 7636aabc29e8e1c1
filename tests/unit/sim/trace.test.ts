import { describe, expect, test } from "vitest";
import { MS, SECOND } from "../../../lib/sim/constants";
import type { SimObserver } from "../../../lib/sim/observer";
import type { TDesignInput, TSimCommandInput } from "../../../lib/sim/schema";
import { createSimulation, type Simulation } from "../../../lib/sim/simulation";
import {
  createLiveTracer,
  describeCut,
  highlightFor,
  type SpaceTimeTrace,
  traceWindow,
} from "../../../lib/sim/trace";
import { cluster, everyNodeClient } from "./fixtures";

const RAFT: TDesignInput = { kind: "raft" };
const QUORUM: TDesignInput = { kind: "quorum", n: 3, w: 1, r: 1 };

/** A busy run with a partition, a crash, a restart and a lossy spell, so every kind of drop happens. */
function run(design: TDesignInput, until: number, snapshotEveryEvents?: number): Simulation {
  const sim = createSimulation({ seed: 11, config: cluster(design), snapshotEveryEvents });
  const cmds: TSimCommandInput[] = [
    { type: "startWorkload", at: 0, workload: everyNodeClient(undefined, 2 * MS) },
    {
      type: "partition",
      at: 1_200 * MS,
      groups: [
        ["n1", "n2"],
        ["n3", "n4", "n5"],
      ],
    },
    { type: "heal", at: 1_700 * MS },
    { type: "crash", at: 1_400 * MS, node: "n5" },
    { type: "restart", at: 1_600 * MS, node: "n5" },
    { type: "setNetwork", at: 1_800 * MS, network: { loss: 0.2 } },
    { type: "setNetwork", at: 1_900 * MS, network: { loss: 0 } },
  ];
  for (const c of cmds) sim.applyCommand(c);
  sim.runUntil(until);
  return sim;
}

function statsAt(design: TDesignInput, t: number) {
  const sim = run(design, t);
  return { ...sim.state.stats };
}

describe("space-time trace", () => {
  test.each([
    ["raft", RAFT],
    ["quorum", QUORUM],
  ])(
    "%s: the trace matches the engine's counts over the window, and every delivery follows its send",
    (_, design) => {
      const from = 1_100 * MS;
      const to = 2 * SECOND;
      // Small snapshot interval so the re-run starts from a snapshot well inside the run, not from time 0.
      const sim = run(design, 2_500 * MS, 20_000);
      const trace = traceWindow(sim, from, to, 1_000_000);
      const a = statsAt(design, from);
      const b = statsAt(design, to);
      expect(trace.truncated).toBe(false);
      expect(trace.counts.sent).toBe(b.messagesSent - a.messagesSent);
      expect(trace.counts.delivered).toBe(b.messagesDelivered - a.messagesDelivered);
      expect(trace.counts.dropped).toBe(b.messagesDropped - a.messagesDropped);
      expect(trace.counts.sent).toBeGreaterThan(100);

      const inWindow = (t: number) => t > from && t <= to;
      const delivered = trace.messages.filter((m) => m.fate === "delivered");
      expect(delivered.filter((m) => inWindow(m.at)).length).toBe(trace.counts.delivered);
      for (const m of delivered) {
        expect(m.sentAt === null || m.sentAt <= m.at).toBe(true);
        expect(m.at).toBeGreaterThan(from);
      }
      // Drops at delivery (partition, down) happen at `at`; losses at their send time.
      const drops =
        trace.messages.filter((m) => (m.fate === "partition" || m.fate === "down") && inWindow(m.at)).length +
        trace.messages.filter((m) => m.fate === "loss" && m.sentAt !== null && inWindow(m.sentAt)).length;
      expect(drops).toBe(trace.counts.dropped);
      expect(trace.messages.filter((m) => !m.dup && m.sentAt !== null && inWindow(m.sentAt)).length).toBe(
        trace.counts.sent,
      );
      expect(trace.messages.some((m) => m.fate === "loss")).toBe(true);
      expect(trace.messages.some((m) => m.fate === "down")).toBe(true);
    },
  );

  test("a partition shows as drops on the cut links only, inside its interval", () => {
    const sim = run(RAFT, 2 * SECOND);
    const trace = traceWindow(sim, 1_000 * MS, 2 * SECOND);
    expect(trace.partitions).toEqual([
      {
        from: 1_200 * MS,
        to: 1_700 * MS,
        cut: expect.any(Array),
        label: "{n1, n2} | {n3, n4, n5}",
      },
    ]);
    const side = (n: string) => (n === "n1" || n === "n2" ? "A" : "B");
    const cutDrops = trace.messages.filter((m) => m.fate === "partition");
    expect(cutDrops.length).toBeGreaterThan(0);
    for (const m of cutDrops) {
      expect(side(m.from)).not.toBe(side(m.to));
      expect(m.at).toBeGreaterThanOrEqual(1_200 * MS);
      expect(m.at).toBeLessThan(1_700 * MS);
    }
    // Nothing crossed the cut while it stood.
    expect(
      trace.messages.some(
        (m) =>
          m.fate === "delivered" && side(m.from) !== side(m.to) && m.at > 1_200 * MS && m.at < 1_700 * MS,
      ),
    ).toBe(false);
    expect(trace.outages).toEqual([{ node: "n5", kind: "crashed", from: 1_400 * MS, to: 1_650 * MS }]);
    expect(trace.nodes).toEqual(["n1", "n2", "n3", "n4", "n5"]);
    expect(trace.clients).toEqual(["c-n1", "c-n2", "c-n3", "c-n4", "c-n5"]);
    expect(trace.ops.length).toBeGreaterThan(0);
    for (const o of trace.ops) expect(o.end === null || o.end > 1_000 * MS).toBe(true);
  });

  test("deterministic: the same window traced twice, live, after a seek back, and on a fresh run is identical", () => {
    const from = 1_300 * MS;
    const to = 1_800 * MS;
    const sim = run(QUORUM, 2_500 * MS, 20_000);
    const hash = sim.stateHash();
    const first = traceWindow(sim, from, to);
    // Tracing leaves the simulation alone.
    expect(sim.stateHash()).toBe(hash);
    expect(sim.now).toBe(2_500 * MS);
    expect(traceWindow(sim, from, to)).toEqual(first);
    // After seeking back (snapshots restored, some re-taken) and forward again.
    sim.seekTo(1_500 * MS);
    expect(traceWindow(sim, 1_000 * MS, 1_500 * MS)).toEqual(
      traceWindow(run(QUORUM, 2_500 * MS, 20_000), 1_000 * MS, 1_500 * MS),
    );
    sim.seekTo(2_500 * MS);
    expect(sim.stateHash()).toBe(hash);
    expect(traceWindow(sim, from, to)).toEqual(first);
    // Another run with other snapshot points: the re-run starts elsewhere, the window's trace is the same except
    // for message ids and messages that were in flight where the re-run began.
    const strip = (t: SpaceTimeTrace) => ({
      ...t,
      messages: t.messages.filter((m) => m.sentAt !== null).map(({ id: _, ...m }) => m),
    });
    expect(strip(traceWindow(run(QUORUM, 2_500 * MS), from, to))).toEqual(strip(first));
  });

  test("the window is capped at now, and the limit cuts the trace with a flag", () => {
    const sim = run(RAFT, 1_500 * MS);
    const capped = traceWindow(sim, 1_000 * MS, 9 * SECOND);
    expect(capped.toNs).toBe(1_500 * MS);
    const cut = traceWindow(sim, 1_000 * MS, 1_500 * MS, 50);
    expect(cut.truncated).toBe(true);
    expect(cut.messages.length).toBe(50);
    expect(cut.shownToNs).toBeLessThan(1_500 * MS);
    expect(cut.messages).toEqual(capped.messages.slice(0, 50));
  });

  test("an observer changes nothing: same state hash as a run without one", () => {
    const plain = run(QUORUM, 2 * SECOND);
    const watched = createSimulation({ seed: 11, config: cluster(QUORUM) });
    let calls = 0;
    const count = () => {
      calls++;
    };
    const observer: SimObserver = {
      sent: count,
      lost: count,
      delivered: count,
      dropped: count,
      timer: count,
      command: count,
    };
    watched.observer = observer;
    for (const c of plain.commands) watched.applyCommand(c);
    watched.runUntil(2 * SECOND);
    expect(calls).toBeGreaterThan(1000);
    expect(watched.stateHash()).toBe(plain.stateHash());
  });

  test("an anomaly's highlight: its operations and the messages touching their nodes while they were open", () => {
    const sim = run(QUORUM, 2 * SECOND);
    const trace = traceWindow(sim, 1_500 * MS, 2 * SECOND);
    const op = trace.ops.find(
      (o) => o.status === "ok" && o.f === "write" && o.start > trace.fromNs,
    ) as SpaceTimeTrace["ops"][number];
    const h = highlightFor(trace, new Set([op.opId, 999_999]));
    expect([...h.ops]).toEqual([op.opId]);
    expect(h.from).toBe(op.start);
    expect(h.messages.size).toBeGreaterThan(0);
    for (const id of h.messages) {
      const m = trace.messages.find((x) => x.id === id) as SpaceTimeTrace["messages"][number];
      expect(m.from === op.node || m.to === op.node).toBe(true);
      // Requests name their key (replies do not): no request about another key is highlighted.
      expect(m.key === null || m.key === op.key).toBe(true);
      expect(m.at).toBeGreaterThanOrEqual(op.start);
      expect(m.sentAt ?? 0).toBeLessThanOrEqual(op.end as number);
    }
    expect([...h.messages].some((id) => trace.messages.find((x) => x.id === id)?.key === op.key)).toBe(true);
    expect(highlightFor(trace, new Set([999_999])).messages.size).toBe(0);
  });

  test("the live tracer, following a run as it goes (commands arriving on the way), shows what a one-off trace shows", () => {
    const reference = run(RAFT, 2_500 * MS);
    const sim = createSimulation({ seed: 11, config: cluster(RAFT) });
    const tracer = createLiveTracer(2 * SECOND);
    let last: SpaceTimeTrace | null = null;
    for (let t = 0; t <= 2_500 * MS; t += 100 * MS) {
      // Each command arrives 100 ms before it takes effect, as a room's do.
      for (const c of reference.commands) if (c.at >= t && c.at < t + 100 * MS) sim.applyCommand(c);
      sim.runUntil(t);
      last = tracer.update(sim, 1 * SECOND, 1_000_000);
    }
    expect(sim.stateHash()).toBe(reference.stateHash());
    const key = (m: SpaceTimeTrace["messages"][number]) =>
      `${m.sentAt}|${m.at}|${m.from}|${m.to}|${m.tag}|${m.fate}`;
    const oneOff = traceWindow(reference, 1_500 * MS, 2_500 * MS);
    expect(last).not.toBeNull();
    const got = (last as SpaceTimeTrace).messages
      .filter((m) => m.sentAt !== null)
      .map(key)
      .sort();
    expect(got).toEqual(
      oneOff.messages
        .filter((m) => m.sentAt !== null)
        .map(key)
        .sort(),
    );
    expect((last as SpaceTimeTrace).ops).toEqual(oneOff.ops);
    expect((last as SpaceTimeTrace).partitions).toEqual(oneOff.partitions);
    expect((last as SpaceTimeTrace).outages).toEqual(oneOff.outages);
    expect(got.length).toBeGreaterThan(100);
  });

  test("cuts are named by their groups, or by their one-way links", () => {
    const nodes = ["n1", "n2", "n3"];
    expect(
      describeCut(nodes, [
        ["n1", "n3"],
        ["n3", "n1"],
        ["n2", "n3"],
        ["n3", "n2"],
      ]),
    ).toBe("{n1, n2} | {n3}");
    expect(
      describeCut(nodes, [
        ["n1", "n2"],
        ["n1", "n3"],
      ]),
    ).toBe("n1 ↛ n2, n3");
  });
});
