import type { HistoryEvent } from "../check/history";
import { CLIENT_TIMEOUT_NS, RESTART_DELAY_NS } from "./constants";
import type { DeliverEvent, DropReason, SimObserver } from "./observer";
import type { TSimCommand } from "./schema";
import type { Simulation } from "./simulation";
import type { DesignMessage, NodeRuntime, SimState } from "./types";

/**
 * Space-time traces: what happened between the nodes and clients of a run over a window of virtual time, for
 * the cluster panel's Lamport diagram. The run's state keeps no message log (it would change every hash and
 * cost memory); instead the window is re-run on a fork restored from the latest snapshot before it, with an
 * observer attached (observer.ts). Determinism makes the fork's messages the ones the run exchanged.
 */

export const TRACE_LIMIT = 5_000;

export type MessageFate = "delivered" | DropReason | "in-flight";

export interface TraceMessage {
  /** Send order within the trace (a duplicate gets its own id). */
  id: number;
  from: string;
  to: string;
  /** The design's message tag. */
  tag: string;
  /** When it was sent; null if it was already in flight where the re-run began. */
  sentAt: number | null;
  /**
   * When it was delivered or dropped. A message lost in transit is dropped as it is sent; `at` is then when it
   * would have arrived. One still in flight at the end of the trace: when it is due.
   */
  at: number;
  fate: MessageFate;
  /** The network's duplicate copy of a send. */
  dup: boolean;
  /** The key the message is about, when its payload names one (`key`); null otherwise. */
  key: string | null;
}

export interface TraceOp {
  opId: number;
  /** The client session: one lane per client. */
  client: string;
  node: string;
  f: "read" | "write";
  key: string;
  value: number | null;
  status: "ok" | "fail" | "info" | "open";
  start: number;
  /** When it completed (ok, fail) or timed out (info); null while open. */
  end: number | null;
}

export interface TracePartition {
  from: number;
  /** null: still cut at the end of the trace. */
  to: number | null;
  /** Directed links that drop messages, as [from, to] node ids. */
  cut: [string, string][];
  /** "{n1, n2} | {n3, n4, n5}", or the one-way links. */
  label: string;
}

export interface TraceOutage {
  node: string;
  kind: "crashed" | "paused" | "removed";
  from: number;
  to: number | null;
}

export interface TraceTimer {
  node: string;
  name: string;
  at: number;
}

export interface TraceCounts {
  sent: number;
  delivered: number;
  dropped: number;
  timers: number;
}

export interface SpaceTimeTrace {
  fromNs: number;
  toNs: number;
  /** Where the trace stops: toNs, or earlier when the message limit cut it. */
  shownToNs: number;
  nodes: string[];
  clients: string[];
  /** Messages whose flight overlaps (fromNs, shownToNs], in the order they were resolved. */
  messages: TraceMessage[];
  timers: TraceTimer[];
  ops: TraceOp[];
  partitions: TracePartition[];
  outages: TraceOutage[];
  /** Engine events in (fromNs, shownToNs], counted as SimStats counts them (a duplicate is not a send). */
  counts: TraceCounts;
  limit: number;
  /** The limit was reached: only the first `limit` messages are shown, up to shownToNs. */
  truncated: boolean;
}

export interface TraceJob {
  /** Run up to `maxEvents` more engine steps; true when the trace is complete. */
  step(maxEvents: number): boolean;
  result(): SpaceTimeTrace;
}

interface Rec {
  id: number;
  ev: DeliverEvent | null;
  from: number;
  to: number;
  msg: DesignMessage;
  sentAt: number | null;
  dup: boolean;
}

function keyOf(msg: DesignMessage): string | null {
  return typeof msg.key === "string" ? msg.key : null;
}

function cutOf(s: SimState): [number, number][] {
  const out: [number, number][] = [];
  const { cap, blocked } = s.net;
  for (let i = 0; i < s.nodes.length; i++)
    for (let j = 0; j < s.nodes.length; j++) if (i !== j && blocked[i * cap + j] !== 0) out.push([i, j]);
  return out;
}

/** Groups when every cut is two-way ("{a, b} | {c}"), else the one-way links ("n1 ↛ n2, n3"). */
export function describeCut(nodes: readonly string[], cut: readonly [string, string][]): string {
  const set = new Set(cut.map(([a, b]) => `${a}\u0000${b}`));
  const symmetric = cut.every(([a, b]) => set.has(`${b}\u0000${a}`));
  if (symmetric) {
    const groups: string[][] = [];
    for (const n of nodes) {
      const g = groups.find((g) => g.every((m) => !set.has(`${n}\u0000${m}`)));
      if (g) g.push(n);
      else groups.push([n]);
    }
    return groups.map((g) => `{${g.join(", ")}}`).join(" | ");
  }
  const from = [...new Set(cut.map(([a]) => a))];
  return from
    .map(
      (a) =>
        `${a} ↛ ${cut
          .filter(([x]) => x === a)
          .map(([, b]) => b)
          .join(", ")}`,
    )
    .join("; ");
}

interface Recorder {
  observer: SimObserver;
  /** Messages resolved after `keepFrom`, in the order they were resolved. */
  messages: TraceMessage[];
  timers: TraceTimer[];
  partitions: TracePartition[];
  outages: TraceOutage[];
  counts: TraceCounts;
  inFlight: Map<DeliverEvent, Rec>;
  /** Record nothing that ended at or before this time (and count only what happens after it). */
  keepFrom: number;
  /** Stop storing messages past this many (sets `full`). */
  cap: number;
  full: boolean;
  follow(cmd: TSimCommand | null): void;
}

/** Watches `fork` (attach `observer`): messages, timers, partitions and outages as they happen. */
function recorder(fork: Simulation, keepFrom: number, cap: number): Recorder {
  const s = () => fork.state;
  const id = (i: number) => (s().nodes[i] as NodeRuntime).id;
  let nextId = 0;
  const r: Recorder = {
    messages: [],
    timers: [],
    partitions: [],
    outages: [],
    counts: { sent: 0, delivered: 0, dropped: 0, timers: 0 },
    inFlight: new Map(),
    keepFrom,
    cap,
    full: false,
    observer: null as unknown as SimObserver,
    follow,
  };
  const store = (x: Rec, at: number, fate: MessageFate) => {
    if (at <= r.keepFrom || r.full) return;
    if (r.messages.length >= r.cap) {
      r.full = true;
      return;
    }
    r.messages.push({
      id: x.id,
      from: id(x.from),
      to: id(x.to),
      tag: typeof x.msg.t === "string" ? x.msg.t : "?",
      sentAt: x.sentAt,
      at,
      fate,
      dup: x.dup,
      key: keyOf(x.msg),
    });
  };
  /** The record of a deliver event: by identity, or (an event re-queued while its target was paused) by content. */
  const take = (ev: DeliverEvent): Rec => {
    let x = r.inFlight.get(ev);
    if (x === undefined) {
      for (const [k, y] of r.inFlight)
        if (y.msg === ev.msg && y.from === ev.from && y.to === ev.to) {
          x = y;
          r.inFlight.delete(k);
          break;
        }
    } else r.inFlight.delete(ev);
    return x ?? { id: nextId++, ev, from: ev.from, to: ev.to, msg: ev.msg, sentAt: null, dup: false };
  };
  const live = () => s().now > r.keepFrom;

  let lastCut = "";
  const openOutage = new Map<string, TraceOutage>();
  function follow(cmd: TSimCommand | null): void {
    const st = s();
    const now = st.now;
    const cut = cutOf(st).map(([a, b]): [string, string] => [id(a), id(b)]);
    const key = JSON.stringify(cut);
    if (key !== lastCut) {
      const open = r.partitions[r.partitions.length - 1];
      if (open && open.to === null) open.to = now;
      if (cut.length > 0) {
        const members = st.nodes.filter((n) => n.status !== "removed").map((n) => n.id);
        r.partitions.push({ from: now, to: null, cut, label: describeCut(members, cut) });
      }
      lastCut = key;
    }
    for (const n of st.nodes) {
      const kind =
        n.status === "removed"
          ? "removed"
          : n.status === "crashed" || n.status === "restarting"
            ? "crashed"
            : n.pausedUntil !== undefined
              ? "paused"
              : null;
      let o = openOutage.get(n.id);
      // Ended by an event since (a restart completing, a paused node waking), or by this command.
      if (o && ((o.to !== null && o.to <= now) || o.kind !== kind)) {
        if (o.to === null || o.to > now) o.to = now;
        openOutage.delete(n.id);
        o = undefined;
      }
      if (kind !== null && o === undefined) {
        o = { node: n.id, kind, from: now, to: null };
        r.outages.push(o);
        openOutage.set(n.id, o);
      }
      if (o === undefined) continue;
      // A restart completes after the restart delay; a pause ends at its wake time (no command marks either).
      if (n.status === "crashed") o.to = null;
      if (cmd?.type === "restart" && n.status === "restarting") o.to = now + RESTART_DELAY_NS;
      if (o.kind === "paused" && n.pausedUntil !== undefined) o.to = n.pausedUntil;
    }
  }

  r.observer = {
    sent(ev, sentAt, dup) {
      if (!dup && live()) r.counts.sent++;
      r.inFlight.set(ev, { id: nextId++, ev, from: ev.from, to: ev.to, msg: ev.msg, sentAt, dup });
    },
    lost(f, t, msg, sentAt, nominalAt) {
      if (live()) {
        r.counts.sent++;
        r.counts.dropped++;
      }
      store({ id: nextId++, ev: null, from: f, to: t, msg, sentAt, dup: false }, nominalAt, "loss");
    },
    delivered(ev) {
      if (live()) r.counts.delivered++;
      store(take(ev), ev.time, "delivered");
    },
    dropped(ev, reason) {
      if (live()) r.counts.dropped++;
      store(take(ev), ev.time, reason);
    },
    timer(node, name, at) {
      if (!live()) return;
      r.counts.timers++;
      if (r.timers.length < r.cap) r.timers.push({ node: id(node), name, at });
    },
    command(cmd) {
      follow(cmd);
    },
  };
  fork.observer = r.observer;
  follow(null);
  return r;
}

/** Spans overlapping (from, to], clipped to start no earlier than `from`. */
function clipSpans<T extends { from: number; to: number | null }>(
  xs: readonly T[],
  from: number,
  to: number,
): T[] {
  return xs
    .filter((x) => (x.to === null || x.to > from) && x.from <= to)
    .map((x) => (x.from < from ? { ...x, from } : { ...x }));
}

/** What the window (from, to] of a recorder shows; `keep` picks which messages survive the limit. */
function build(
  fork: Simulation,
  r: Recorder,
  from: number,
  to: number,
  shownTo: number,
  limit: number,
  keep: "first" | "last",
): SpaceTimeTrace {
  const st = fork.state;
  let messages = r.messages.filter((m) => m.at > from && (m.sentAt ?? from) <= shownTo);
  // Messages still on their way where the trace ends.
  for (const x of r.inFlight.values())
    if (x.ev !== null && x.sentAt !== null && x.sentAt <= shownTo && x.ev.time > from)
      messages.push({
        id: x.id,
        from: (st.nodes[x.from] as NodeRuntime).id,
        to: (st.nodes[x.to] as NodeRuntime).id,
        tag: typeof x.msg.t === "string" ? x.msg.t : "?",
        sentAt: x.sentAt,
        at: x.ev.time,
        fate: "in-flight",
        dup: x.dup,
        key: keyOf(x.msg),
      });
  let truncated = r.full;
  if (messages.length > limit) {
    truncated = true;
    messages = keep === "first" ? messages.slice(0, limit) : messages.slice(-limit);
  }
  const outages = clipSpans(r.outages, from, shownTo);
  const ops = opsIn(st.history, from, shownTo, st.config.clientTimeoutNs ?? CLIENT_TIMEOUT_NS);
  const clients = [...new Set(ops.map((o) => o.client))].sort((a, b) =>
    a.localeCompare(b, "en", { numeric: true }),
  );
  const removedBefore = new Set(
    outages.filter((o) => o.kind === "removed" && o.from <= from).map((o) => o.node),
  );
  return {
    fromNs: from,
    toNs: to,
    shownToNs: shownTo,
    nodes: st.nodes.map((n) => n.id).filter((n) => !removedBefore.has(n)),
    clients,
    messages,
    timers: r.timers.filter((t) => t.at > from && t.at <= shownTo),
    ops,
    partitions: clipSpans(r.partitions, from, shownTo),
    outages,
    counts: { ...r.counts },
    limit,
    truncated,
  };
}

/**
 * Start tracing (fromNs, toNs] of `sim` (toNs is capped at sim.now). Nothing runs until `step`; the fork is
 * independent of `sim`, so a caller may spread the work over several calls while `sim` runs on. When the limit
 * is reached the trace stops there: the first `limit` messages, up to `shownToNs`.
 */
export function startTrace(
  sim: Simulation,
  fromNs: number,
  toNs: number,
  limit: number = TRACE_LIMIT,
): TraceJob {
  const to = Math.min(toNs, sim.now);
  const from = Math.min(fromNs, to);
  const fork = sim.forkAt(from);
  const r = recorder(fork, from, limit);
  let done = false;
  let shownTo = to;
  let cached: SpaceTimeTrace | null = null;
  return {
    step(maxEvents) {
      if (done) return true;
      for (let i = 0; i < maxEvents; i++) {
        if (r.full) {
          shownTo = fork.state.now;
          done = true;
          break;
        }
        if (!fork.step(to)) {
          done = true;
          break;
        }
      }
      if (done) fork.observer = null;
      return done;
    },
    result() {
      if (!done) throw new Error("trace not finished");
      cached ??= build(fork, r, from, to, shownTo, limit, "first");
      return cached;
    },
  };
}

/**
 * A trace that follows a running simulation (the cluster panel): it keeps a fork of its own in step with
 * `sim`, advancing it by at most `maxEvents` per call, and shows the latest `limit` messages of the last
 * `windowNs`. It starts over (from `sim`'s latest snapshot before the window) when `sim` is replaced, seeks
 * back, or receives a command stamped before the point the fork has reached.
 */
export interface LiveTracer {
  /** Advance toward `sim.now`; the trace of (now − windowNs, now] as far as it got, or null while it catches up. */
  update(sim: Simulation, windowNs: number, maxEvents: number): SpaceTimeTrace | null;
}

export function createLiveTracer(keepNs: number, limit: number = TRACE_LIMIT): LiveTracer {
  let of: Simulation | null = null;
  let fork: Simulation | null = null;
  let r: Recorder | null = null;
  const fresh = (sim: Simulation, from: number) => {
    if (fork) fork.observer = null;
    of = sim;
    fork = sim.forkAt(from);
    // Generous: the live view keeps the latest `limit` of what it holds.
    r = recorder(fork, from, 4 * limit);
  };
  const inStep = (sim: Simulation, f: Simulation): boolean => {
    if (sim !== of || sim.now < f.now || sim.commands.length < f.commands.length) return false;
    for (let i = 0; i < f.commands.length; i++) if (sim.commands[i] !== f.commands[i]) return false;
    for (let i = f.commands.length; i < sim.commands.length; i++) {
      const c = sim.commands[i] as TSimCommand;
      if (c.at < f.now) return false;
      // Already parsed and in order (the live log's order); the fork takes no snapshots to invalidate.
      f.commands.push(c);
    }
    return true;
  };
  return {
    update(sim, windowNs, maxEvents) {
      const to = sim.now;
      const from = Math.max(0, to - windowNs);
      if (fork === null || !inStep(sim, fork) || fork.now < to - 2 * keepNs) fresh(sim, from);
      const f = fork as unknown as Simulation;
      const rec = r as unknown as Recorder;
      let caughtUp = false;
      for (let i = 0; i < maxEvents && !caughtUp; i++) caughtUp = !f.step(to);
      // As runUntil does: the clock reaches `to` even when no event falls on it.
      if (caughtUp) f.state.now = to;
      // Forget what has left the longest window.
      const keepFrom = f.state.now - keepNs;
      if (keepFrom > rec.keepFrom) {
        rec.keepFrom = keepFrom;
        const first = rec.messages.findIndex((m) => m.at > keepFrom);
        rec.messages.splice(0, first < 0 ? rec.messages.length : first);
        const t = rec.timers.findIndex((x) => x.at > keepFrom);
        rec.timers.splice(0, t < 0 ? rec.timers.length : t);
        rec.partitions = rec.partitions.filter((p) => p.to === null || p.to > keepFrom);
        rec.outages = rec.outages.filter((o) => o.to === null || o.to > keepFrom);
        rec.full = false;
      }
      if (rec.messages.length >= rec.cap) {
        // Keep the newest half so recording goes on.
        rec.messages.splice(0, rec.messages.length - rec.cap / 2);
        rec.full = false;
      }
      if (!caughtUp) return null;
      return build(f, rec, from, to, to, limit, "last");
    },
  };
}

/** Client operations overlapping (from, to], from the history (time-ordered, so only its tail is read). */
function opsIn(history: readonly HistoryEvent[], from: number, to: number, timeoutNs: number): TraceOp[] {
  // An operation open at `from` began at most one client timeout earlier.
  const since = from - timeoutNs;
  let lo = 0;
  let hi = history.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((history[mid] as HistoryEvent).time < since) lo = mid + 1;
    else hi = mid;
  }
  const byId = new Map<number, TraceOp>();
  const out: TraceOp[] = [];
  for (let i = lo; i < history.length; i++) {
    const e = history[i] as HistoryEvent;
    if (e.time > to) break;
    if (e.type === "invoke") {
      const op: TraceOp = {
        opId: e.opId,
        client: e.session,
        node: e.node,
        f: e.f,
        key: e.key,
        value: e.value,
        status: "open",
        start: e.time,
        end: null,
      };
      byId.set(e.opId, op);
      out.push(op);
      continue;
    }
    const op = byId.get(e.opId);
    if (op === undefined) continue;
    op.status = e.type;
    op.end = e.time;
    if (e.type === "ok" && op.f === "read") op.value = e.value;
    if (e.type === "fail" && op.f === "read") op.value = null;
  }
  return out.filter((o) => o.end === null || o.end > from || (o.end === from && o.start === from));
}

/** The whole trace at once (tests, the server). The panel spreads `startTrace` over frames instead. */
export function traceWindow(
  sim: Simulation,
  fromNs: number,
  toNs: number,
  limit: number = TRACE_LIMIT,
): SpaceTimeTrace {
  const job = startTrace(sim, fromNs, toNs, limit);
  while (!job.step(100_000)) {}
  return job.result();
}

export interface TraceHighlight {
  ops: Set<number>;
  messages: Set<number>;
  /** The span of the highlighted operations (null when none is in the trace). */
  from: number | null;
  to: number | null;
}

/**
 * What an anomaly points at in a trace: its operations, and the messages that touch the nodes those
 * operations ran on while they were open (the replication and quorum traffic behind the answer), leaving out
 * messages about other keys when the design's messages name their key.
 */
export function highlightFor(trace: SpaceTimeTrace, opIds: ReadonlySet<number>): TraceHighlight {
  const ops = trace.ops.filter((o) => opIds.has(o.opId));
  if (ops.length === 0) return { ops: new Set(), messages: new Set(), from: null, to: null };
  const from = Math.min(...ops.map((o) => o.start));
  const to = Math.max(...ops.map((o) => o.end ?? trace.shownToNs));
  const nodes = new Set(ops.map((o) => o.node));
  const keys = new Set(ops.map((o) => o.key));
  const messages = new Set<number>();
  for (const m of trace.messages) {
    const start = m.sentAt ?? trace.fromNs;
    if (m.key !== null && !keys.has(m.key)) continue;
    if (start <= to && m.at >= from && (nodes.has(m.from) || nodes.has(m.to))) messages.add(m.id);
  }
  return { ops: new Set(ops.map((o) => o.opId)), messages, from, to };
}
