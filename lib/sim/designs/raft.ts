import { RAFT } from "../constants";
import type { Design, DesignContext, DesignMessage } from "../types";
import { observeRegisters } from "./observe";

/**
 * Raft (Ongaro & Ousterhout): randomised election timeouts, log replication, commit on a majority of the
 * current term. Reads go through the log too, so every answer is linearizable; a cluster of 2f + 1 members
 * makes progress while f + 1 of them can talk. Membership is the node set at configure time (joint consensus
 * is out of scope: nodes added later stay idle).
 *
 * Check-quorum (§6.2 of Ongaro's thesis, etcd's CheckQuorum): a leader that has not heard from a majority,
 * itself included, for `RAFT.checkQuorumNs` steps down, so clients on a minority are refused at once instead
 * of waiting for a leader that can no longer commit. With `readFrom: "local"` (ZooKeeper-style) a node answers
 * reads from what it has applied, which a minority can still do: fast and available, possibly stale. Writes
 * still go through the leader; the node the client is attached to acknowledges one once it has applied it,
 * so the client's own next read sees it.
 *
 * Log entries are frozen once created: they are shared by messages and by snapshots.
 */
export interface RaftEntry {
  term: number;
  /** null for the no-op a new leader appends to commit earlier terms. */
  op: RaftOp | null;
}

export interface RaftOp {
  opId: number;
  /** The node the client is attached to; the leader sends the result back there. */
  origin: number;
  f: "read" | "write";
  key: string;
  value: number | null;
}

export const FOLLOWER = 0;
export const CANDIDATE = 1;
export const LEADER = 2;

export interface RaftNode {
  // durable (persisted before answering)
  term: number;
  votedFor: number;
  log: RaftEntry[];
  // volatile
  role: number;
  leader: number;
  commitIndex: number;
  lastApplied: number;
  kv: Record<string, number>;
  votes: number[];
  nextIndex: number[];
  matchIndex: number[];
  /** When this node starts an election unless it hears from a leader or grants a vote first. */
  electionDeadline: number;
  /** Fire time of the earliest pending election timer (≤ now: none pending). */
  electionTimerAt: number;
  /** Check-quorum only: when the leader last heard from each member (its own entry unused). */
  heardAt?: number[];
}

export interface RaftState {
  members: number[];
  nodes: RaftNode[];
  /** Set only when on, so a state without these knobs hashes as it did before they existed. */
  checkQuorum?: true;
  localReads?: true;
}

type RaftMessage =
  | { t: "vote"; term: number; lastIndex: number; lastTerm: number }
  | { t: "voteResp"; term: number; granted: boolean }
  | { t: "append"; term: number; prevIndex: number; prevTerm: number; entries: RaftEntry[]; commit: number }
  | { t: "appendResp"; term: number; ok: boolean; match: number }
  /** `term`: the forwarder's term (engine 2); only the leader of that very term may append the operation. */
  | { t: "fwd"; op: RaftOp; term?: number }
  | { t: "fwdResp"; opId: number; value: number | null }
  /** The node a request was forwarded to is not leader (engine 2): the operation certainly did not happen. */
  | { t: "fwdRefused"; opId: number };

function volatileDefaults(): Omit<RaftNode, "term" | "votedFor" | "log"> {
  return {
    role: FOLLOWER,
    leader: -1,
    commitIndex: 0,
    lastApplied: 0,
    kv: {},
    votes: [],
    nextIndex: [],
    matchIndex: [],
    electionDeadline: 0,
    electionTimerAt: 0,
  };
}

/** Whether the log holds this operation. Scans from the end, where a recently forwarded one lands. */
function holds(n: RaftNode, opId: number): boolean {
  for (let i = n.log.length - 1; i >= 0; i--) if ((n.log[i] as RaftEntry).op?.opId === opId) return true;
  return false;
}

function lastTerm(n: RaftNode): number {
  return n.log.length === 0 ? 0 : (n.log[n.log.length - 1] as RaftEntry).term;
}

function termAt(n: RaftNode, index: number): number {
  return index === 0 ? 0 : (n.log[index - 1]?.term ?? -1);
}

function majority(s: RaftState): number {
  return Math.floor(s.members.length / 2) + 1;
}

/**
 * Moves the election deadline instead of scheduling a timer per heartbeat: a timer already pending before the
 * new deadline re-arms itself when it fires, so a leader's steady heartbeats cost no extra events.
 */
function resetElectionTimer(ctx: DesignContext, n: RaftNode, self: number): void {
  const now = ctx.now();
  n.electionDeadline = now + ctx.randomInt(self, RAFT.electionMinNs, RAFT.electionMaxNs);
  if (n.electionTimerAt > now && n.electionTimerAt <= n.electionDeadline) return;
  n.electionTimerAt = n.electionDeadline;
  ctx.setTimer(self, n.electionDeadline - now, "election");
}

function stepDown(ctx: DesignContext, n: RaftNode, self: number, term: number): void {
  if (term > n.term) {
    n.term = term;
    n.votedFor = -1;
    // A leader leads one term: in a newer one it is unknown until someone leads it (engine 1 kept forwarding).
    if (ctx.engine() >= 2) n.leader = -1;
  }
  if (n.role !== FOLLOWER) {
    n.role = FOLLOWER;
    resetElectionTimer(ctx, n, self);
  }
}

function sendAppend(ctx: DesignContext, s: RaftState, self: number, peer: number): void {
  const n = s.nodes[self] as RaftNode;
  const next = n.nextIndex[peer] ?? n.log.length + 1;
  const prevIndex = next - 1;
  ctx.send(self, peer, {
    t: "append",
    term: n.term,
    prevIndex,
    prevTerm: termAt(n, prevIndex),
    entries: n.log.slice(prevIndex),
    commit: n.commitIndex,
  } satisfies RaftMessage);
}

function broadcastAppend(ctx: DesignContext, s: RaftState, self: number): void {
  for (const m of s.members) if (m !== self) sendAppend(ctx, s, self, m);
}

function becomeLeader(ctx: DesignContext, s: RaftState, self: number): void {
  const n = s.nodes[self] as RaftNode;
  n.role = LEADER;
  n.leader = self;
  n.nextIndex = [];
  n.matchIndex = [];
  for (const m of s.members) {
    n.nextIndex[m] = n.log.length + 1;
    n.matchIndex[m] = 0;
  }
  n.log.push(Object.freeze({ term: n.term, op: null }));
  n.matchIndex[self] = n.log.length;
  if (s.checkQuorum) n.heardAt = s.members.map(() => ctx.now());
  broadcastAppend(ctx, s, self);
  ctx.setTimer(self, RAFT.heartbeatNs, "heartbeat", n.term);
}

/** Check-quorum: has a majority, this leader included, answered within the window? */
function hearsMajority(ctx: DesignContext, s: RaftState, self: number): boolean {
  const n = s.nodes[self] as RaftNode;
  const since = ctx.now() - RAFT.checkQuorumNs;
  let count = 0;
  s.members.forEach((m, i) => {
    if (m === self || (n.heardAt?.[i] ?? since) > since) count++;
  });
  return count >= majority(s);
}

function apply(ctx: DesignContext, s: RaftState, self: number): void {
  const n = s.nodes[self] as RaftNode;
  while (n.lastApplied < n.commitIndex) {
    n.lastApplied++;
    const op = (n.log[n.lastApplied - 1] as RaftEntry).op;
    if (op === null) continue;
    if (op.f === "write") n.kv[op.key] = op.value ?? op.opId;
    // Linearizable mode: the leader answers. Local reads: the client's own node, once it has applied the write.
    if (s.localReads ? op.origin !== self : n.role !== LEADER) continue;
    const value = op.f === "write" ? op.value : (n.kv[op.key] ?? null);
    if (op.origin === self) ctx.reply(op.opId, { ok: true, value });
    else ctx.send(self, op.origin, { t: "fwdResp", opId: op.opId, value } satisfies RaftMessage);
  }
}

/** Commit the highest index a majority has stored, but only by counting entries of the current term (§5.4.2). */
function advanceCommit(ctx: DesignContext, s: RaftState, self: number): void {
  const n = s.nodes[self] as RaftNode;
  for (let idx = n.log.length; idx > n.commitIndex; idx--) {
    if (termAt(n, idx) !== n.term) break;
    let count = 0;
    for (const m of s.members) if ((n.matchIndex[m] ?? 0) >= idx) count++;
    if (count >= majority(s)) {
      n.commitIndex = idx;
      apply(ctx, s, self);
      // With local reads the followers acknowledge writes, so tell them of the commit now, not at the next beat.
      if (s.localReads) broadcastAppend(ctx, s, self);
      return;
    }
  }
}

function leaderAppend(ctx: DesignContext, s: RaftState, self: number, op: RaftOp): void {
  const n = s.nodes[self] as RaftNode;
  n.log.push(Object.freeze({ term: n.term, op: Object.freeze(op) }));
  n.matchIndex[self] = n.log.length;
  if (s.members.length === 1) advanceCommit(ctx, s, self);
  else broadcastAppend(ctx, s, self);
}

function handleAppend(
  ctx: DesignContext,
  s: RaftState,
  self: number,
  from: number,
  m: Extract<RaftMessage, { t: "append" }>,
): void {
  const n = s.nodes[self] as RaftNode;
  const persist = ctx.storageDelayNs();
  if (m.term < n.term) {
    ctx.send(self, from, { t: "appendResp", term: n.term, ok: false, match: 0 } satisfies RaftMessage);
    return;
  }
  stepDown(ctx, n, self, m.term);
  n.leader = from;
  resetElectionTimer(ctx, n, self);
  if (termAt(n, m.prevIndex) !== m.prevTerm) {
    // Hint: retry from our log's end when it is shorter, else one step back.
    const match = Math.min(n.log.length, m.prevIndex - 1);
    ctx.send(self, from, { t: "appendResp", term: n.term, ok: false, match } satisfies RaftMessage, persist);
    return;
  }
  // Truncate only at a real conflict: a stale, reordered append must not erase entries we already have.
  for (let i = 0; i < m.entries.length; i++) {
    const idx = m.prevIndex + 1 + i;
    const e = m.entries[i] as RaftEntry;
    if (idx <= n.log.length) {
      if (termAt(n, idx) === e.term) continue;
      n.log.length = idx - 1;
    }
    n.log.push(e);
  }
  const match = m.prevIndex + m.entries.length;
  if (m.commit > n.commitIndex) {
    n.commitIndex = Math.min(m.commit, match);
    apply(ctx, s, self);
  }
  ctx.send(self, from, { t: "appendResp", term: n.term, ok: true, match } satisfies RaftMessage, persist);
}

export const raftDesign: Design<RaftState> = {
  init(ctx, config) {
    if (config.kind !== "raft") throw new Error("raft design needs a raft config");
    const s: RaftState = { members: ctx.members(), nodes: [] };
    for (let i = 0; i < ctx.nodeCount(); i++)
      s.nodes.push({ term: 0, votedFor: -1, log: [], ...volatileDefaults() });
    for (const m of s.members) resetElectionTimer(ctx, s.nodes[m] as RaftNode, m);
    if (config.checkQuorum ?? ctx.engine() >= 2) s.checkQuorum = true;
    if (config.readFrom === "local") s.localReads = true;
    return s;
  },

  onClientOp(ctx, s, self, op) {
    const n = s.nodes[self] as RaftNode;
    if (!s.members.includes(self)) return ctx.reply(op.opId, { ok: false });
    if (op.f === "read" && s.localReads) return ctx.reply(op.opId, { ok: true, value: n.kv[op.key] ?? null });
    const rop: RaftOp = { opId: op.opId, origin: self, f: op.f, key: op.key, value: op.value };
    if (n.role === LEADER) leaderAppend(ctx, s, self, rop);
    else if (n.leader >= 0) {
      const fwd: RaftMessage =
        ctx.engine() >= 2 ? { t: "fwd", op: rop, term: n.term } : { t: "fwd", op: rop };
      ctx.send(self, n.leader, fwd);
    }
    // No known leader: refuse at once; the operation certainly did not happen.
    else ctx.reply(op.opId, { ok: false });
  },

  onMessage(ctx, s, self, from, raw: DesignMessage) {
    const m = raw as RaftMessage;
    const n = s.nodes[self] as RaftNode;
    if (!s.members.includes(self)) return;
    switch (m.t) {
      case "vote": {
        if (m.term > n.term) stepDown(ctx, n, self, m.term);
        const upToDate =
          m.lastTerm > lastTerm(n) || (m.lastTerm === lastTerm(n) && m.lastIndex >= n.log.length);
        const granted = m.term === n.term && upToDate && (n.votedFor === -1 || n.votedFor === from);
        if (granted) {
          n.votedFor = from;
          resetElectionTimer(ctx, n, self);
        }
        ctx.send(
          self,
          from,
          { t: "voteResp", term: n.term, granted } satisfies RaftMessage,
          ctx.storageDelayNs(),
        );
        return;
      }
      case "voteResp": {
        if (m.term > n.term) return stepDown(ctx, n, self, m.term);
        if (n.role !== CANDIDATE || m.term !== n.term || !m.granted || n.votes.includes(from)) return;
        n.votes.push(from);
        if (n.votes.length >= majority(s)) becomeLeader(ctx, s, self);
        return;
      }
      case "append":
        return handleAppend(ctx, s, self, from, m);
      case "appendResp": {
        if (m.term > n.term) return stepDown(ctx, n, self, m.term);
        if (n.role !== LEADER || m.term !== n.term) return;
        const i = n.heardAt === undefined ? -1 : s.members.indexOf(from);
        if (i >= 0) (n.heardAt as number[])[i] = ctx.now();
        if (m.ok) {
          n.matchIndex[from] = Math.max(n.matchIndex[from] ?? 0, m.match);
          n.nextIndex[from] = (n.matchIndex[from] ?? 0) + 1;
          advanceCommit(ctx, s, self);
        } else {
          n.nextIndex[from] = Math.max(1, Math.min((n.nextIndex[from] ?? 1) - 1, m.match + 1));
          sendAppend(ctx, s, self, from);
        }
        return;
      }
      case "fwd":
        if (m.term === undefined) {
          if (n.role === LEADER) leaderAppend(ctx, s, self, m.op);
          return;
        }
        // Engine 2: only the leader of the forwarder's term appends. A node that can never lead that term (it has
        // moved past it, or follows in it) refuses at once, unless its log holds the operation (a duplicate
        // forward it appended while leading), so a refused operation is never appended, whatever copy comes later.
        if (n.role === LEADER && m.term === n.term) leaderAppend(ctx, s, self, m.op);
        else if ((n.term > m.term || (n.term === m.term && n.role === FOLLOWER)) && !holds(n, m.op.opId)) {
          ctx.send(self, from, { t: "fwdRefused", opId: m.op.opId } satisfies RaftMessage);
        }
        return;
      case "fwdResp":
        ctx.reply(m.opId, { ok: true, value: m.value });
        return;
      case "fwdRefused":
        ctx.reply(m.opId, { ok: false });
        return;
      default: {
        const never: never = m;
        throw new Error(`unknown raft message ${JSON.stringify(never)}`);
      }
    }
  },

  onTimer(ctx, s, self, name, token) {
    const n = s.nodes[self] as RaftNode;
    if (name === "election") {
      const now = ctx.now();
      if (n.role === LEADER) return;
      if (now < n.electionDeadline) {
        if (n.electionTimerAt <= now) {
          n.electionTimerAt = n.electionDeadline;
          ctx.setTimer(self, n.electionDeadline - now, "election");
        }
        return;
      }
      n.term++;
      n.role = CANDIDATE;
      n.votedFor = self;
      n.votes = [self];
      n.leader = -1;
      resetElectionTimer(ctx, n, self);
      if (n.votes.length >= majority(s)) return becomeLeader(ctx, s, self);
      const msg: RaftMessage = { t: "vote", term: n.term, lastIndex: n.log.length, lastTerm: lastTerm(n) };
      for (const m of s.members) if (m !== self) ctx.send(self, m, msg, ctx.storageDelayNs());
    } else if (name === "heartbeat") {
      if (n.role !== LEADER || token !== n.term) return;
      if (s.checkQuorum && !hearsMajority(ctx, s, self)) {
        // Cut off from the majority: stop claiming leadership. The entries it could not commit stay in its log
        // (their clients time out: they may yet commit), but new requests here are refused at once.
        n.role = FOLLOWER;
        n.leader = -1;
        resetElectionTimer(ctx, n, self);
        return;
      }
      broadcastAppend(ctx, s, self);
      ctx.setTimer(self, RAFT.heartbeatNs, "heartbeat", n.term);
    }
  },

  onCrash(_ctx, s, self) {
    const n = s.nodes[self] as RaftNode;
    Object.assign(n, volatileDefaults());
    if (n.heardAt !== undefined) n.heardAt = [];
  },

  onRestart(ctx, s, self) {
    if (s.members.includes(self)) resetElectionTimer(ctx, s.nodes[self] as RaftNode, self);
  },

  onMembershipChange(ctx, s) {
    while (s.nodes.length < ctx.nodeCount())
      s.nodes.push({ term: 0, votedFor: -1, log: [], ...volatileDefaults() });
  },

  observe(ctx, s) {
    return observeRegisters(ctx, s.members, (m) => (s.nodes[m] as RaftNode).kv);
  },
};
