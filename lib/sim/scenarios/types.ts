import type { Anomaly } from "../../check/anomalies";
import type { HistoryEvent } from "../../check/history";
import type { Verdict } from "../../check/linearizability";
import type { ConsistencyModels } from "../../check/models";
import type { SideSummary, Window } from "../../check/stats";
import type { MoveReport } from "../placement";
import type { TSimCommandInput, TSimConfigInput } from "../schema";

/** One run of a preset: the same faults and workload, one choice of design. */
export interface ScenarioVariant {
  label: string;
  seed: number;
  config: TSimConfigInput;
  commands: TSimCommandInput[];
  untilNs: number;
}

export interface SimulationScenario {
  kind: "simulation";
  id: string;
  title: string;
  /** One line to put to the candidate before running it. */
  question: string;
  variants: ScenarioVariant[];
  /** Partition sides (or any node grouping) for availability and latency. */
  sides: Record<string, string[]>;
  /** The interval availability is measured over (e.g. while the partition lasts). */
  window: Window;
}

export interface PlacementScenario {
  kind: "placement";
  id: string;
  title: string;
  question: string;
  keys: number;
  nodes: number;
  vnodes: number;
}

export type ScenarioPreset = SimulationScenario | PlacementScenario;

export interface VariantOutcome {
  label: string;
  history: HistoryEvent[];
  sides: SideSummary[];
  linearizability: Verdict;
  linearizabilityExplanation: string | null;
  anomalies: Anomaly[];
  divergence: Anomaly[];
  /** The consistency ladder: which models the run satisfies, and the strongest (eventual judged on finalView). */
  models: ConsistencyModels;
  /** What each node holds when the run ends. */
  finalView: Record<string, Record<string, number[]>>;
  stateHash: string;
}

export type ScenarioOutcome =
  | { kind: "simulation"; id: string; variants: VariantOutcome[] }
  | { kind: "placement"; id: string; ring: MoveReport; modN: MoveReport };
