export type { ClockStamp, NodeClocks } from "./clock-views";
export * from "./clocks";
export * from "./constants";
export { checkRaftInvariants, createRaftMonitor, type RaftMonitor } from "./designs/raft-invariants";
export { designFor } from "./designs/registry";
export * from "./faults";
export { hashValue } from "./hash";
export * from "./placement";
export { PROBE_COMMANDS, PROBE_CONFIG, PROBE_SEED, runDeterminismProbe } from "./probe";
export { SCENARIOS, scenarioById } from "./scenarios/presets";
export { runScenario, runVariant } from "./scenarios/run";
export type * from "./scenarios/types";
export * from "./schema";
export {
  createSimulation,
  type SimulateInput,
  Simulation,
  type SimulationInit,
  simulate,
} from "./simulation";
export type * from "./types";
