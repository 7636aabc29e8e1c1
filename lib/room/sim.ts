import { z } from "zod";
import { type TSimCommand, type TSimConfig, ZSimCommand, ZSimConfig } from "../sim/schema";
import type { TRole } from "./events";

// The shared cluster inside a room. Only commands travel and are stored: every browser (and the server, when
// asked) runs the same deterministic simulator from the same (seed, config, commands), so they all reach the
// same state at the same virtual time. Virtual time follows a shared play/pause/speed clock kept in events.

/** Virtual nanoseconds per real millisecond at speed 1 (speed 1 = real time). */
export const NS_PER_MS = 1_000_000;
/** Speeds on offer: slow motion is how people see messages travel. */
export const SIM_SPEEDS = [0.05, 0.1, 0.25, 0.5, 1] as const;
export const DEFAULT_SIM_SPEED = 0.1;
/**
 * A command is stamped this much real time ahead of "now" on the shared clock, so browsers that are a frame or
 * a round trip behind apply it on time instead of rewinding.
 */
export const SIM_LOOKAHEAD_MS = 250;
export const MAX_SIM_COMMANDS = 2_000;
const MAX_CLOCK_OFFSET_NS = 3_600 * 1_000_000_000;
/** The longest process pause (GC, a suspended VM) the interviewer may inject. */
export const MAX_PAUSE_NS = 30 * 1_000_000_000;

export const ZSimSpeed = z
  .number()
  .refine(
    (v) => (SIM_SPEEDS as readonly number[]).includes(v),
    `speed must be one of ${SIM_SPEEDS.join(", ")}`,
  );

/** A command as a client sends it: the server, not the client, decides when (`at`) it applies. */
export const ZSimCommandRequest = z.preprocess(
  (v) => (v && typeof v === "object" ? { ...(v as object), at: 0 } : v),
  ZSimCommand,
);

export interface SimClock {
  /** Virtual time at `wallBase`. */
  vtBase: number;
  /** Server time (epoch ms) when the clock was last set. */
  wallBase: number;
  playing: boolean;
  speed: number;
}

export interface RoomSim {
  /** Incremented by every reset; clients rebuild their simulator when it changes. */
  epoch: number;
  seed: number;
  config: TSimConfig;
  /** The scenario preset this cluster was loaded from, if any. */
  preset: { id: string; variant: number; label: string } | null;
  commands: TSimCommand[];
  clock: SimClock;
}

/** Virtual time of the shared cluster at server time `wallMs`. */
export function simTimeAt(sim: RoomSim, wallMs: number): number {
  const { vtBase, wallBase, playing, speed } = sim.clock;
  if (!playing) return vtBase;
  return vtBase + Math.max(0, Math.floor((wallMs - wallBase) * speed * NS_PER_MS));
}

/** Who may send which simulator command: the candidate designs and drives load, the interviewer breaks things. */
export function simCommandRole(type: TSimCommand["type"]): TRole {
  switch (type) {
    case "crash":
    case "restart":
    case "pause":
    case "partition":
    case "partitionOneWay":
    case "heal":
    case "setNetwork":
    case "setClock":
      return "interviewer";
    case "configure":
    case "addNode":
    case "removeNode":
    case "startWorkload":
    case "stopWorkload":
    case "clientRead":
    case "clientWrite":
      return "candidate";
  }
}

/** Node ids that exist at the end of the command log (config nodes, plus added, minus removed). */
export function simNodeIds(sim: { config: TSimConfig; commands: readonly TSimCommand[] }): Set<string> {
  const ids = new Set(sim.config.nodes.map((n) => n.id));
  for (const c of sim.commands) {
    if (c.type === "addNode") ids.add(c.node.id);
    if (c.type === "removeNode") ids.delete(c.node);
  }
  return ids;
}

/** Checks beyond the schema: knobs that make no sense together, nodes that don't exist. Null when fine. */
export function simConfigProblem(config: TSimConfig): string | null {
  const ids = config.nodes.map((n) => n.id);
  if (new Set(ids).size !== ids.length) return "Node ids must be unique.";
  const d = config.design;
  if (d.kind === "quorum") {
    if (d.n > config.nodes.length)
      return `N (${d.n}) can't exceed the number of nodes (${config.nodes.length}).`;
    if (d.w > d.n) return `W (${d.w}) can't exceed N (${d.n}).`;
    if (d.r > d.n) return `R (${d.r}) can't exceed N (${d.n}).`;
  }
  if (d.kind === "two-phase-commit") {
    // Its coordinator(s) plus two participants, so that a write spans two of them.
    const need = (d.coordinator === "replicated" ? 3 : 1) + 2;
    if (config.nodes.length < need)
      return `Two-phase commit with this coordinator needs at least ${need} nodes.`;
  }
  return null;
}

export function simCommandProblem(sim: RoomSim, cmd: TSimCommand): string | null {
  if (sim.commands.length >= MAX_SIM_COMMANDS)
    return "This cluster has taken all the commands it can; reset it to continue.";
  const ids = simNodeIds(sim);
  const unknown = (id: string) => (ids.has(id) ? null : `Unknown node "${id}".`);
  switch (cmd.type) {
    case "crash":
    case "restart":
    case "removeNode":
      return unknown(cmd.node);
    case "clientRead":
    case "clientWrite":
      return unknown(cmd.node);
    case "pause":
      if (cmd.forNs > MAX_PAUSE_NS) return "A pause lasts at most 30 seconds.";
      return unknown(cmd.node);
    case "setClock":
      if (Math.abs(cmd.offsetNs) > MAX_CLOCK_OFFSET_NS)
        return "Clock offsets are limited to one hour either way.";
      return unknown(cmd.node);
    case "partition":
      for (const g of cmd.groups) for (const id of g) if (!ids.has(id)) return `Unknown node "${id}".`;
      return null;
    case "partitionOneWay":
      for (const id of [...cmd.from, ...cmd.to]) if (!ids.has(id)) return `Unknown node "${id}".`;
      return null;
    case "addNode":
      if (ids.has(cmd.node.id)) return `There is already a node "${cmd.node.id}".`;
      if (ids.size >= 16) return "A cluster has at most 16 nodes.";
      return null;
    case "configure":
      return simConfigProblem({
        ...sim.config,
        nodes: [...ids].map((id) => ({ id, region: "x", dc: "x" })),
        design: cmd.design,
      });
    case "startWorkload":
      for (const c of cmd.workload.clients) if (!ids.has(c.node)) return `Unknown node "${c.node}".`;
      return null;
    case "heal":
    case "setNetwork":
    case "stopWorkload":
      return null;
  }
}

export const ZSimReset = z.object({ config: ZSimConfig });
