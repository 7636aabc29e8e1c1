import { GOSSIP } from "../constants";
import type { Design, DesignContext, DesignMessage } from "../types";
import { observeRegisters } from "./observe";
import { freshWindow, type PeerWindow, pastDeadline, recordArrival } from "./phi-accrual";

/**
 * Gossip membership, Cassandra-style. Every node keeps a table of every member's heartbeat (generation, counter),
 * bumps its own counter each round and pushes the whole table to `fanout` random peers; a receiver keeps the
 * larger (generation, counter) per member. Nobody announces a death: each node judges each peer on its own from
 * how late that peer's heartbeat is in reaching it through the gossip, with a phi-accrual detector
 * (phi-accrual.ts). A crash is therefore learned as silence spreading by gossip, and a latency spike that delays
 * every path to a node looks exactly like one.
 *
 * Client operations are served by the node they reach, from a last-write-wins register per key that rides on the
 * same gossip (ordered by a Lamport version, then node index): always available, eventually consistent. It is
 * there so the standard workload and checkers run; the point of the design is membership.
 *
 * Beside the nodes' own data the state keeps the simulator's ground truth (who is really down, from onCrash and
 * onRestart), which no node reads: it scores the detector (gossipMetrics).
 */
interface Entry {
  value: number;
  version: number;
  node: number;
}

interface PeerView extends PeerWindow {
  gen: number;
  hb: number;
  suspect: boolean;
}

interface GossipNode {
  // durable
  /** Bumped on every restart, so a restarted node's heartbeat beats the old incarnation's however low it is. */
  gen: number;
  data: Record<string, Entry>;
  /** Lamport version for writes: above every version this node has seen. */
  version: number;
  // volatile
  hb: number;
  /** Indexed by node; this node's own slot is unused. */
  peers: PeerView[];
}

/** One crash the interviewer injected, and when the detectors caught it (virtual ns; null: not yet). */
export interface CrashRecord {
  node: number;
  at: number;
  restartedAt: number | null;
  firstSuspectAt: number | null;
  allSuspectAt: number | null;
}

/** Ground truth for scoring; no node reads it. */
interface Truth {
  down: boolean[];
  crashes: CrashRecord[];
  /** Suspicions raised against a node that was up. */
  falseSuspicions: number;
  /** Their total length so far, closed ones only (open ones are in `open`). */
  falseSuspectedNs: number;
  open: { observer: number; peer: number; since: number }[];
}

export interface GossipState {
  phiThreshold: number;
  fanout: number;
  members: number[];
  ids: string[];
  nodes: GossipNode[];
  truth: Truth;
}

type GossipMessage = { t: "gossip"; gens: number[]; hbs: number[]; data: Record<string, Entry> };

/**
 * The detector times gaps on a monotonic clock, as real ones do (System.nanoTime, not the wall clock), so the
 * panel's "skew clock" (a wall-clock offset) does not make a node suspect everyone. Drift is not modelled here.
 */
function monotonicNs(ctx: DesignContext): number {
  return ctx.now();
}

function freshPeers(ctx: DesignContext, s: GossipState): PeerView[] {
  const local = monotonicNs(ctx);
  return s.ids.map(() => ({ gen: 0, hb: 0, suspect: false, ...freshWindow(local, s.phiThreshold) }));
}

function newNode(): GossipNode {
  return { gen: 0, data: {}, version: 0, hb: 0, peers: [] };
}

/** LWW by (version, node): a write made after seeing another wins over it. */
export function newerEntry(a: Entry | undefined, b: Entry): boolean {
  return a === undefined || b.version - a.version > 0 || (b.version === a.version && b.node > a.node);
}

/** `k` distinct peers other than `self`, drawn from the node's own stream (partial Fisher–Yates). */
function pickPeers(ctx: DesignContext, members: readonly number[], self: number, k: number): number[] {
  const pool = members.filter((m) => m !== self);
  const n = Math.min(k, pool.length);
  for (let i = 0; i < n; i++) {
    const j = ctx.randomInt(self, i, pool.length - 1);
    const t = pool[i] as number;
    pool[i] = pool[j] as number;
    pool[j] = t;
  }
  return pool.slice(0, n);
}

function isLive(s: GossipState, m: number): boolean {
  return !s.truth.down[m] && s.members.includes(m);
}

/** Every live node other than the crashed one suspects it: the crash is known cluster-wide. */
function checkAllSuspect(ctx: DesignContext, s: GossipState): void {
  for (const c of s.truth.crashes) {
    if (c.restartedAt !== null || c.allSuspectAt !== null || c.firstSuspectAt === null) continue;
    const all = s.members.every(
      (m) => m === c.node || !isLive(s, m) || (s.nodes[m] as GossipNode).peers[c.node]?.suspect === true,
    );
    if (all) c.allSuspectAt = ctx.now();
  }
}

function closeFalseSuspicions(
  ctx: DesignContext,
  s: GossipState,
  match: (o: number, p: number) => boolean,
): void {
  const t = s.truth;
  t.open = t.open.filter((f) => {
    if (!match(f.observer, f.peer)) return true;
    t.falseSuspectedNs += ctx.now() - f.since;
    return false;
  });
}

function suspect(ctx: DesignContext, s: GossipState, self: number, peer: number): void {
  ((s.nodes[self] as GossipNode).peers[peer] as PeerView).suspect = true;
  const t = s.truth;
  if (!t.down[peer]) {
    t.falseSuspicions++;
    t.open.push({ observer: self, peer, since: ctx.now() });
    return;
  }
  for (const c of t.crashes) if (c.node === peer && c.restartedAt === null) c.firstSuspectAt ??= ctx.now();
  checkAllSuspect(ctx, s);
}

function gossipRound(ctx: DesignContext, s: GossipState, self: number): void {
  const node = s.nodes[self] as GossipNode;
  node.hb++;
  const local = monotonicNs(ctx);
  for (const m of s.members) {
    const p = node.peers[m];
    if (m !== self && p && !p.suspect && pastDeadline(p, local)) suspect(ctx, s, self, m);
  }
  const gens = node.peers.map((p) => p.gen);
  const hbs = node.peers.map((p) => p.hb);
  gens[self] = node.gen;
  hbs[self] = node.hb;
  const msg: GossipMessage = { t: "gossip", gens, hbs, data: { ...node.data } };
  for (const to of pickPeers(ctx, s.members, self, s.fanout)) ctx.send(self, to, msg);
}

function onGossip(ctx: DesignContext, s: GossipState, self: number, msg: GossipMessage): void {
  const node = s.nodes[self] as GossipNode;
  const local = monotonicNs(ctx);
  for (let m = 0; m < msg.gens.length; m++) {
    const p = node.peers[m];
    if (m === self || p === undefined) continue;
    const gen = msg.gens[m] as number;
    const hb = msg.hbs[m] as number;
    if (gen < p.gen || (gen === p.gen && hb <= p.hb)) continue;
    // A new generation is a restarted node: its old gaps say nothing about the new one.
    if (gen !== p.gen) Object.assign(p, freshWindow(local, s.phiThreshold));
    else recordArrival(p, local, s.phiThreshold);
    p.gen = gen;
    p.hb = hb;
    if (p.suspect) {
      p.suspect = false;
      closeFalseSuspicions(ctx, s, (o, q) => o === self && q === m);
    }
  }
  for (const k of Object.keys(msg.data)) {
    const e = msg.data[k] as Entry;
    if (newerEntry(node.data[k], e)) node.data[k] = e;
    if (e.version > node.version) node.version = e.version;
  }
}

function startNode(ctx: DesignContext, s: GossipState, self: number): void {
  const node = s.nodes[self] as GossipNode;
  node.hb = 0;
  node.peers = freshPeers(ctx, s);
  // Staggered first rounds, so the nodes do not all gossip in the same instant.
  ctx.setTimer(self, ctx.randomInt(self, 1, GOSSIP.intervalNs), "gossip");
}

export const gossipDesign: Design<GossipState> = {
  init(ctx, config) {
    if (config.kind !== "gossip") throw new Error("gossip design needs its config");
    const n = ctx.nodeCount();
    const s: GossipState = {
      phiThreshold: config.phiThreshold,
      fanout: config.fanout,
      members: ctx.members(),
      ids: Array.from({ length: n }, (_, i) => ctx.nodeId(i)),
      nodes: Array.from({ length: n }, newNode),
      truth: {
        down: new Array(n).fill(false),
        crashes: [],
        falseSuspicions: 0,
        falseSuspectedNs: 0,
        open: [],
      },
    };
    for (const m of s.members) startNode(ctx, s, m);
    return s;
  },

  onClientOp(ctx, s, self, op) {
    const node = s.nodes[self] as GossipNode;
    if (op.f === "read") return ctx.reply(op.opId, { ok: true, value: node.data[op.key]?.value ?? null });
    const value = op.value ?? op.opId;
    node.version++;
    node.data[op.key] = { value, version: node.version, node: self };
    ctx.reply(op.opId, { ok: true, value });
  },

  onMessage(ctx, s, self, _from, raw: DesignMessage) {
    onGossip(ctx, s, self, raw as GossipMessage);
  },

  onTimer(ctx, s, self) {
    if (!s.members.includes(self)) return;
    gossipRound(ctx, s, self);
    ctx.setTimer(self, GOSSIP.intervalNs, "gossip");
  },

  onCrash(ctx, s, self) {
    const node = s.nodes[self] as GossipNode;
    node.peers = [];
    node.hb = 0;
    const t = s.truth;
    t.down[self] = true;
    // A node already (falsely) suspected when it crashes counts as caught at once: that suspicion just came true.
    const already = s.members.some((m) => isLive(s, m) && (s.nodes[m] as GossipNode).peers[self]?.suspect);
    const at = ctx.now();
    t.crashes.push({
      node: self,
      at,
      restartedAt: null,
      firstSuspectAt: already ? at : null,
      allSuspectAt: null,
    });
    // Its own suspicions die with it; suspicions of it stop being false.
    closeFalseSuspicions(ctx, s, (o, p) => o === self || p === self);
    // One fewer live node may be all it took for some earlier crash to be known everywhere.
    checkAllSuspect(ctx, s);
  },

  onRestart(ctx, s, self) {
    const node = s.nodes[self] as GossipNode;
    node.gen++;
    s.truth.down[self] = false;
    for (const c of s.truth.crashes) if (c.node === self && c.restartedAt === null) c.restartedAt = ctx.now();
    if (s.members.includes(self)) startNode(ctx, s, self);
  },

  /** A joining node starts empty and learns the table and the data from gossip; everyone gets a slot for it. */
  onMembershipChange(ctx, s) {
    while (s.nodes.length < ctx.nodeCount()) {
      const i = s.nodes.length;
      s.nodes.push(newNode());
      s.ids.push(ctx.nodeId(i));
      s.truth.down.push(false);
      for (const m of s.members) {
        const node = s.nodes[m] as GossipNode;
        if (node.peers.length > 0)
          node.peers.push({
            gen: 0,
            hb: 0,
            suspect: false,
            ...freshWindow(monotonicNs(ctx), s.phiThreshold),
          });
      }
    }
    const added = ctx.members().filter((m) => !s.members.includes(m));
    const removed = s.members.filter((m) => !ctx.members().includes(m));
    s.members = ctx.members();
    for (const m of removed) {
      closeFalseSuspicions(ctx, s, (o, p) => o === m || p === m);
      // The engine runs onCrash before a removal; a node that leaves was not crashed by anyone.
      s.truth.crashes = s.truth.crashes.filter((c) => !(c.node === m && c.at === ctx.now()));
    }
    for (const m of added) if (!s.truth.down[m]) startNode(ctx, s, m);
    checkAllSuspect(ctx, s);
  },

  observe(ctx, s) {
    return observeRegisters(ctx, s.members, (m) => {
      const data = (s.nodes[m] as GossipNode).data;
      const out: Record<string, number> = {};
      for (const k of Object.keys(data)) out[k] = (data[k] as Entry).value;
      return out;
    });
  },
};

export interface GossipMetrics {
  phiThreshold: number;
  /** Per injected crash: how long until the first node, and until every live node, suspected it (ns; null: not yet). */
  crashes: {
    node: string;
    at: number;
    restartedAt: number | null;
    firstSuspectNs: number | null;
    allSuspectNs: number | null;
  }[];
  /** Suspicions raised against a node that was up, and their total length up to `now` (ns). */
  falseSuspicions: number;
  falseSuspectedNs: number;
  /** (observer, peer) pairs suspected right now. */
  suspectedNow: { observer: string; peer: string }[];
}

/** The detector's score card, read off the design state: pure, cheap enough for every frame. */
export function gossipMetrics(s: GossipState, now: number): GossipMetrics {
  const t = s.truth;
  const id = (i: number) => s.ids[i] ?? `#${i}`;
  let open = 0;
  for (const f of t.open) open += now - f.since;
  const suspectedNow: GossipMetrics["suspectedNow"] = [];
  for (const o of s.members) {
    (s.nodes[o] as GossipNode).peers.forEach((p, q) => {
      if (q !== o && p.suspect && s.members.includes(q)) suspectedNow.push({ observer: id(o), peer: id(q) });
    });
  }
  return {
    phiThreshold: s.phiThreshold,
    crashes: t.crashes.map((c) => ({
      node: id(c.node),
      at: c.at,
      restartedAt: c.restartedAt,
      firstSuspectNs: c.firstSuspectAt === null ? null : c.firstSuspectAt - c.at,
      allSuspectNs: c.allSuspectAt === null ? null : c.allSuspectAt - c.at,
    })),
    falseSuspicions: t.falseSuspicions,
    falseSuspectedNs: t.falseSuspectedNs + open,
    suspectedNow,
  };
}
