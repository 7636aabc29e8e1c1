import type { Server, Socket } from "socket.io";
import { findMatch, pseudonym, QUEUE_EVENTS, type TQueueEntry, ZQueueJoin } from "../../lib/protocol/queue";
import { ROOM_EVENTS } from "../../lib/protocol/room";
import { QUESTION_BANK } from "../../lib/questions/bank";
import { getPrisma } from "../db/client";
import { log } from "../log";
import { createRoom } from "../persistence/create-room";
import { setInviteToken } from "../persistence/room-invites";
import type { RoomGateway } from "../rooms/gateway";

interface Waiting extends TQueueEntry {
  socketId: string;
}

/**
 * "Find a partner": people wait here (in this process's memory; the scale-out issue moves it to Redis) until
 * someone with a fitting seat and the same target level arrives; then both land in a new room, seated as
 * matched, and are told at once. Leaving the page leaves the queue.
 */
export class PartnerQueue {
  private waiting: Waiting[] = [];
  private questionTurn = 0;
  private busy: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly io: Server,
    private readonly rooms: RoomGateway,
  ) {}

  attach(socket: Socket): void {
    const userId = socket.data.userId as string;
    socket.on(QUEUE_EVENTS.join, (...args: unknown[]) => {
      // socket.io passes the ack last, wherever the client put it: (payload, ack) is the only shape accepted.
      const ack = args.at(-1);
      if (typeof ack !== "function" || args.length !== 2) {
        const error = {
          code: "bad_request",
          message: `${QUEUE_EVENTS.join} takes one payload and an acknowledgement callback.`,
        };
        if (typeof ack === "function") (ack as (r: unknown) => void)({ ok: false, error });
        else socket.emit(ROOM_EVENTS.error, error);
        return;
      }
      const reply = ack as (r: unknown) => void;
      const parsed = ZQueueJoin.safeParse(args[0]);
      if (!parsed.success)
        return reply({
          ok: false,
          error: { code: "bad_request", message: "Choose a seat and a target level." },
        });
      // One match at a time, so two arrivals can't both take the same waiting person.
      this.busy = this.busy
        .then(() => this.join(socket, userId, parsed.data, reply))
        .catch((err) => {
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
    this.waiting = this.waiting.filter((w) => w.socketId !== socketId);
  }

  private async join(
    socket: Socket,
    userId: string,
    pref: { seat: TQueueEntry["seat"]; level: TQueueEntry["level"]; anonymous: boolean },
    reply: (r: unknown) => void,
  ) {
    this.waiting = this.waiting.filter((w) => w.userId !== userId && this.io.sockets.sockets.has(w.socketId));
    const user = await getPrisma().user.findUnique({ where: { id: userId }, select: { name: true } });
    if (!user) return reply({ ok: false, error: { code: "unauthenticated", message: "Sign in again." } });
    const me: Waiting = {
      ...pref,
      userId,
      displayName: pref.anonymous ? pseudonym(userId) : user.name,
      socketId: socket.id,
    };
    const match = findMatch(this.waiting, me);
    if (!match) {
      this.waiting.push(me);
      reply({ ok: true, waiting: true });
      return;
    }
    const partner = match.partner as Waiting;
    this.remove(partner.socketId);
    const interviewer = match.interviewer as Waiting;
    const candidate = interviewer === me ? partner : me;
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
