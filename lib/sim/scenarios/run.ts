import { detectDivergence } from "../../check/anomalies";
import { checkHistory } from "../../check/check-history";
import { toOperations } from "../../check/history";
import { checkConsistencyModels } from "../../check/models";
import { summarizeBySide } from "../../check/stats";
import { dataModelOf, liveView } from "../outcomes";
import { rebalanceOnJoin } from "../placement";
import { withCurrentEngine } from "../schema";
import { simulate } from "../simulation";
import type {
  ScenarioOutcome,
  ScenarioPreset,
  ScenarioVariant,
  SimulationScenario,
  VariantOutcome,
} from "./types";

export function runVariant(scenario: SimulationScenario, v: ScenarioVariant): VariantOutcome {
  // A preset shows today's behaviour (the room stamps the same engine when one is loaded).
  const config = withCurrentEngine(v.config);
  const sim = simulate({ seed: v.seed, config, commands: v.commands }, v.untilNs);
  const history = sim.history();
  const ops = toOperations(history);
  const finalView = sim.observe();
  // Lost writes and a counter's final value are judged by what the running replicas hold at the end.
  const check = checkHistory(ops, {
    model: dataModelOf(sim.state.design),
    finalView: liveView(finalView, sim.state.nodes),
    maxStepsPerKey: 200_000,
  });
  const lin = check.linearizability;
  return {
    label: v.label,
    history,
    sides: summarizeBySide(ops, scenario.sides, scenario.window),
    linearizability: lin?.verdict ?? "unknown",
    linearizabilityExplanation: lin?.explanation ?? null,
    anomalies: check.anomalies,
    divergence: detectDivergence(finalView),
    // Eventual is judged on what the running replicas hold once the preset's workload has stopped.
    models: checkConsistencyModels(ops, {
      ...(lin ? { linearizability: lin } : {}),
      finalView: liveView(finalView, sim.state.nodes),
      maxStepsPerKey: 200_000,
    }),
    finalView,
    stateHash: sim.stateHash(),
  };
}

export function runScenario(preset: ScenarioPreset): ScenarioOutcome {
  if (preset.kind === "placement") {
    const keys = Array.from({ length: preset.keys }, (_, i) => `key-${i}`);
    const { ring, modN } = rebalanceOnJoin(keys, preset.nodes, preset.vnodes);
    return { kind: "placement", id: preset.id, ring, modN };
  }
  return { kind: "simulation", id: preset.id, variants: preset.variants.map((v) => runVariant(preset, v)) };
}
