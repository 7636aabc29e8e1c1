import { TWO_PHASE_COMMIT as TPC } from "../constants";
import type { DesignContext } from "../types";
import type { TpcMessage, TpcNode, TwoPhaseCommitState } from "./two-phase-commit";

/**
 * A two-phase commit participant (the protocol: two-phase-commit.ts). It holds one shard of the keys, and for each
 * transaction it has voted yes on, the writes and their locks, on disk, until it hears the decision.
 */
export interface Write {
  key: string;
  value: number;
}

export interface Prepared {
  tx: number;
  origin: number;
  parts: number[];
  writes: Write[];
  since: number;
}

export interface PartNode {
  // durable
  data: Record<string, number>;
  prepared: Prepared[];
  /** Transaction id → "c" (committed here) or "a" (aborted here): the record atomicity is judged by. */
  outcome: Record<string, "c" | "a">;
  /** Start of the current stretch with at least one prepared transaction, or -1. */
  blockedSince: number;
  /** Total time with at least one prepared transaction (locks held), finished stretches only. */
  blockedNs: number;
  /** The longest any one transaction stayed prepared here (finished ones). */
  longestNs: number;
  // volatile
  reads: { opId: number; origin: number; key: string }[];
}

const send = (ctx: DesignContext, from: number, to: number, m: TpcMessage, delay?: number) =>
  ctx.send(from, to, m, delay);

export function newParticipant(): PartNode {
  return { data: {}, prepared: [], outcome: {}, blockedSince: -1, blockedNs: 0, longestNs: 0, reads: [] };
}

function lockedBy(p: PartNode, key: string): number {
  for (const x of p.prepared) if (x.writes.some((w) => w.key === key)) return x.tx;
  return -1;
}

export function serveRead(
  ctx: DesignContext,
  self: number,
  p: PartNode,
  r: { opId: number; origin: number; key: string },
): void {
  if (lockedBy(p, r.key) >= 0) {
    p.reads.push(r);
    return;
  }
  const value = p.data[r.key] ?? null;
  if (r.origin === self) ctx.reply(r.opId, { ok: true, value });
  else send(ctx, self, r.origin, { t: "readResp", opId: r.opId, value });
}

function finish(ctx: DesignContext, self: number, p: PartNode, tx: number, commit: boolean): void {
  const i = p.prepared.findIndex((x) => x.tx === tx);
  if (i >= 0) {
    const x = p.prepared[i] as Prepared;
    if (commit) for (const w of x.writes) p.data[w.key] = w.value;
    p.prepared.splice(i, 1);
    p.longestNs = Math.max(p.longestNs, ctx.now() - x.since);
    if (p.prepared.length === 0 && p.blockedSince >= 0) {
      p.blockedNs += ctx.now() - p.blockedSince;
      p.blockedSince = -1;
    }
  }
  p.outcome[tx] = commit ? "c" : "a";
  const waiting = p.reads;
  p.reads = [];
  for (const r of waiting) serveRead(ctx, self, p, r);
}

export function onParticipantMessage(
  ctx: DesignContext,
  s: TwoPhaseCommitState,
  self: number,
  from: number,
  m: TpcMessage,
): void {
  const n = s.nodes[self] as TpcNode;
  const p = n.part as PartNode;
  switch (m.t) {
    case "read":
      serveRead(ctx, self, p, m);
      return;
    case "prepare": {
      if (p.prepared.some((x) => x.tx === m.tx)) {
        send(ctx, self, from, { t: "vote", tx: m.tx, yes: true });
        return;
      }
      if (p.outcome[m.tx] !== undefined) return; // finished here already: a late duplicate
      if (m.writes.some((w) => lockedBy(p, w.key) >= 0)) {
        // Locked by another transaction: abort this one rather than wait (no deadlocks).
        p.outcome[m.tx] = "a";
        send(ctx, self, from, { t: "vote", tx: m.tx, yes: false });
        return;
      }
      p.prepared.push({ tx: m.tx, origin: m.origin, parts: m.parts, writes: m.writes, since: ctx.now() });
      if (p.blockedSince < 0) p.blockedSince = ctx.now();
      // Yes is a promise: the writes and the lock are on disk before the vote leaves.
      send(ctx, self, from, { t: "vote", tx: m.tx, yes: true }, ctx.storageDelayNs());
      ctx.setTimer(self, TPC.inquireEveryNs, "inquire", m.tx);
      return;
    }
    case "decide":
      if (p.prepared.some((x) => x.tx === m.tx) || (p.outcome[m.tx] === undefined && !m.commit)) {
        finish(ctx, self, p, m.tx, m.commit);
      }
      send(ctx, self, from, { t: "done", tx: m.tx }, ctx.storageDelayNs());
      return;
    case "hb":
      if (m.term >= n.term) {
        n.term = m.term;
        n.leader = from;
      }
      return;
    default:
      return;
  }
}

export function inquire(ctx: DesignContext, s: TwoPhaseCommitState, self: number, x: Prepared): void {
  const m: TpcMessage = { t: "inquire", tx: x.tx, origin: x.origin, parts: x.parts };
  for (const r of s.coordinators) if (r !== self) send(ctx, self, r, m);
}
