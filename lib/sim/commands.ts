import { invoke } from "./clients";
import { initialClocks } from "./clock-views";
import { RESTART_DELAY_NS } from "./constants";
import { designFor } from "./designs/registry";
import { growNetwork, healNetwork, partitionNetwork, partitionOneWay } from "./network";
import { deriveStream } from "./prng";
import type { TSimCommand } from "./schema";
import type { EngineCore, NodeRuntime } from "./types";

export function newNode(spec: { id: string; region: string; dc: string }): NodeRuntime {
  return { ...spec, status: "up", incarnation: 0, clockOffsetNs: 0, clockDriftPpm: 0 };
}

/** A crash or removal ends a pause: the process is gone, and whatever waited for it is dropped. */
function endPause(n: NodeRuntime): void {
  if (n.pausedUntil === undefined) return;
  delete n.pausedUntil;
  delete n.pausedFrom;
}

/**
 * A paused node wakes: what waited for it runs next (the engine re-queued it at this time, after this event).
 * Its clock stood still while it was stopped, so it now lags true time by the pause: a deadline it measured on
 * that clock before the pause (a lease it holds) looks as far off as it did then.
 */
export function wake(n: NodeRuntime, time: number, inc: number): void {
  if (n.pausedUntil !== time || n.incarnation !== inc) return; // extended, or ended by a crash
  n.clockOffsetNs -= time - (n.pausedFrom as number);
  delete n.pausedUntil;
  delete n.pausedFrom;
}

/** What each command does to the state. Commands run at their stamped time, before any event at that time. */
export function runCommand(e: EngineCore, cmd: TSimCommand): void {
  const s = e.state;
  const design = designFor(s.design);
  switch (cmd.type) {
    case "configure": {
      // A new design starts from scratch: drop the old design's messages and timers.
      s.queue = s.queue.filter((e) => e.k !== "deliver" && e.k !== "timer");
      s.queue.sort((a, b) => a.time - b.time || a.seq - b.seq);
      s.design = cmd.design;
      s.designState = designFor(cmd.design).init(e.ctx, cmd.design);
      return;
    }
    case "crash": {
      const i = e.nodeIndex(cmd.node);
      const n = s.nodes[i] as NodeRuntime;
      if (n.status === "removed" || n.status === "crashed") return;
      n.status = "crashed";
      n.incarnation++;
      endPause(n);
      design.onCrash(e.ctx, s.designState, i);
      return;
    }
    case "pause": {
      const i = e.nodeIndex(cmd.node);
      const n = s.nodes[i] as NodeRuntime;
      if (n.status !== "up") return;
      // A second pause while paused extends it; the clock stands still from the first one's start.
      if (n.pausedFrom === undefined) n.pausedFrom = s.now;
      const until = Math.max(n.pausedUntil ?? 0, s.now + cmd.forNs);
      n.pausedUntil = until;
      e.schedule({ time: until, seq: 0, k: "wake", node: i, inc: n.incarnation });
      return;
    }
    case "restart": {
      const i = e.nodeIndex(cmd.node);
      const n = s.nodes[i] as NodeRuntime;
      if (n.status !== "crashed") return;
      n.status = "restarting";
      e.schedule({
        time: s.now + RESTART_DELAY_NS,
        seq: 0,
        k: "restarted",
        node: i,
        inc: n.incarnation,
      });
      return;
    }
    case "partition":
      partitionNetwork(s.net, s.nodes, cmd.groups);
      return;
    case "partitionOneWay":
      partitionOneWay(
        s.net,
        cmd.from.map((id) => e.nodeIndex(id)),
        cmd.to.map((id) => e.nodeIndex(id)),
      );
      return;
    case "heal":
      healNetwork(s.net);
      return;
    case "setNetwork":
      Object.assign(s.net, cmd.network);
      return;
    case "setClock": {
      const n = s.nodes[e.nodeIndex(cmd.node)] as NodeRuntime;
      n.clockOffsetNs = cmd.offsetNs;
      n.clockDriftPpm = cmd.driftPpm;
      return;
    }
    case "addNode": {
      if (s.nodes.some((n) => n.id === cmd.node.id)) return;
      s.nodes.push(newNode(cmd.node));
      s.rng.nodes.push(deriveStream(s.seed, `node:${cmd.node.id}`));
      s.clocks?.push(initialClocks());
      growNetwork(s.net, s.nodes);
      design.onMembershipChange(e.ctx, s.designState);
      return;
    }
    case "removeNode": {
      const i = e.nodeIndex(cmd.node);
      const n = s.nodes[i] as NodeRuntime;
      if (n.status === "removed") return;
      if (n.status === "up") design.onCrash(e.ctx, s.designState, i);
      n.status = "removed";
      n.incarnation++;
      endPause(n);
      design.onMembershipChange(e.ctx, s.designState);
      return;
    }
    case "startWorkload": {
      const w = s.workload;
      w.gen++;
      w.active = true;
      w.config = cmd.workload;
      w.clients = cmd.workload.clients.map(() => ({ gen: 0, busy: false }));
      e.schedule({ time: s.now, seq: 0, k: "workload", gen: w.gen });
      return;
    }
    case "stopWorkload":
      s.workload.active = false;
      s.workload.gen++;
      return;
    case "clientRead":
      invoke(e, e.nodeIndex(cmd.node), "read", cmd.key, null, cmd.session ?? null, null, -1);
      return;
    case "clientWrite":
      invoke(e, e.nodeIndex(cmd.node), "write", cmd.key, cmd.value ?? null, cmd.session ?? null, null, -1);
      return;
    default: {
      const never: never = cmd;
      throw new Error(`unknown command ${JSON.stringify(never)}`);
    }
  }
}
