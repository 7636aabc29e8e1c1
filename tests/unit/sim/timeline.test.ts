import { describe, expect, it } from "vitest";
import { type Operation, toOperations } from "../../../lib/check/history";
import { MS, SECOND } from "../../../lib/sim/constants";
import { runOutcome } from "../../../lib/sim/outcomes";
import { createSimulation } from "../../../lib/sim/simulation";
import { timelineWindow } from "../../../lib/sim/timeline";
import { describeCluster } from "../../../lib/sim/view";
import { cluster, everyNodeClient } from "./fixtures";

let nextId = 0;
/** An operation by `process` from `start` to `end` (ms of virtual time; null: no end, e.g. timed out). */
function op(process: string, start: number, end: number | null): Operation {
  return {
    opId: ++nextId,
    process,
    session: process,
    node: "n1",
    f: "write",
    key: "k",
    value: nextId,
    status: end === null ? "info" : "ok",
    start: start * MS,
    end: end === null ? null : end * MS,
  };
}

describe("timelineWindow: what the cluster timeline draws at a moment", () => {
  // [case, operations, now (ms), kind, processes drawn or message]
  it.each([
    ["nothing has run", [], 5_000, "none", /^No client operations yet\.$/],
    [
      "only operations that begin later (a list taken before a seek back)",
      [op("a", 6_000, 6_010)],
      5_000,
      "none",
      /yet/,
    ],
    [
      "the workload stopped over two seconds ago",
      [op("a", 100, 110), op("b", 900, 905)],
      5_000,
      "idle",
      /^No client operations in the last 2\.00 s; the last one finished at 905 ms\.$/,
    ],
    ["one ended just inside the window", [op("a", 100, 110), op("b", 2_999, 3_000)], 5_000, "recent", ["b"]],
    [
      "a timed-out one stays drawn up to now",
      [op("b", 100, null), op("a", 200, 210)],
      5_000,
      "recent",
      ["b"],
    ],
    [
      "early in a run, every client's lane, sorted",
      [op("b", 1, 2), op("a", 3, null)],
      10,
      "recent",
      ["a", "b"],
    ],
  ] as const)("%s → %s", (_, ops, nowMs, kind, expected) => {
    const w = timelineWindow(ops, nowMs * MS);
    expect(w.kind).toBe(kind);
    if (w.kind === "recent") expect(w.lanes).toEqual(expected);
    else expect(w.message).toMatch(expected as RegExp);
  });

  it("spreads a short run over at least the minimum span, and a long one over the last two seconds", () => {
    const early = timelineWindow([op("a", 1, 2)], 10 * MS);
    expect(early).toMatchObject({ kind: "recent", from: 0, span: 50 * MS });
    const late = timelineWindow([op("a", 4_000, 4_500)], 5 * SECOND);
    expect(late).toMatchObject({ kind: "recent", from: 3 * SECOND, span: 2 * SECOND });
  });

  // The walk-through's case: the panel counted every operation of the run and the timeline said "yet".
  it("after the workload stops, says the timeline is idle while the run still counts its operations", () => {
    const sim = createSimulation({ seed: 3, config: cluster({ kind: "quorum", n: 3, w: 2, r: 2 }) });
    sim.applyCommand({ type: "startWorkload", at: 0, workload: everyNodeClient(undefined, 20 * MS) });
    sim.applyCommand({ type: "stopWorkload", at: 2 * SECOND });
    sim.runUntil(4.5 * SECOND);
    const view = describeCluster(sim.state);
    const outcome = runOutcome(sim.history(), [], view.groups, sim.state.now);
    expect(outcome.ok + outcome.failed + outcome.timedOut).toBeGreaterThan(50);
    const w = timelineWindow(toOperations(sim.history()), view.now);
    expect(w.kind).toBe("idle");
    if (w.kind !== "recent") expect(w.message).not.toMatch(/yet/);
  });
});
