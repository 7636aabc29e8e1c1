import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { Redis } from "ioredis";
import {
  holdsFields,
  ROOM_STATE_FIELDS,
  type TBusAsk,
  type TBusCallOf,
  type TBusDelivery,
  type TBusKind,
  type TBusMessage,
  type TBusNotice,
  type TBusReplies,
  type TBusResponse,
  ZBusMessage,
  ZBusReplies,
} from "../../lib/protocol/bus";
import type { TCallSignal, TCallSignalAck } from "../../lib/protocol/call";
import type { TCursor, TError, TJoinAck, TOpAck, TSeatResult } from "../../lib/protocol/room";
import type { RoomState, TRoomOp } from "../../lib/room";
import { log } from "../log";
import { type QueueStore, RedisQueueStore } from "../realtime/queue-store";
import { LocalGateway, type RoomGateway } from "../rooms/gateway";
import type { RoomPeer } from "../rooms/peer";
import type { RoomRegistry } from "../rooms/registry";
import { LEASE, Leases } from "./leases";

/** A forwarded request not answered within this long fails as "unavailable" (the client retries). */
const REQUEST_TIMEOUT_MS = 5_000;
const channel = (procId: string) => `quorum:bus:${procId}`;

const unavailable: TError = {
  code: "unavailable",
  message: "The interview's server is changing hands; retrying…",
};

// What processes say to each other through Redis is lib/protocol/bus.ts. Each process listens on its own channel;
// one publisher connection per process keeps its messages to another process in order (a peer's events before
// its ack).

/** How the owner serves each kind of call from another process (`from`), answering as TBusReplies says. */
type BusHandlers = {
  [K in TBusKind]: (roomId: string, call: TBusCallOf<K>, from: string) => Promise<TBusReplies[K]>;
};

/** A socket on this process, joined to a room another process owns. */
interface ForwardedPeer {
  roomId: string;
  owner: string;
  peer: RoomPeer;
  /** Deliveries that arrived before the join's answer: sent right after it, so none is lost or early. */
  held: (() => void)[] | null;
}

/**
 * The multi-process room gateway (REDIS_URL). Each room has one owner process (a Redis lease); a socket on any
 * process reaches the room through its owner: calls are forwarded over Redis, and the owner's actor sees that
 * socket as a peer whose deliveries travel back the same way. When an owner dies its lease is taken by the next
 * process that needs the room, which reloads it from Postgres; sockets joined through the dead owner are told to
 * re-join (the same resync the single-process room uses after a failed write), and resend what was not
 * acknowledged. Acknowledged ops were committed to Postgres before their ack, so none is lost.
 */
export class ClusterGateway implements RoomGateway {
  readonly procId = `${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;
  private readonly local: LocalGateway;
  private readonly leases: Leases;
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly waiting = new Map<string, { done: (m: TBusResponse) => void; timer: NodeJS.Timeout }>();
  private readonly forwarded = new Map<string, ForwardedPeer>();
  /** Peers of other processes joined to rooms this process owns: peer id → (room, their process). */
  private readonly remote = new Map<string, { roomId: string; proc: string; peer: RoomPeer }>();
  private readonly owned = new Set<string>();
  private seq = 0;
  private ticker: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(registry: RoomRegistry, url: string) {
    this.local = new LocalGateway(registry);
    this.pub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
    this.sub = this.pub.duplicate();
    for (const c of [this.pub, this.sub])
      c.on("error", (err) => log.warn("redis error", { err: err.message }));
    this.leases = new Leases(this.pub, this.procId);
    // A room the registry drops (idle) is released at once, so another process may own it next.
    registry.onEvict = (roomId) => {
      if (this.owned.delete(roomId))
        void this.leases
          .release(roomId)
          .catch((err: Error) => log.warn("room lease not released", { room: roomId, err: err.message }));
    };
  }

  static async start(registry: RoomRegistry, url: string): Promise<ClusterGateway> {
    const g = new ClusterGateway(registry, url);
    await Promise.all([g.pub.connect(), g.sub.connect()]);
    await g.leases.heartbeat();
    g.sub.on("message", (_channel: string, raw: string) => g.onMessage(raw));
    await g.sub.subscribe(channel(g.procId));
    g.ticker = setInterval(
      () => void g.tick().catch((err) => log.warn("cluster tick failed", { err: err.message })),
      LEASE.tickMs,
    );
    g.ticker.unref?.();
    log.info("cluster mode on", { proc: g.procId });
    return g;
  }

  queueStore(connected: (socketId: string) => boolean): QueueStore {
    return new RedisQueueStore(this.pub, this.procId, (p) => this.leases.alive(p), connected);
  }

  status(): "ok" | "down" {
    return this.pub.status === "ready" && this.sub.status === "ready" ? "ok" : "down";
  }

  // ---- The gateway, as transport sees it -------------------------------------------------------------------

  async join(roomId: string, peer: RoomPeer, lastSeq: number, lastRef: string | null): Promise<TJoinAck> {
    const owner = await this.ownerOf(roomId);
    if (owner === this.procId) {
      this.forwarded.delete(peer.id);
      return this.local.join(roomId, peer, lastSeq, lastRef);
    }
    const entry: ForwardedPeer = { roomId, owner, peer, held: [] };
    this.forwarded.set(peer.id, entry);
    try {
      const ack = await this.call(owner, roomId, {
        kind: "join",
        peer: { id: peer.id, userId: peer.userId },
        lastSeq,
        lastRef,
      });
      if (!ack.ok) this.forwarded.delete(peer.id);
      return ack;
    } catch {
      this.forwarded.delete(peer.id);
      return { ok: false, error: unavailable };
    } finally {
      // After the caller has answered the socket (this turn), deliver what arrived meanwhile.
      setImmediate(() => {
        const held = entry.held;
        entry.held = null;
        for (const send of held ?? []) send();
      });
    }
  }

  async submit(roomId: string, peerId: string, opId: string, op: TRoomOp): Promise<TOpAck> {
    const via = this.forwarded.get(peerId);
    // Joined here, but the room has moved on (its resync is on the way): never decide without the lease.
    if (!via && !this.owned.has(roomId)) return { ok: false, error: unavailable };
    if (!via) return this.local.submit(roomId, peerId, opId, op);
    try {
      const ack = await this.call(via.owner, roomId, { kind: "submit", peerId, opId, op });
      // The owner no longer knows this socket (it reloaded the room): have the client join again, then resend.
      if (!ack.ok && ack.error.code === "not_joined" && this.forwarded.get(peerId) === via) {
        this.forwarded.delete(peerId);
        via.peer.sendResync(roomId);
      }
      return ack;
    } catch {
      return { ok: false, error: unavailable };
    }
  }

  async leave(roomId: string, peerId: string, explicit: boolean): Promise<void> {
    const via = this.forwarded.get(peerId);
    if (!via && !this.owned.has(roomId)) return;
    if (!via) return this.local.leave(roomId, peerId, explicit);
    this.forwarded.delete(peerId);
    this.send(via.owner, roomId, { kind: "leave", peerId, explicit });
  }

  async cursor(roomId: string, peerId: string, cursor: Omit<TCursor, "userId" | "name">): Promise<void> {
    const via = this.forwarded.get(peerId);
    if (!via && !this.owned.has(roomId)) return;
    if (!via) return this.local.cursor(roomId, peerId, cursor);
    this.send(via.owner, roomId, { kind: "cursor", peerId, cursor });
  }

  /** Awaits the owner's answer (unlike a cursor): the sender must learn whether its signal was refused. */
  async signal(roomId: string, peerId: string, signal: TCallSignal): Promise<TCallSignalAck> {
    const via = this.forwarded.get(peerId);
    if (!via) return this.local.signal(roomId, peerId, signal);
    try {
      return await this.call(via.owner, roomId, { kind: "signal", peerId, signal });
    } catch {
      return { ok: false, error: unavailable };
    }
  }

  async seat(roomId: string, user: { id: string; name: string }): Promise<TSeatResult | null> {
    const owner = await this.ownerOf(roomId);
    if (owner === this.procId) return this.local.seat(roomId, user);
    return this.call(owner, roomId, { kind: "seat", user });
  }

  async recordNextRound(
    roomId: string,
    userId: string,
    nextRoomId: string,
    questionId: string,
  ): Promise<TOpAck> {
    const owner = await this.ownerOf(roomId);
    if (owner === this.procId) return this.local.recordNextRound(roomId, userId, nextRoomId, questionId);
    return this.call(owner, roomId, { kind: "nextRound", userId, nextRoomId, questionId });
  }

  async state(roomId: string): Promise<RoomState | null> {
    const owner = await this.ownerOf(roomId);
    if (owner === this.procId) return this.local.state(roomId);
    const state = await this.call(owner, roomId, { kind: "state" });
    if (state === null || holdsFields(state, ROOM_STATE_FIELDS)) return state;
    throw new Error(`${owner} answered with part of room ${roomId}'s state`);
  }

  async statePart<K extends keyof RoomState>(
    roomId: string,
    keys: readonly K[],
  ): Promise<Pick<RoomState, K> | null> {
    const owner = await this.ownerOf(roomId);
    if (owner === this.procId) return this.local.state(roomId);
    const part = await this.call(owner, roomId, { kind: "state", keys: [...keys] });
    if (part === null || holdsFields(part, keys)) return part;
    throw new Error(`${owner} answered without some of ${keys.join(", ")} of room ${roomId}`);
  }

  /** Graceful shutdown: finish local work, hand every room back, stop listening. */
  async drain(): Promise<void> {
    this.closed = true;
    clearInterval(this.ticker);
    await this.local.drain();
    await Promise.allSettled([...this.owned].map((r) => this.leases.release(r)));
    this.owned.clear();
    await this.leases.retire().catch((err: Error) => log.warn("leases not retired", { err: err.message }));
    for (const w of this.waiting.values()) clearTimeout(w.timer);
    await Promise.allSettled([this.sub.quit(), this.pub.quit()]);
  }

  // ---- Ownership -----------------------------------------------------------------------------------------

  private async ownerOf(roomId: string): Promise<string> {
    if (this.owned.has(roomId)) return this.procId;
    const owner = await this.leases.owner(roomId);
    if (owner === this.procId && !this.owned.has(roomId)) {
      // Newly ours (perhaps from a dead owner): whatever this process cached of the room is stale.
      this.owned.add(roomId);
      this.local.registry.forget(roomId);
    }
    return owner;
  }

  /**
   * Every second: prove this process alive, renew the rooms it owns (dropping any it lost), drop peers whose
   * process died, and tell sockets joined through an owner that is gone to re-join.
   */
  private async tick(): Promise<void> {
    if (this.closed) return;
    await this.leases.heartbeat();
    for (const roomId of [...this.owned]) {
      if (await this.leases.renew(roomId)) continue;
      log.warn("room lease lost", { room: roomId });
      this.owned.delete(roomId);
      this.local.registry.forget(roomId, (peer) => peer.sendResync(roomId));
    }
    const procs = new Set([...this.remote.values()].map((r) => r.proc));
    for (const proc of procs) {
      if (await this.leases.alive(proc)) continue;
      for (const [peerId, r] of this.remote)
        if (r.proc === proc) {
          this.remote.delete(peerId);
          await this.local.leave(r.roomId, peerId, false);
        }
    }
    const watched = new Map<string, string>();
    for (const f of this.forwarded.values()) watched.set(f.roomId, f.owner);
    for (const [roomId, owner] of watched) {
      const holder = await this.leases.holder(roomId);
      if (holder === owner && (await this.leases.alive(owner))) continue;
      log.info("room owner gone; asking its sockets here to re-join", { room: roomId, owner });
      for (const [peerId, f] of this.forwarded)
        if (f.roomId === roomId) {
          this.forwarded.delete(peerId);
          f.peer.sendResync(roomId);
        }
    }
  }

  // ---- The bus ---------------------------------------------------------------------------------------------

  /** A call for `to`, answered with the reply its kind gets (checked as it comes off the wire). */
  private call<C extends TBusAsk>(to: string, roomId: string, call: C): Promise<TBusReplies[C["kind"]]> {
    const id = `${this.procId}:${++this.seq}`;
    const kind: C["kind"] = call.kind;
    const reply = ZBusReplies[kind];
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`no answer from ${to} for ${call.kind} in room ${roomId}`));
      }, REQUEST_TIMEOUT_MS);
      this.waiting.set(id, {
        timer,
        done: (m) => {
          if (m.failed) return reject(new Error(String(m.value)));
          const parsed = reply.safeParse(m.value);
          if (parsed.success) resolve(parsed.data);
          else reject(new Error(`a malformed answer from ${to} for ${call.kind} in room ${roomId}`));
        },
      });
      this.publish(to, { t: "req", id, from: this.procId, roomId, call });
    });
  }

  /** A call that needs no answer (leave, cursor). */
  private send(to: string, roomId: string, call: TBusNotice): void {
    this.publish(to, { t: "req", id: "", from: this.procId, roomId, call });
  }

  private publish(to: string, m: TBusMessage): void {
    void this.pub
      .publish(channel(to), JSON.stringify(m))
      .catch((err) => log.warn("bus publish failed", { to, err: err.message }));
  }

  private onMessage(raw: string): void {
    let m: TBusMessage;
    try {
      m = ZBusMessage.parse(JSON.parse(raw));
    } catch (err) {
      log.warn("bad bus message", { err: (err as Error).message });
      return;
    }
    if (m.t === "res") {
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      clearTimeout(w.timer);
      w.done(m);
    } else if (m.t === "deliver") this.deliver(m);
    else {
      const { id, from } = m;
      void this.serve(m.roomId, m.call, from).then(
        (value) => id && this.publish(from, { t: "res", id, value }),
        (err: Error) => id && this.publish(from, { t: "res", id, value: err.message, failed: true }),
      );
    }
  }

  /** A delivery from a room's owner to one of this process's sockets. */
  private deliver(m: TBusDelivery): void {
    const f = this.forwarded.get(m.peerId);
    if (!f) return;
    const send = () => {
      switch (m.what) {
        case "event":
          return f.peer.sendEvent(m.roomId, m.data);
        case "presence":
          return f.peer.sendPresence(m.roomId, m.data);
        case "resync":
          return f.peer.sendResync(m.roomId);
        case "signal":
          return f.peer.sendSignal?.(m.data);
        case "cursor":
          return f.peer.sendCursor?.(m.roomId, m.data);
      }
    };
    if (f.held) f.held.push(send);
    else send();
  }

  /** A call from another process for a room this one owns (or should: it takes the lease if it is free). */
  private serve<K extends TBusKind>(
    roomId: string,
    call: TBusCallOf<K>,
    from: string,
  ): Promise<TBusReplies[K]> {
    return this.serving[call.kind](roomId, call, from);
  }

  /** Whether this process owns the room, taking its lease if it is free. */
  private async owns(roomId: string): Promise<boolean> {
    return (await this.ownerOf(roomId)) === this.procId;
  }

  // Not ours (any more): a join or op is answered "unavailable" and the caller finds the owner again; a seat or
  // state request fails; a leave or a pointer for a room this process doesn't hold is moot (and never takes a
  // lease).
  private readonly serving: BusHandlers = {
    join: async (roomId, call, from) => {
      if (!(await this.owns(roomId))) return { ok: false, error: unavailable };
      const peer = this.remote.get(call.peer.id)?.peer ?? this.remotePeer(call.peer, from);
      this.remote.set(peer.id, { roomId, proc: from, peer });
      const ack = await this.local.join(roomId, peer, call.lastSeq, call.lastRef);
      if (!ack.ok) this.remote.delete(peer.id);
      return ack;
    },
    submit: async (roomId, call) => {
      if (!(await this.owns(roomId))) return { ok: false, error: unavailable };
      return this.local.submit(roomId, call.peerId, call.opId, call.op);
    },
    leave: async (roomId, call) => {
      if (!this.owned.has(roomId)) return;
      this.remote.delete(call.peerId);
      await this.local.leave(roomId, call.peerId, call.explicit);
    },
    cursor: async (roomId, call) => {
      if (this.owned.has(roomId)) await this.local.cursor(roomId, call.peerId, call.cursor);
    },
    signal: async (roomId, call) => {
      if (!(await this.owns(roomId))) return { ok: false, error: unavailable };
      return this.local.signal(roomId, call.peerId, call.signal);
    },
    seat: async (roomId, call) => {
      if (!(await this.owns(roomId))) throw new Error("not the owner");
      return this.local.seat(roomId, call.user);
    },
    nextRound: async (roomId, call) => {
      if (!(await this.owns(roomId))) return { ok: false, error: unavailable };
      return this.local.recordNextRound(roomId, call.userId, call.nextRoomId, call.questionId);
    },
    state: async (roomId, call) => {
      if (!(await this.owns(roomId))) throw new Error("not the owner");
      const s = await this.local.state(roomId);
      if (!s || !call.keys) return s;
      const part: Partial<RoomState> = {};
      for (const k of call.keys) copyField(part, s, k);
      return part;
    },
  };

  /** How the owner's actor sees a socket on another process: every delivery is published to that process. */
  private remotePeer(ref: { id: string; userId: string }, proc: string): RoomPeer {
    const peerId = ref.id;
    const out = (m: TBusDelivery) => this.publish(proc, m);
    return {
      id: peerId,
      userId: ref.userId,
      role: "candidate", // set by the actor from the room's seats
      sendEvent: (roomId, data) => out({ t: "deliver", peerId, roomId, what: "event", data }),
      sendPresence: (roomId, data) => out({ t: "deliver", peerId, roomId, what: "presence", data }),
      sendResync: (roomId) => out({ t: "deliver", peerId, roomId, what: "resync", data: null }),
      sendCursor: (roomId, data) => out({ t: "deliver", peerId, roomId, what: "cursor", data }),
      sendSignal: (data) => out({ t: "deliver", peerId, roomId: data.roomId, what: "signal", data }),
    };
  }
}

function copyField<K extends keyof RoomState>(to: Partial<RoomState>, from: RoomState, key: K): void {
  to[key] = from[key];
}
