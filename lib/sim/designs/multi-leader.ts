import { MULTI_LEADER } from "../constants";
import type { Design, DesignMessage } from "../types";

/**
 * Multi-leader: every node accepts writes locally and replicates its state to the others, at once and then
 * periodically (state-based, so lost or duplicated messages do no harm: merge is idempotent, commutative and
 * associative). Conflicts resolve by last-write-wins on the writer's clock (one of two concurrent writes is
 * silently dropped) or with a PN-counter CRDT, where a write adds its value and no increment is ever lost.
 */
interface LwwRegister {
  value: number;
  ts: number;
  node: number;
}

/** Per-node increment and decrement totals; the counter's value is Σp − Σn. */
interface PnCounter {
  p: Record<string, number>;
  n: Record<string, number>;
}

type Entry = LwwRegister | PnCounter;

interface MultiNode {
  data: Record<string, Entry>;
}

export interface MultiLeaderState {
  conflict: "lww" | "pn-counter";
  members: number[];
  nodes: MultiNode[];
}

type MultiMessage = { t: "state"; data: Record<string, Entry> };

function isCounter(e: Entry): e is PnCounter {
  return "p" in e;
}

export function mergeEntry(a: Entry | undefined, b: Entry): Entry {
  if (a === undefined) return b;
  if (isCounter(a) && isCounter(b)) {
    const p: Record<string, number> = { ...a.p };
    const n: Record<string, number> = { ...a.n };
    for (const k of Object.keys(b.p)) p[k] = Math.max(p[k] ?? 0, b.p[k] ?? 0);
    for (const k of Object.keys(b.n)) n[k] = Math.max(n[k] ?? 0, b.n[k] ?? 0);
    return { p, n };
  }
  if (isCounter(a) || isCounter(b)) return b;
  const bWins = (b.ts - a.ts || b.node - a.node || b.value - a.value) > 0;
  return bWins ? b : a;
}

export function entryValue(e: Entry | undefined): number | null {
  if (e === undefined) return null;
  if (!isCounter(e)) return e.value;
  let sum = 0;
  for (const k of Object.keys(e.p)) sum += e.p[k] ?? 0;
  for (const k of Object.keys(e.n)) sum -= e.n[k] ?? 0;
  return sum;
}

export const multiLeaderDesign: Design<MultiLeaderState> = {
  init(ctx, config) {
    if (config.kind !== "multi-leader") throw new Error("multi-leader design needs its config");
    const s: MultiLeaderState = { conflict: config.conflict, members: ctx.members(), nodes: [] };
    for (let i = 0; i < ctx.nodeCount(); i++) s.nodes.push({ data: {} });
    for (const m of s.members) ctx.setTimer(m, MULTI_LEADER.syncIntervalNs, "sync");
    return s;
  },

  onClientOp(ctx, s, self, op) {
    const node = s.nodes[self] as MultiNode;
    if (op.f === "read") return ctx.reply(op.opId, { ok: true, value: entryValue(node.data[op.key]) });
    const value = op.value ?? op.opId;
    let entry: Entry;
    if (s.conflict === "lww") {
      entry = { value, ts: ctx.localTime(self), node: self };
    } else {
      const prev = node.data[op.key];
      const id = ctx.nodeId(self);
      const base: PnCounter = prev !== undefined && isCounter(prev) ? prev : { p: {}, n: {} };
      entry =
        value >= 0
          ? { p: { ...base.p, [id]: (base.p[id] ?? 0) + value }, n: base.n }
          : { p: base.p, n: { ...base.n, [id]: (base.n[id] ?? 0) - value } };
    }
    node.data[op.key] = mergeEntry(node.data[op.key], entry);
    ctx.reply(op.opId, { ok: true, value });
    const msg: MultiMessage = { t: "state", data: { [op.key]: node.data[op.key] as Entry } };
    for (const m of s.members) if (m !== self) ctx.send(self, m, msg);
  },

  onMessage(_ctx, s, self, _from, raw: DesignMessage) {
    const msg = raw as MultiMessage;
    const node = s.nodes[self] as MultiNode;
    for (const k of Object.keys(msg.data)) node.data[k] = mergeEntry(node.data[k], msg.data[k] as Entry);
  },

  onTimer(ctx, s, self) {
    const node = s.nodes[self] as MultiNode;
    const msg: MultiMessage = { t: "state", data: { ...node.data } };
    for (const m of s.members) if (m !== self) ctx.send(self, m, msg);
    ctx.setTimer(self, MULTI_LEADER.syncIntervalNs, "sync");
  },

  onCrash() {},

  onRestart(ctx, s, self) {
    if (s.members.includes(self)) ctx.setTimer(self, MULTI_LEADER.syncIntervalNs, "sync");
  },

  /** A joining node starts empty and catches up from the periodic full-state pushes. */
  onMembershipChange(ctx, s) {
    while (s.nodes.length < ctx.nodeCount()) s.nodes.push({ data: {} });
    const added = ctx.members().filter((m) => !s.members.includes(m));
    s.members = ctx.members();
    for (const m of added) ctx.setTimer(m, MULTI_LEADER.syncIntervalNs, "sync");
  },

  observe(ctx, s) {
    const out: Record<string, Record<string, number[]>> = {};
    for (const m of s.members) {
      const data = (s.nodes[m] as MultiNode).data;
      const view: Record<string, number[]> = {};
      for (const k of Object.keys(data)) view[k] = [entryValue(data[k]) ?? 0];
      out[ctx.nodeId(m)] = view;
    }
    return out;
  },
};
