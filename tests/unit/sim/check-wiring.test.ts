import { describe, expect, test } from "vitest";
import { MS, SECOND } from "../../../lib/sim/constants";
import { runOutcome } from "../../../lib/sim/outcomes";
import { runVariant } from "../../../lib/sim/scenarios/run";
import type { ScenarioVariant, SimulationScenario } from "../../../lib/sim/scenarios/types";
import type { TSimCommandInput } from "../../../lib/sim/schema";
import { simulate } from "../../../lib/sim/simulation";
import { cluster, everyNodeClient, FIVE_NODES } from "./fixtures";

// The checkers as the scenario runner and the live panel apply them to whole simulated runs (issue #22).

const TRIO = FIVE_NODES.slice(0, 3);
const scenario = (variant: ScenarioVariant): SimulationScenario => ({
  kind: "simulation",
  id: "t",
  title: "t",
  question: "?",
  variants: [variant],
  sides: { all: TRIO.map((n) => n.id) },
  window: {},
});
const kinds = (v: ReturnType<typeof runVariant>) => [...new Set(v.anomalies.map((a) => a.kind))].sort();

describe("a PN-counter run is checked as a counter", () => {
  // Both sides of a partition take increments; each side reads its own count; then heal and read again.
  const commands: TSimCommandInput[] = [{ type: "partition", at: 0, groups: [["n1"], ["n2", "n3"]] }];
  for (let i = 0; i < 5; i++) {
    commands.push({ type: "clientWrite", at: (i + 1) * 10 * MS, node: "n1", key: "c", value: 1 });
    commands.push({ type: "clientWrite", at: (i + 1) * 10 * MS, node: "n2", key: "c", value: 1 });
  }
  commands.push(
    { type: "clientRead", at: 500 * MS, node: "n1", key: "c" },
    { type: "heal", at: 1 * SECOND },
    { type: "clientRead", at: 2 * SECOND, node: "n3", key: "c" },
  );
  const variant: ScenarioVariant = {
    label: "pn",
    seed: 1,
    config: cluster({ kind: "multi-leader", conflict: "pn-counter" }, TRIO),
    commands,
    untilNs: 3 * SECOND,
  };
  const out = runVariant(scenario(variant), variant);

  test("the register checks say they do not apply, instead of calling every 1 a lost write", () => {
    expect(out.linearizability).toBe("not-applicable");
    expect(out.linearizabilityExplanation).toMatch(/register checks/);
    expect(kinds(out)).toEqual(["counter-read-range"]);
  });

  test("the read cut off from half the increments is flagged; the settled count is right", () => {
    const [flagged] = out.anomalies;
    expect(flagged?.explanation).toMatch(/returned 5, but increments adding up to 10 had been acknowledged/);
    expect(out.history.at(-1)?.value).toBe(10);
    expect(out.anomalies.some((a) => a.kind === "counter-final-value")).toBe(false);
  });

  test("the live panel counts counter reads, not register stale reads", () => {
    const sim = simulate({ seed: 1, config: variant.config, commands }, 3 * SECOND);
    const outcome = runOutcome(sim.history(), [], [TRIO.map((n) => n.id)], sim.state.now, {
      model: "counter",
    });
    expect(outcome.model).toBe("counter");
    expect(outcome.staleReads).toBe(1);
    expect(outcome.staleExamples[0]?.kind).toBe("counter-read-range");
  });

  test("a PN-counter under a random workload: no register nonsense, and the count settles", () => {
    const random: ScenarioVariant = {
      ...variant,
      commands: [
        { type: "startWorkload", at: 0, workload: everyNodeClient(TRIO, 5 * MS, 2) },
        { type: "stopWorkload", at: 1 * SECOND },
      ],
      untilNs: 2 * SECOND,
    };
    const run = runVariant(scenario(random), random);
    expect(run.linearizability).toBe("not-applicable");
    expect(run.anomalies.filter((a) => !a.kind.startsWith("counter-"))).toEqual([]);
    expect(run.anomalies.filter((a) => a.kind === "counter-final-value")).toEqual([]);
  });
});

test("a stale last read is not a lost write while the running replicas still hold the write", () => {
  // n1 is cut off and never hears of the writes on the other side; its read after them returns nothing.
  const variant: ScenarioVariant = {
    label: "lww",
    seed: 1,
    config: cluster({ kind: "multi-leader", conflict: "lww" }, TRIO),
    commands: [
      { type: "partition", at: 0, groups: [["n1"], ["n2", "n3"]] },
      { type: "clientWrite", at: 10 * MS, node: "n2", key: "x", value: 1 },
      { type: "clientWrite", at: 20 * MS, node: "n2", key: "x", value: 2 },
      { type: "clientRead", at: 100 * MS, node: "n1", key: "x" },
    ],
    untilNs: 150 * MS,
  };
  const out = runVariant(scenario(variant), variant);
  expect(out.finalView.n2).toEqual({ x: [2] });
  expect(kinds(out)).toEqual(["stale-read"]);
});

test("the live panel's check is bounded in time and says which keys it skipped", () => {
  const commands: TSimCommandInput[] = [
    { type: "partition", at: 0, groups: [["n1"], ["n2", "n3"]] },
    { type: "startWorkload", at: 0, workload: everyNodeClient(TRIO, 2 * MS, 4) },
    { type: "stopWorkload", at: 1 * SECOND },
  ];
  const config = cluster({ kind: "quorum", n: 3, w: 1, r: 1, readRepair: false }, TRIO);
  const sim = simulate({ seed: 1, config, commands }, 2 * SECOND);
  const groups = [TRIO.map((n) => n.id)];
  const full = runOutcome(sim.history(), [], groups, sim.state.now);
  let t = 0;
  const timed = runOutcome(sim.history(), [], groups, sim.state.now, { now: () => (t += 5), budgetMs: 12 });
  expect(full.checkCoverage).toBeNull();
  expect(full.staleReads).toBeGreaterThan(0);
  expect(timed.checkCoverage).toMatch(/^Checked k0, k1; stopped before finishing k2, k3/);
  expect(timed.staleReads).toBeLessThan(full.staleReads);
});
