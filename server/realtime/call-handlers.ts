import { countHit, type Window } from "../../lib/limits/rate-limit";
import { CALL_EVENTS, CALL_LIMITS, type TCallSignalAck, ZCallSignalRequest } from "../../lib/protocol/call";
import { log } from "../log";
import type { RoomGateway } from "../rooms/gateway";
import type { QuorumSocket } from "./io";
import { issueSummary, jsonWithin, refuser, requestOf } from "./messages";

/**
 * The call's signalling on one socket: a signal is checked (rate, size, schema, the socket joined to that
 * room) and handed to the room's gateway, whose actor relays it to the other participant only. Every signal
 * is answered through its ack: `{ok: true, delivered}` or a refusal with a reason.
 * The room handlers record which room the socket joined (`socket.data.joined`), so a signal from a socket
 * that never joined is refused here, without loading any room; the socket's room connection delivers the
 * partner's signals (its RoomPeer's `sendSignal`).
 */
export function attachCallHandlers(socket: QuorumSocket, rooms: RoomGateway): void {
  let rate: Window | undefined;
  // Signals of one socket reach the gateway one after another, whatever each one's lookup costs: an offer
  // must never overtake the state before it, nor a candidate its offer.
  let lane: Promise<unknown> = Promise.resolve();

  const refuse = refuser(socket, "call signal");

  socket.on(CALL_EVENTS.signal, (...args: unknown[]) => {
    const request = requestOf(CALL_EVENTS.signal, args, refuse);
    if (!request) return;
    const [payload, ack] = request;
    const [win, decision] = countHit(rate, CALL_LIMITS.rate, Date.now());
    rate = win;
    if (!decision.allowed)
      return refuse(ack, { code: "rate_limited", message: "Too many call signals; slow down a moment." });
    if (jsonWithin(payload, CALL_LIMITS.maxMessageChars) === null)
      return refuse(ack, {
        code: "too_large",
        message: `Call signals are limited to ${CALL_LIMITS.maxMessageChars} characters.`,
      });
    const parsed = ZCallSignalRequest.safeParse(payload);
    if (!parsed.success) return refuse(ack, { code: "bad_request", message: issueSummary(parsed.error) });
    const { roomId, signal } = parsed.data;
    const via = socket.data.joined;
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
      ack(reply);
    });
  });
}
