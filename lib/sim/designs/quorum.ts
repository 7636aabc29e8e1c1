import { hlcNow, hlcReceive, type VectorClock, vectorCompare, vectorMerge } from "../clocks";
import { MERKLE, QUORUM, RANGE } from "../constants";
import {
  buildRing,
  initialRanges,
  type KeyRange,
  preferenceList,
  type RingPoint,
  rangePreferenceList,
  rebalanceRanges,
} from "../placement";
import type { TQuorumDesign } from "../schema";
import type { Design, DesignContext, DesignMessage } from "../types";
import {
  type AntiEntropyStats,
  buildMerkleTree,
  childrenOf,
  differingNodes,
  fullMessageBytes,
  keysInLeaves,
  keysMessageBytes,
  newAntiEntropyStats,
  treeMessageBytes,
} from "./merkle";

/**
 * Leaderless quorum store in the manner of Dynamo/Cassandra. Any node coordinates a client operation: it sends
 * to the key's N replicas (the next nodes on the hash ring, or the owners of the key's range and the ranges after
 * it) and answers after W acks (write) or R answers (read). W + R > N makes every read set overlap every write
 * set. Sloppy quorum counts writes parked on the next nodes of the preference list (with a hint naming the
 * intended owner) so both sides of a partition stay available; hinted handoff, read repair and anti-entropy make
 * replicas converge afterwards.
 *
 * Invariant: Version objects and Version[] arrays are never mutated once created (messages share them).
 */
export interface Version {
  value: number;
  /** lww: the coordinator's wall clock; hlc: the HLC's physical part; vector: wall clock, for display only. */
  ts: number;
  /** HLC logical counter (0 otherwise). */
  c: number;
  /** Coordinator index: the final tie-break, so every replica picks the same winner. */
  node: number;
  vc: VectorClock | null;
}

interface Hint {
  id: number;
  target: number;
  key: string;
  versions: Version[];
}

interface CoordRequest {
  opId: number;
  f: "read" | "write";
  key: string;
  versions: Version[];
  primaries: number[];
  asked: number[];
  answered: number[];
  /** Reads: what each replica answered, so the stale ones can be repaired. */
  replies: { node: number; versions: Version[] }[];
  done: boolean;
}

interface QuorumNode {
  // durable
  data: Record<string, Version[]>;
  hints: Hint[];
  nextHintId: number;
  /** This node's own vector-clock counter: two writes it coordinates never share a clock. */
  vcCounter: number;
  // volatile
  hlcL: number;
  hlcC: number;
  coord: Record<string, CoordRequest>;
  nextReq: number;
  handoffArmed: boolean;
  /** Anti-entropy rounds so far: the partner rotates through every peer in turn. */
  aeRound: number;
}

export interface QuorumState {
  cfg: TQuorumDesign;
  nodes: QuorumNode[];
  ring: RingPoint[];
  /** Range partitioning only (the ring stays empty then). Absent under hash, so those states hash as before. */
  ranges?: KeyRange[];
  memberCount: number;
  /** key → every member in ring order from the key; derived from the ring, dropped when membership changes. */
  prefCache: Record<string, number[]>;
  /** Anti-entropy bytes, kept only when a mode is named (absent otherwise, so older states hash as before). */
  ae?: AntiEntropyStats;
}

type QuorumMessage =
  | { t: "put"; req: number; key: string; versions: Version[]; hint: number; ack: boolean }
  | { t: "putAck"; req: number }
  | { t: "get"; req: number; key: string }
  | { t: "getResp"; req: number; versions: Version[] }
  | { t: "handoff"; id: number; key: string; versions: Version[] }
  | { t: "handoffAck"; id: number }
  | { t: "ae"; data: Record<string, Version[]>; reply: boolean }
  /** Merkle mode: hashes of the tree nodes at `idx` of `level` (the root first, then children of differences). */
  | { t: "mtree"; level: number; idx: number[]; h: number[] }
  /** Merkle mode: the sender's keys in differing leaves; the receiver answers with what the sender lacks. */
  | { t: "mkeys"; leaves: number[]; data: Record<string, Version[]>; reply: boolean };

function newNode(): QuorumNode {
  return {
    data: {},
    hints: [],
    nextHintId: 1,
    vcCounter: 0,
    hlcL: 0,
    hlcC: 0,
    coord: {},
    nextReq: 1,
    handoffArmed: false,
    aeRound: 0,
  };
}

/** Total order on LWW versions: timestamp, then HLC counter, then coordinator, then value. */
function lwwBefore(a: Version, b: Version): boolean {
  return (a.ts - b.ts || a.c - b.c || a.node - b.node || a.value - b.value) < 0;
}

/** The merge every replica applies: LWW keeps one winner; vector clocks keep every non-dominated sibling. */
export function mergeVersions(conflict: TQuorumDesign["conflict"], a: Version[], b: Version[]): Version[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  if (conflict !== "vector") {
    let best = a[0] as Version;
    for (const v of a) if (lwwBefore(best, v)) best = v;
    for (const v of b) if (lwwBefore(best, v)) best = v;
    return best === a[0] && a.length === 1 ? a : [best];
  }
  const all = [...a, ...b];
  const keep: Version[] = [];
  for (const v of all) {
    let dominated = false;
    for (const w of all) {
      if (w === v) continue;
      const rel = vectorCompare(v.vc ?? {}, w.vc ?? {});
      if (rel === "before") dominated = true;
    }
    if (dominated) continue;
    // Equal clocks should mean the same write; if not, a fixed tie-break keeps merge order-independent.
    const twin = keep.findIndex((k) => vectorCompare(k.vc ?? {}, v.vc ?? {}) === "equal");
    if (twin < 0) keep.push(v);
    else if (lwwBefore(keep[twin] as Version, v)) keep[twin] = v;
  }
  keep.sort((x, y) => x.value - y.value);
  return sameVersions(keep, a) ? a : keep;
}

function sameVersions(a: Version[], b: Version[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Version;
    const y = b[i] as Version;
    if (x.value !== y.value || x.ts !== y.ts || x.c !== y.c || x.node !== y.node) return false;
  }
  return true;
}

function prefList(s: QuorumState, key: string): number[] {
  let p = s.prefCache[key];
  if (p === undefined) {
    p = s.ranges
      ? rangePreferenceList(s.ranges, key, s.memberCount)
      : preferenceList(s.ring, key, s.memberCount);
    s.prefCache[key] = p;
  }
  return p;
}

/** Whether `node` is one of the key's N home replicas (without allocating a slice: trees ask for every key). */
function isHome(s: QuorumState, key: string, node: number): boolean {
  const p = prefList(s, key);
  const n = Math.min(s.cfg.n, p.length);
  for (let i = 0; i < n; i++) if (p[i] === node) return true;
  return false;
}

/** Send an anti-entropy message, counting its estimated size when the store keeps a byte count. */
function sendAe(ctx: DesignContext, s: QuorumState, self: number, to: number, msg: QuorumMessage): void {
  if (s.ae) {
    if (msg.t === "ae") {
      s.ae.sentBytes += fullMessageBytes(msg.data);
      s.ae.fullBytes += fullMessageBytes(msg.data);
      s.ae.keysSent += Object.keys(msg.data).length;
    } else if (msg.t === "mtree") {
      s.ae.sentBytes += treeMessageBytes(msg.idx.length);
    } else if (msg.t === "mkeys") {
      s.ae.sentBytes += keysMessageBytes(msg.leaves, msg.data);
      s.ae.keysSent += Object.keys(msg.data).length;
    }
  }
  ctx.send(self, to, msg);
}

/**
 * One step of a Merkle comparison, on receiving the partner's hashes at `level`: descend into the subtrees that
 * differ (sending our hashes of their children), or at the leaves send our keys of the differing leaves.
 */
function compareTrees(
  ctx: DesignContext,
  s: QuorumState,
  self: number,
  from: number,
  msg: Extract<QuorumMessage, { t: "mtree" }>,
): void {
  const n = s.nodes[self] as QuorumNode;
  const shared = (key: string) => isHome(s, key, self) && isHome(s, key, from);
  // A full-state round would have had us reply with everything we hold.
  if (msg.level === 0 && s.ae) s.ae.fullBytes += fullMessageBytes(n.data);
  const tree = buildMerkleTree(n.data, shared);
  const diff = differingNodes(tree, msg.level, msg.idx, msg.h);
  if (diff.length === 0) return;
  if (msg.level < MERKLE.depth) {
    const idx = childrenOf(diff);
    const below = tree[msg.level + 1] as number[];
    sendAe(ctx, s, self, from, {
      t: "mtree",
      level: msg.level + 1,
      idx,
      h: idx.map((i) => below[i] as number),
    });
  } else {
    const data = Object.freeze(keysInLeaves(n.data, shared, diff));
    sendAe(ctx, s, self, from, { t: "mkeys", leaves: diff, data, reply: true });
  }
}

function rebuildPlacement(ctx: DesignContext, s: QuorumState): void {
  const members = ctx.members();
  while (s.nodes.length < ctx.nodeCount()) s.nodes.push(newNode());
  if (s.cfg.partitioning === "range") {
    // A join splits the range holding the most stored keys: every key any member holds counts.
    const held = new Set<string>();
    for (const m of members) for (const k of Object.keys((s.nodes[m] as QuorumNode).data)) held.add(k);
    s.ranges =
      s.ranges === undefined
        ? initialRanges(members, RANGE.keySpace)
        : rebalanceRanges(s.ranges, members, [...held], RANGE.keySpace);
  } else {
    s.ring = buildRing(
      members.map((i) => [i, ctx.nodeId(i)] as const),
      s.cfg.vnodes,
    );
  }
  s.memberCount = members.length;
  s.prefCache = {};
}

function observeHlc(ctx: DesignContext, n: QuorumNode, self: number, versions: Version[]): void {
  for (const v of versions) {
    const h = hlcReceive({ l: n.hlcL, c: n.hlcC }, { l: v.ts, c: v.c }, ctx.localTime(self));
    n.hlcL = h.l;
    n.hlcC = h.c;
  }
}

/** Raise the node's HLC to the newest version it stores (data and hints). */
function restoreHlc(n: QuorumNode): void {
  const raise = (v: Version) => {
    if (v.ts > n.hlcL || (v.ts === n.hlcL && v.c > n.hlcC)) {
      n.hlcL = v.ts;
      n.hlcC = v.c;
    }
  };
  for (const versions of Object.values(n.data)) for (const v of versions) raise(v);
  for (const h of n.hints) for (const v of h.versions) raise(v);
}

function store(s: QuorumState, n: QuorumNode, key: string, versions: Version[]): void {
  n.data[key] = mergeVersions(s.cfg.conflict, n.data[key] ?? [], versions);
}

function newVersion(ctx: DesignContext, s: QuorumState, self: number, key: string, value: number): Version {
  const n = s.nodes[self] as QuorumNode;
  const wall = ctx.localTime(self);
  switch (s.cfg.conflict) {
    case "lww":
      return Object.freeze({ value, ts: wall, c: 0, node: self, vc: null });
    case "hlc": {
      const h = hlcNow({ l: n.hlcL, c: n.hlcC }, wall);
      n.hlcL = h.l;
      n.hlcC = h.c;
      return Object.freeze({ value, ts: h.l, c: h.c, node: self, vc: null });
    }
    case "vector": {
      // Blind write: the new version descends from everything this coordinator holds for the key.
      let vc: VectorClock = {};
      for (const v of n.data[key] ?? []) vc = vectorMerge(vc, v.vc ?? {});
      const id = ctx.nodeId(self);
      n.vcCounter = Math.max(n.vcCounter, vc[id] ?? 0) + 1;
      return Object.freeze({ value, ts: wall, c: 0, node: self, vc: { ...vc, [id]: n.vcCounter } });
    }
    default: {
      const never: never = s.cfg.conflict;
      throw new Error(`unknown conflict mode ${never}`);
    }
  }
}

function resultOf(versions: Version[]): { ok: true; value: number | null; siblings?: number[] } {
  if (versions.length === 0) return { ok: true, value: null };
  const values = versions.map((v) => v.value).sort((a, b) => a - b);
  const value = values[values.length - 1] as number;
  return values.length > 1 ? { ok: true, value, siblings: values } : { ok: true, value };
}

function repair(ctx: DesignContext, self: number, to: number, key: string, versions: Version[]): void {
  ctx.send(self, to, { t: "put", req: 0, key, versions, hint: -1, ack: false } satisfies QuorumMessage);
}

function armHandoff(ctx: DesignContext, s: QuorumState, self: number): void {
  const n = s.nodes[self] as QuorumNode;
  if (n.handoffArmed || n.hints.length === 0 || !s.cfg.hintedHandoff) return;
  n.handoffArmed = true;
  ctx.setTimer(self, QUORUM.handoffIntervalNs, "handoff");
}

function sendToFallbacks(
  ctx: DesignContext,
  s: QuorumState,
  self: number,
  reqId: number,
  r: CoordRequest,
): void {
  const pref = prefList(s, r.key);
  const fallbacks = pref.slice(s.cfg.n).filter((x) => !r.asked.includes(x));
  for (const primary of r.primaries) {
    if (r.answered.includes(primary)) continue;
    const fb = fallbacks.shift();
    if (fb === undefined) return;
    r.asked.push(fb);
    const msg: QuorumMessage =
      r.f === "write"
        ? { t: "put", req: reqId, key: r.key, versions: r.versions, hint: primary, ack: true }
        : { t: "get", req: reqId, key: r.key };
    ctx.send(self, fb, msg);
  }
}

export const quorumDesign: Design<QuorumState> = {
  init(ctx, config) {
    if (config.kind !== "quorum") throw new Error("quorum design needs a quorum config");
    const s: QuorumState = { cfg: config, nodes: [], ring: [], memberCount: 0, prefCache: {} };
    if (config.antiEntropy && config.antiEntropyMode !== undefined) s.ae = newAntiEntropyStats();
    rebuildPlacement(ctx, s);
    if (config.antiEntropy) {
      for (const m of ctx.members()) ctx.setTimer(m, QUORUM.antiEntropyIntervalNs, "antiEntropy");
    }
    return s;
  },

  onClientOp(ctx, s, self, op) {
    const n = s.nodes[self] as QuorumNode;
    const reqId = n.nextReq++;
    const primaries = prefList(s, op.key).slice(0, s.cfg.n);
    const r: CoordRequest = {
      opId: op.opId,
      f: op.f,
      key: op.key,
      versions: op.f === "write" ? [newVersion(ctx, s, self, op.key, op.value ?? op.opId)] : [],
      primaries,
      asked: [...primaries],
      answered: [],
      replies: [],
      done: false,
    };
    n.coord[`r${reqId}`] = r;
    for (const p of primaries) {
      const msg: QuorumMessage =
        op.f === "write"
          ? { t: "put", req: reqId, key: op.key, versions: r.versions, hint: -1, ack: true }
          : { t: "get", req: reqId, key: op.key };
      ctx.send(self, p, msg);
    }
    if (s.cfg.sloppy) ctx.setTimer(self, QUORUM.sloppyRetryNs, "sloppy", reqId);
    ctx.setTimer(self, QUORUM.requestLifetimeNs, "expire", reqId);
  },

  onMessage(ctx, s, self, from, raw: DesignMessage) {
    const msg = raw as QuorumMessage;
    const n = s.nodes[self] as QuorumNode;
    switch (msg.t) {
      case "put": {
        if (s.cfg.conflict === "hlc") observeHlc(ctx, n, self, msg.versions);
        store(s, n, msg.key, msg.versions);
        if (msg.hint >= 0 && msg.hint !== self) {
          n.hints.push({ id: n.nextHintId++, target: msg.hint, key: msg.key, versions: msg.versions });
          armHandoff(ctx, s, self);
        }
        if (msg.ack) ctx.send(self, from, { t: "putAck", req: msg.req }, ctx.storageDelayNs());
        return;
      }
      case "putAck": {
        const r = n.coord[`r${msg.req}`];
        if (r === undefined || r.done || r.answered.includes(from)) return;
        r.answered.push(from);
        if (r.answered.length >= s.cfg.w) {
          r.done = true;
          ctx.reply(r.opId, { ok: true, value: r.versions[0]?.value ?? null });
        }
        return;
      }
      case "get":
        ctx.send(
          self,
          from,
          { t: "getResp", req: msg.req, versions: n.data[msg.key] ?? [] },
          ctx.storageDelayNs(),
        );
        return;
      case "getResp": {
        if (s.cfg.conflict === "hlc") observeHlc(ctx, n, self, msg.versions);
        const r = n.coord[`r${msg.req}`];
        if (r === undefined || r.answered.includes(from)) return;
        r.answered.push(from);
        if (r.done) {
          // A late answer: repair it if it is behind what the read returned.
          const merged = mergeVersions(s.cfg.conflict, r.versions, msg.versions);
          if (s.cfg.readRepair && !sameVersions(merged, msg.versions)) repair(ctx, self, from, r.key, merged);
          return;
        }
        r.versions = mergeVersions(s.cfg.conflict, r.versions, msg.versions);
        r.replies.push({ node: from, versions: msg.versions });
        if (r.answered.length < s.cfg.r) return;
        r.done = true;
        ctx.reply(r.opId, resultOf(r.versions));
        if (s.cfg.readRepair) {
          for (const x of r.replies)
            if (!sameVersions(x.versions, r.versions)) repair(ctx, self, x.node, r.key, r.versions);
        }
        r.replies = [];
        return;
      }
      case "handoff":
        store(s, n, msg.key, msg.versions);
        ctx.send(self, from, { t: "handoffAck", id: msg.id }, ctx.storageDelayNs());
        return;
      case "handoffAck": {
        const h = n.hints.find((x) => x.id === msg.id);
        if (h === undefined) return;
        n.hints = n.hints.filter((x) => x.id !== msg.id);
        const ownsKey = prefList(s, h.key).slice(0, s.cfg.n).includes(self);
        if (!ownsKey && !n.hints.some((x) => x.key === h.key)) delete n.data[h.key];
        return;
      }
      case "ae":
        // Push-pull: merge what the partner holds, then send back what we hold (once), so one round syncs both.
        for (const key of Object.keys(msg.data)) {
          if (prefList(s, key).slice(0, s.cfg.n).includes(self)) store(s, n, key, msg.data[key] ?? []);
        }
        if (msg.reply) sendAe(ctx, s, self, from, { t: "ae", data: { ...n.data }, reply: false });
        return;
      case "mtree":
        compareTrees(ctx, s, self, from, msg);
        return;
      case "mkeys": {
        for (const key of Object.keys(msg.data)) {
          if (isHome(s, key, self)) store(s, n, key, msg.data[key] ?? []);
        }
        if (!msg.reply) return;
        // Send back only what the partner lacks: our keys in those leaves that its copy did not already match.
        const shared = (key: string) => isHome(s, key, self) && isHome(s, key, from);
        const back: Record<string, Version[]> = {};
        const mine = keysInLeaves(n.data, shared, msg.leaves);
        for (const key of Object.keys(mine)) {
          const v = mine[key] as Version[];
          if (!sameVersions(v, msg.data[key] ?? [])) back[key] = v;
        }
        if (Object.keys(back).length > 0)
          sendAe(ctx, s, self, from, { t: "mkeys", leaves: [], data: Object.freeze(back), reply: false });
        return;
      }
      default: {
        const never: never = msg;
        throw new Error(`unknown quorum message ${JSON.stringify(never)}`);
      }
    }
  },

  onTimer(ctx, s, self, name, token) {
    const n = s.nodes[self] as QuorumNode;
    if (name === "sloppy") {
      const r = n.coord[`r${token}`];
      if (r !== undefined && !r.done) sendToFallbacks(ctx, s, self, token, r);
    } else if (name === "expire") {
      delete n.coord[`r${token}`];
    } else if (name === "handoff") {
      n.handoffArmed = false;
      for (const h of n.hints)
        ctx.send(self, h.target, { t: "handoff", id: h.id, key: h.key, versions: h.versions });
      armHandoff(ctx, s, self);
    } else if (name === "antiEntropy") {
      // Rotate through peers (rather than pick at random) so every pair syncs within N - 1 rounds.
      const peers = ctx.members().filter((m) => m !== self);
      if (peers.length > 0) {
        const peer = peers[(self + n.aeRound++) % peers.length] as number;
        if (s.ae) s.ae.rounds++;
        if (s.cfg.antiEntropyMode === "merkle") {
          // Only the root goes first; what a full round would have pushed is counted for the comparison.
          if (s.ae) s.ae.fullBytes += fullMessageBytes(n.data);
          const tree = buildMerkleTree(n.data, (key) => isHome(s, key, self) && isHome(s, key, peer));
          sendAe(ctx, s, self, peer, {
            t: "mtree",
            level: 0,
            idx: [0],
            h: [(tree[0] as number[])[0] as number],
          });
        } else {
          sendAe(ctx, s, self, peer, { t: "ae", data: { ...n.data }, reply: true });
        }
      }
      ctx.setTimer(self, QUORUM.antiEntropyIntervalNs, "antiEntropy");
    }
  },

  onCrash(_ctx, s, self) {
    const n = s.nodes[self] as QuorumNode;
    // nextReq survives on purpose: reusing request ids would let a pre-crash ack count for a new request.
    n.coord = {};
    n.handoffArmed = false;
    n.hlcL = 0;
    n.hlcC = 0;
  },

  onRestart(ctx, s, self) {
    // Engine 2: a node's HLC is volatile, but what it stores is not. Like a real node reading its newest version
    // back from disk, a restarted node's clock starts at the newest timestamp it holds, so a write it
    // coordinates after a restart can't be ordered before one it had already seen (engine 1 restarted at 0,
    // and with a clock behind the others a later write lost to an earlier one).
    if (s.cfg.conflict === "hlc" && ctx.engine() >= 2) restoreHlc(s.nodes[self] as QuorumNode);
    armHandoff(ctx, s, self);
    if (s.cfg.antiEntropy) ctx.setTimer(self, QUORUM.antiEntropyIntervalNs, "antiEntropy");
  },

  onMembershipChange(ctx, s) {
    rebuildPlacement(ctx, s);
  },

  /** Only what each node holds as one of a key's N home replicas: fallback copies are not replicas. */
  observe(ctx, s) {
    const out: Record<string, Record<string, number[]>> = {};
    for (const m of ctx.members()) {
      const data = (s.nodes[m] as QuorumNode).data;
      const view: Record<string, number[]> = {};
      for (const k of Object.keys(data)) {
        if (prefList(s, k).slice(0, s.cfg.n).includes(m)) view[k] = (data[k] ?? []).map((v) => v.value);
      }
      out[ctx.nodeId(m)] = view;
    }
    return out;
  },
};
