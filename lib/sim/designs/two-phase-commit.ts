import { TWO_PHASE_COMMIT as TPC } from "../constants";
import type { Design, DesignContext, DesignMessage } from "../types";
import { shardOf, transactionKeys } from "./two-phase-commit-keys";
import {
  inquire,
  newParticipant,
  onParticipantMessage,
  type PartNode,
  serveRead,
  type Write,
} from "./two-phase-commit-participant";

/**
 * Two-phase commit. Some nodes coordinate, the rest are participants, each holding one shard of the keys
 * (two-phase-commit-keys.ts: a write of v to k writes v to k and to its index entry on the next shard, so it
 * spans two participants). The coordinator asks every participant of a transaction to prepare; a participant
 * that can lock the keys makes the writes durable, locks them and votes yes, otherwise it aborts and votes no.
 * With every vote yes the decision is commit, else abort; the decision goes into the coordinator's log, then to
 * the participants, which apply it, release the locks and confirm. A prepared participant may not decide alone:
 * until it hears the decision it holds its locks (in doubt), asking the coordinator every `inquireEveryNs`.
 * While a key is locked a read of it waits (answered when the lock is released, or the client times out) and a
 * write to it is refused: its transaction's participant votes no (no waiting for locks, so no deadlocks).
 *
 * The coordinator is a group of 1 ("single") or 3 ("replicated") replicas, the first members in order, run as
 * one protocol: a leader appends each decision to its log and sends it to participants only once a majority of
 * the group has it durably. With one replica that majority is itself, so a crashed coordinator's participants
 * wait until it restarts, reads its log and resends what it had decided. With three, a replica that hears no
 * leader for the failover timeout takes over and finishes the transactions from the replicated decisions.
 *
 * What is simplified, against Raft: no elections. Terms are owned in a fixed order (replica r leads the terms
 * t with t mod g = r), so a term has one possible leader. A replica taking over collects the logs of a majority
 * (the replicas that answer adopt its term and stop accepting older leaders' appends) and keeps, per
 * transaction, the decision from the highest term: a decision once stored on a majority is on at least one of
 * them, so every later leader keeps it (Paxos' rule, per transaction). It re-appends those decisions in its own
 * term and sends each once a majority has it again. A transaction no leader has a decision for when a
 * participant asks is aborted (presumed abort), through the log like any decision. A decision is durable on a
 * replica from the moment it is written (the write's latency delays what is sent after it, not durability).
 * Roles are fixed when the design is configured: a node added later stays idle, a removed participant's keys
 * are gone. Participants are not replicated: a crashed participant's keys are unavailable until it restarts.
 */
/** A coordinator's decision for one transaction; frozen, shared by messages and snapshots. */
export interface Decision {
  tx: number;
  commit: boolean;
  /** The term of the leader that last appended it; for a transaction, the highest term's decision stands. */
  term: number;
  /** Participant node indices. */
  parts: readonly number[];
  /** The node the client is attached to (it hears the result), or -1. */
  origin: number;
}

interface ActiveTx {
  tx: number;
  origin: number;
  parts: number[];
  yes: number[];
}

interface CoordNode {
  // durable
  term: number;
  log: Decision[];
  // volatile
  leading: boolean;
  /** Open while this replica collects a majority's logs before leading `term`. */
  takeover: { replied: number[]; merged: Decision[] } | null;
  active: ActiveTx[];
  /** Decisions appended in this term, waiting for a majority: tx and who has it. */
  inflight: { tx: number; acks: number[] }[];
  /** Decisions sent: participants that have not confirmed yet. */
  outstanding: { tx: number; waiting: number[] }[];
  lastHeard: number;
}

export interface TpcNode {
  /** Who this node believes leads the coordinator group, and that leader's term (durable for coordinators). */
  leader: number;
  term: number;
  coord: CoordNode | null;
  part: PartNode | null;
}

export interface TwoPhaseCommitState {
  coordinator: "single" | "replicated";
  /** Coordinator replicas in succession order; replica r owns the terms t with t mod g = r. */
  coordinators: number[];
  /** Participants in shard order: shard i is participants[i]. */
  participants: number[];
  nodes: TpcNode[];
}

export type TpcMessage =
  | { t: "begin"; opId: number; origin: number; key: string; value: number }
  | { t: "result"; opId: number; ok: boolean }
  | { t: "read"; opId: number; origin: number; key: string }
  | { t: "readResp"; opId: number; value: number | null }
  | { t: "prepare"; tx: number; origin: number; parts: number[]; writes: Write[] }
  | { t: "vote"; tx: number; yes: boolean }
  | { t: "decide"; tx: number; commit: boolean }
  | { t: "done"; tx: number }
  | { t: "inquire"; tx: number; origin: number; parts: number[] }
  | { t: "hb"; term: number }
  | { t: "stale"; term: number }
  | { t: "append"; term: number; entry: Decision }
  | { t: "appendAck"; term: number; tx: number }
  | { t: "takeover"; term: number }
  | { t: "takeoverAck"; term: number; log: Decision[] }
  | { t: "forget"; tx: number };

const send = (ctx: DesignContext, from: number, to: number, m: TpcMessage, delay?: number) =>
  ctx.send(from, to, m, delay);

const majority = (s: TwoPhaseCommitState) => Math.floor(s.coordinators.length / 2) + 1;
const leaderOfTerm = (s: TwoPhaseCommitState, term: number) =>
  s.coordinators[term % s.coordinators.length] ?? -1;

function coord(s: TwoPhaseCommitState, self: number): CoordNode {
  return (s.nodes[self] as TpcNode).coord as CoordNode;
}

/** The participant node that holds `key`, or -1 when there are none. */
export function ownerOf(s: TwoPhaseCommitState, key: string): number {
  if (s.participants.length === 0) return -1;
  return s.participants[shardOf(key, s.participants.length)] as number;
}

function answer(ctx: DesignContext, self: number, origin: number, opId: number, ok: boolean): void {
  if (origin === self) ctx.reply(opId, ok ? { ok: true, value: null } : { ok: false });
  else if (origin >= 0) send(ctx, self, origin, { t: "result", opId, ok });
}

function newNode(s: TwoPhaseCommitState, i: number): TpcNode {
  const isCoord = s.coordinators.includes(i);
  const isPart = s.participants.includes(i);
  return {
    leader: s.coordinators[0] ?? -1,
    term: 0,
    coord: isCoord
      ? {
          term: 0,
          log: [],
          leading: i === s.coordinators[0],
          takeover: null,
          active: [],
          inflight: [],
          outstanding: [],
          lastHeard: 0,
        }
      : null,
    part: isPart ? newParticipant() : null,
  };
}

// ---- coordinator -------------------------------------------------------------------------------------------

function stepDown(s: TwoPhaseCommitState, self: number, term: number): void {
  const n = s.nodes[self] as TpcNode;
  const c = coord(s, self);
  c.term = term;
  n.term = term;
  n.leader = leaderOfTerm(s, term);
  // Clients of transactions this replica was running time out: their fate is the next leader's to settle.
  c.leading = false;
  c.takeover = null;
  c.active = [];
  c.inflight = [];
  c.outstanding = [];
}

function beginTx(
  ctx: DesignContext,
  s: TwoPhaseCommitState,
  self: number,
  m: { opId: number; origin: number; key: string; value: number },
): void {
  const c = coord(s, self);
  const tx = m.opId;
  // A duplicated request: this transaction is running or decided already.
  if (c.active.some((a) => a.tx === tx) || c.log.some((d) => d.tx === tx)) return;
  const byPart = new Map<number, Write[]>();
  for (const key of transactionKeys(m.key)) {
    const p = ownerOf(s, key);
    byPart.set(p, [...(byPart.get(p) ?? []), { key, value: m.value }]);
  }
  const parts = [...byPart.keys()].sort((a, b) => a - b);
  c.active.push({ tx, origin: m.origin, parts, yes: [] });
  for (const p of parts) {
    send(ctx, self, p, { t: "prepare", tx, origin: m.origin, parts, writes: byPart.get(p) as Write[] });
  }
  ctx.setTimer(self, TPC.voteTimeoutNs, "votes", tx);
}

/** Appends a decision in this leader's term; it goes to the participants once a majority of replicas has it. */
function appendDecision(ctx: DesignContext, s: TwoPhaseCommitState, self: number, entry: Decision): void {
  const c = coord(s, self);
  const d = Object.freeze({ ...entry, parts: Object.freeze([...entry.parts]), term: c.term });
  c.log = [...c.log.filter((e) => e.tx !== d.tx), d];
  c.inflight = [...c.inflight.filter((f) => f.tx !== d.tx), { tx: d.tx, acks: [] }];
  for (const r of s.coordinators) if (r !== self) send(ctx, self, r, { t: "append", term: c.term, entry: d });
  // Its own copy counts once its own write has finished.
  ctx.setTimer(self, ctx.storageDelayNs(), "fsync", d.tx);
}

function acked(ctx: DesignContext, s: TwoPhaseCommitState, self: number, tx: number, by: number): void {
  const c = coord(s, self);
  const f = c.inflight.find((x) => x.tx === tx);
  if (!f) return;
  if (!f.acks.includes(by)) f.acks.push(by);
  if (f.acks.length < majority(s)) return;
  c.inflight = c.inflight.filter((x) => x.tx !== tx);
  const d = c.log.find((e) => e.tx === tx);
  if (!d) return;
  c.outstanding.push({ tx, waiting: [...d.parts] });
  for (const p of d.parts) send(ctx, self, p, { t: "decide", tx, commit: d.commit });
  answer(ctx, self, d.origin, tx, d.commit);
}

function decide(
  ctx: DesignContext,
  s: TwoPhaseCommitState,
  self: number,
  a: ActiveTx,
  commit: boolean,
): void {
  const c = coord(s, self);
  c.active = c.active.filter((x) => x.tx !== a.tx);
  appendDecision(ctx, s, self, { tx: a.tx, commit, term: c.term, parts: a.parts, origin: a.origin });
}

function heartbeat(ctx: DesignContext, s: TwoPhaseCommitState, self: number): void {
  const c = coord(s, self);
  const m: TpcMessage = { t: "hb", term: c.term };
  for (const i of [...s.coordinators, ...s.participants]) if (i !== self) send(ctx, self, i, m);
}

/** The smallest term above this replica's that it owns. */
function nextOwnedTerm(s: TwoPhaseCommitState, self: number, term: number): number {
  const g = s.coordinators.length;
  const r = s.coordinators.indexOf(self);
  return term + 1 + ((r - ((term + 1) % g) + g) % g);
}

function startTakeover(ctx: DesignContext, s: TwoPhaseCommitState, self: number): void {
  const n = s.nodes[self] as TpcNode;
  const c = coord(s, self);
  stepDown(s, self, nextOwnedTerm(s, self, c.term));
  n.leader = self;
  c.takeover = { replied: [self], merged: [...c.log] };
  c.lastHeard = ctx.now();
  askForLogs(ctx, s, self);
}

function askForLogs(ctx: DesignContext, s: TwoPhaseCommitState, self: number): void {
  const c = coord(s, self);
  if (c.takeover === null) return;
  if (c.takeover.replied.length >= majority(s)) {
    finishTakeover(ctx, s, self);
    return;
  }
  for (const r of s.coordinators) {
    if (!c.takeover.replied.includes(r)) send(ctx, self, r, { t: "takeover", term: c.term });
  }
}

/** Keep, per transaction, the decision of the highest term. */
function mergeLogs(into: Decision[], from: readonly Decision[]): Decision[] {
  const out = [...into];
  for (const d of from) {
    const i = out.findIndex((e) => e.tx === d.tx);
    if (i < 0) out.push(d);
    else if ((out[i] as Decision).term < d.term) out[i] = d;
  }
  return out.sort((a, b) => a.tx - b.tx);
}

function finishTakeover(ctx: DesignContext, s: TwoPhaseCommitState, self: number): void {
  const c = coord(s, self);
  const merged = c.takeover?.merged ?? [];
  c.takeover = null;
  c.leading = true;
  c.log = [];
  if (s.coordinators.length > 1) {
    heartbeat(ctx, s, self);
    ctx.setTimer(self, TPC.heartbeatNs, "heartbeat", c.term);
  }
  ctx.setTimer(self, TPC.resendEveryNs, "resend", c.term);
  // Finish what earlier leaders decided: each decision again, in this term, sent once a majority has it.
  for (const d of merged) appendDecision(ctx, s, self, d);
}

/** How long a replica waits without hearing a leader before taking over: later in the order, longer. */
function patienceNs(s: TwoPhaseCommitState, self: number, term: number): number {
  const g = s.coordinators.length;
  const distance = (s.coordinators.indexOf(self) - (term % g) + g) % g || g;
  return TPC.failoverTimeoutNs + (distance - 1) * TPC.failoverStaggerNs;
}

function onCoordinatorMessage(
  ctx: DesignContext,
  s: TwoPhaseCommitState,
  self: number,
  from: number,
  m: TpcMessage,
): void {
  const n = s.nodes[self] as TpcNode;
  const c = coord(s, self);
  switch (m.t) {
    case "begin":
      if (c.leading) beginTx(ctx, s, self, m);
      else answer(ctx, self, m.origin, m.opId, false);
      return;
    case "vote": {
      const a = c.active.find((x) => x.tx === m.tx);
      if (!a || !c.leading) return;
      if (m.yes && !a.yes.includes(from)) a.yes.push(from);
      if (!m.yes || a.yes.length === a.parts.length) decide(ctx, s, self, a, m.yes);
      return;
    }
    case "inquire": {
      if (!c.leading || c.active.some((a) => a.tx === m.tx) || c.inflight.some((f) => f.tx === m.tx)) return;
      const d = c.log.find((e) => e.tx === m.tx);
      if (d) {
        send(ctx, self, from, { t: "decide", tx: d.tx, commit: d.commit });
        return;
      }
      // No decision anywhere a majority can see: nobody can have committed it. Presumed abort.
      appendDecision(ctx, s, self, {
        tx: m.tx,
        commit: false,
        term: c.term,
        parts: m.parts,
        origin: m.origin,
      });
      return;
    }
    case "done": {
      const o = c.outstanding.find((x) => x.tx === m.tx);
      if (!o) return;
      o.waiting = o.waiting.filter((p) => p !== from);
      if (o.waiting.length > 0) return;
      // Every participant has applied it: no one will ask again, so the log may forget it.
      c.outstanding = c.outstanding.filter((x) => x.tx !== m.tx);
      c.log = c.log.filter((e) => e.tx !== m.tx);
      for (const r of s.coordinators) if (r !== self) send(ctx, self, r, { t: "forget", tx: m.tx });
      return;
    }
    case "hb":
      if (m.term < c.term) {
        send(ctx, self, from, { t: "stale", term: c.term });
        return;
      }
      if (m.term > c.term || c.leading || c.takeover !== null) stepDown(s, self, m.term);
      n.leader = from;
      c.lastHeard = ctx.now();
      return;
    case "stale":
      if (m.term > c.term) stepDown(s, self, m.term);
      return;
    case "append": {
      if (m.term < c.term) {
        send(ctx, self, from, { t: "stale", term: c.term });
        return;
      }
      if (m.term > c.term || c.leading || c.takeover !== null) stepDown(s, self, m.term);
      n.leader = from;
      c.lastHeard = ctx.now();
      c.log = mergeLogs(c.log, [m.entry]);
      send(ctx, self, from, { t: "appendAck", term: m.term, tx: m.entry.tx }, ctx.storageDelayNs());
      return;
    }
    case "appendAck":
      if (c.leading && m.term === c.term) acked(ctx, s, self, m.tx, from);
      return;
    case "takeover":
      if (m.term < c.term) {
        send(ctx, self, from, { t: "stale", term: c.term });
        return;
      }
      if (m.term > c.term || c.leading || c.takeover !== null) stepDown(s, self, m.term);
      n.leader = from;
      c.lastHeard = ctx.now();
      send(ctx, self, from, { t: "takeoverAck", term: m.term, log: c.log }, ctx.storageDelayNs());
      return;
    case "takeoverAck": {
      const t = c.takeover;
      if (t === null || m.term !== c.term || t.replied.includes(from)) return;
      t.replied.push(from);
      t.merged = mergeLogs(t.merged, m.log);
      if (t.replied.length >= majority(s)) finishTakeover(ctx, s, self);
      return;
    }
    case "forget":
      c.log = c.log.filter((e) => e.tx !== m.tx);
      return;
    default:
      return;
  }
}

// ---- the design --------------------------------------------------------------------------------------------

export const twoPhaseCommitDesign: Design<TwoPhaseCommitState> = {
  init(ctx, config) {
    if (config.kind !== "two-phase-commit") throw new Error("two-phase-commit design needs its config");
    const members = ctx.members();
    const g = config.coordinator === "replicated" ? 3 : 1;
    // At least one participant when there are two nodes or more.
    const coordinators = members.slice(0, Math.max(1, Math.min(g, members.length - 1)));
    const s: TwoPhaseCommitState = {
      coordinator: config.coordinator,
      coordinators,
      participants: members.slice(coordinators.length),
      nodes: [],
    };
    for (let i = 0; i < ctx.nodeCount(); i++) s.nodes.push(newNode(s, i));
    const first = coordinators[0];
    if (first !== undefined) ctx.setTimer(first, TPC.resendEveryNs, "resend", 0);
    // A lone coordinator has no one to tell it leads, and no one to take over from it (it recovers on restart).
    if (coordinators.length > 1) {
      if (first !== undefined) ctx.setTimer(first, TPC.heartbeatNs, "heartbeat", 0);
      // Every replica watches, the first one too: once deposed, it may have to take over again.
      for (const r of coordinators) ctx.setTimer(r, TPC.heartbeatNs, "watch");
    }
    return s;
  },

  onClientOp(ctx, s, self, op) {
    const n = s.nodes[self] as TpcNode;
    if (op.f === "read") {
      const owner = ownerOf(s, op.key);
      if (owner < 0) return ctx.reply(op.opId, { ok: false });
      const r = { opId: op.opId, origin: self, key: op.key };
      if (owner === self) serveRead(ctx, self, n.part as PartNode, r);
      else send(ctx, self, owner, { t: "read", ...r });
      return;
    }
    if (s.participants.length === 0) return ctx.reply(op.opId, { ok: false });
    const begin = { opId: op.opId, origin: self, key: op.key, value: op.value ?? op.opId };
    if (n.leader === self && n.coord !== null) {
      if (!n.coord.leading) return ctx.reply(op.opId, { ok: false });
      return beginTx(ctx, s, self, begin);
    }
    if (n.leader >= 0) send(ctx, self, n.leader, { t: "begin", ...begin });
  },

  onMessage(ctx, s, self, from, raw: DesignMessage) {
    const m = raw as TpcMessage;
    const n = s.nodes[self] as TpcNode;
    if (m.t === "result") return ctx.reply(m.opId, m.ok ? { ok: true, value: null } : { ok: false });
    if (m.t === "readResp") return ctx.reply(m.opId, { ok: true, value: m.value });
    if (n.part !== null && (m.t === "read" || m.t === "prepare" || m.t === "decide")) {
      return onParticipantMessage(ctx, s, self, from, m);
    }
    if (n.coord !== null) return onCoordinatorMessage(ctx, s, self, from, m);
    if (n.part !== null && m.t === "hb") onParticipantMessage(ctx, s, self, from, m);
  },

  onTimer(ctx, s, self, name, token) {
    const n = s.nodes[self] as TpcNode;
    const c = n.coord;
    if (name === "inquire") {
      const x = n.part?.prepared.find((p) => p.tx === token);
      if (!x) return;
      inquire(ctx, s, self, x);
      ctx.setTimer(self, TPC.inquireEveryNs, "inquire", token);
      return;
    }
    if (c === null) return;
    switch (name) {
      case "heartbeat":
        if (!c.leading || c.term !== token) return;
        heartbeat(ctx, s, self);
        ctx.setTimer(self, TPC.heartbeatNs, "heartbeat", c.term);
        return;
      case "resend":
        if (!c.leading || c.term !== token) return;
        // Appends the replicas have not acknowledged (lost, or the replica was down or cut off) go again.
        for (const f of c.inflight) {
          const d = c.log.find((e) => e.tx === f.tx);
          if (!d) continue;
          for (const r of s.coordinators) {
            if (r !== self && !f.acks.includes(r))
              send(ctx, self, r, { t: "append", term: c.term, entry: d });
          }
        }
        for (const o of c.outstanding) {
          const d = c.log.find((e) => e.tx === o.tx);
          if (d) for (const p of o.waiting) send(ctx, self, p, { t: "decide", tx: d.tx, commit: d.commit });
        }
        ctx.setTimer(self, TPC.resendEveryNs, "resend", c.term);
        return;
      case "votes": {
        const a = c.active.find((x) => x.tx === token);
        if (a && c.leading) decide(ctx, s, self, a, false);
        return;
      }
      case "fsync":
        if (c.leading) acked(ctx, s, self, token, self);
        return;
      case "watch":
        if (c.takeover !== null) askForLogs(ctx, s, self);
        else if (!c.leading && ctx.now() - c.lastHeard > patienceNs(s, self, c.term))
          startTakeover(ctx, s, self);
        ctx.setTimer(self, TPC.heartbeatNs, "watch");
        return;
    }
  },

  onCrash(_ctx, s, self) {
    const n = s.nodes[self] as TpcNode;
    if (n.coord !== null) {
      n.coord.leading = false;
      n.coord.takeover = null;
      n.coord.active = [];
      n.coord.inflight = [];
      n.coord.outstanding = [];
    }
    if (n.part !== null) n.part.reads = [];
  },

  onRestart(ctx, s, self) {
    const n = s.nodes[self] as TpcNode;
    if (n.part !== null) {
      // Still in doubt after the restart: the locks are on disk, and so is the need to ask.
      for (const x of n.part.prepared) ctx.setTimer(self, TPC.inquireEveryNs, "inquire", x.tx);
    }
    if (n.coord === null) return;
    n.coord.lastHeard = ctx.now();
    n.leader = leaderOfTerm(s, n.coord.term);
    // A lone coordinator recovers at once from its own log; a replica rejoins as a follower and waits.
    if (s.coordinators.length === 1) startTakeover(ctx, s, self);
    else ctx.setTimer(self, TPC.heartbeatNs, "watch");
  },

  onMembershipChange(ctx, s) {
    // Roles are fixed at configure time: a node added later is neither (it only relays its clients' requests).
    while (s.nodes.length < ctx.nodeCount()) s.nodes.push(newNode(s, s.nodes.length));
  },

  observe(ctx, s) {
    const out: Record<string, Record<string, number[]>> = {};
    for (const m of ctx.members()) {
      const view: Record<string, number[]> = {};
      const data = s.nodes[m]?.part?.data ?? {};
      for (const k of Object.keys(data)) view[k] = [data[k] as number];
      out[ctx.nodeId(m)] = view;
    }
    return out;
  },
};
