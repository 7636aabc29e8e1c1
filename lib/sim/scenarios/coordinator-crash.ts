import { MS, SECOND } from "../constants";
import type { TNodeSpec, TSimCommandInput } from "../schema";
import type { SimulationScenario } from "./types";

/**
 * Two-phase commit with the coordinator crashing after prepare. Storage is a spinning disk (10 ms a write), so
 * the crash 15 ms after the client's write lands, whatever the seed, after both participants have prepared and
 * voted and while the coordinator is writing its commit decision: the decision is in its log, not yet sent.
 * Both variants have the same participants, n4 (k0) and n5 (k0's index entry, and k1).
 */
const node = (id: string): TNodeSpec => ({ id, region: "eu", dc: "eu-1" });
const PARTICIPANTS = [node("n4"), node("n5")];

/** When the transaction starts, when the coordinator (n1) crashes, and when it is restarted. */
export const COORDINATOR_CRASH = {
  writeAt: 1 * SECOND,
  crashAt: 1 * SECOND + 15 * MS,
  restartAt: 3 * SECOND,
  /** Reads of the locked key k0 and of a free key k1, and a write of k1, while the coordinator is down. */
  readAt: 1100 * MS,
  lateReadAt: 2200 * MS,
  writeFreeKeyAt: 1500 * MS,
} as const;

const run: TSimCommandInput[] = [
  { type: "clientWrite", at: 100 * MS, node: "n4", key: "k0", value: 1, session: "alice" },
  { type: "clientWrite", at: COORDINATOR_CRASH.writeAt, node: "n4", key: "k0", value: 2, session: "alice" },
  { type: "crash", at: COORDINATOR_CRASH.crashAt, node: "n1" },
  { type: "clientRead", at: COORDINATOR_CRASH.readAt, node: "n5", key: "k0", session: "bob" },
  { type: "clientRead", at: COORDINATOR_CRASH.readAt, node: "n5", key: "k1", session: "carol" },
  {
    type: "clientWrite",
    at: COORDINATOR_CRASH.writeFreeKeyAt,
    node: "n5",
    key: "k1",
    value: 3,
    session: "dave",
  },
  { type: "clientRead", at: COORDINATOR_CRASH.lateReadAt, node: "n5", key: "k0", session: "bob" },
  { type: "restart", at: COORDINATOR_CRASH.restartAt, node: "n1" },
  { type: "clientRead", at: 3500 * MS, node: "n4", key: "k0", session: "erin" },
];

export const COORDINATOR_CRASH_PRESET: SimulationScenario = {
  kind: "simulation",
  id: "coordinator-crash",
  title: "The coordinator crashes after prepare",
  question:
    "Both participants voted yes, then the coordinator died before sending the outcome: what happens to the locked keys, and how would you avoid waiting for it?",
  variants: [
    {
      label: "single coordinator",
      seed: 1,
      config: {
        nodes: [node("n1"), ...PARTICIPANTS],
        design: { kind: "two-phase-commit", coordinator: "single" },
        storage: "disk",
      },
      commands: run,
      untilNs: 4 * SECOND,
    },
    {
      label: "coordinator replicated on three nodes",
      seed: 1,
      config: {
        nodes: [node("n1"), node("n2"), node("n3"), ...PARTICIPANTS],
        design: { kind: "two-phase-commit", coordinator: "replicated" },
        storage: "disk",
      },
      commands: run,
      untilNs: 4 * SECOND,
    },
  ],
  sides: { participants: ["n4", "n5"] },
  window: { from: COORDINATOR_CRASH.crashAt, to: COORDINATOR_CRASH.restartAt },
};
