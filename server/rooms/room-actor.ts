import type { TError, TJoinAck, TOpAck, TPresenceEntry, TPresenceState } from "../../lib/protocol/room";
import {
  applyEvent,
  canSee,
  decide,
  decideJoin,
  emptyRoom,
  foldEvents,
  type RoomState,
  SNAPSHOT_EVERY,
  statusOf,
  type TRoomEvent,
  type TRoomOp,
  viewFor,
  visibilityOf,
} from "../../lib/room";
import { log } from "../log";
import type { RoomPeer } from "./peer";

/** What the actor needs from persistence (Postgres in production; the same, real, in tests). */
export interface RoomStore {
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
  private readonly opIds: Map<string, number>;
  private readonly recent: TRoomEvent[] = [];
  private readonly peers = new Map<string, RoomPeer>();
  private readonly presence = new Map<string, TPresenceState>();
  private readonly graceTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    readonly roomId: string,
    loaded: { snapshot: RoomState | null; events: TRoomEvent[]; opIds: Map<string, number> },
    private readonly store: RoomStore,
    private readonly opts: ActorOptions,
  ) {
    this.state = foldEvents(loaded.snapshot ?? emptyRoom(roomId), loaded.events);
    this.opIds = loaded.opIds;
    this.recent = loaded.events.slice(-opts.recentEvents);
  }

  get peerCount(): number {
    return this.peers.size;
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
      const d = decideJoin(this.state, user);
      if (!d.ok) return d;
      if (d.event) {
        const event = {
          ...d.event,
          seq: this.state.seq + 1,
          opId: `join-${this.roomId}-${user.id}`,
          actorId: user.id,
          at: this.opts.now(),
        } as TRoomEvent;
        try {
          await this.store.insertParticipant(this.roomId, user.id, d.role, event);
        } catch (err) {
          log.warn("seat failed", { room: this.roomId, err: (err as Error).message });
          return { ok: false as const, error: unavailable };
        }
        this.commit(event);
      }
      return { ok: true as const, role: d.role };
    });
  }

  /** Attaches a connection and answers with what it missed since `lastSeq`. */
  join(peer: RoomPeer, lastSeq: number): Promise<TJoinAck> {
    return this.serial(() => {
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
      const oldest = this.recent[0]?.seq ?? this.state.seq + 1;
      const canReplayTail = lastSeq > 0 && lastSeq <= this.state.seq && lastSeq + 1 >= oldest;
      const ended = statusOf(this.state) === "ended";
      const ack: TJoinAck = {
        ok: true,
        role,
        serverTime: this.opts.now(),
        snapshot: canReplayTail ? null : viewFor(this.state, role),
        events: canReplayTail
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

  /** Applies one op from a joined peer: de-duplicate → decide → persist → fold → broadcast → ack. */
  submit(peerId: string, opId: string, op: TRoomOp): Promise<TOpAck> {
    return this.serial(async () => {
      const peer = this.peers.get(peerId);
      if (!peer)
        return {
          ok: false as const,
          error: { code: "not_joined" as const, message: "Join the room before sending." },
        };
      const seen = this.opIds.get(opId);
      if (seen !== undefined) return { ok: true as const, seq: seen, duplicate: true };
      const at = this.opts.now();
      const d = decide(this.state, peer.userId, op, at);
      if (!d.ok) return { ok: false as const, error: d.error };
      const event = { ...d.event, seq: this.state.seq + 1, opId, actorId: peer.userId, at } as TRoomEvent;
      try {
        await this.store.append(this.roomId, event);
      } catch (err) {
        log.warn("append failed", { room: this.roomId, err: (err as Error).message });
        return { ok: false as const, error: unavailable };
      }
      this.commit(event);
      return { ok: true as const, seq: event.seq, duplicate: false };
    });
  }

  /** Waits for everything queued so far (used before shutdown and in tests). */
  idle(): Promise<void> {
    return this.serial(() => {});
  }

  dispose(): void {
    for (const t of this.graceTimers.values()) clearTimeout(t);
    this.graceTimers.clear();
  }

  private roleOf(userId: string) {
    if (this.state.seats.interviewer?.userId === userId) return "interviewer" as const;
    if (this.state.seats.candidate?.userId === userId) return "candidate" as const;
    return null;
  }

  /** Called only after the event is durable. */
  private commit(event: TRoomEvent): void {
    this.state = applyEvent(this.state, event);
    this.opIds.set(event.opId, event.seq);
    this.recent.push(event);
    if (this.recent.length > this.opts.recentEvents) this.recent.shift();
    const ended = statusOf(this.state) === "ended";
    const visibility = visibilityOf(event.kind);
    for (const p of this.peers.values())
      if (canSee(visibility, p.role, ended)) p.sendEvent(this.roomId, event);
    if (event.kind === "participant.joined") this.broadcastPresence();
    if (event.seq % SNAPSHOT_EVERY === 0) {
      const snap = this.state;
      this.store
        .saveSnapshot(snap)
        .catch((err) =>
          log.warn("snapshot failed", { room: this.roomId, seq: snap.seq, err: (err as Error).message }),
        );
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
