import type { TRole } from "../../lib/room";
import { Limiter } from "../auth/rate-limits";
import { ROOM_ACTOR, ROOM_USER_OP_RATE, USER_OP_RATE } from "../constants";
import { eventLogThread } from "../db/event-log-thread";
import { log } from "../log";
import { EventLogWriter } from "../persistence/event-log";
import { insertParticipant } from "../persistence/join-room";
import { loadRoomLog } from "../persistence/load-room-log";
import { SnapshotWriter } from "../persistence/save-snapshot";
import type { RoomPeer } from "./peer";
import { RoomActor, type RoomStore } from "./room-actor";

/**
 * Keeps one actor per active room in this process, loading it from Postgres on first use and dropping it a
 * while after its last connection leaves.
 */
export class RoomRegistry {
  private readonly actors = new Map<string, Promise<RoomActor | null>>();
  private readonly evictTimers = new Map<string, ReturnType<typeof setTimeout>>();
  readonly writer: EventLogWriter;
  readonly snapshots = new SnapshotWriter();
  readonly store: RoomStore;
  /** Each person's ops across every room this process holds (each room's actor also counts its own). */
  private readonly userOps = new Limiter(USER_OP_RATE);
  /** Called when an idle room is dropped from memory (the cluster releases its lease). */
  onEvict: ((roomId: string) => void) | null = null;

  constructor(
    private readonly now: () => number = Date.now,
    store?: RoomStore,
  ) {
    this.writer = new EventLogWriter((rows) => eventLogThread().insert(rows));
    this.store = store ?? {
      load: loadRoomLog,
      append: (roomId, event) => this.writer.append(roomId, event),
      insertParticipant: (roomId: string, userId: string, role: TRole, event) =>
        insertParticipant(roomId, userId, role, event),
      saveSnapshot: async (state) => this.snapshots.enqueue(state),
    };
  }

  get(roomId: string): Promise<RoomActor | null> {
    this.cancelEviction(roomId);
    let p = this.actors.get(roomId);
    if (!p) {
      p = this.store.load(roomId).then(
        (loaded) =>
          loaded
            ? new RoomActor(roomId, loaded, this.store, {
                now: this.now,
                reconnectGraceMs: ROOM_ACTOR.reconnectGraceMs,
                recentEvents: ROOM_ACTOR.recentEvents,
                userOpRate: ROOM_USER_OP_RATE,
                userOps: (userId, now) => this.userOps.hit(userId, now).allowed,
              })
            : null,
        (err) => {
          this.actors.delete(roomId);
          throw err;
        },
      );
      this.actors.set(roomId, p);
      // Unknown rooms are not cached.
      p.then((a) => {
        if (!a) this.actors.delete(roomId);
      }).catch(() => {});
    }
    return p;
  }

  /** Drops a room with no connections from memory after a while (it reloads from Postgres on next use). */
  scheduleEviction(roomId: string, actor: RoomActor): void {
    if (actor.peerCount > 0) return;
    this.cancelEviction(roomId);
    const t = setTimeout(() => {
      this.evictTimers.delete(roomId);
      if (actor.peerCount === 0) {
        actor.dispose();
        this.actors.delete(roomId);
        this.onEvict?.(roomId);
        log.debug("room evicted", { room: roomId });
      }
    }, ROOM_ACTOR.evictAfterMs);
    t.unref?.();
    this.evictTimers.set(roomId, t);
  }

  private cancelEviction(roomId: string): void {
    const t = this.evictTimers.get(roomId);
    if (t) {
      clearTimeout(t);
      this.evictTimers.delete(roomId);
    }
  }

  /**
   * Drops a room from memory now, whatever its connections (this process no longer owns it); `tell` reaches
   * each of its peers first, e.g. to make them re-join wherever the room lives now.
   */
  forget(roomId: string, tell?: (peer: RoomPeer) => void): void {
    const p = this.actors.get(roomId);
    if (!p) return;
    this.actors.delete(roomId);
    this.cancelEviction(roomId);
    void p
      .then(async (actor) => {
        if (!actor) return;
        await actor.idle();
        if (tell) for (const peer of actor.peerList()) tell(peer);
        actor.dispose();
      })
      .catch(() => {});
  }

  /** Lets every room finish what it is doing and the log writer flush (graceful shutdown). */
  async drain(): Promise<void> {
    const actors = await Promise.all([...this.actors.values()].map((p) => p.catch(() => null)));
    await Promise.all(actors.map((a) => a?.idle()));
    await this.writer.drain();
    await this.snapshots.drain();
    for (const a of actors) a?.dispose();
    for (const t of this.evictTimers.values()) clearTimeout(t);
  }
}

const g = globalThis as unknown as { __quorumRooms?: RoomRegistry };
export function roomRegistry(): RoomRegistry {
  g.__quorumRooms ??= new RoomRegistry();
  return g.__quorumRooms;
}
