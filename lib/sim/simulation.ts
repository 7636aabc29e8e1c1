import type { HistoryEvent } from "../check/history";
import { complete, timeOut, workloadTick } from "./clients";
import { initialClocks, type NodeClocks, stampReceive, stampSend } from "./clock-views";
import { cloneMeasured, clonePlain } from "./clone";
import { newNode, runCommand, wake } from "./commands";
import { MAX_SNAPSHOTS, SNAPSHOT_EVERY_EVENTS, STORAGE_DELAY_NS } from "./constants";
import { designFor } from "./designs/registry";
import { heapPop as popEvent, heapPush as pushEvent } from "./event-queue";
import { hashValue } from "./hash";
import { createNetwork, isLinkUp, sampleTransit, type Transit } from "./network";
import type { DeliverEvent, SimObserver } from "./observer";
import { deriveStream, nextInt } from "./prng";
import {
  engineOf,
  type TSimCommand,
  type TSimCommandInput,
  type TSimConfig,
  type TSimConfigInput,
  ZSimCommand,
  ZSimConfig,
} from "./schema";
import type { DesignContext, DesignMessage, EngineCore, NodeRuntime, SimEvent, SimState } from "./types";

/**
 * History is append-only and every entry before a snapshot's time is final, so a snapshot keeps only its
 * length; restoring slices the current history. That keeps snapshots O(cluster), not O(history).
 */
interface Snapshot {
  time: number;
  /** Events processed when it was taken: replaying after a seek reaches the same counts again. */
  events: number;
  /** When the snapshot after this one is due: replays after a seek must hit the same points. */
  nextAt: number;
  state: Omit<SimState, "history">;
  historyLength: number;
}

export interface SimulationInit {
  seed: number;
  config: TSimConfigInput;
  /** Events between snapshots (0 disables them). Snapshots never change results, only how fast seekTo is. */
  snapshotEveryEvents?: number;
}

// Local bindings: some module loaders (tsx) turn every call through an import into a getter call on a hot path.
const heapPush = pushEvent;
const heapPop = popEvent;

function initialState(seed: number, config: TSimConfig): SimState {
  const nodes = config.nodes.map(newNode);
  const ids = new Set(nodes.map((n) => n.id));
  if (ids.size !== nodes.length) throw new Error("node ids must be unique");
  const net = createNetwork(nodes);
  Object.assign(net, config.network);
  return {
    seed: seed >>> 0,
    now: 0,
    seq: 0,
    cmdCursor: 0,
    config,
    queue: [],
    rng: {
      network: deriveStream(seed, "network"),
      faults: deriveStream(seed, "faults"),
      workload: deriveStream(seed, "workload"),
      nodes: nodes.map((n) => deriveStream(seed, `node:${n.id}`)),
    },
    nodes,
    net,
    design: config.design,
    designState: null,
    workload: { active: false, gen: 0, config: null, clients: [] },
    nextOpId: 1,
    pending: [],
    history: [],
    stats: { events: 0, messagesSent: 0, messagesDelivered: 0, messagesDropped: 0 },
    clocks: config.trackClocks ? nodes.map(initialClocks) : null,
  };
}

/**
 * A deterministic discrete-event simulation of one cluster. Its state at time t is a pure function of
 * (seed, config, the commands stamped ≤ t): commands live in a time-sorted log outside the state, and a command
 * stamped t runs before any event at t.
 */
export class Simulation implements EngineCore {
  state: SimState;
  readonly commands: TSimCommand[] = [];
  private snapshots: Snapshot[] = [];
  /** @internal */
  readonly ctx: DesignContext;
  private readonly transit: Transit = { delayNs: 0, duplicateDelayNs: 0 };
  private readonly snapshotEvery: number;
  /** Event count at which the next snapshot is due. */
  private nextSnapshotAt: number;
  /**
   * Told about sends, deliveries, drops, timers and commands (trace.ts). Outside the state: when null it costs
   * one check per send, delivery and timer, and a run with one attached does exactly what it does without.
   */
  observer: SimObserver | null = null;
  /**
   * Events that changed nothing: a message dropped at delivery, a timer or restart of an incarnation that has
   * crashed since. Counted outside the state (for the bench's "events that change state or deliver a message"),
   * so it is this instance's count since it was created, not restored by seekTo.
   */
  idleEvents = 0;

  /** `fork` is internal (forkAt): start from that state and command log instead of from scratch. */
  constructor(init: SimulationInit, fork?: { state: SimState; commands: readonly TSimCommand[] }) {
    this.snapshotEvery = init.snapshotEveryEvents ?? SNAPSHOT_EVERY_EVENTS;
    this.nextSnapshotAt = this.snapshotEvery;
    if (fork !== undefined) {
      this.state = fork.state;
      for (const c of fork.commands) this.commands.push(c);
      this.ctx = this.makeContext();
      return;
    }
    const config = ZSimConfig.parse(init.config);
    this.state = initialState(init.seed, config);
    this.ctx = this.makeContext();
    this.state.designState = designFor(config.design).init(this.ctx, config.design);
    this.takeSnapshot();
  }

  get now(): number {
    return this.state.now;
  }

  /** Commands may not rewrite the past: `at` must be ≥ now. Snapshots from `at` on are discarded. */
  applyCommand(input: TSimCommandInput): void {
    const cmd = ZSimCommand.parse(input);
    if (cmd.at < this.state.now) throw new Error(`command at ${cmd.at} is before now (${this.state.now})`);
    let i = this.commands.length;
    while (i > 0 && (this.commands[i - 1] as TSimCommand).at > cmd.at) i--;
    this.commands.splice(i, 0, cmd);
    // The initial snapshot (time 0, no command applied) always survives.
    this.snapshots = this.snapshots.filter((s, i) => i === 0 || s.time < cmd.at);
  }

  /** Process the next command or event stamped ≤ limit. Returns false when there is none. */
  step(limit: number): boolean {
    const s = this.state;
    const cmd = this.commands[s.cmdCursor];
    const top = s.queue[0];
    if (cmd !== undefined && cmd.at <= limit && (top === undefined || cmd.at <= top.time)) {
      s.cmdCursor++;
      s.now = cmd.at;
      runCommand(this, cmd);
      if (this.observer !== null) this.observer.command(cmd);
      return true;
    }
    if (top === undefined || top.time > limit) return false;
    heapPop(s.queue);
    s.now = top.time;
    this.runEvent(top);
    s.stats.events++;
    if (this.snapshotEvery > 0 && s.stats.events >= this.nextSnapshotAt) this.takeSnapshot();
    return true;
  }

  runUntil(time: number): void {
    while (this.step(time)) {}
    if (time > this.state.now) this.state.now = time;
  }

  /** Jump to any virtual time: forward by running, backward by restoring the latest snapshot before it. */
  seekTo(time: number): void {
    if (time < this.state.now) {
      let snap = this.snapshots[0] as Snapshot;
      for (const s of this.snapshots) if (s.time <= time) snap = s;
      const history = this.state.history.slice(0, snap.historyLength);
      this.state = { ...clonePlain(snap.state), history };
      this.nextSnapshotAt = snap.nextAt;
    }
    this.runUntil(time);
  }

  /**
   * A detached copy restored from the latest snapshot at or before `time` (and at or before now), with its own
   * copy of the command log and no snapshots: running it to any time up to now replays this run exactly, without
   * touching this simulation (trace.ts re-runs windows of virtual time on one).
   */
  forkAt(time: number): Simulation {
    const until = Math.min(time, this.state.now);
    let snap = this.snapshots[0] as Snapshot;
    for (const s of this.snapshots) if (s.time <= until) snap = s;
    const state = { ...clonePlain(snap.state), history: this.state.history.slice(0, snap.historyLength) };
    const init = { seed: state.seed, config: state.config, snapshotEveryEvents: 0 };
    return new Simulation(init, { state, commands: this.commands });
  }

  stateHash(): string {
    return hashValue(this.state);
  }

  history(): HistoryEvent[] {
    return this.state.history;
  }

  observe(): Record<string, Record<string, number[]>> {
    return designFor(this.state.design).observe(this.ctx, this.state.designState);
  }

  /** A copy of each node's Lamport, vector and hybrid logical clocks (empty unless `trackClocks` is on). */
  clockViews(): Record<string, NodeClocks> {
    const out: Record<string, NodeClocks> = {};
    this.state.clocks?.forEach((c, i) => {
      out[(this.state.nodes[i] as NodeRuntime).id] = { lamport: c.lamport, vector: c.vector, hlc: c.hlc };
    });
    return out;
  }

  nodeIndex(id: string): number {
    const i = this.state.nodes.findIndex((n) => n.id === id);
    if (i < 0) throw new Error(`unknown node ${id}`);
    return i;
  }

  snapshotCount(): number {
    return this.snapshots.length;
  }

  private takeSnapshot(): void {
    const events = this.state.stats.events;
    const existing = this.snapshots.find((x) => x.events === events && x.time === this.state.now);
    if (existing !== undefined) {
      this.nextSnapshotAt = existing.nextAt;
      return;
    }
    const { history, ...rest } = this.state;
    const { copy, size } = cloneMeasured(rest);
    // Space snapshots by their cost (a long Raft log makes each one dearer), within 1–4 × the base interval.
    const gap = Math.min(4 * this.snapshotEvery, Math.max(this.snapshotEvery, 2 * size));
    this.nextSnapshotAt = events + gap;
    const snap = {
      time: this.state.now,
      events,
      nextAt: this.nextSnapshotAt,
      state: copy,
      historyLength: history.length,
    };
    // Keep the list in time order (a replay after seeking back re-creates snapshots in the middle).
    let i = this.snapshots.length;
    while (i > 0 && (this.snapshots[i - 1] as Snapshot).time > snap.time) i--;
    this.snapshots.splice(i, 0, snap);
    if (this.snapshots.length > MAX_SNAPSHOTS) {
      // Thin evenly (keep the first): seek cost stays bounded by roughly twice the interval between survivors.
      this.snapshots = this.snapshots.filter((_, i) => i % 2 === 0);
    }
  }

  /** @internal */
  schedule(ev: SimEvent): void {
    ev.seq = this.state.seq++;
    heapPush(this.state.queue, ev);
  }

  private makeContext(): DesignContext {
    const sim = this;
    return {
      now: () => sim.state.now,
      engine: () => engineOf(sim.state.config),
      localTime(node) {
        const n = sim.state.nodes[node] as NodeRuntime;
        const t = sim.state.now;
        return t + n.clockOffsetNs + Math.trunc((t * n.clockDriftPpm) / 1_000_000);
      },
      send(from, to, msg, extraDelayNs = 0) {
        sim.send(from, to, msg, extraDelayNs);
      },
      setTimer(node, delayNs, name, token = 0) {
        const inc = (sim.state.nodes[node] as NodeRuntime).incarnation;
        sim.schedule({ time: sim.state.now + delayNs, seq: 0, k: "timer", node, inc, name, token });
      },
      randomInt(node, lo, hi) {
        return nextInt(sim.state.rng.nodes[node] as never, lo, hi);
      },
      reply(opId, result) {
        complete(sim, opId, result);
      },
      storageDelayNs: () => STORAGE_DELAY_NS[sim.state.config.storage],
      members() {
        const out: number[] = [];
        sim.state.nodes.forEach((n, i) => {
          if (n.status !== "removed") out.push(i);
        });
        return out;
      },
      nodeId: (node) => (sim.state.nodes[node] as NodeRuntime).id,
      nodeCount: () => sim.state.nodes.length,
    };
  }

  private send(from: number, to: number, msg: DesignMessage, extraDelayNs: number): void {
    const s = this.state;
    s.stats.messagesSent++;
    const base = s.net.delay[from * s.net.cap + to] as number;
    const tr = sampleTransit(s.net, s.rng.network, base, this.transit);
    const at = s.now + extraDelayNs;
    const clocks = s.clocks?.[from];
    const stamp =
      clocks === undefined ? null : stampSend(clocks, this.ctx.nodeId(from), this.ctx.localTime(from));
    const o = this.observer;
    if (tr.delayNs < 0) {
      s.stats.messagesDropped++;
      if (o !== null) o.lost(from, to, msg, at, at + base);
    } else {
      const ev: DeliverEvent = { time: at + tr.delayNs, seq: 0, k: "deliver", from, to, msg, stamp };
      this.schedule(ev);
      if (o !== null) o.sent(ev, at, false);
    }
    if (tr.duplicateDelayNs >= 0) {
      const ev: DeliverEvent = { time: at + tr.duplicateDelayNs, seq: 0, k: "deliver", from, to, msg, stamp };
      this.schedule(ev);
      if (o !== null) o.sent(ev, at, true);
    }
  }

  /**
   * A paused node's message, timer or client request waits for it: re-queued at its wake time, after the wake
   * event (which was queued when the pause began), in the order they would have run. The same object goes back
   * (it is out of the heap), so an observer that saw a message sent sees that very message delivered.
   */
  private hold(ev: SimEvent, until: number): void {
    ev.time = until;
    this.schedule(ev);
  }

  private runEvent(ev: SimEvent): void {
    const s = this.state;
    switch (ev.k) {
      case "deliver": {
        const target = s.nodes[ev.to] as NodeRuntime;
        if (target.pausedUntil !== undefined) {
          this.hold(ev, target.pausedUntil);
          return;
        }
        if (target.status !== "up" || !isLinkUp(s.net, ev.from, ev.to)) {
          s.stats.messagesDropped++;
          this.idleEvents++;
          const o = this.observer;
          if (o !== null) o.dropped(ev, target.status !== "up" ? "down" : "partition");
          return;
        }
        s.stats.messagesDelivered++;
        if (this.observer !== null) this.observer.delivered(ev);
        const clocks = s.clocks?.[ev.to];
        if (clocks !== undefined && ev.stamp !== null) {
          stampReceive(clocks, target.id, ev.stamp, this.ctx.localTime(ev.to));
        }
        designFor(s.design).onMessage(this.ctx, s.designState, ev.to, ev.from, ev.msg);
        return;
      }
      case "timer": {
        const n = s.nodes[ev.node] as NodeRuntime;
        if (n.status !== "up" || n.incarnation !== ev.inc) {
          this.idleEvents++;
          return;
        }
        if (n.pausedUntil !== undefined) {
          this.hold(ev, n.pausedUntil);
          return;
        }
        if (this.observer !== null) this.observer.timer(ev.node, ev.name, ev.time);
        designFor(s.design).onTimer(this.ctx, s.designState, ev.node, ev.name, ev.token);
        return;
      }
      case "wake":
        wake(s.nodes[ev.node] as NodeRuntime, ev.time, ev.inc);
        return;
      case "clientOp": {
        const n = s.nodes[ev.node] as NodeRuntime;
        if (n.status !== "up" || n.incarnation !== ev.inc) return; // lost with the process: the client times out
        if (n.pausedUntil !== undefined) {
          this.hold(ev, n.pausedUntil);
          return;
        }
        designFor(s.design).onClientOp(this.ctx, s.designState, ev.node, ev.op);
        return;
      }
      case "restarted": {
        const n = s.nodes[ev.node] as NodeRuntime;
        if (n.status !== "restarting" || n.incarnation !== ev.inc) return;
        n.status = "up";
        designFor(s.design).onRestart(this.ctx, s.designState, ev.node);
        return;
      }
      case "workload":
        if (s.workload.active && s.workload.gen === ev.gen) workloadTick(this);
        return;
      case "clientTimeout": {
        timeOut(this, ev.opId);
        return;
      }
      default: {
        const never: never = ev;
        throw new Error(`unknown event ${JSON.stringify(never)}`);
      }
    }
  }
}

export function createSimulation(init: SimulationInit): Simulation {
  return new Simulation(init);
}

export interface SimulateInput {
  seed: number;
  config: TSimConfigInput;
  commands: readonly TSimCommandInput[];
}

/** The pure form: same input, same output, anywhere. */
export function simulate(input: SimulateInput, untilTime: number): Simulation {
  const sim = createSimulation(input);
  const sorted = [...input.commands].sort((a, b) => a.at - b.at);
  for (const c of sorted) sim.applyCommand(c);
  sim.runUntil(untilTime);
  return sim;
}
