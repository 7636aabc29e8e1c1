import { formatClock, PHASES, simCommandRole, simNodeIds } from "../room";
import { DIMENSIONS } from "../rubric";
import { formatNs } from "../sim/outcomes";
import type { TDesign, TSimCommand } from "../sim/schema";
import { clusterEpochs, wallAtSimTime } from "./cluster";
import { MARKER_EXCERPT_CHARS } from "./constants";
import type { ReplayLog } from "./log";
import { wallAtClock } from "./timeline";

// Points of interest on the replay's timeline, in words a viewer reads at a glance.

export type ReplayMarkerKind =
  | "phase"
  | "fault"
  | "chat"
  | "note"
  | "evidence"
  | "end"
  | "cluster"
  | "anomaly";

export interface ReplayMarker {
  /** Server wall time (epoch ms), the timeline's axis. */
  atMs: number;
  kind: ReplayMarkerKind;
  label: string;
  /** The event the marker stands for, when there is one. */
  seq?: number;
}

/** At most `max` characters, an ellipsis included when cut; whitespace runs (line breaks) become one space. */
export function excerpt(text: string, max = MARKER_EXCERPT_CHARS): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

const group = (ids: readonly string[]) => `{${ids.join(",")}}`;
const percent = (p: number) => `${Math.round(p * 1000) / 10}%`;

/** A fault command in plain words: "Crash n2", "Partition {n1,n2} | {n3}". `nodeIds`: the cluster's nodes. */
export function describeFault(cmd: TSimCommand, nodeIds: readonly string[]): string {
  switch (cmd.type) {
    case "crash":
      return `Crash ${cmd.node}`;
    case "restart":
      return `Restart ${cmd.node}`;
    case "pause":
      return `Pause ${cmd.node} for ${formatNs(cmd.forNs)}`;
    case "partition": {
      // As the simulator reads it: nodes named in no group form one more group.
      const named = new Set(cmd.groups.flat());
      const rest = nodeIds.filter((id) => !named.has(id));
      const groups = rest.length > 0 ? [...cmd.groups, rest] : cmd.groups;
      return `Partition ${groups.map(group).join(" | ")}`;
    }
    case "partitionOneWay":
      return `One-way cut ${group(cmd.from)} → ${group(cmd.to)}`;
    case "heal":
      return "Heal the network";
    case "setNetwork": {
      const n = cmd.network;
      const parts: string[] = [];
      if (n.loss !== undefined) parts.push(`${percent(n.loss)} loss`);
      if (n.duplicate !== undefined) parts.push(`${percent(n.duplicate)} duplicated`);
      if (n.spikeProbability !== undefined)
        parts.push(`${percent(n.spikeProbability)} spikes${n.spikeNs ? ` of ${formatNs(n.spikeNs)}` : ""}`);
      else if (n.spikeNs !== undefined) parts.push(`spikes of ${formatNs(n.spikeNs)}`);
      if (n.extraNs !== undefined) parts.push(`+${formatNs(n.extraNs)} delay`);
      return `Network: ${parts.length > 0 ? parts.join(", ") : "unchanged"}`;
    }
    case "setClock": {
      const sign = cmd.offsetNs < 0 ? "−" : "+";
      const drift = cmd.driftPpm !== 0 ? `, drift ${cmd.driftPpm} ppm` : "";
      return `Clock ${cmd.node} ${sign}${formatNs(Math.abs(cmd.offsetNs))}${drift}`;
    }
    case "configure":
    case "addNode":
    case "removeNode":
    case "startWorkload":
    case "stopWorkload":
    case "clientRead":
    case "clientWrite":
      return cmd.type;
  }
}

export function describeDesign(d: TDesign): string {
  switch (d.kind) {
    case "quorum":
      return `quorum N=${d.n} W=${d.w} R=${d.r}${d.sloppy ? " (sloppy)" : ""}${d.partitioning === "range" ? " by key range" : ""}`;
    case "raft":
      return "Raft";
    case "single-leader":
      return `single leader (${d.replication})`;
    case "multi-leader":
      return `multi-leader (${d.conflict})`;
    case "gossip":
      return `gossip (phi > ${d.phiThreshold})`;
    case "lease":
      return `lease ${d.fencing ? "with" : "without"} fencing tokens`;
    case "paxos":
      return `Paxos (${d.leader === "distinguished" ? "distinguished leader" : d.backoff ? "no leader, backoff" : "no leader, no backoff"})`;
    case "two-phase-commit":
      return `two-phase commit (${d.coordinator === "replicated" ? "replicated coordinator" : "single coordinator"})`;
  }
}

const isFault = (cmd: TSimCommand) => simCommandRole(cmd.type) === "interviewer";

/**
 * Every marker of the session except anomalies (see anomalyMarkers), sorted by time; ties keep log order.
 * Phases: one when the clock starts (the first phase begins) and one per change. Faults: each fault command
 * the interviewer sent, at its event; and each one scripted by a preset, when it took effect on the shared
 * clock. Notes appear only in a log that holds them (the interviewer's). Evidence: the submitted scorecard's
 * notes, placed where the interview clock read their `clockMs`; a note whose reading never occurred is left out.
 */
export function replayMarkers(log: ReplayLog): ReplayMarker[] {
  const out: ReplayMarker[] = [];
  let phase = 0;
  log.events.forEach((e, i) => {
    const at = e.at;
    switch (e.kind) {
      case "clock.started":
        out.push({ atMs: at, kind: "phase", label: PHASES[phase]!.title, seq: e.seq });
        return;
      case "phase.changed":
        phase = e.payload.phase;
        out.push({ atMs: at, kind: "phase", label: PHASES[phase]!.title, seq: e.seq });
        return;
      case "chat.posted":
        out.push({ atMs: at, kind: "chat", label: excerpt(e.payload.text), seq: e.seq });
        return;
      case "note.added":
        out.push({ atMs: at, kind: "note", label: excerpt(e.payload.text), seq: e.seq });
        return;
      case "interview.ended":
        out.push({
          atMs: at,
          kind: "end",
          label: `Interview ended at ${formatClock(e.payload.clockMs)}`,
          seq: e.seq,
        });
        return;
      case "sim.reset": {
        const what = e.payload.preset?.label ?? describeDesign(e.payload.config.design);
        out.push({ atMs: at, kind: "cluster", label: `Cluster: ${what}`, seq: e.seq });
        return;
      }
      case "sim.command": {
        const cmd = e.payload.command;
        if (!isFault(cmd)) return;
        const sim = log.stateAtIndex(i).sim;
        const nodes = cmd.type === "partition" && sim ? [...simNodeIds(sim)] : [];
        out.push({ atMs: at, kind: "fault", label: describeFault(cmd, nodes), seq: e.seq });
        return;
      }
      default:
        return;
    }
  });

  for (const epoch of clusterEpochs(log)) {
    const scripted = epoch.clocks[0]!;
    const nodes = [...simNodeIds(scripted)];
    for (const cmd of scripted.commands) {
      if (!isFault(cmd)) continue;
      const atMs = wallAtSimTime(epoch, cmd.at);
      if (atMs !== null) out.push({ atMs, kind: "fault", label: describeFault(cmd, nodes) });
    }
  }

  const card = log.finalState.scorecard.submitted;
  if (card) {
    for (const d of DIMENSIONS) {
      for (const note of card.dimensions[d.id]?.evidence ?? []) {
        const atMs = wallAtClock(log.events, note.clockMs);
        if (atMs !== null) out.push({ atMs, kind: "evidence", label: `${d.label}: ${excerpt(note.text)}` });
      }
    }
  }

  return out.sort((a, b) => a.atMs - b.atMs);
}
