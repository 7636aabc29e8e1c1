import type { Socket } from "socket.io";
import type { z } from "zod";
import { countHit, type Window } from "../../lib/limits/rate-limit";
import { CALL_EVENTS, CALL_LIMITS, type TCallSignalAck, ZCallSignalRequest } from "../../lib/protocol/call";
import { ROOM_EVENTS, type TError } from "../../lib/protocol/room";
import { log } from "../log";
import type { RoomGateway } from "../rooms/gateway";

type Ack = (reply: TCallSignalAck) => void;

function issueSummary(error: z.ZodError): string {
  const i = error.issues[0];
  if (!i) return "The message is malformed.";
  return `${i.path.length ? `${i.path.join(".")}: ` : ""}${i.message}`;
}

function jsonLength(payload: unknown): number {
  try {
    return JSON.stringify(payload)?.length ?? 0;
  } catch {
    return Number.POSITIVE_INFINITY; // cyclic or nested too deeply: refused as too large
  }
}

/**
 * The call's signalling on one socket: a signal is checked (rate, size, schema, the socket joined to that
 * room) and handed to the room's gateway, whose actor relays it to the other participant only. Every signal
 * is answered through its ack: `{ok: true, delivered}` or a refusal with a reason.
 * The room handlers record which room the socket joined (`socket.data.joined`), so a signal from a socket
 * that never joined is refused here, without loading any room; the socket's room connection delivers the
 * partner's signals (its RoomPeer's `sendSignal`).
 */
export function attachCallHandlers(socket: Socket, rooms: RoomGateway): void {
  const userId = socket.data.userId as string;
  let rate: Window | undefined;
  // Signals of one socket reach the gateway one after another, whatever each one's lookup costs: an offer
  // must never overtake the state before it, nor a candidate its offer.
  let lane: Promise<unknown> = Promise.resolve();

  const refuse = (ack: unknown, error: TError) => {
    log.info("call signal refused", {
      socket: socket.id,
      user: userId,
      code: error.code,
      reason: error.message,
    });
    if (typeof ack === "function") (ack as Ack)({ ok: false, error });
    else socket.emit(ROOM_EVENTS.error, error);
  };

  socket.on(CALL_EVENTS.signal, (...args: unknown[]) => {
    const ack = args.at(-1);
    if (typeof ack !== "function" || args.length !== 2)
      return refuse(ack, {
        code: "bad_request",
        message: `${CALL_EVENTS.signal} takes one payload and an acknowledgement callback.`,
      });
    const [win, decision] = countHit(rate, CALL_LIMITS.rate, Date.now());
    rate = win;
    if (!decision.allowed)
      return refuse(ack, { code: "rate_limited", message: "Too many call signals; slow down a moment." });
    if (jsonLength(args[0]) > CALL_LIMITS.maxMessageChars)
      return refuse(ack, {
        code: "too_large",
        message: `Call signals are limited to ${CALL_LIMITS.maxMessageChars} characters.`,
      });
    const parsed = ZCallSignalRequest.safeParse(args[0]);
    if (!parsed.success) return refuse(ack, { code: "bad_request", message: issueSummary(parsed.error) });
    const { roomId, signal } = parsed.data;
    const via = socket.data.joined as { roomId: string; peerId: string } | null | undefined;
    if (via?.roomId !== roomId)
      return refuse(ack, { code: "not_joined", message: "Join this interview before calling in it." });
    lane = lane.then(async () => {
      let reply: TCallSignalAck;
      try {
        reply = await rooms.signal(roomId, via.peerId, signal);
      } catch (err) {
        log.warn("call signal failed", { room: roomId, err: (err as Error).message });
        reply = {
          ok: false,
          error: { code: "unavailable", message: "The call could not be reached just now." },
        };
      }
      if (!reply.ok) return refuse(ack, reply.error);
      (ack as Ack)(reply);
    });
  });
}
