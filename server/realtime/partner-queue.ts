import { describeWait } from "../../lib/limits/rate-limit";
import { findMatch, pseudonym, QUEUE_EVENTS, type TQueueJoin, ZQueueJoin } from "../../lib/protocol/queue";
import { QUESTION_BANK } from "../../lib/questions/bank";
import { getPrisma } from "../db/client";
import { roomCreation } from "../http/room-limits";
import { log } from "../log";
import { createRoom } from "../persistence/create-room";
import { setInviteToken } from "../persistence/room-invites";
import type { RoomGateway } from "../rooms/gateway";
import type { QuorumServer, QuorumSocket } from "./io";
import { type Ack, refuser, requestOf } from "./messages";
import { MemoryQueueStore, type QueueStore, type Waiting } from "./queue-store";

type QueueReply = Ack<typeof QUEUE_EVENTS.join>;

/**
 * "Find a partner": people wait here (in memory in one process; in Redis when several processes share the
 * work) until someone with a fitting seat and the same target level arrives; then both land in a new room,
 * seated as matched, and are told at once (across processes through socket.io's Redis adapter). Leaving the
 * page leaves the queue.
 */
export class PartnerQueue {
  private questionTurn = 0;
  private readonly store: QueueStore;

  constructor(
    private readonly io: QuorumServer,
    private readonly rooms: RoomGateway,
    store?: QueueStore,
  ) {
    this.store = store ?? new MemoryQueueStore((id) => io.sockets.sockets.has(id));
  }

  attach(socket: QuorumSocket): void {
    const userId = socket.data.userId;
    const refuse = refuser(socket, "queue message");
    socket.on(QUEUE_EVENTS.join, (...args: unknown[]) => {
      const request = requestOf(QUEUE_EVENTS.join, args, refuse);
      if (!request) return;
      const [payload, reply] = request;
      const parsed = ZQueueJoin.safeParse(payload);
      if (!parsed.success)
        return reply({
          ok: false,
          error: { code: "bad_request", message: "Choose a seat and a target level." },
        });
      // One match at a time (the store's lock), so two arrivals can't both take the same waiting person.
      this.join(socket, userId, parsed.data, reply).catch((err) => {
        log.warn("queue join failed", { err: (err as Error).message });
        reply({
          ok: false,
          error: { code: "unavailable", message: "Couldn't match just now. Try again." },
        });
      });
    });
    socket.on(QUEUE_EVENTS.leave, () => this.remove(socket.id));
    socket.on("disconnect", () => this.remove(socket.id));
  }

  private remove(socketId: string): void {
    void this.store
      .remove(socketId)
      .catch((err: Error) => log.warn("queue remove failed", { socket: socketId, err: err.message }));
  }

  private async join(socket: QuorumSocket, userId: string, pref: TQueueJoin, reply: QueueReply) {
    const user = await getPrisma().user.findUnique({ where: { id: userId }, select: { name: true } });
    if (!user) return reply({ ok: false, error: { code: "unauthenticated", message: "Sign in again." } });
    // A match creates a room like "New interview" does, so it answers to the same limit (checked on the way in,
    // counted for both people when the room is made).
    const gate = roomCreation().peek(userId, Date.now());
    if (!gate.allowed)
      return reply({
        ok: false,
        error: {
          code: "rate_limited",
          message: `You have started a lot of interviews in a short time. Try again in ${describeWait(gate.retryAfterMs)}.`,
        },
      });
    const me: Waiting = {
      ...pref,
      userId,
      displayName: pref.anonymous ? pseudonym(userId) : user.name,
      socketId: socket.id,
      since: Date.now(),
    };
    const partner = await this.store.locked(async (waiting) => {
      // A person waits once: a second tab (or a re-join) replaces their earlier entry.
      const mine = waiting.filter((w) => w.userId === userId).map((w) => w.socketId);
      const match = findMatch(
        waiting.filter((w) => w.userId !== userId),
        me,
      );
      if (!match) return { remove: mine, add: me, result: null };
      return {
        remove: [...mine, match.partner.socketId],
        result: { partner: match.partner, interviewer: match.interviewer },
      };
    });
    if (!partner) {
      reply({ ok: true, waiting: true });
      return;
    }
    await this.pair(socket, me, partner.partner, partner.interviewer, reply);
  }

  /** A new room for the two, the interviewer its creator and the candidate seated; both are told. */
  private async pair(
    socket: QuorumSocket,
    me: Waiting,
    partner: Waiting,
    interviewer: Waiting,
    reply: QueueReply,
  ) {
    const candidate = interviewer === me ? partner : me;
    const now = Date.now();
    roomCreation().charge(me.userId, now);
    roomCreation().charge(partner.userId, now);
    const question = QUESTION_BANK[this.questionTurn++ % QUESTION_BANK.length]!;
    const room = await createRoom({
      creator: { id: interviewer.userId, name: interviewer.displayName },
      role: "interviewer",
      questionId: question.id,
      at: Date.now(),
    });
    await setInviteToken(room.roomId, false);
    const seated = await this.rooms.seat(room.roomId, {
      id: candidate.userId,
      name: candidate.displayName,
    });
    if (!seated?.ok) throw new Error("could not seat the matched candidate");
    log.info("partners matched", { room: room.roomId });
    reply({ ok: true, waiting: false, roomId: room.roomId });
    this.io.to(partner.socketId).emit(QUEUE_EVENTS.matched, { roomId: room.roomId });
    socket.emit(QUEUE_EVENTS.matched, { roomId: room.roomId });
  }
}
