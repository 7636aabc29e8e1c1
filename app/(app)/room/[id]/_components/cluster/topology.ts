import type { RoomSim } from "@/lib/room";
import type { TNodeSpec } from "@/lib/sim";

/**
 * The nodes a command may name, read off the room's command log rather than the live view. Commands are stamped
 * no earlier than the last one in the log, so a command sent now applies after every command already there: the
 * cluster it lands on is the log's end state, which is also what the server checks against (simNodeIds). The
 * live view lags behind by the look-ahead (a node just removed is still drawn, one just added not yet), so a
 * button built from it could name a node the server no longer knows.
 */
export interface Topology {
  /** The nodes at the end of the log, in order: the config's, then those added, without those removed. */
  nodes: TNodeSpec[];
  /** Ids of the nodes the cluster was (re)set with; the candidate removes only nodes they added. */
  base: ReadonlySet<string>;
  /** Every id the cluster has had, removed ones too: the simulator keeps a removed node's slot, so its id is never reused. */
  used: ReadonlySet<string>;
}

export function clusterTopology(sim: Pick<RoomSim, "config" | "commands">): Topology {
  const nodes = new Map(sim.config.nodes.map((n) => [n.id, n]));
  const used = new Set(nodes.keys());
  for (const c of sim.commands) {
    if (c.type === "addNode") {
      nodes.set(c.node.id, c.node);
      used.add(c.node.id);
    }
    if (c.type === "removeNode") nodes.delete(c.node);
  }
  return { nodes: [...nodes.values()], base: new Set(sim.config.nodes.map((n) => n.id)), used };
}

/** The regions in first-seen order, each with its nodes. */
export function nodesByRegion(nodes: readonly TNodeSpec[]): string[][] {
  const regions = new Map<string, string[]>();
  for (const n of nodes) regions.set(n.region, [...(regions.get(n.region) ?? []), n.id]);
  return [...regions.values()];
}

/**
 * The two nodes the candidate's single read and write go through: the first node writes, and the read goes
 * through the first node in another region (so replication lag across the WAN can show), else another node, else
 * the same one.
 */
export function clientNodes(nodes: readonly TNodeSpec[]): { writer: TNodeSpec; reader: TNodeSpec } | null {
  const writer = nodes[0];
  if (!writer) return null;
  const reader =
    nodes.find((n) => n.region !== writer.region) ?? nodes.find((n) => n.id !== writer.id) ?? writer;
  return { writer, reader };
}
