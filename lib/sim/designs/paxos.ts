import { PAXOS } from "../constants";
import type { Design, DesignContext, DesignMessage } from "../types";
import { observeRegisters } from "./observe";

/**
 * Paxos (Lamport): every node is proposer, acceptor and learner. The log is a sequence of slots and each slot is
 * one single-decree Paxos instance; a client operation, read or write, is proposed into a slot, and every node
 * applies the chosen values in slot order, so reads are linearizable.
 *
 * - Ballots are `round × stride + node`: totally ordered and never shared by two proposers.
 * - Phase 1: `prepare(b, from)`. An acceptor that has promised nothing higher promises b for every slot ≥ from and
 *   reports what it accepted there (or what it knows was chosen). The proposer must re-propose, per slot, the
 *   value accepted at the highest ballot; a slot nobody reports is free.
 * - Phase 2: `accept(b, slot, value)`. An acceptor takes it unless it promised a higher ballot (then it answers
 *   `nack` with that ballot: the proposer was pre-empted). A majority of acceptances chooses the value, and the
 *   proposer tells every learner.
 *
 * `leader: "distinguished"` is Multi-Paxos: a node that wins phase 1 leads, skips phase 1 for every later slot
 * (one round trip per operation), and heartbeats; a follower that hears no leader for a while campaigns with a
 * higher ballot. `leader: "none"` has every node propose its own clients' operations, phase 1 each time: two
 * proposers pre-empt each other's phase 2 with their phase 1, and without randomised backoff they can do so
 * forever (duelling proposers: safe, but no progress).
 *
 * Durable: an acceptor's promise and accepted values, and the learned log. Volatile: the proposer, the applied
 * state. Values and accepted entries are frozen: shared by messages, acceptors and snapshots.
 */
export interface PaxosOp {
  /** 0 for the no-op a new leader puts in a slot nobody reported. */
  opId: number;
  /** The node the client is attached to: it answers the client when it applies the slot. */
  origin: number;
  f: "read" | "write" | "noop";
  key: string;
  value: number | null;
}

export interface AcceptedEntry {
  b: number;
  v: PaxosOp;
}

export const NOOP: PaxosOp = Object.freeze({ opId: 0, origin: -1, f: "noop", key: "", value: null });
/** A promise reports a slot the acceptor knows was chosen with this ballot: it outranks any accepted one. */
const CHOSEN_BALLOT = Number.MAX_SAFE_INTEGER;

export const IDLE = 0;
export const PREPARING = 1;
export const LEADING = 2;
/** Waiting out a randomised backoff before the next phase 1. */
export const BACKING_OFF = 3;

/** A value sent in phase 2 and not yet chosen. `acks` is a bitmask of acceptors (members are < 32). */
interface Proposal {
  s: number;
  e: AcceptedEntry;
  acks: number;
  count: number;
  sentAt: number;
}

export interface PaxosNode {
  // acceptor and learner (durable)
  promised: number;
  accepted: (AcceptedEntry | null)[];
  /** Learned (chosen) values by slot; null where not learned yet. */
  log: (PaxosOp | null)[];
  // volatile
  applied: number;
  kv: Record<string, number>;
  /** Bitmap of operation ids applied: a forwarded request delivered twice may be chosen in two slots. */
  appliedIds: number[];
  // proposer (volatile)
  round: number;
  ballot: number;
  phase: number;
  promises: number;
  promiseCount: number;
  prepFrom: number;
  /** Per slot from prepFrom: the highest-ballot value reported in phase 1. */
  recovered: (AcceptedEntry | null)[];
  inflight: Proposal[];
  nextSlot: number;
  /** Operations this node will propose (its own clients', or forwarded to it as leader). */
  queue: PaxosOp[];
  /** Leaderless mode: the slot queue[0] was sent to in phase 2, until that slot is decided (-1: none). */
  pinSlot: number;
  /** Consecutive pre-emptions (the backoff exponent). */
  preemptions: number;
  /** Token of the current round's retry timer. */
  attempt: number;
  // distinguished leader
  leader: number;
  deadline: number;
  timerAt: number;
}

export interface PaxosState {
  members: number[];
  nodes: PaxosNode[];
  distinguished: boolean;
  backoff: boolean;
  /** 0: unbounded. */
  slots: number;
  /** Ballots abandoned because a higher one pre-empted them (prepare or accept refused), over the whole run. */
  preempted: number;
}

type PaxosMessage =
  | { t: "prepare"; b: number; from: number }
  | { t: "promise"; b: number; acc: { s: number; e: AcceptedEntry }[] }
  | { t: "accept"; b: number; s: number; e: AcceptedEntry }
  | { t: "accepted"; b: number; s: number }
  /** The request with ballot `b` was refused: the acceptor has promised `promised`. */
  | { t: "nack"; b: number; promised: number }
  | { t: "chosen"; s: number; v: PaxosOp }
  /** `b`: the sender's ballot when it leads (-1 otherwise); `upTo`: how many slots it has learned in a row. */
  | { t: "hb"; b: number; upTo: number }
  | { t: "catchup"; from: number }
  | { t: "learn"; from: number; vs: (PaxosOp | null)[] }
  | { t: "fwd"; op: PaxosOp };

const STRIDE = PAXOS.ballotStride;
const roundOf = (b: number) => (b < 0 ? 0 : Math.floor(b / STRIDE));

function freshNode(): PaxosNode {
  return {
    promised: -1,
    accepted: [],
    log: [],
    ...volatileDefaults(),
    round: 0,
  };
}

function volatileDefaults(): Omit<PaxosNode, "promised" | "accepted" | "log"> {
  return {
    applied: 0,
    kv: {},
    appliedIds: [],
    round: 0,
    ballot: -1,
    phase: IDLE,
    promises: 0,
    promiseCount: 0,
    prepFrom: 0,
    recovered: [],
    inflight: [],
    nextSlot: 0,
    queue: [],
    pinSlot: -1,
    preemptions: 0,
    attempt: 0,
    leader: -1,
    deadline: 0,
    timerAt: 0,
  };
}

function majority(s: PaxosState): number {
  return (s.members.length >> 1) + 1;
}

/** The first slot this node has not learned. */
function firstUnknown(n: PaxosNode): number {
  let i = n.applied;
  while (i < n.log.length && n.log[i] !== null) i++;
  return i;
}

function setAt<T>(xs: (T | null)[], i: number, x: T): void {
  while (xs.length < i) xs.push(null);
  xs[i] = x;
}

// ---------------------------------------------------------------------------------------------- learner

function apply(ctx: DesignContext, n: PaxosNode, self: number): void {
  const log = n.log;
  while (n.applied < log.length) {
    const v = log[n.applied];
    if (v === null || v === undefined) return;
    n.applied++;
    if (v.opId === 0) continue;
    const w = v.opId >> 5;
    const bit = 1 << (v.opId & 31);
    while (n.appliedIds.length <= w) n.appliedIds.push(0);
    if (((n.appliedIds[w] as number) & bit) !== 0) continue;
    n.appliedIds[w] = (n.appliedIds[w] as number) | bit;
    if (v.f === "write") n.kv[v.key] = v.value as number;
    if (v.origin === self) {
      ctx.reply(v.opId, { ok: true, value: v.f === "write" ? v.value : (n.kv[v.key] ?? null) });
    }
  }
}

function learn(ctx: DesignContext, s: PaxosState, self: number, slot: number, v: PaxosOp): void {
  const n = s.nodes[self] as PaxosNode;
  if ((n.log[slot] ?? null) !== null) return;
  setAt(n.log, slot, v);
  for (let i = 0; i < n.inflight.length; i++) {
    if ((n.inflight[i] as Proposal).s === slot) {
      n.inflight.splice(i, 1);
      break;
    }
  }
  if (n.pinSlot === slot) {
    // The pinned operation is decided there: done if it won the slot, free to go elsewhere if it lost it.
    if (v.opId === n.queue[0]?.opId) n.queue.shift();
    n.pinSlot = -1;
  }
  apply(ctx, n, self);
  if (!s.distinguished && n.phase === LEADING && n.inflight.length === 0) {
    // Leaderless: a round ends when its slots are decided; the next operation needs a new phase 1.
    n.phase = IDLE;
    n.preemptions = 0;
    if (n.queue.length > 0) startPrepare(ctx, s, self);
  }
}

// ---------------------------------------------------------------------------------------------- acceptor

function onPrepare(
  ctx: DesignContext,
  s: PaxosState,
  self: number,
  from: number,
  b: number,
  fromSlot: number,
) {
  const n = s.nodes[self] as PaxosNode;
  if (b < n.promised) {
    reply(ctx, s, self, from, { t: "nack", b, promised: n.promised });
    return;
  }
  n.promised = b;
  if (b > n.round * STRIDE) n.round = roundOf(b);
  if (s.distinguished && from !== self) {
    // A campaign is on: give it time before starting one of our own, and stop forwarding to the old leader.
    if (n.phase !== IDLE && n.ballot < b) stepDown(ctx, s, self);
    n.leader = -1;
    resetLeaderTimer(ctx, n, self);
  }
  const acc: { s: number; e: AcceptedEntry }[] = [];
  const hi = Math.max(n.accepted.length, n.log.length);
  for (let i = fromSlot; i < hi; i++) {
    const chosen = n.log[i] ?? null;
    if (chosen !== null) acc.push({ s: i, e: { b: CHOSEN_BALLOT, v: chosen } });
    else {
      const e = n.accepted[i] ?? null;
      if (e !== null) acc.push({ s: i, e });
    }
  }
  reply(ctx, s, self, from, { t: "promise", b, acc });
}

function onAccept(
  ctx: DesignContext,
  s: PaxosState,
  self: number,
  from: number,
  b: number,
  slot: number,
  e: AcceptedEntry,
) {
  const n = s.nodes[self] as PaxosNode;
  if (b < n.promised) {
    reply(ctx, s, self, from, { t: "nack", b, promised: n.promised });
    return;
  }
  n.promised = b;
  setAt(n.accepted, slot, e);
  if (s.distinguished && from !== self) {
    n.leader = from;
    resetLeaderTimer(ctx, n, self);
  }
  reply(ctx, s, self, from, { t: "accepted", b, s: slot });
}

/** An acceptor's answer: persisted first when it goes over the network; handled at once when it is for itself. */
function reply(ctx: DesignContext, s: PaxosState, self: number, to: number, m: PaxosMessage): void {
  if (to === self) proposerMessage(ctx, s, self, self, m);
  else ctx.send(self, to, m, ctx.storageDelayNs());
}

// ---------------------------------------------------------------------------------------------- proposer

function startPrepare(ctx: DesignContext, s: PaxosState, self: number): void {
  const n = s.nodes[self] as PaxosNode;
  n.round = Math.max(n.round, roundOf(n.promised)) + 1;
  n.ballot = n.round * STRIDE + self;
  n.phase = PREPARING;
  n.promises = 0;
  n.promiseCount = 0;
  n.prepFrom = firstUnknown(n);
  n.recovered = [];
  n.inflight = [];
  n.attempt++;
  if (s.distinguished) resetLeaderTimer(ctx, n, self);
  else ctx.setTimer(self, PAXOS.retryNs, "retry", n.attempt);
  const msg: PaxosMessage = { t: "prepare", b: n.ballot, from: n.prepFrom };
  for (const m of s.members) if (m !== self) ctx.send(self, m, msg);
  onPrepare(ctx, s, self, self, n.ballot, n.prepFrom);
}

function onPromise(
  ctx: DesignContext,
  s: PaxosState,
  self: number,
  from: number,
  m: Extract<PaxosMessage, { t: "promise" }>,
) {
  const n = s.nodes[self] as PaxosNode;
  if (n.phase !== PREPARING || m.b !== n.ballot || (n.promises & (1 << from)) !== 0) return;
  n.promises |= 1 << from;
  n.promiseCount++;
  for (const { s: slot, e } of m.acc) {
    if (e.b === CHOSEN_BALLOT) {
      learn(ctx, s, self, slot, e.v);
      if (n.phase !== PREPARING || m.b !== n.ballot) return;
      continue;
    }
    const i = slot - n.prepFrom;
    if (i < 0) continue;
    const seen = n.recovered[i] ?? null;
    if (seen === null || e.b > seen.b) setAt(n.recovered, i, e);
  }
  if (n.promiseCount >= majority(s)) becomeLeading(ctx, s, self);
}

function propose(ctx: DesignContext, s: PaxosState, self: number, slot: number, v: PaxosOp): void {
  const n = s.nodes[self] as PaxosNode;
  const e: AcceptedEntry = Object.freeze({ b: n.ballot, v });
  n.inflight.push({ s: slot, e, acks: 0, count: 0, sentAt: ctx.now() });
  const msg: PaxosMessage = { t: "accept", b: n.ballot, s: slot, e };
  for (const m of s.members) if (m !== self) ctx.send(self, m, msg);
  onAccept(ctx, s, self, self, n.ballot, slot, e);
}

/** Refuse an operation that was never sent in phase 2: it certainly did not happen. */
function refuse(ctx: DesignContext, self: number, op: PaxosOp): void {
  if (op.origin === self) ctx.reply(op.opId, { ok: false });
}

function full(s: PaxosState, slot: number): boolean {
  return s.slots > 0 && slot >= s.slots;
}

/** Phase 1 won: re-propose what the majority reported, fill the gaps with no-ops, then propose our own. */
function becomeLeading(ctx: DesignContext, s: PaxosState, self: number): void {
  const n = s.nodes[self] as PaxosNode;
  n.phase = LEADING;
  if (s.distinguished) {
    n.leader = self;
    ctx.setTimer(self, PAXOS.heartbeatNs, "heartbeat", n.ballot);
    sendHeartbeat(ctx, s, self);
  }
  if (!s.distinguished) {
    n.attempt++;
    ctx.setTimer(self, PAXOS.retryNs, "retry", n.attempt);
  }
  const ballot = n.ballot;
  const start = firstUnknown(n);
  // Slots someone reported, or that we have learned, are spoken for; every slot after them is free.
  let end = Math.max(n.prepFrom + n.recovered.length, n.log.length);
  if (n.pinSlot >= end) end = n.pinSlot + 1;
  for (let slot = start; slot < end; slot++) {
    if ((n.log[slot] ?? null) !== null) continue;
    const rec = n.recovered[slot - n.prepFrom] ?? null;
    const own = slot === n.pinSlot ? (n.queue[0] as PaxosOp) : NOOP;
    propose(ctx, s, self, slot, rec === null ? own : rec.v);
    // A proposal may complete at once (a one-node cluster) and end or lose this round.
    if (n.phase !== LEADING || n.ballot !== ballot) return;
  }
  n.nextSlot = Math.max(end, start);
  if (s.distinguished) {
    const queued = n.queue;
    n.queue = [];
    for (const op of queued) proposeNext(ctx, s, self, op);
  } else if (n.pinSlot < 0 && n.queue.length > 0) {
    const op = n.queue[0] as PaxosOp;
    if (full(s, n.nextSlot)) {
      n.queue.shift();
      refuse(ctx, self, op);
    } else {
      n.pinSlot = n.nextSlot++;
      propose(ctx, s, self, n.pinSlot, op);
    }
  }
  if (!s.distinguished && n.phase === LEADING && n.inflight.length === 0) {
    n.phase = IDLE;
    if (n.queue.length > 0) startPrepare(ctx, s, self);
  }
}

/** Distinguished leader: phase 2 only, into the next free slot. */
function proposeNext(ctx: DesignContext, s: PaxosState, self: number, op: PaxosOp): void {
  const n = s.nodes[self] as PaxosNode;
  while ((n.log[n.nextSlot] ?? null) !== null) n.nextSlot++;
  if (full(s, n.nextSlot)) {
    refuse(ctx, self, op);
    return;
  }
  propose(ctx, s, self, n.nextSlot++, op);
}

function onAccepted(ctx: DesignContext, s: PaxosState, self: number, from: number, b: number, slot: number) {
  const n = s.nodes[self] as PaxosNode;
  if (n.phase !== LEADING || b !== n.ballot) return;
  const inflight = n.inflight;
  for (let i = 0; i < inflight.length; i++) {
    const p = inflight[i] as Proposal;
    if (p.s !== slot) continue;
    const bit = 1 << from;
    if ((p.acks & bit) !== 0) return;
    p.acks |= bit;
    p.count++;
    if (p.count < majority(s)) return;
    inflight.splice(i, 1);
    const msg: PaxosMessage = { t: "chosen", s: slot, v: p.e.v };
    for (const m of s.members) if (m !== self) ctx.send(self, m, msg);
    learn(ctx, s, self, slot, p.e.v);
    return;
  }
}

/** Distinguished mode: give up leading (or campaigning). Queued operations were never proposed: refuse them. */
function stepDown(ctx: DesignContext, s: PaxosState, self: number): void {
  const n = s.nodes[self] as PaxosNode;
  n.phase = IDLE;
  n.inflight = [];
  n.recovered = [];
  n.leader = -1;
  const queued = n.queue;
  n.queue = [];
  for (const op of queued) refuse(ctx, self, op);
  resetLeaderTimer(ctx, n, self);
}

function onNack(ctx: DesignContext, s: PaxosState, self: number, b: number, promised: number): void {
  const n = s.nodes[self] as PaxosNode;
  if (roundOf(promised) > n.round) n.round = roundOf(promised);
  if (b !== n.ballot || (n.phase !== PREPARING && n.phase !== LEADING)) return;
  s.preempted++;
  if (s.distinguished) {
    stepDown(ctx, s, self);
    return;
  }
  // Leaderless: our own operation stays pinned to its slot (a minority may hold it there); the rest is dropped.
  n.inflight = [];
  n.recovered = [];
  n.preemptions++;
  retry(ctx, s, self);
}

function retry(ctx: DesignContext, s: PaxosState, self: number): void {
  const n = s.nodes[self] as PaxosNode;
  if (!s.backoff) {
    startPrepare(ctx, s, self);
    return;
  }
  n.phase = BACKING_OFF;
  n.attempt++;
  const cap = Math.min(PAXOS.backoffCapNs, PAXOS.backoffBaseNs * 2 ** Math.min(n.preemptions, 10));
  ctx.setTimer(self, ctx.randomInt(self, 1, cap), "retry", n.attempt);
}

// ---------------------------------------------------------------------------------------------- leader and catch-up

function resetLeaderTimer(ctx: DesignContext, n: PaxosNode, self: number): void {
  const now = ctx.now();
  n.deadline = now + ctx.randomInt(self, PAXOS.leaderTimeoutMinNs, PAXOS.leaderTimeoutMaxNs);
  if (n.timerAt > now && n.timerAt <= n.deadline) return;
  n.timerAt = n.deadline;
  ctx.setTimer(self, n.deadline - now, "election");
}

function sendHeartbeat(ctx: DesignContext, s: PaxosState, self: number): void {
  const n = s.nodes[self] as PaxosNode;
  const msg: PaxosMessage = {
    t: "hb",
    b: s.distinguished && n.phase === LEADING ? n.ballot : -1,
    upTo: firstUnknown(n),
  };
  for (const m of s.members) if (m !== self) ctx.send(self, m, msg);
}

function onHeartbeat(ctx: DesignContext, s: PaxosState, self: number, from: number, b: number, upTo: number) {
  const n = s.nodes[self] as PaxosNode;
  const known = firstUnknown(n);
  if (upTo > known) ctx.send(self, from, { t: "catchup", from: known } satisfies PaxosMessage);
  if (!s.distinguished || b < 0) return;
  if (b < n.promised) {
    // A leader that missed the newer ballot: tell it, so it stops leading.
    ctx.send(self, from, { t: "nack", b, promised: n.promised } satisfies PaxosMessage);
    return;
  }
  if (n.phase !== IDLE && n.ballot < b) stepDown(ctx, s, self);
  n.leader = from;
  resetLeaderTimer(ctx, n, self);
}

function proposerMessage(
  ctx: DesignContext,
  s: PaxosState,
  self: number,
  from: number,
  m: PaxosMessage,
): void {
  switch (m.t) {
    case "promise":
      onPromise(ctx, s, self, from, m);
      return;
    case "accepted":
      onAccepted(ctx, s, self, from, m.b, m.s);
      return;
    case "nack":
      onNack(ctx, s, self, m.b, m.promised);
      return;
    default:
      throw new Error(`not a proposer message: ${m.t}`);
  }
}

export const paxosDesign: Design<PaxosState> = {
  init(ctx, config) {
    if (config.kind !== "paxos") throw new Error("paxos design needs a paxos config");
    const s: PaxosState = {
      members: ctx.members(),
      nodes: [],
      distinguished: config.leader === "distinguished",
      backoff: config.backoff,
      slots: config.slots ?? 0,
      preempted: 0,
    };
    if (s.members.some((m) => m >= 31)) throw new Error("paxos supports up to 31 nodes");
    for (let i = 0; i < ctx.nodeCount(); i++) s.nodes.push(freshNode());
    for (const m of s.members) startTimers(ctx, s, m);
    return s;
  },

  onClientOp(ctx, s, self, op) {
    const n = s.nodes[self] as PaxosNode;
    if (!s.members.includes(self)) return ctx.reply(op.opId, { ok: false });
    const pop: PaxosOp = Object.freeze({
      opId: op.opId,
      origin: self,
      f: op.f,
      key: op.key,
      value: op.value,
    });
    if (!s.distinguished) {
      n.queue.push(pop);
      if (n.phase === IDLE) startPrepare(ctx, s, self);
      return;
    }
    if (n.phase === LEADING) proposeNext(ctx, s, self, pop);
    else if (n.phase === PREPARING) n.queue.push(pop);
    else if (n.leader >= 0) ctx.send(self, n.leader, { t: "fwd", op: pop } satisfies PaxosMessage);
    // No known leader: refuse at once; the operation certainly did not happen.
    else ctx.reply(op.opId, { ok: false });
  },

  onMessage(ctx, s, self, from, raw: DesignMessage) {
    const m = raw as PaxosMessage;
    if (!s.members.includes(self)) return;
    switch (m.t) {
      case "prepare":
        return onPrepare(ctx, s, self, from, m.b, m.from);
      case "accept":
        return onAccept(ctx, s, self, from, m.b, m.s, m.e);
      case "promise":
      case "accepted":
      case "nack":
        return proposerMessage(ctx, s, self, from, m);
      case "chosen":
        return learn(ctx, s, self, m.s, m.v);
      case "hb":
        return onHeartbeat(ctx, s, self, from, m.b, m.upTo);
      case "catchup": {
        const n = s.nodes[self] as PaxosNode;
        const upTo = firstUnknown(n);
        if (upTo > m.from)
          ctx.send(self, from, {
            t: "learn",
            from: m.from,
            vs: n.log.slice(m.from, upTo),
          } satisfies PaxosMessage);
        return;
      }
      case "learn":
        for (let i = 0; i < m.vs.length; i++) {
          const v = m.vs[i] ?? null;
          if (v !== null) learn(ctx, s, self, m.from + i, v);
        }
        return;
      case "fwd": {
        // Only a leader proposes it. Anyone else drops it: it may have proposed it while it led (a duplicate
        // delivery), so refusing could be a lie; the client times out instead.
        const n = s.nodes[self] as PaxosNode;
        if (n.phase === LEADING) proposeNext(ctx, s, self, m.op);
        return;
      }
      default: {
        const never: never = m;
        throw new Error(`unknown paxos message ${JSON.stringify(never)}`);
      }
    }
  },

  onTimer(ctx, s, self, name, token) {
    const n = s.nodes[self] as PaxosNode;
    if (name === "election") {
      const now = ctx.now();
      if (n.phase === LEADING) return;
      if (now < n.deadline) {
        if (n.timerAt <= now) {
          n.timerAt = n.deadline;
          ctx.setTimer(self, n.deadline - now, "election");
        }
        return;
      }
      n.timerAt = 0;
      n.leader = -1;
      startPrepare(ctx, s, self);
    } else if (name === "heartbeat") {
      if (n.phase !== LEADING || token !== n.ballot) return;
      sendHeartbeat(ctx, s, self);
      // Phase 2 messages lost on the way: send them again to whoever has not accepted.
      const old = ctx.now() - PAXOS.retryNs;
      for (const p of n.inflight) {
        if (p.sentAt > old) continue;
        p.sentAt = ctx.now();
        const msg: PaxosMessage = { t: "accept", b: n.ballot, s: p.s, e: p.e };
        for (const m of s.members) if ((p.acks & (1 << m)) === 0) ctx.send(self, m, msg);
      }
      ctx.setTimer(self, PAXOS.heartbeatNs, "heartbeat", n.ballot);
    } else if (name === "sync") {
      sendHeartbeat(ctx, s, self);
      ctx.setTimer(self, PAXOS.heartbeatNs, "sync");
    } else if (name === "retry") {
      if (token !== n.attempt) return;
      // A backoff has run out, or a round heard from no majority in time (lost messages, a partition).
      if (n.phase === BACKING_OFF || n.phase === PREPARING || n.phase === LEADING) startPrepare(ctx, s, self);
    }
  },

  onCrash(_ctx, s, self) {
    const n = s.nodes[self] as PaxosNode;
    Object.assign(n, volatileDefaults());
  },

  onRestart(ctx, s, self) {
    if (!s.members.includes(self)) return;
    const n = s.nodes[self] as PaxosNode;
    apply(ctx, n, self);
    startTimers(ctx, s, self);
  },

  onMembershipChange(ctx, s) {
    while (s.nodes.length < ctx.nodeCount()) s.nodes.push(freshNode());
  },

  observe(ctx, s) {
    return observeRegisters(ctx, s.members, (m) => (s.nodes[m] as PaxosNode).kv);
  },
};

function startTimers(ctx: DesignContext, s: PaxosState, self: number): void {
  const n = s.nodes[self] as PaxosNode;
  if (s.distinguished) resetLeaderTimer(ctx, n, self);
  else ctx.setTimer(self, PAXOS.heartbeatNs, "sync");
}

/**
 * How the cluster panel shows a node: the distinguished leader leads; a node in phase 1 is a candidate (in the
 * leaderless mode, every proposer with a round open). The term shown is the round of the highest ballot promised.
 */
export function paxosRole(
  s: PaxosState,
  i: number,
): { role: "leader" | "follower" | "candidate" | "replica"; term: number | null } {
  const n = s.nodes[i];
  if (n === undefined) return { role: "follower", term: null };
  const term = roundOf(n.promised);
  if (n.phase === LEADING) return { role: s.distinguished ? "leader" : "candidate", term };
  if (n.phase === PREPARING) return { role: "candidate", term };
  return { role: s.distinguished ? "follower" : "replica", term };
}
