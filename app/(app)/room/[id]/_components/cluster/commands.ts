import type { SimClock, TRoomOpInput } from "@/lib/room";
import type { TNodeSpec, TSimCommandInput, TSimConfig } from "@/lib/sim";
import type { NodeView } from "@/lib/sim/view";
import {
  ADDED_NODE_PLACEMENT,
  clusterConfig,
  type DesignKind,
  HOT_KEY_SHARE,
  type Knobs,
  MAX_PANEL_NODES,
  SCENARIO_PRESETS,
  WORKLOAD,
} from "./cluster-presets";
import { clientNodes, nodesByRegion, type Topology } from "./topology";

// Every op the cluster panel sends, built by one pure function each. They return the op as the client sends it
// (TRoomOpInput); the server parses it into a TRoomOp and checks the sender's role. A builder that can be asked
// for something that makes no sense (a scenario that isn't there, a ninth node) returns null. Every node an op
// names comes from the running cluster's Topology, so the server never answers "Unknown node".

type WithoutAt<C> = C extends unknown ? Omit<C, "at"> : never;
/**
 * A simulator command as a client asks for it: ZSimCommand's input without `at`, since ZSimCommandRequest lets
 * the server, not the client, decide when it applies.
 */
export type SimCommandRequest = WithoutAt<TSimCommandInput>;

export function simCommand(command: SimCommandRequest): TRoomOpInput {
  return { type: "sim.command", command };
}

// The shared clock.

export function togglePlaying(clock: Pick<SimClock, "playing" | "speed">): TRoomOpInput {
  return { type: "sim.clock", playing: !clock.playing, speed: clock.speed };
}

export function changeSpeed(clock: Pick<SimClock, "playing">, speed: number): TRoomOpInput {
  return { type: "sim.clock", playing: clock.playing, speed };
}

// Starting a cluster: a design of the candidate's, or a scenario preset.

/** Starts the design on the running cluster's nodes, or on the panel's five before there is a cluster. */
export function resetCluster(kind: DesignKind, knobs: Knobs, running?: TSimConfig | null): TRoomOpInput {
  return { type: "sim.reset", config: clusterConfig(kind, knobs, running) };
}

/** The scenario picker's value for a preset's variant: "<preset index>:<variant index>". */
export function scenarioChoice(preset: number, variant: number): string {
  return `${preset}:${variant}`;
}

/** Loads the picked scenario variant; null when the choice names no preset or variant. */
export function loadScenario(choice: string): TRoomOpInput | null {
  const [i, v] = choice.split(":").map(Number);
  const preset = SCENARIO_PRESETS[i ?? 0];
  const variant = v ?? 0;
  if (!preset?.variants[variant]) return null;
  return { type: "sim.preset", presetId: preset.id, variant };
}

/**
 * A button the panel draws: its op, or why it is off. Invariant: exactly one of `op` and `reason` is set, and the
 * panel shows the reason next to the disabled button.
 */
export type PanelButton = { label: string } & (
  | { op: TRoomOpInput; reason: null }
  | { op: null; reason: string }
);

const enabled = (label: string, op: TRoomOpInput): PanelButton => ({ label, op, reason: null });
const disabled = (label: string, reason: string): PanelButton => ({ label, op: null, reason });

// The candidate's commands: load, membership, single client operations.

/**
 * Starts load from two clients: alice where the single write goes, bob where the single read goes (another
 * region when there is one). Null on a cluster with no nodes.
 */
export function startWorkload(
  load: { rate: number; hot: boolean },
  nodes: readonly TNodeSpec[],
): TRoomOpInput | null {
  const via = clientNodes(nodes);
  if (!via) return null;
  const clients = [{ id: "alice", node: via.writer.id }];
  if (via.reader.id !== via.writer.id) clients.push({ id: "bob", node: via.reader.id });
  return simCommand({
    type: "startWorkload",
    workload: {
      ...WORKLOAD,
      clients,
      meanIntervalNs: Math.round(1e9 / load.rate),
      hotKeyShare: load.hot ? HOT_KEY_SHARE : 0,
    },
  });
}

export function stopWorkload(): TRoomOpInput {
  return simCommand({ type: "stopWorkload" });
}

/** Start or stop, whichever the workload's state calls for. */
export function workloadButton(
  running: boolean,
  load: { rate: number; hot: boolean },
  nodes: readonly TNodeSpec[],
): PanelButton {
  if (running) return enabled("Stop workload", stopWorkload());
  const start = startWorkload(load, nodes);
  return start ? enabled("Start workload", start) : disabled("Start workload", "The cluster has no nodes.");
}

/**
 * Adds the lowest-numbered node id the cluster has never had (n4 to three nodes, n6 to five; a removed node's id
 * is not reused, since the simulator keeps its slot and would ignore a second node by that name); null once
 * the panel's limit is reached.
 */
export function addNode(topology: Pick<Topology, "nodes" | "used">): TRoomOpInput | null {
  if (topology.nodes.length >= MAX_PANEL_NODES) return null;
  let k = 1;
  while (topology.used.has(`n${k}`)) k++;
  return simCommand({ type: "addNode", node: { id: `n${k}`, ...ADDED_NODE_PLACEMENT } });
}

export function removeNode(node: string): TRoomOpInput {
  return simCommand({ type: "removeNode", node });
}

export function clientWrite(node: string, key: string): TRoomOpInput {
  return simCommand({ type: "clientWrite", node, key });
}

export function clientRead(node: string, key: string): TRoomOpInput {
  return simCommand({ type: "clientRead", node, key });
}

/** The candidate's membership and single-operation buttons, in order: add, remove, write, read. */
export function candidateButtons(topology: Topology): PanelButton[] {
  const add = addNode(topology);
  // The most recently added node still in the cluster (the nodes it was set up with are not the candidate's to remove).
  const extra = topology.nodes.findLast((n) => !topology.base.has(n.id));
  const via = clientNodes(topology.nodes);
  return [
    add
      ? enabled("Add a node", add)
      : disabled("Add a node", `The panel shows at most ${MAX_PANEL_NODES} nodes.`),
    extra
      ? enabled("Remove the added node", removeNode(extra.id))
      : disabled("Remove the added node", "Add a node first."),
    via
      ? enabled(`Write k0 via ${via.writer.id} (${via.writer.region})`, clientWrite(via.writer.id, "k0"))
      : disabled("Write k0", "The cluster has no nodes."),
    via
      ? enabled(`Read k0 via ${via.reader.id} (${via.reader.region})`, clientRead(via.reader.id, "k0"))
      : disabled("Read k0", "The cluster has no nodes."),
  ];
}

// The interviewer's faults.

export function crashNode(node: string): TRoomOpInput {
  return simCommand({ type: "crash", node });
}

export function restartNode(node: string): TRoomOpInput {
  return simCommand({ type: "restart", node });
}

/** Cuts the network into `groups`; nodes named in no group form one more group together. */
export function partitionNetwork(groups: string[][]): TRoomOpInput {
  return simCommand({ type: "partition", groups });
}

/** Cuts `node` off from every other node of the cluster. */
export function isolateNode(node: string, nodes: readonly TNodeSpec[]): TRoomOpInput {
  return partitionNetwork([[node], nodes.map((n) => n.id).filter((id) => id !== node)]);
}

export function healNetwork(): TRoomOpInput {
  return simCommand({ type: "heal" });
}

/** Sets the named network faults; the others keep their values. */
export function setNetworkFaults(
  network: Extract<SimCommandRequest, { type: "setNetwork" }>["network"],
): TRoomOpInput {
  return simCommand({ type: "setNetwork", network });
}

/** Stops `node` for `forNs` as a GC pause would: it runs nothing, and its clock stands still, without it knowing. */
export function pauseNode(node: string, forNs: number): TRoomOpInput {
  return simCommand({ type: "pause", node, forNs });
}

export function skewClock(node: string, offsetNs: number): TRoomOpInput {
  return simCommand({ type: "setClock", node, offsetNs, driftPpm: 0 });
}

/** What the fault buttons read off the live view: who leads, and whether it is up. */
export type LiveNode = Pick<NodeView, "id" | "role" | "status" | "term">;

/**
 * The node "Isolate the leader" cuts off, or why there is none. Under Raft an old leader cut off in a minority can
 * still believe it leads; the one with the highest term is the leader that matters.
 */
export function leaderToIsolate(
  design: DesignKind,
  topology: Pick<Topology, "nodes">,
  live: readonly LiveNode[] | undefined,
): { node: string } | { reason: string } {
  if (design === "quorum") return { reason: "A leaderless store has no leader." };
  if (design === "multi-leader") return { reason: "Every node leads here: isolate one by name." };
  if (design === "gossip") return { reason: "Gossip membership has no leader: isolate one by name." };
  if (topology.nodes.length < 2) return { reason: "Needs a second node to cut it off from." };
  const leader = (live ?? [])
    .filter((n) => n.role === "leader" && n.status === "up" && topology.nodes.some((t) => t.id === n.id))
    .reduce<LiveNode | null>((best, n) => (best && (best.term ?? -1) >= (n.term ?? -1) ? best : n), null);
  return leader ? { node: leader.id } : { reason: "No leader right now." };
}

/** How far "Skew … clock" sets a node's clock ahead: enough to reorder writes a few hundred ms apart. */
const SKEW_NS = 500_000_000;

/**
 * The interviewer's chaos buttons for the running cluster, in order. Each names only nodes of `topology`, or is
 * off with the reason why. "Split regions" cuts every link between regions (one group per region); on a cluster
 * in one region there are no such links, and the button says so rather than inventing a cut the label does not
 * describe (the partition builder makes any other cut). "Isolate" and "Skew" name a fixed node, the third and
 * the second (n3 and n2 in every preset), so the button keeps its name from one run to the next.
 */
export function faultButtons(
  design: DesignKind,
  topology: Pick<Topology, "nodes">,
  live: readonly LiveNode[] | undefined,
): PanelButton[] {
  const nodes = topology.nodes;
  const regions = nodesByRegion(nodes);
  const leader = leaderToIsolate(design, topology, live);
  const lone = nodes[2] ?? nodes.at(-1);
  const skewed = nodes[1] ?? nodes[0];
  return [
    regions.length >= 2
      ? enabled("Split regions", partitionNetwork(regions))
      : disabled("Split regions", "Needs nodes in two regions; the partition builder makes other cuts."),
    "node" in leader
      ? enabled("Isolate the leader", isolateNode(leader.node, nodes))
      : disabled("Isolate the leader", leader.reason),
    lone && nodes.length >= 2
      ? enabled(`Isolate ${lone.id}`, isolateNode(lone.id, nodes))
      : disabled(`Isolate ${lone?.id ?? "a node"}`, "Needs a second node to cut it off from."),
    enabled("Heal network", healNetwork()),
    enabled("20% message loss", setNetworkFaults({ loss: 0.2 })),
    enabled("Latency spikes", setNetworkFaults({ spikeProbability: 0.2, spikeNs: 200_000_000 })),
    enabled("Calm network", setNetworkFaults({ loss: 0, spikeProbability: 0, spikeNs: 0 })),
    skewed
      ? enabled(`Skew ${skewed.id} clock +500 ms`, skewClock(skewed.id, SKEW_NS))
      : disabled("Skew a clock", "The cluster has no nodes."),
  ];
}

/** How long "Pause … (GC)" stops a node: longer than a lease, an election timeout and a failover timeout. */
export const GC_PAUSE_NS = 1_000_000_000;

/**
 * The interviewer's GC-pause button: pauses the leader (under the lease design, the lease holder) when there is
 * one, so its lease or leadership runs out while it is stopped; otherwise the first node.
 */
export function pauseButton(
  design: DesignKind,
  topology: Pick<Topology, "nodes">,
  live: readonly LiveNode[] | undefined,
): PanelButton {
  const leader = leaderToIsolate(design, topology, live);
  const node = "node" in leader ? leader.node : topology.nodes[0]?.id;
  if (node === undefined) return disabled("Pause a node (GC)", "The cluster has no nodes.");
  return enabled(`Pause ${node} (GC) for 1 s`, pauseNode(node, GC_PAUSE_NS));
}

/**
 * A node's crash or restart button in the node list; null for a removed node (nothing to do). A node the log has
 * already removed but the live view still draws is off: the server no longer knows it.
 */
export function nodeFault(
  node: Pick<NodeView, "id" | "status">,
  topology: Pick<Topology, "nodes">,
): PanelButton | null {
  if (node.status === "removed") return null;
  const label = node.status === "up" ? `Crash ${node.id}` : `Restart ${node.id}`;
  if (!topology.nodes.some((n) => n.id === node.id)) return disabled(label, "Leaving the cluster.");
  switch (node.status) {
    case "up":
      return enabled(label, crashNode(node.id));
    case "crashed":
      return enabled(label, restartNode(node.id));
    case "restarting":
      return disabled(label, "Restarting…");
  }
}
