import type { TCallSignal, TCallSignalAck } from "../../lib/protocol/call";
import {
  ROOM_NOT_FOUND,
  type TCursor,
  type TJoinAck,
  type TOpAck,
  type TSeatResult,
} from "../../lib/protocol/room";
import type { RoomState, TRoomOp } from "../../lib/room";
import type { QueueStore } from "../realtime/queue-store";
import type { RoomPeer } from "./peer";
import type { RoomRegistry } from "./registry";

export { ROOM_NOT_FOUND };

/**
 * How transport reaches a room, wherever its actor lives. In one process the actor is here (LocalGateway); with
 * Redis, one process owns each room and the others forward to it (server/cluster). Callers never touch an
 * actor directly, so the same handlers serve both.
 */
export interface RoomGateway {
  join(roomId: string, peer: RoomPeer, lastSeq: number, lastRef: string | null): Promise<TJoinAck>;
  submit(roomId: string, peerId: string, opId: string, op: TRoomOp): Promise<TOpAck>;
  leave(roomId: string, peerId: string, explicit: boolean): Promise<void>;
  cursor(roomId: string, peerId: string, cursor: Omit<TCursor, "userId" | "name">): Promise<void>;
  /** Relays a call signal to the other participant's connections; refused unless `peerId` is joined. */
  signal(roomId: string, peerId: string, signal: TCallSignal): Promise<TCallSignalAck>;
  /** Seats a user (the invite flow); null when the room does not exist. */
  seat(roomId: string, user: { id: string; name: string }): Promise<TSeatResult | null>;
  recordNextRound(roomId: string, userId: string, nextRoomId: string, questionId: string): Promise<TOpAck>;
  /** The room's full state as its owner holds it (server-side checks; never sent to a client as is). */
  state(roomId: string): Promise<RoomState | null>;
  /** Part of it: across processes only these fields travel (a room's board can weigh megabytes). */
  statePart<K extends keyof RoomState>(
    roomId: string,
    keys: readonly K[],
  ): Promise<Pick<RoomState, K> | null>;
  drain(): Promise<void>;
  /** Where "find a partner" keeps its queue when it must be shared across processes (else in memory). */
  queueStore?(connected: (socketId: string) => boolean): QueueStore;
}

/** Every actor in this process: the single-process mode, and each owner's own side in the cluster mode. */
export class LocalGateway implements RoomGateway {
  constructor(readonly registry: RoomRegistry) {}

  async join(roomId: string, peer: RoomPeer, lastSeq: number, lastRef: string | null): Promise<TJoinAck> {
    const actor = await this.registry.get(roomId);
    if (!actor) return { ok: false, error: ROOM_NOT_FOUND };
    return actor.join(peer, lastSeq, lastRef);
  }

  async submit(roomId: string, peerId: string, opId: string, op: TRoomOp): Promise<TOpAck> {
    const actor = await this.registry.get(roomId);
    if (!actor) return { ok: false, error: ROOM_NOT_FOUND };
    return actor.submit(peerId, opId, op);
  }

  async leave(roomId: string, peerId: string, explicit: boolean): Promise<void> {
    const actor = await this.registry.get(roomId).catch(() => null);
    if (!actor) return;
    actor.leave(peerId, explicit);
    this.registry.scheduleEviction(roomId, actor);
  }

  async cursor(roomId: string, peerId: string, cursor: Omit<TCursor, "userId" | "name">): Promise<void> {
    const actor = await this.registry.get(roomId).catch(() => null);
    actor?.relayCursor(peerId, cursor);
  }

  async signal(roomId: string, peerId: string, signal: TCallSignal): Promise<TCallSignalAck> {
    const actor = await this.registry.get(roomId).catch(() => null);
    if (!actor) return { ok: false, error: ROOM_NOT_FOUND };
    return actor.relaySignal(peerId, signal);
  }

  async seat(roomId: string, user: { id: string; name: string }): Promise<TSeatResult | null> {
    const actor = await this.registry.get(roomId);
    if (!actor) return null;
    const seated = await actor.seat(user);
    this.registry.scheduleEviction(roomId, actor);
    return seated;
  }

  async recordNextRound(
    roomId: string,
    userId: string,
    nextRoomId: string,
    questionId: string,
  ): Promise<TOpAck> {
    const actor = await this.registry.get(roomId);
    if (!actor) return { ok: false, error: ROOM_NOT_FOUND };
    return actor.recordNextRound(userId, nextRoomId, questionId);
  }

  async state(roomId: string): Promise<RoomState | null> {
    const actor = await this.registry.get(roomId);
    if (actor) this.registry.scheduleEviction(roomId, actor);
    return actor?.state ?? null;
  }

  statePart<K extends keyof RoomState>(
    roomId: string,
    _keys: readonly K[],
  ): Promise<Pick<RoomState, K> | null> {
    return this.state(roomId); // in this process the whole state costs nothing to hand over
  }

  drain(): Promise<void> {
    return this.registry.drain();
  }
}
