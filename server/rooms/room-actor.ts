import { countHit, type RateRule, type Window } from "../../lib/limits/rate-limit";
import type { TCallSignal, TCallSignalAck } from "../../lib/protocol/call";
import type {
  TCursor,
  TError,
  TJoinAck,
  TOpAck,
  TPresenceEntry,
  TPresenceState,
  TSeatResult,
} from "../../lib/protocol/room";
import { ROOM_NOT_FOUND } from "../../lib/protocol/room";
import {
  applyToViews,
  decide,
  decideJoin,
  decideNextRound,
  emptyViews,
  eventFor,
  eventRef,
  foldToViews,
  type RoomState,
  type RoomViews,
  SNAPSHOT_EVERY,
  type StreamedEvent,
  stampEvent,
  type TRole,
  type TRoomEvent,
  type TRoomOp,
  viewOf,
} from "../../lib/room";
import { log } from "../log";
import type { RoomLog } from "../persistence/load-room-log";
import type { RoomPeer } from "./peer";

/** What the actor needs from persistence (Postgres in production; the same, real, in tests). */
export interface RoomStore {
  /** The room's log as stored (newest snapshot, the events from it on, every op id). */
  load(roomId: string): Promise<RoomLog | null>;
  append(roomId: string, event: TRoomEvent): Promise<void>;
  insertParticipant(
    roomId: string,
    userId: string,
    role: "interviewer" | "candidate",
    event: TRoomEvent,
  ): Promise<void>;
  /** Both seats' views after the same event (lib/room/views.ts): a load rebuilds both from it. */
  saveSnapshot(views: RoomViews): Promise<void>;
}

export interface ActorOptions {
  now: () => number;
  /** How long a participant whose connections all dropped shows as "reconnecting" before "left". */
  reconnectGraceMs: number;
  /** Recent events kept in memory to answer a reconnect without reading Postgres. */
  recentEvents: number;
  /** Ops one person may add to this room per window, whatever the number of their connections. */
  userOpRate: RateRule;
  /** Counts one op of a person against their allowance across rooms (this process's); false when over. */
  userOps?: (userId: string, now: number) => boolean;
}

/** A committed op: its event's number in each seat's stream (`pseq` null when the candidate may not read it). */
interface Committed {
  seq: number;
  pseq: number | null;
}

/** Op ids are the sender's own: the same id from two people names two different ops. */
const opKey = (actorId: string | null, opId: string) => `${actorId ?? ""} ${opId}`;

/** An op decided and queued for writing: its ack waits for `pending`. */
interface Accepted {
  pending: Promise<boolean>;
  /** In the sender's own stream. */
  seq: number;
  duplicate: boolean;
  /** The event, when it travels in the sender's ack (see RoomPeer.expectOwn). */
  event?: TRoomEvent;
}

/** Turns a decision into the sender's ack, waiting for the commit when there is one to wait for. */
async function settle(decided: Promise<TOpAck | Accepted>): Promise<TOpAck> {
  const d = await decided;
  if (!("pending" in d)) return d;
  if (!(await d.pending)) return { ok: false, error: unavailable };
  return d.event
    ? { ok: true, seq: d.seq, duplicate: d.duplicate, event: d.event }
    : { ok: true, seq: d.seq, duplicate: d.duplicate };
}

const unavailable: TError = {
  code: "unavailable",
  message: "The interview could not be saved just now. Retrying…",
};

/**
 * The single authority over one room's order. Every op and join goes through `serial`, so decisions see the
 * state left by the previous one, sequence numbers are gapless, and an op is acknowledged only after its event
 * is committed to Postgres. Invariants: `state.seq` is the last event decided and broadcast, which may still be
 * waiting for its commit (`appendChain`), and a write that fails makes the actor reload from Postgres before its
 * next decision; `opIds` holds every committed op under its sender (`inflight` the ones still being written); a
 * peer receives only its own seat's stream (lib/room/views.ts), and an answer only ever carries the sender's own
 * event.
 */
export class RoomActor {
  private views: RoomViews;
  /** Committed ops (from Postgres and from writes that succeeded), by sender and op id. */
  private opIds: Map<string, Committed>;
  private recent: StreamedEvent[] = [];
  /** Each person's ops to this room in the current window (all their connections together). */
  private readonly rates = new Map<string, Window>();
  /** Set when a write failed: what this actor holds may differ from Postgres, so it reloads before going on. */
  private dirty = false;
  /** Connections that received an event whose write then failed; their next join gets a snapshot. */
  private readonly tainted = new Set<string>();
  /**
   * The room's writes, one after another: each append starts when the previous one has committed, and
   * resolves false (without writing) once any earlier one has failed, so the stored log never has a gap.
   * Deciding and broadcasting the next op does not wait for it; only that op's acknowledgement does.
   */
  private appendChain: Promise<boolean> = Promise.resolve(true);
  /** Ops decided and broadcast but not yet known to be committed: a duplicate waits for the original. */
  private readonly inflight = new Map<
    string,
    { streamed: StreamedEvent; pending: Promise<boolean>; carried: boolean }
  >();
  private readonly peers = new Map<string, RoomPeer>();
  private readonly presence = new Map<string, TPresenceState>();
  private readonly graceTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    readonly roomId: string,
    loaded: RoomLog,
    private readonly store: RoomStore,
    private readonly opts: ActorOptions,
  ) {
    this.views = emptyViews(roomId);
    this.opIds = new Map();
    this.adopt(loaded);
  }

  /** The room as the interviewer sees it: every event (server-side checks; never sent to a candidate). */
  get state(): RoomState {
    return this.views.full;
  }

  private adopt(loaded: RoomLog): void {
    const folded = foldToViews(loaded.snapshot ?? emptyViews(this.roomId), loaded.events);
    this.views = folded.views;
    this.opIds = new Map();
    for (const o of loaded.opIds) this.opIds.set(opKey(o.actorId, o.opId), { seq: o.seq, pseq: o.pseq });
    this.recent = folded.streamed.slice(-this.opts.recentEvents);
  }

  /**
   * True when this actor may decide: reloads first if a write failed. Returns without awaiting anything when
   * nothing failed, so a caller's checks and its decision happen in one synchronous stretch (no write can fail
   * in between and leave it deciding on a state that no longer holds).
   */
  private fresh(): boolean | Promise<boolean> {
    if (!this.dirty) return true;
    return (async () => {
      while (this.dirty) if (!(await this.ensureFresh())) return false;
      return true;
    })();
  }

  /** After a failed write, re-read the truth from Postgres before deciding anything else. */
  private async ensureFresh(): Promise<boolean> {
    if (!this.dirty) return true;
    try {
      await this.appendChain; // let every write already issued finish (or fail) before reading the truth
      const loaded = await this.store.load(this.roomId);
      if (!loaded) return false;
      this.adopt(loaded);
      this.dirty = false;
      this.appendChain = Promise.resolve(true);
      log.info("room reloaded after a failed write", { room: this.roomId, seq: this.state.seq });
      return true;
    } catch {
      return false;
    }
  }

  get peerCount(): number {
    return this.peers.size;
  }

  peerList(): RoomPeer[] {
    return [...this.peers.values()];
  }

  /** Runs `fn` after everything queued before it (the room's one-at-a-time lane). */
  private serial<T>(fn: () => Promise<T> | T): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => {});
    return run;
  }

  /** Seats a user if there is room (the HTTP invite flow). */
  seat(user: { id: string; name: string }): Promise<TSeatResult> {
    return this.serial(async (): Promise<TSeatResult> => {
      // A seat commits in its own transaction: earlier writes must be in first (no gaps), or the room reloads.
      if (!(await this.appendChain)) this.markDirty();
      const fresh = this.fresh();
      if (fresh !== true && !(await fresh)) return { ok: false, error: unavailable };
      const d = decideJoin(this.state, user);
      if (!d.ok) return d;
      if (d.event) {
        const event = stampEvent(
          {
            seq: this.state.seq + 1,
            opId: `join-${this.roomId}-${user.id}`,
            actorId: user.id,
            at: this.opts.now(),
          },
          d.event,
        );
        try {
          await this.store.insertParticipant(this.roomId, user.id, d.role, event);
        } catch (err) {
          log.warn("seat failed", { room: this.roomId, err: (err as Error).message });
          this.markDirty(); // the transaction may have committed before the error reached us
          return { ok: false, error: unavailable };
        }
        const { views, streamed } = applyToViews(this.views, event);
        this.broadcast(streamed);
        this.record(streamed, views);
        this.afterCommit(streamed, views);
      }
      return { ok: true, role: d.role };
    });
  }

  /**
   * Attaches a connection and answers with what it missed after (`lastSeq`, `lastRef`): the events since then
   * when that event is in this room's log and still in memory, else a snapshot that replaces its state.
   */
  join(peer: RoomPeer, lastSeq: number, lastRef: string | null = null): Promise<TJoinAck> {
    return this.serial(async (): Promise<TJoinAck> => {
      const fresh = this.fresh();
      if (fresh !== true && !(await fresh)) return { ok: false, error: unavailable };
      const role = this.roleOf(peer.userId);
      // The same answer as for a room that does not exist: a stranger learns nothing, not even that.
      if (!role) return { ok: false, error: ROOM_NOT_FOUND };
      peer.role = role;
      this.peers.set(peer.id, peer);
      // Everything below is in this seat's own stream (its numbers, its events).
      const mine = this.streamOf(role);
      const resumeFrom = lastSeq > 0 ? mine.find((e) => e.seq === lastSeq) : undefined;
      // A peer that saw a broadcast whose write then failed gets a snapshot whatever it claims.
      const tainted = this.tainted.delete(peer.id);
      const canResume = !tainted && resumeFrom !== undefined && eventRef(resumeFrom) === lastRef;
      const last = mine.at(-1);
      const view = viewOf(this.views, role);
      const ack: TJoinAck = {
        ok: true,
        role,
        serverTime: this.opts.now(),
        snapshot: canResume ? null : view,
        // The ref of the view's last event, when it is still in memory (else the next join gets a snapshot).
        snapshotRef: canResume ? null : last && last.seq === view.seq ? eventRef(last) : null,
        events: canResume ? mine.filter((e) => e.seq > lastSeq) : [],
        presence: [],
      };
      this.setPresence(peer.userId, "connected");
      ack.presence = this.presenceList();
      return ack;
    });
  }

  /** Detaches a connection; the user shows as reconnecting, then left, unless another connection remains. */
  leave(peerId: string, explicit = false): void {
    const peer = this.peers.get(peerId);
    if (!peer) return;
    this.peers.delete(peerId);
    this.tainted.delete(peerId);
    if ([...this.peers.values()].some((p) => p.userId === peer.userId)) return;
    if (explicit) {
      this.setPresence(peer.userId, "left");
      return;
    }
    this.setPresence(peer.userId, "reconnecting");
    const timer = setTimeout(() => {
      this.graceTimers.delete(peer.userId);
      if (this.presence.get(peer.userId) === "reconnecting") this.setPresence(peer.userId, "left");
    }, this.opts.reconnectGraceMs);
    timer.unref?.();
    this.graceTimers.set(peer.userId, timer);
  }

  /**
   * Applies one op from a joined peer: de-duplicate → decide → broadcast → persist → acknowledge. The partner
   * sees the event before it is durable (that is what keeps the room feeling live); the sender's ack waits
   * for the commit, and carries the event itself to a sender that takes it that way (one message instead of
   * an echo and an ack). If the write fails, everyone is told to re-join, and the re-join compares what they
   * saw with the log (reloaded from Postgres), so an event that was never committed disappears everywhere.
   */
  submit(peerId: string, opId: string, op: TRoomOp): Promise<TOpAck> {
    const decided = this.serial(async (): Promise<TOpAck | Accepted> => {
      const fresh = this.fresh();
      if (fresh !== true && !(await fresh)) return { ok: false, error: unavailable };
      const peer = this.peers.get(peerId);
      if (!peer)
        return {
          ok: false,
          error: { code: "not_joined", message: "Join the room before sending." },
        };
      const at = this.opts.now();
      // Only this sender's own earlier ops can make this one a duplicate, so the answer is about their op.
      const key = opKey(peer.userId, opId);
      const flying = this.inflight.get(key);
      // A resend while the first is still being written: its answer carries the event too if the first's does
      // (whichever of the two answers the connection gets first is the one that delivers it).
      if (flying) {
        const own = eventFor(flying.streamed, peer.role);
        if (!own) return { ok: false, error: unavailable }; // unreachable: one's own op is readable
        return {
          pending: flying.pending,
          seq: own.seq,
          duplicate: true,
          event: flying.carried ? own : undefined,
        };
      }
      const seen = this.opIds.get(key);
      if (seen !== undefined) {
        const seq = peer.role === "interviewer" ? seen.seq : seen.pseq;
        return { ok: true, seq: seq ?? viewOf(this.views, peer.role).seq, duplicate: true };
      }
      const d = decide(this.state, peer.userId, op, at);
      if (!d.ok) return { ok: false, error: d.error };
      // What a person adds is counted per person, not per connection (many sockets of one account share one
      // allowance): in this room, and in all the rooms this process holds. Refusals above cost no storage and
      // keep their own reason; the transport limits them per socket.
      if (!this.allowedFor(peer.userId, at))
        return {
          ok: false,
          error: { code: "rate_limited", message: "You are sending too fast; slow down a moment." },
        };
      const event = stampEvent({ seq: this.state.seq + 1, opId, actorId: peer.userId, at }, d.event);
      const { pending, own } = this.accept(event, peer);
      // Unreachable (one's own op is always readable); answered in the sender's own numbering all the same.
      if (!own) return { pending, seq: viewOf(this.views, peer.role).seq, duplicate: false };
      return { pending, seq: own.event.seq, duplicate: false, event: own.carried ? own.event : undefined };
    });
    return settle(decided);
  }

  /** Records that the pair moved on to round two in `nextRoomId` (the server created that room first). */
  recordNextRound(userId: string, nextRoomId: string, questionId: string): Promise<TOpAck> {
    const decided = this.serial(async (): Promise<TOpAck | Accepted> => {
      const fresh = this.fresh();
      if (fresh !== true && !(await fresh)) return { ok: false, error: unavailable };
      const d = decideNextRound(this.state, userId, questionId);
      if (!d.ok) return { ok: false, error: d.error };
      const event = stampEvent(
        { seq: this.state.seq + 1, opId: `next-${nextRoomId}`, actorId: userId, at: this.opts.now() },
        { kind: "round.next", payload: { roomId: nextRoomId, questionId } },
      );
      const accepted = this.accept(event);
      return { pending: accepted.pending, seq: event.seq, duplicate: false };
    });
    return settle(decided);
  }

  /**
   * Takes a decided event: broadcast it, fold it, and queue its write behind the room's earlier writes.
   * `pending` resolves true once it is committed; false (and the room reloads) if it or an earlier write
   * failed. `carried`: the event goes to `sender` in its op's ack, not in the broadcast (the sender takes it
   * that way and may see it; it was told to hold what follows). Runs inside the serial lane, synchronously.
   */
  private accept(
    event: TRoomEvent,
    sender?: RoomPeer,
  ): { pending: Promise<boolean>; own: { event: TRoomEvent; carried: boolean } | null } {
    const { views, streamed } = applyToViews(this.views, event);
    // The sender's own event, as the sender's seat reads it (null only if it may not read it).
    const ownEvent = sender ? eventFor(streamed, sender.role) : null;
    const carried = ownEvent !== null && sender?.expectOwn !== undefined;
    if (carried) sender!.expectOwn!(this.roomId, ownEvent);
    this.broadcast(streamed, carried ? sender!.id : null);
    this.record(streamed, views);
    const pending = this.appendChain.then(async (earlierOk) => {
      if (!earlierOk) return false;
      try {
        await this.store.append(this.roomId, event);
        return true;
      } catch (err) {
        log.warn("append failed", { room: this.roomId, seq: event.seq, err: (err as Error).message });
        return false;
      }
    });
    this.appendChain = pending;
    const key = opKey(event.actorId, event.opId);
    this.inflight.set(key, { streamed, pending, carried });
    void pending.then((ok) => {
      this.inflight.delete(key);
      if (ok) this.afterCommit(streamed, views);
      else this.markDirty();
    });
    return { pending, own: ownEvent ? { event: ownEvent, carried } : null };
  }

  /** Relays a pointer to the other participants' connections. Not serialised, not stored: it is a live signal. */
  relayCursor(peerId: string, cursor: Omit<TCursor, "userId" | "name">): void {
    const from = this.peers.get(peerId);
    if (!from) return;
    const role = this.roleOf(from.userId);
    const name = role ? (this.state.seats[role]?.name ?? "") : "";
    for (const p of this.peers.values())
      if (p.userId !== from.userId)
        // Field by field: a spread followed by new keys gives each object a hidden class of its own (V8).
        p.sendCursor?.(this.roomId, {
          x: cursor.x,
          y: cursor.y,
          scrollX: cursor.scrollX,
          scrollY: cursor.scrollY,
          zoom: cursor.zoom,
          userId: from.userId,
          name,
        });
  }

  /**
   * Relays a call signal to the other participant's connections only (never back to the sender's own tabs,
   * never outside this room). Not serialised, not stored: signalling is a live exchange, not history.
   */
  relaySignal(peerId: string, signal: TCallSignal): TCallSignalAck {
    const from = this.peers.get(peerId);
    if (!from)
      return {
        ok: false,
        error: { code: "not_joined", message: "Join this interview before calling in it." },
      };
    let delivered = 0;
    for (const p of this.peers.values())
      if (p.userId !== from.userId && p.sendSignal) {
        p.sendSignal({ roomId: this.roomId, from: from.userId, signal });
        delivered += 1;
      }
    return { ok: true, delivered };
  }

  /** Waits for everything queued so far (used before shutdown and in tests). */
  idle(): Promise<void> {
    return this.serial(async () => {
      await this.appendChain;
    });
  }

  dispose(): void {
    for (const t of this.graceTimers.values()) clearTimeout(t);
    this.graceTimers.clear();
  }

  /** Counts one op of `userId` against their allowances (this room's, then the process's); false when over. */
  private allowedFor(userId: string, at: number): boolean {
    const [win, inRoom] = countHit(this.rates.get(userId), this.opts.userOpRate, at);
    if (!inRoom.allowed) return false;
    if (this.opts.userOps && !this.opts.userOps(userId, at)) return false;
    this.rates.set(userId, win);
    return true;
  }

  /** The recent events as `role` reads them, in order. */
  private streamOf(role: TRole): TRoomEvent[] {
    const out: TRoomEvent[] = [];
    for (const s of this.recent) {
      const e = eventFor(s, role);
      if (e) out.push(e);
    }
    return out;
  }

  private roleOf(userId: string): TRole | null {
    if (this.state.seats.interviewer?.userId === userId) return "interviewer";
    if (this.state.seats.candidate?.userId === userId) return "candidate";
    return null;
  }

  /**
   * Sends the event to every connection, each in its own seat's stream (none to a seat that may not read it),
   * except `skip` (the connection whose ack carries it).
   */
  private broadcast(streamed: StreamedEvent, skip: string | null = null): void {
    for (const p of this.peers.values()) {
      if (p.id === skip) continue;
      const e = eventFor(streamed, p.role);
      if (e) p.sendEvent(this.roomId, e);
    }
  }

  /** Folds an accepted event into what this actor holds (before it is durable: see submit). */
  private record(streamed: StreamedEvent, views: RoomViews): void {
    this.views = views;
    this.recent.push(streamed);
    if (this.recent.length > this.opts.recentEvents) this.recent.shift();
    if (streamed.full.kind === "participant.joined") this.broadcastPresence();
  }

  /** Called once the event is durable. `views` are right after it (a snapshot must not run ahead). */
  private afterCommit(streamed: StreamedEvent, views: RoomViews): void {
    const e = streamed.full;
    this.opIds.set(opKey(e.actorId, e.opId), { seq: e.seq, pseq: streamed.candidate?.seq ?? null });
    if (e.seq % SNAPSHOT_EVERY !== 0) return;
    this.store
      .saveSnapshot(views)
      .catch((err) =>
        log.warn("snapshot failed", { room: this.roomId, seq: e.seq, err: (err as Error).message }),
      );
  }

  /** A write failed (or may have): reload from Postgres before the next decision, and make everyone re-join. */
  private markDirty(): void {
    if (this.dirty) return;
    this.dirty = true;
    for (const p of this.peers.values()) {
      this.tainted.add(p.id);
      p.sendResync(this.roomId);
    }
  }

  private setPresence(userId: string, state: TPresenceState): void {
    const timer = this.graceTimers.get(userId);
    if (timer && state !== "reconnecting") {
      clearTimeout(timer);
      this.graceTimers.delete(userId);
    }
    if (this.presence.get(userId) === state) return;
    this.presence.set(userId, state);
    this.broadcastPresence();
  }

  presenceList(): TPresenceEntry[] {
    const out: TPresenceEntry[] = [];
    for (const role of ["interviewer", "candidate"] as const) {
      const seat = this.state.seats[role];
      if (seat)
        out.push({
          userId: seat.userId,
          name: seat.name,
          role,
          state: this.presence.get(seat.userId) ?? "absent",
        });
    }
    return out;
  }

  private broadcastPresence(): void {
    const list = this.presenceList();
    for (const p of this.peers.values()) p.sendPresence(this.roomId, list);
  }
}
