import { MS, SECOND } from "../constants";
import type { TNodeSpec, TSimCommandInput } from "../schema";
import type { ScenarioVariant, SimulationScenario } from "./types";

/**
 * A lease holder stopped by a GC pause longer than its lease (designs/lease.ts). n1 is the lock service and the
 * storage; n2 starts out holding the lease (token 1). While n2 is paused, its lease runs out at the service, n3
 * or n4 is granted token 2 and bob writes through it. A request alice sent to n2 during the pause waits for it;
 * n2 wakes with its clock a second behind, still believes its lease and writes with token 1. Carol then reads
 * through the new holder, which answers from its cache.
 */
const node = (id: string, dc: string): TNodeSpec => ({ id, region: "eu", dc });
const NODES = [node("n1", "eu-1"), node("n2", "eu-2"), node("n3", "eu-3"), node("n4", "eu-1")];

export const PAUSED_LEASE_HOLDER = {
  pauseAt: 500 * MS,
  pauseNs: 1 * SECOND,
  /** bob's write through the new holder, and alice's to the paused old one. */
  newHolderWriteAt: 1100 * MS,
  staleWriteAt: 1400 * MS,
  readAt: 1600 * MS,
} as const;

const run: TSimCommandInput[] = [
  { type: "clientWrite", at: 100 * MS, node: "n2", key: "k0", value: 1, session: "alice" },
  { type: "clientRead", at: 200 * MS, node: "n3", key: "k0", session: "bob" },
  { type: "pause", at: PAUSED_LEASE_HOLDER.pauseAt, node: "n2", forNs: PAUSED_LEASE_HOLDER.pauseNs },
  {
    type: "clientWrite",
    at: PAUSED_LEASE_HOLDER.newHolderWriteAt,
    node: "n3",
    key: "k0",
    value: 2,
    session: "bob",
  },
  {
    type: "clientWrite",
    at: PAUSED_LEASE_HOLDER.staleWriteAt,
    node: "n2",
    key: "k0",
    value: 3,
    session: "alice",
  },
  { type: "clientRead", at: PAUSED_LEASE_HOLDER.readAt, node: "n4", key: "k0", session: "carol" },
];

const variant = (label: string, fencing: boolean): ScenarioVariant => ({
  label,
  seed: 1,
  config: { nodes: NODES, design: { kind: "lease", fencing } },
  commands: run,
  untilNs: 2 * SECOND,
});

export const PAUSED_LEASE_HOLDER_PRESET: SimulationScenario = {
  kind: "simulation",
  id: "paused-lease-holder",
  title: "A paused lease holder",
  question:
    "The node holding the lock's lease stops for a second in a GC pause, longer than the lease; another node gets the lease. What happens when the first one wakes up and writes?",
  variants: [variant("without fencing tokens", false), variant("with fencing tokens", true)],
  sides: { "old holder": ["n2"], others: ["n3", "n4"] },
  window: {},
};
