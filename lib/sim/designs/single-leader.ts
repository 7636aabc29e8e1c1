import { SINGLE_LEADER } from "../constants";
import type { Design, DesignContext, DesignMessage } from "../types";
import { observeRegisters } from "./observe";
import { promotionRule } from "./single-leader-modes";

/**
 * Single-leader (primary/replica) replication. The leader orders writes by a sequence number and ships them to
 * followers, acknowledging a write after one follower applied it ("semi-sync": the article's synchronous
 * replication), after every follower did ("sync") or at once ("async"; the change stream is batched on the next
 * heartbeat, so a leader crash loses what it had not shipped). Names for people: single-leader-modes.ts.
 * Failover: a follower that hears nothing for a while promotes itself in a new epoch; followers adopt the newest
 * epoch and copy the new leader's data, which is where writes the new leader lacks vanish. With promote "first"
 * the first follower in order to notice takes over; with "freshest" it first canvasses its peers (below).
 * Nothing stops a partitioned old leader from accepting writes meanwhile (split brain): that is the point.
 */
interface Change {
  seq: number;
  key: string;
  value: number;
}

interface PendingWrite {
  seq: number;
  opId: number;
  origin: number;
  acks: number[];
}

interface LeaderNode {
  // durable
  data: Record<string, number>;
  seq: number;
  epoch: number;
  leader: number;
  /**
   * The epoch whose leader's data this node has copied. Until it equals `epoch`, the node's sequence numbers
   * mean nothing to the new leader, so it applies no changes and keeps asking for a snapshot.
   */
  syncedEpoch: number;
  // volatile
  outbox: Change[];
  pending: PendingWrite[];
  lastHeard: number;
  /** Open only while this follower canvasses its peers before promoting itself (promote: "freshest"). */
  canvass?: Canvass | undefined;
}

/**
 * Promote "freshest", as a failover manager (MHA, Orchestrator, Patroni) does it but without one: a follower
 * whose patience runs out asks the other followers for their position, and promotes itself only if no peer that
 * answers is further along. A position is (the epoch whose data it copied, the last sequence number applied),
 * compared in that order; a tie goes to the peer earlier in the succession order. A follower that defers keeps
 * watching and canvasses again on its next tick, so the fresher peer promotes itself when its own (staggered)
 * patience runs out, and a deferring follower that hears the new leader adopts it. A peer that is down or cut off
 * does not answer within SINGLE_LEADER.canvassTimeoutNs and does not count: "freshest" means the freshest
 * follower this one can reach. Every follower judges the same positions the same way, so two canvassing
 * followers never both conclude they are freshest, unless their messages to each other are lost.
 */
interface Canvass {
  /** When it opened: names its timer and its replies. */
  round: number;
  /** Peers that have not answered yet; the canvass closes when none are left or on its timer. */
  waiting: number[];
  /** A peer that answered is further along (or as far along and earlier in the succession order). */
  ahead: boolean;
}

export interface SingleLeaderState {
  replication: "sync" | "semi-sync" | "async";
  readFrom: "local" | "leader";
  failover: boolean;
  /** As configured (absent in every session stored before it existed); see promotionRule. */
  promote?: "first" | "freshest";
  members: number[];
  nodes: LeaderNode[];
}

type LeaderMessage =
  | { t: "rep"; epoch: number; changes: Change[] }
  | { t: "repAck"; epoch: number; seq: number }
  | { t: "hb"; epoch: number; seq: number }
  | { t: "syncReq"; epoch: number }
  | { t: "snap"; epoch: number; seq: number; data: Record<string, number> }
  | { t: "newLeader"; epoch: number; leader: number }
  | { t: "positionReq"; round: number }
  | { t: "position"; round: number; syncedEpoch: number; seq: number }
  | { t: "fwd"; opId: number; origin: number; f: "read" | "write"; key: string; value: number | null }
  | { t: "fwdResp"; opId: number; value: number | null };

function newNode(leader: number): LeaderNode {
  return { data: {}, seq: 0, epoch: 0, leader, syncedEpoch: 0, outbox: [], pending: [], lastHeard: 0 };
}

function followers(s: SingleLeaderState, self: number): number[] {
  return s.members.filter((m) => m !== self);
}

function acksNeeded(s: SingleLeaderState, self: number): number {
  const f = followers(s, self).length;
  if (s.replication === "async") return 0;
  return s.replication === "sync" ? f : Math.min(1, f);
}

function answer(ctx: DesignContext, self: number, origin: number, opId: number, value: number | null): void {
  if (origin === self) ctx.reply(opId, { ok: true, value });
  else ctx.send(self, origin, { t: "fwdResp", opId, value } satisfies LeaderMessage);
}

function ship(ctx: DesignContext, s: SingleLeaderState, self: number): void {
  const n = s.nodes[self] as LeaderNode;
  if (n.outbox.length === 0) return;
  const msg: LeaderMessage = { t: "rep", epoch: n.epoch, changes: n.outbox };
  for (const f of followers(s, self)) ctx.send(self, f, msg);
  n.outbox = [];
}

function leaderWrite(
  ctx: DesignContext,
  s: SingleLeaderState,
  self: number,
  opId: number,
  origin: number,
  key: string,
  value: number,
): void {
  const n = s.nodes[self] as LeaderNode;
  n.seq++;
  n.data[key] = value;
  n.outbox.push({ seq: n.seq, key, value });
  if (acksNeeded(s, self) === 0) {
    // async: acknowledge once the leader's own disk has it; the change ships with the next heartbeat.
    ctx.send(self, origin, { t: "fwdResp", opId, value } satisfies LeaderMessage, ctx.storageDelayNs());
    return;
  }
  n.pending.push({ seq: n.seq, opId, origin, acks: [] });
  ship(ctx, s, self);
}

function adoptLeader(
  ctx: DesignContext,
  s: SingleLeaderState,
  self: number,
  epoch: number,
  leader: number,
): void {
  const n = s.nodes[self] as LeaderNode;
  n.epoch = epoch;
  n.leader = leader;
  n.pending = []; // clients of a deposed leader time out: their writes' fate is unknown
  n.outbox = [];
  n.lastHeard = ctx.now();
  if (leader !== self) ctx.send(self, leader, { t: "syncReq", epoch } satisfies LeaderMessage);
}

function armWatch(ctx: DesignContext, s: SingleLeaderState, self: number): void {
  if (s.failover) ctx.setTimer(self, SINGLE_LEADER.heartbeatNs, "watch");
}

/** How long this follower waits without hearing the leader: later in the succession order, longer. */
function patienceNs(s: SingleLeaderState, self: number): number {
  const rank = followers(s, (s.nodes[self] as LeaderNode).leader).indexOf(self);
  return SINGLE_LEADER.failoverTimeoutNs + Math.max(0, rank) * SINGLE_LEADER.failoverStaggerNs;
}

function promote(ctx: DesignContext, s: SingleLeaderState, self: number): void {
  const n = s.nodes[self] as LeaderNode;
  n.epoch++;
  n.leader = self;
  n.syncedEpoch = n.epoch;
  n.pending = [];
  const msg: LeaderMessage = { t: "newLeader", epoch: n.epoch, leader: self };
  for (const f of followers(s, self)) ctx.send(self, f, msg);
  ctx.setTimer(self, SINGLE_LEADER.heartbeatNs, "heartbeat", n.epoch);
}

function openCanvass(ctx: DesignContext, s: SingleLeaderState, self: number): void {
  const n = s.nodes[self] as LeaderNode;
  if (n.canvass !== undefined) return; // one at a time; the open one closes on its timer at the latest
  const peers = followers(s, n.leader).filter((m) => m !== self);
  if (peers.length === 0) {
    promote(ctx, s, self);
    return;
  }
  const round = ctx.now();
  n.canvass = { round, waiting: peers, ahead: false };
  for (const p of peers) ctx.send(self, p, { t: "positionReq", round } satisfies LeaderMessage);
  ctx.setTimer(self, SINGLE_LEADER.canvassTimeoutNs, "canvass", round);
}

function closeCanvass(ctx: DesignContext, s: SingleLeaderState, self: number): void {
  const n = s.nodes[self] as LeaderNode;
  const ahead = n.canvass?.ahead ?? true;
  n.canvass = undefined;
  // Meanwhile it may have heard a leader (old or new); then there is nothing to take over.
  if (ahead || n.leader === self || ctx.now() - n.lastHeard <= patienceNs(s, self)) return;
  promote(ctx, s, self);
}

export const singleLeaderDesign: Design<SingleLeaderState> = {
  init(ctx, config) {
    if (config.kind !== "single-leader") throw new Error("single-leader design needs its config");
    const members = ctx.members();
    const leader = members[0] ?? 0;
    const s: SingleLeaderState = { ...config, members, nodes: [] };
    for (let i = 0; i < ctx.nodeCount(); i++) s.nodes.push(newNode(leader));
    ctx.setTimer(leader, SINGLE_LEADER.heartbeatNs, "heartbeat", 0);
    for (const m of members) armWatch(ctx, s, m);
    return s;
  },

  onClientOp(ctx, s, self, op) {
    const n = s.nodes[self] as LeaderNode;
    const isLeader = n.leader === self;
    if (op.f === "read" && (isLeader || s.readFrom === "local")) {
      return ctx.reply(op.opId, { ok: true, value: n.data[op.key] ?? null });
    }
    if (op.f === "write" && isLeader)
      return leaderWrite(ctx, s, self, op.opId, self, op.key, op.value ?? op.opId);
    ctx.send(self, n.leader, {
      t: "fwd",
      opId: op.opId,
      origin: self,
      f: op.f,
      key: op.key,
      value: op.value,
    });
  },

  onMessage(ctx, s, self, from, raw: DesignMessage) {
    const m = raw as LeaderMessage;
    const n = s.nodes[self] as LeaderNode;
    switch (m.t) {
      case "rep":
      case "hb": {
        if (m.epoch < n.epoch) {
          ctx.send(self, from, { t: "newLeader", epoch: n.epoch, leader: n.leader } satisfies LeaderMessage);
          return;
        }
        if (m.epoch > n.epoch || n.leader !== from) return adoptLeader(ctx, s, self, m.epoch, from);
        n.lastHeard = ctx.now();
        if (n.syncedEpoch < n.epoch || (m.t === "hb" && m.seq > n.seq)) {
          // Not yet copied this leader's data (the snapshot may have been lost), or behind: ask (again).
          ctx.send(self, from, { t: "syncReq", epoch: n.epoch } satisfies LeaderMessage);
          return;
        }
        if (m.t === "hb") return;
        for (const c of m.changes) {
          if (c.seq === n.seq + 1) {
            n.data[c.key] = c.value;
            n.seq = c.seq;
          } else if (c.seq > n.seq + 1) {
            // A gap (a lost batch): fetch the whole state rather than replay.
            ctx.send(self, from, { t: "syncReq", epoch: n.epoch } satisfies LeaderMessage);
            break;
          }
        }
        ctx.send(
          self,
          from,
          { t: "repAck", epoch: n.epoch, seq: n.seq } satisfies LeaderMessage,
          ctx.storageDelayNs(),
        );
        return;
      }
      case "repAck": {
        if (n.leader !== self || m.epoch !== n.epoch) return;
        const need = acksNeeded(s, self);
        n.pending = n.pending.filter((p) => {
          if (p.seq <= m.seq && !p.acks.includes(from)) p.acks.push(from);
          if (p.acks.length < need) return true;
          answer(ctx, self, p.origin, p.opId, null);
          return false;
        });
        return;
      }
      case "syncReq":
        if (n.leader === self && m.epoch <= n.epoch) {
          ctx.send(self, from, {
            t: "snap",
            epoch: n.epoch,
            seq: n.seq,
            data: { ...n.data },
          } satisfies LeaderMessage);
        }
        return;
      case "snap":
        if (m.epoch < n.epoch) return;
        n.epoch = m.epoch;
        n.leader = from;
        n.data = { ...m.data };
        n.seq = m.seq;
        n.syncedEpoch = m.epoch;
        n.lastHeard = ctx.now();
        return;
      case "newLeader": {
        // Equal epochs (two followers promoted at once): the lower index wins, so everyone agrees.
        const newer = m.epoch > n.epoch || (m.epoch === n.epoch && m.leader < n.leader);
        if (newer) adoptLeader(ctx, s, self, m.epoch, m.leader);
        return;
      }
      case "positionReq":
        ctx.send(self, from, {
          t: "position",
          round: m.round,
          syncedEpoch: n.syncedEpoch,
          seq: n.seq,
        } satisfies LeaderMessage);
        return;
      case "position": {
        const c = n.canvass;
        if (c === undefined || c.round !== m.round || !c.waiting.includes(from)) return;
        c.waiting = c.waiting.filter((p) => p !== from);
        const order = followers(s, n.leader);
        // Further along: data copied from a later epoch, or more of the same epoch's changes applied.
        const cmp = m.syncedEpoch - n.syncedEpoch || m.seq - n.seq;
        if (cmp > 0 || (cmp === 0 && order.indexOf(from) < order.indexOf(self))) c.ahead = true;
        if (c.waiting.length === 0) closeCanvass(ctx, s, self);
        return;
      }
      case "fwd":
        if (n.leader !== self) return; // the client will time out
        if (m.f === "read") answer(ctx, self, m.origin, m.opId, n.data[m.key] ?? null);
        else leaderWrite(ctx, s, self, m.opId, m.origin, m.key, m.value ?? m.opId);
        return;
      case "fwdResp":
        ctx.reply(m.opId, { ok: true, value: m.value });
        return;
      default: {
        const never: never = m;
        throw new Error(`unknown single-leader message ${JSON.stringify(never)}`);
      }
    }
  },

  onTimer(ctx, s, self, name, token) {
    const n = s.nodes[self] as LeaderNode;
    if (name === "heartbeat") {
      // The token is the epoch the chain was armed in: a deposed-then-restored leader never runs two chains.
      if (n.leader !== self || token !== n.epoch) return;
      ship(ctx, s, self);
      const hb: LeaderMessage = { t: "hb", epoch: n.epoch, seq: n.seq };
      for (const f of followers(s, self)) ctx.send(self, f, hb);
      ctx.setTimer(self, SINGLE_LEADER.heartbeatNs, "heartbeat", n.epoch);
    } else if (name === "watch") {
      if (n.leader !== self && ctx.now() - n.lastHeard > patienceNs(s, self)) {
        if (promotionRule(s, ctx.engine()) === "first") promote(ctx, s, self);
        else openCanvass(ctx, s, self);
      }
      armWatch(ctx, s, self);
    } else if (name === "canvass") {
      if (n.canvass?.round === token) closeCanvass(ctx, s, self);
    }
  },

  onCrash(_ctx, s, self) {
    const n = s.nodes[self] as LeaderNode;
    n.outbox = [];
    n.pending = [];
    if (n.canvass !== undefined) n.canvass = undefined;
  },

  onRestart(ctx, s, self) {
    const n = s.nodes[self] as LeaderNode;
    n.lastHeard = ctx.now();
    // A restarted old leader still believes it leads until someone tells it about a newer epoch.
    if (n.leader === self) ctx.setTimer(self, SINGLE_LEADER.heartbeatNs, "heartbeat", n.epoch);
    armWatch(ctx, s, self);
  },

  /** A joining node becomes a follower of the current leader and copies its data on the first heartbeat. */
  onMembershipChange(ctx, s) {
    const leader = s.nodes[s.members[0] ?? 0]?.leader ?? 0;
    while (s.nodes.length < ctx.nodeCount()) s.nodes.push(newNode(leader));
    const added = ctx.members().filter((m) => !s.members.includes(m));
    s.members = ctx.members();
    for (const m of added) armWatch(ctx, s, m);
  },

  observe(ctx, s) {
    return observeRegisters(ctx, s.members, (m) => (s.nodes[m] as LeaderNode).data);
  },
};
