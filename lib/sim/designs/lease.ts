import { LEASE } from "../constants";
import type { TLeaseDesign } from "../schema";
import type { ClientOp, Design, DesignContext, DesignMessage } from "../types";

/**
 * A lease with fencing tokens, the smallest model that shows why a lease alone is not a lock.
 *
 * The first member is the lock service and also the storage (one node: it keeps the data, so there is one copy
 * to fence). Every other node is a worker that wants the lease. The service grants it to one worker at a time
 * for LEASE.durationNs and hands out a token one higher with every grant; the holder renews it every tick. The
 * holder serves all client operations: reads from its own cache when it has the key (that is what exclusive
 * ownership buys: nobody else writes while the lease lasts), otherwise from storage; writes go to storage with
 * its token. Other workers forward to the holder they last heard of, or refuse when they know of none.
 *
 * A worker measures its lease on its own clock from when it asked, so it stops believing in it before the
 * service lets it go. What it cannot measure is a pause: a worker stopped by a GC pause (the `pause` command)
 * wakes with its clock behind, still believes in its lease and writes with its old token. With `fencing`, the
 * storage refuses any request carrying a token lower than the highest it has seen, so once the new holder has
 * touched storage the stale write fails; without it the write lands under the new holder's feet, and the new
 * holder's cache no longer matches storage (split brain).
 *
 * Durable: the service's last token, the storage's data and highest token. Everything else is lost in a crash;
 * a restarted service grants nothing for one lease duration, since a grant from before the crash may still hold.
 */
interface Cached {
  value: number | null;
  /** Storage's version of the key when this value was read or written: a late answer never overwrites a newer one. */
  version: number;
}

interface Worker {
  /** The token of the lease this node believes it holds; 0 for none. */
  token: number;
  /** On this node's clock: when its lease ends (measured from when it asked). */
  validUntil: number;
  /** Who it last heard holds the lease, -1 for nobody known. */
  holder: number;
  /** The highest token it has heard of: a late or duplicated grant of an older one is ignored. */
  seen: number;
  /** Values it read or wrote under its current token (cleared with every new grant and when the lease goes). */
  cache: Record<string, Cached>;
}

interface Stored {
  value: number;
  version: number;
}

export interface LeaseState {
  fencing: boolean;
  /** The node running the lock service and the storage. */
  service: number;
  members: number[];
  workers: Worker[];
  lock: {
    /** Durable: the last token granted. */
    token: number;
    holder: number;
    /** On the service's clock. */
    expiresAt: number;
    /** After a restart, no grant before this (a lease granted before the crash may still be in force). */
    graceUntil: number;
  };
  storage: {
    data: Record<string, Stored>;
    /** Writes applied so far: the version of the next one. */
    applied: number;
    /** The highest token any request has carried. */
    maxToken: number;
    /** Writes refused for a stale token (fencing on), for the panel and tests. */
    refused: number;
  };
}

type Request = { opId: number; origin: number };
type LeaseMessage =
  | { t: "acquire"; sentAt: number }
  | { t: "granted"; token: number; sentAt: number }
  | { t: "denied"; holder: number; token: number }
  | ({ t: "get"; key: string; token: number } & Request)
  | ({ t: "put"; key: string; value: number; token: number } & Request)
  | ({ t: "stored"; key: string; value: number | null; version: number; token: number } & Request)
  | ({ t: "fenced"; token: number } & Request)
  | ({ t: "fwd"; f: "read" | "write"; key: string; value: number | null } & Request)
  | { t: "fwdResp"; opId: number; ok: boolean; value: number | null };

function newWorker(holder: number): Worker {
  return { token: 0, validUntil: 0, holder, seen: 0, cache: {} };
}

const worker = (s: LeaseState, node: number) => s.workers[node] as Worker;

/** Whether the node believes it holds the lease, by its own clock. */
function holds(ctx: DesignContext, s: LeaseState, self: number): boolean {
  const w = worker(s, self);
  return w.token > 0 && ctx.localTime(self) < w.validUntil;
}

function dropLease(w: Worker, holder: number): void {
  w.token = 0;
  w.cache = {};
  w.holder = holder;
}

function answer(
  ctx: DesignContext,
  self: number,
  req: Request,
  ok: boolean,
  value: number | null = null,
): void {
  if (req.origin === self) ctx.reply(req.opId, ok ? { ok: true, value } : { ok: false });
  else ctx.send(self, req.origin, { t: "fwdResp", opId: req.opId, ok, value } satisfies LeaseMessage);
}

/** The holder serves an operation: a read from its cache when it can, anything else through storage. */
function serve(
  ctx: DesignContext,
  s: LeaseState,
  self: number,
  req: Request,
  f: "read" | "write",
  key: string,
  value: number,
): void {
  const w = worker(s, self);
  const cached = w.cache[key];
  if (f === "read" && cached !== undefined) {
    answer(ctx, self, req, true, cached.value);
    return;
  }
  const { opId, origin } = req;
  const msg: LeaseMessage =
    f === "read"
      ? { t: "get", key, token: w.token, opId, origin }
      : { t: "put", key, value, token: w.token, opId, origin };
  ctx.send(self, s.service, msg);
}

function cache(w: Worker, key: string, value: number | null, version: number): void {
  const c = w.cache[key];
  if (c === undefined || c.version < version) w.cache[key] = { value, version };
}

function armTick(ctx: DesignContext, s: LeaseState, self: number): void {
  if (self !== s.service) ctx.setTimer(self, LEASE.tickNs, "tick");
}

/** The lock service: renew the holder's lease, grant a free (or expired) one with the next token, or say who holds it. */
function onAcquire(ctx: DesignContext, s: LeaseState, from: number, sentAt: number): void {
  const lock = s.lock;
  const now = ctx.localTime(s.service);
  const live = lock.holder >= 0 && now < lock.expiresAt;
  if (live && lock.holder !== from) {
    ctx.send(s.service, from, { t: "denied", holder: lock.holder, token: lock.token } satisfies LeaseMessage);
    return;
  }
  if (!live) {
    if (now < lock.graceUntil) {
      ctx.send(s.service, from, { t: "denied", holder: -1, token: lock.token } satisfies LeaseMessage);
      return;
    }
    lock.token++;
    lock.holder = from;
  }
  lock.expiresAt = now + LEASE.durationNs;
  ctx.send(s.service, from, { t: "granted", token: lock.token, sentAt } satisfies LeaseMessage);
}

/** Storage: with fencing, a request carrying a token below the highest seen is refused. */
function onStorage(
  ctx: DesignContext,
  s: LeaseState,
  from: number,
  m: Extract<LeaseMessage, { t: "get" | "put" }>,
): void {
  const st = s.storage;
  const req = { opId: m.opId, origin: m.origin };
  if (s.fencing && m.token < st.maxToken) {
    if (m.t === "put") st.refused++;
    ctx.send(s.service, from, { t: "fenced", token: st.maxToken, ...req } satisfies LeaseMessage);
    return;
  }
  if (m.token > st.maxToken) st.maxToken = m.token;
  if (m.t === "put") {
    st.applied++;
    st.data[m.key] = { value: m.value, version: st.applied };
  }
  const cur = st.data[m.key];
  const reply: LeaseMessage = {
    t: "stored",
    key: m.key,
    value: cur?.value ?? null,
    version: cur?.version ?? 0,
    token: m.token,
    ...req,
  };
  ctx.send(s.service, from, reply, m.t === "put" ? ctx.storageDelayNs() : 0);
}

export const leaseDesign: Design<LeaseState> = {
  init(ctx, config) {
    if (config.kind !== "lease") throw new Error("lease design needs its config");
    const members = ctx.members();
    const service = members[0] ?? 0;
    // The first worker starts out holding the lease with token 1, so every run begins the same way.
    const first = members[1] ?? -1;
    const s: LeaseState = {
      fencing: (config as TLeaseDesign).fencing,
      service,
      members,
      workers: [],
      lock: { token: first >= 0 ? 1 : 0, holder: first, expiresAt: LEASE.durationNs, graceUntil: 0 },
      storage: { data: {}, applied: 0, maxToken: 0, refused: 0 },
    };
    for (let i = 0; i < ctx.nodeCount(); i++) s.workers.push(newWorker(first));
    for (const w of s.workers) w.seen = s.lock.token;
    if (first >= 0) Object.assign(worker(s, first), { token: 1, validUntil: LEASE.durationNs });
    for (const m of members) armTick(ctx, s, m);
    return s;
  },

  onClientOp(ctx, s, self, op: ClientOp) {
    const req = { opId: op.opId, origin: self };
    if (self !== s.service && holds(ctx, s, self)) {
      return serve(ctx, s, self, req, op.f, op.key, op.value ?? op.opId);
    }
    // The service knows the holder; a worker goes by what it last heard.
    const lock = s.lock;
    const target =
      self === s.service
        ? lock.holder >= 0 && ctx.localTime(self) < lock.expiresAt
          ? lock.holder
          : -1
        : worker(s, self).holder;
    if (target < 0 || target === self) return ctx.reply(op.opId, { ok: false });
    ctx.send(self, target, {
      t: "fwd",
      f: op.f,
      key: op.key,
      value: op.value,
      ...req,
    } satisfies LeaseMessage);
  },

  onMessage(ctx, s, self, from, raw: DesignMessage) {
    const m = raw as LeaseMessage;
    const w = worker(s, self);
    switch (m.t) {
      case "acquire":
        return onAcquire(ctx, s, from, m.sentAt);
      case "get":
      case "put":
        return onStorage(ctx, s, from, m);
      case "granted":
        if (m.token < w.seen) return; // a late (or duplicated) grant of a lease that has since moved on
        if (m.token !== w.token) {
          w.cache = {}; // a new grant: someone else may have written meanwhile
          w.validUntil = 0;
        }
        w.token = m.token;
        w.seen = m.token;
        w.validUntil = Math.max(w.validUntil, m.sentAt + LEASE.durationNs);
        w.holder = self;
        return;
      case "denied":
        // Someone else holds it (or nobody may yet): whatever this node believed, it holds nothing.
        w.seen = Math.max(w.seen, m.token);
        if (w.token > 0 || w.holder !== m.holder) dropLease(w, m.holder);
        return;
      case "stored":
        if (m.token === w.token) cache(w, m.key, m.value, m.version);
        return answer(ctx, self, m, true, m.value);
      case "fenced":
        // Storage has seen a newer token: a newer holder exists. Stop acting as the holder.
        w.seen = Math.max(w.seen, m.token);
        if (m.token > w.token && w.token > 0) dropLease(w, -1);
        return answer(ctx, self, m, false);
      case "fwd":
        if (self === s.service || !holds(ctx, s, self)) return answer(ctx, self, m, false);
        return serve(ctx, s, self, { opId: m.opId, origin: m.origin }, m.f, m.key, m.value ?? m.opId);
      case "fwdResp":
        return ctx.reply(m.opId, m.ok ? { ok: true, value: m.value } : { ok: false });
      default: {
        const never: never = m;
        throw new Error(`unknown lease message ${JSON.stringify(never)}`);
      }
    }
  },

  onTimer(ctx, s, self, name) {
    if (name !== "tick") return;
    const w = worker(s, self);
    // Renew while it holds the lease; once it runs out by its own clock, let go and ask like everyone else.
    if (w.token > 0 && !holds(ctx, s, self)) dropLease(w, -1);
    ctx.send(self, s.service, { t: "acquire", sentAt: ctx.localTime(self) } satisfies LeaseMessage);
    armTick(ctx, s, self);
  },

  onCrash(_ctx, s, self) {
    s.workers[self] = newWorker(-1);
    if (self === s.service) s.lock = { ...s.lock, holder: -1, expiresAt: 0 };
  },

  onRestart(ctx, s, self) {
    if (self === s.service) s.lock.graceUntil = ctx.localTime(self) + LEASE.durationNs;
    armTick(ctx, s, self);
  },

  onMembershipChange(ctx, s) {
    while (s.workers.length < ctx.nodeCount()) s.workers.push(newWorker(s.lock.holder));
    const added = ctx.members().filter((m) => !s.members.includes(m));
    s.members = ctx.members();
    for (const m of added) armTick(ctx, s, m);
  },

  /** Storage's data on the service's node; each worker that believes it holds the lease, its cache. */
  observe(ctx, s) {
    const out: Record<string, Record<string, number[]>> = {};
    for (const m of s.members) {
      const view: Record<string, number[]> = {};
      if (m === s.service) {
        for (const [k, v] of Object.entries(s.storage.data)) view[k] = [v.value];
      } else if (worker(s, m).token > 0) {
        for (const [k, c] of Object.entries(worker(s, m).cache)) if (c.value !== null) view[k] = [c.value];
      }
      out[ctx.nodeId(m)] = view;
    }
    return out;
  },
};
