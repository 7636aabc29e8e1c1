import type { HistoryEvent } from "../check/history";
import { CLIENT_TIMEOUT_NS } from "./constants";
import { designFor } from "./designs/registry";
import { nextFloat, nextInt, nextUint32 } from "./prng";
import type { ClientResult, EngineCore, NodeRuntime, PendingOp, SimState } from "./types";

/**
 * Client operations: the workload generator, invocation, completion and timeout, and the Jepsen-style record
 * of each. Every operation is `invoke` then at most one of `ok`, `fail` (certainly did not happen) or `info`
 * (unknown: timed out, may still take effect).
 */
export function takePending(s: SimState, opId: number): PendingOp | undefined {
  const i = s.pending.findIndex((p) => p.opId === opId);
  return i < 0 ? undefined : s.pending.splice(i, 1)[0];
}

/**
 * Open-loop workload: every tick draws the same four numbers whatever the design does, so the offered load
 * is identical across designs; a client still waiting on its previous operation skips its turn.
 */
export function workloadTick(e: EngineCore): void {
  const s = e.state;
  const w = s.workload;
  const cfg = w.config;
  if (cfg === null) return;
  const rng = s.rng.workload;
  const ci = nextUint32(rng) % cfg.clients.length;
  // One draw either way, so a hot key changes which key, never how many numbers the stream gives.
  const kr = nextUint32(rng);
  const ki = cfg.hotKeyShare > 0 && kr / 4_294_967_296 < cfg.hotKeyShare ? 0 : kr % cfg.keys;
  const isRead = nextFloat(rng) < cfg.readRatio;
  const gap = nextInt(rng, 1, 2 * cfg.meanIntervalNs - 1);
  e.schedule({ time: s.now + gap, seq: 0, k: "workload", gen: w.gen });
  const client = cfg.clients[ci];
  const cs = w.clients[ci];
  if (client === undefined || cs === undefined || cs.busy) return;
  const node = s.nodes.findIndex((n) => n.id === client.node);
  if (node < 0) return;
  cs.busy = true;
  const counter = s.design.kind === "multi-leader" && s.design.conflict === "pn-counter";
  invoke(
    e,
    node,
    isRead ? "read" : "write",
    `k${ki}`,
    counter ? 1 : null,
    client.id,
    `${client.id}.${cs.gen}`,
    ci,
  );
}

export function invoke(
  e: EngineCore,
  node: number,
  f: "read" | "write",
  key: string,
  value: number | null,
  session: string | null,
  process: string | null,
  client: number,
): void {
  const s = e.state;
  const opId = s.nextOpId++;
  const op: PendingOp = {
    opId,
    process: process ?? `m${opId}`,
    session: session ?? `manual@${(s.nodes[node] as NodeRuntime).id}`,
    client,
    node,
    f,
    key,
    value: f === "write" ? (value ?? opId) : null,
    start: s.now,
  };
  record(e, "invoke", op, op.value);
  if ((s.nodes[node] as NodeRuntime).status !== "up") {
    // Connection refused: the operation certainly did not happen.
    record(e, "fail", op, null);
    releaseClient(e, op.client, false);
    return;
  }
  s.pending.push(op);
  const timeout = s.config.clientTimeoutNs ?? CLIENT_TIMEOUT_NS;
  e.schedule({ time: s.now + timeout, seq: 0, k: "clientTimeout", opId });
  const clientOp = { opId, f, key, value: op.value };
  const n = s.nodes[node] as NodeRuntime;
  if (n.pausedUntil !== undefined) {
    // The request reaches a paused process: it waits, unanswered, until the node wakes.
    e.schedule({ time: n.pausedUntil, seq: 0, k: "clientOp", node, inc: n.incarnation, op: clientOp });
    return;
  }
  designFor(s.design).onClientOp(e.ctx, s.designState, node, clientOp);
}

export function complete(e: EngineCore, opId: number, result: ClientResult): void {
  const s = e.state;
  const op = takePending(s, opId);
  if (op === undefined) return;
  if (result.ok) record(e, "ok", op, op.f === "write" ? op.value : result.value, result.siblings);
  else record(e, "fail", op, null);
  releaseClient(e, op.client, false);
}

function record(
  e: EngineCore,
  type: HistoryEvent["type"],
  op: PendingOp,
  value: number | null,
  siblings?: number[],
): void {
  const ev: HistoryEvent = {
    type,
    opId: op.opId,
    process: op.process,
    session: op.session,
    node: (e.state.nodes[op.node] as NodeRuntime).id,
    f: op.f,
    key: op.key,
    value,
    time: e.state.now,
  };
  if (siblings !== undefined && siblings.length > 1) ev.siblings = siblings;
  // Frozen: history entries never change, so hashing and snapshots can share them.
  e.state.history.push(Object.freeze(ev));
}

/** A timed-out client continues as a new process: its old operation may still be in flight (Jepsen's rule). */
function releaseClient(e: EngineCore, client: number, timedOut: boolean): void {
  const cs = e.state.workload.clients[client];
  if (cs === undefined) return;
  cs.busy = false;
  if (timedOut) cs.gen++;
}

/** A client that hears nothing in time records `info` and continues as a new process. */
export function timeOut(e: EngineCore, opId: number): void {
  const op = takePending(e.state, opId);
  if (op === undefined) return;
  record(e, "info", op, null);
  releaseClient(e, op.client, true);
}
