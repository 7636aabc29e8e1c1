import type { TCallSignal, TCallSignalAck } from "../../lib/protocol/call";
import type {
  TCursor,
  TError,
  TJoinAck,
  TOpAck,
  TPresenceEntry,
  TPresenceState,
} from "../../lib/protocol/room";
import {
  applyEvent,
  canSee,
  decide,
  decideJoin,
  decideNextRound,
  emptyRoom,
  eventRef,
  foldEvents,
  type RoomState,
  SNAPSHOT_EVERY,
  stampEvent,
  statusOf,
  type TRoomEvent,
  type TRoomOp,
  viewFor,
  visibilityOf,
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
  saveSnapshot(state: RoomState): Promise<void>;
}

export interface ActorOptions {
  now: () => number;
  /** How long a participant whose connections all dropped shows as "reconnecting" before "left". */
  reconnectGraceMs: number;
  /** Recent events kept in memory to answer a reconnect without reading Postgres. */
  recentEvents: number;
}

/** An op decided and queued for writing: its ack waits for `pending`. */
interface Accepted {
  pending: Promise<boolean>;
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
 * is committed to Postgres. Invariants: `state.seq` equals the last persisted event; `opIds` holds every
 * applied op id; a peer receives only events its role may see.
 */
export class RoomActor {
  state: RoomState;
  /** Committed op ids (from Postgres and from writes that succeeded) → their sequence numbers. */
  private opIds: Map<string, number>;
  private recent: TRoomEvent[] = [];
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
    { seq: number; pending: Promise<boolean>; event: TRoomEvent | undefined }
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
    this.state = emptyRoom(roomId);
    this.opIds = new Map();
    this.adopt(loaded);
  }

  private adopt(loaded: RoomLog): void {
    this.state = foldEvents(loaded.snapshot ?? emptyRoom(this.roomId), loaded.events);
    this.opIds = loaded.opIds;
    this.recent = loaded.events.slice(-this.opts.recentEvents);
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
  seat(user: {
    id: string;
    name: string;
  }): Promise<{ ok: true; role: "interviewer" | "candidate" } | { ok: false; error: TError }> {
    return this.serial(async () => {
      // A seat commits in its own transaction: earlier writes must be in first (no gaps), or the room reloads.
      if (!(await this.appendChain)) this.markDirty();
      const fresh = this.fresh();
      if (fresh !== true && !(await fresh)) return { ok: false as const, error: unavailable };
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
          return { ok: false as const, error: unavailable };
        }
        const next = applyEvent(this.state, event);
        this.broadcast(event, next);
        this.record(event, next);
        this.afterCommit(event, next);
      }
      return { ok: true as const, role: d.role };
    });
  }

  /**
   * Attaches a connection and answers with what it missed after (`lastSeq`, `lastRef`): the events since then
   * when that event is in this room's log and still in memory, else a snapshot that replaces its state.
   */
  join(peer: RoomPeer, lastSeq: number, lastRef: string | null = null): Promise<TJoinAck> {
    return this.serial(async () => {
      const fresh = this.fresh();
      if (fresh !== true && !(await fresh)) return { ok: false as const, error: unavailable };
      const role = this.roleOf(peer.userId);
      if (!role)
        return {
          ok: false as const,
          error: {
            code: "not_participant" as const,
            message: "You are not a participant in this interview.",
          },
        };
      peer.role = role;
      this.peers.set(peer.id, peer);
      const resumeFrom =
        lastSeq > 0 && lastSeq <= this.state.seq ? this.recent.find((e) => e.seq === lastSeq) : undefined;
      // A peer that saw a broadcast whose write then failed gets a snapshot whatever it claims.
      const tainted = this.tainted.delete(peer.id);
      const canResume = !tainted && resumeFrom !== undefined && eventRef(resumeFrom) === lastRef;
      const ended = statusOf(this.state) === "ended";
      const ack: TJoinAck = {
        ok: true,
        role,
        serverTime: this.opts.now(),
        snapshot: canResume ? null : viewFor(this.state, role),
        snapshotRef: canResume ? null : this.lastEventRef(),
        events: canResume
          ? this.recent.filter((e) => e.seq > lastSeq && canSee(visibilityOf(e.kind), role, ended))
          : [],
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
      if (fresh !== true && !(await fresh)) return { ok: false as const, error: unavailable };
      const peer = this.peers.get(peerId);
      if (!peer)
        return {
          ok: false as const,
          error: { code: "not_joined" as const, message: "Join the room before sending." },
        };
      const flying = this.inflight.get(opId);
      // A resend while the first is still being written: its answer carries the event too if the first's does
      // (whichever of the two answers the connection gets first is the one that delivers it).
      if (flying) return { pending: flying.pending, seq: flying.seq, duplicate: true, event: flying.event };
      const seen = this.opIds.get(opId);
      if (seen !== undefined) return { ok: true as const, seq: seen, duplicate: true };
      const at = this.opts.now();
      const d = decide(this.state, peer.userId, op, at);
      if (!d.ok) return { ok: false as const, error: d.error };
      const event = stampEvent({ seq: this.state.seq + 1, opId, actorId: peer.userId, at }, d.event);
      const { pending, carried } = this.accept(event, peer);
      return { pending, seq: event.seq, duplicate: false, event: carried ? event : undefined };
    });
    return settle(decided);
  }

  /** Records that the pair moved on to round two in `nextRoomId` (the server created that room first). */
  recordNextRound(userId: string, nextRoomId: string, questionId: string): Promise<TOpAck> {
    const decided = this.serial(async (): Promise<TOpAck | Accepted> => {
      const fresh = this.fresh();
      if (fresh !== true && !(await fresh)) return { ok: false as const, error: unavailable };
      const d = decideNextRound(this.state, userId, questionId);
      if (!d.ok) return { ok: false as const, error: d.error };
      const event = stampEvent(
        { seq: this.state.seq + 1, opId: `next-${nextRoomId}`, actorId: userId, at: this.opts.now() },
        { kind: "round.next", payload: { roomId: nextRoomId, questionId } },
      );
      return { pending: this.accept(event).pending, seq: event.seq, duplicate: false };
    });
    return settle(decided);
  }

  /**
   * Takes a decided event: broadcast it, fold it, and queue its write behind the room's earlier writes.
   * `pending` resolves true once it is committed; false (and the room reloads) if it or an earlier write
   * failed. `carried`: the event goes to `sender` in its op's ack, not in the broadcast (the sender takes it
   * that way and may see it; it was told to hold what follows). Runs inside the serial lane, synchronously.
   */
  private accept(event: TRoomEvent, sender?: RoomPeer): { pending: Promise<boolean>; carried: boolean } {
    const next = applyEvent(this.state, event);
    const carried =
      sender?.expectOwn !== undefined &&
      canSee(visibilityOf(event.kind), sender.role, statusOf(next) === "ended");
    if (carried) sender.expectOwn!(this.roomId, event);
    this.broadcast(event, next, carried ? sender!.id : null);
    this.record(event, next);
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
    this.inflight.set(event.opId, { seq: event.seq, pending, event: carried ? event : undefined });
    void pending.then((ok) => {
      this.inflight.delete(event.opId);
      if (ok) this.afterCommit(event, next);
      else this.markDirty();
    });
    return { pending, carried };
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

  private lastEventRef(): string | null {
    const last = this.recent.at(-1);
    return last ? eventRef(last) : null;
  }

  private roleOf(userId: string) {
    if (this.state.seats.interviewer?.userId === userId) return "interviewer" as const;
    if (this.state.seats.candidate?.userId === userId) return "candidate" as const;
    return null;
  }

  /**
   * Sends `event` to every connection whose role may see it (`next` is the state after the event), except
   * `skip` (the connection whose ack carries it).
   */
  private broadcast(event: TRoomEvent, next: RoomState, skip: string | null = null): void {
    const ended = statusOf(next) === "ended";
    const visibility = visibilityOf(event.kind);
    for (const p of this.peers.values())
      if (p.id !== skip && canSee(visibility, p.role, ended)) p.sendEvent(this.roomId, event);
  }

  /** Folds an accepted event into what this actor holds (before it is durable: see submit). */
  private record(event: TRoomEvent, next: RoomState): void {
    this.state = next;
    this.recent.push(event);
    if (this.recent.length > this.opts.recentEvents) this.recent.shift();
    if (event.kind === "participant.joined") this.broadcastPresence();
  }

  /** Called once the event is durable. `next` is the state right after it (a snapshot must not run ahead). */
  private afterCommit(event: TRoomEvent, next: RoomState): void {
    this.opIds.set(event.opId, event.seq);
    if (event.seq % SNAPSHOT_EVERY !== 0) return;
    this.store
      .saveSnapshot(next)
      .catch((err) =>
        log.warn("snapshot failed", { room: this.roomId, seq: next.seq, err: (err as Error).message }),
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
