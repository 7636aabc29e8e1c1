import { detectAnomalies, detectDivergence } from "../../check/anomalies";
import { toOperations } from "../../check/history";
import { checkLinearizable } from "../../check/linearizability";
import { summarizeBySide } from "../../check/stats";
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
  const lin = checkLinearizable(ops, { maxStepsPerKey: 200_000 });
  const finalView = sim.observe();
  return {
    label: v.label,
    history,
    sides: summarizeBySide(ops, scenario.sides, scenario.window),
    linearizability: lin.verdict,
    linearizabilityExplanation: lin.explanation,
    anomalies: detectAnomalies(ops),
    divergence: detectDivergence(finalView),
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
