import { BOARD_LIMITS } from "../../lib/board/limits";
import { countHit, type Window } from "../../lib/limits/rate-limit";
import { CALL_EVENTS } from "../../lib/protocol/call";
import { CLIENT_EVENT_NAMES } from "../../lib/protocol/contract";
import {
  MAX_OP_BYTES,
  ROOM_EVENTS,
  type TRoomEventMessage,
  ZCursorUpdate,
  ZJoinRequest,
  ZOpRequest,
} from "../../lib/protocol/room";
import { NEWER_VERSION_MESSAGE, StoredEventError, type TRoomEvent } from "../../lib/room";
import { CURSOR_RATE, ROOM_OP_RATE } from "../constants";
import { log } from "../log";
import type { RoomGateway } from "../rooms/gateway";
import { answerToSend, OwnEventGate, type RoomPeer } from "../rooms/peer";
import type { QuorumSocket } from "./io";
import { issueSummary, jsonWithin, refuser, requestOf, unstorable } from "./messages";

const MAX_BOARD_OP_BYTES = BOARD_LIMITS.maxOpBytes + 1_024;

/** Whether an op request (not yet parsed) names a board or scorecard op: those may be larger. */
function isBoardOp(payload: unknown): boolean {
  if (typeof payload !== "object" || payload === null || !("op" in payload)) return false;
  const op = payload.op;
  if (typeof op !== "object" || op === null || !("type" in op)) return false;
  const type = op.type;
  return typeof type === "string" && (type.startsWith("board.") || type.startsWith("scorecard."));
}

/**
 * The `room:event` message for an event, one object per event and room: every connection it is sent to emits the
 * same object, so socket.io's encoder (server/realtime/parser.ts) encodes it once for all of them. Events are
 * immutable once decided, so the shared message is too.
 */
const eventMessages = new WeakMap<TRoomEvent, TRoomEventMessage>();
function eventMessage(roomId: string, event: TRoomEvent): TRoomEventMessage {
  let m = eventMessages.get(event);
  if (m?.roomId !== roomId) {
    m = { roomId, event };
    eventMessages.set(event, m);
  }
  return m;
}

/**
 * Decodes room messages from one socket and hands them to the room's actor. Every message is answered: through
 * its ack when it has one, else with a `room:error`. Nothing a client sends can change another room.
 */
export function attachRoomHandlers(socket: QuorumSocket, rooms: RoomGateway): void {
  const userId = socket.data.userId;
  let joined: { roomId: string; peer: RoomPeer } | null = null;
  let rate: Window | undefined;

  const fail = refuser(socket, "room message");
  // This socket's own events come in its op acks, unless the room has something else for it first.
  const gate = new OwnEventGate();

  const peerFor = (): RoomPeer => ({
    id: socket.id,
    userId,
    role: "candidate", // replaced by the actor from the room's seats
    sendEvent: (roomId, event) =>
      gate.deliver(() => socket.emit(ROOM_EVENTS.event, eventMessage(roomId, event))),
    expectOwn: (roomId, event) =>
      gate.expect(event.opId, () => socket.emit(ROOM_EVENTS.event, eventMessage(roomId, event))),
    sendPresence: (roomId, presence) => socket.emit(ROOM_EVENTS.presence, { roomId, presence }),
    sendResync: (roomId) => socket.emit(ROOM_EVENTS.resync, { roomId }),
    // Volatile: a pointer that can't be delivered now is worthless later.
    sendCursor: (_roomId, cursor) => socket.volatile.emit(ROOM_EVENTS.cursor, cursor),
    // Not volatile: call signals must all arrive, in order (a lost offer stalls the negotiation).
    sendSignal: (delivery) => socket.emit(CALL_EVENTS.signal, delivery),
  });

  const leave = (roomId: string, peer: RoomPeer, explicit: boolean) =>
    rooms
      .leave(roomId, peer.id, explicit)
      .catch((err: Error) =>
        log.warn("room leave failed", { socket: socket.id, room: roomId, err: err.message }),
      );

  const leaveCurrent = async (explicit: boolean) => {
    if (!joined) return;
    const { roomId, peer } = joined;
    joined = null;
    socket.data.joined = null;
    await leave(roomId, peer, explicit);
  };

  socket.onAny((event: string, ...args: unknown[]) => {
    // The call's and the queue's events are theirs (call-handlers.ts, partner-queue.ts).
    if (CLIENT_EVENT_NAMES.has(event)) return;
    fail(args[args.length - 1], {
      code: "bad_request",
      message: `Unknown message type "${String(event).slice(0, 40)}".`,
    });
  });

  socket.on(ROOM_EVENTS.join, async (...args: unknown[]) => {
    const request = requestOf(ROOM_EVENTS.join, args, fail);
    if (!request) return;
    const [payload, ack] = request;
    if (jsonWithin(payload, MAX_OP_BYTES) === null)
      return fail(ack, { code: "too_large", message: `Messages are limited to ${MAX_OP_BYTES} bytes.` });
    const parsed = ZJoinRequest.safeParse(payload);
    if (!parsed.success) return fail(ack, { code: "bad_request", message: issueSummary(parsed.error) });
    const { roomId, lastSeq, lastRef } = parsed.data;
    try {
      // A socket sits in one room at a time; it leaves the old one only once the new join has succeeded.
      const peer = joined?.roomId === roomId ? joined.peer : peerFor();
      const reply = await rooms.join(roomId, peer, lastSeq, lastRef);
      if (reply.ok && socket.disconnected) {
        // The socket went away while the room was answering (its disconnect found nothing joined yet, or the
        // old join): the room must not keep it, or it shows "connected" and stays in memory for ever.
        await leave(roomId, peer, false);
        return;
      }
      if (reply.ok) {
        if (joined && joined.roomId !== roomId) await leaveCurrent(true);
        joined = { roomId, peer };
        // Other handlers on this socket (the call's) read where it is.
        socket.data.joined = { roomId, peerId: peer.id };
      } else
        log.info("room join refused", {
          socket: socket.id,
          user: userId,
          room: roomId,
          code: reply.error.code,
        });
      ack(reply);
    } catch (err) {
      // A log holding events from a newer version (a deploy that has not reached this process yet): the page
      // reloads, as for an old protocol, rather than retrying against this server for ever.
      if (err instanceof StoredEventError && err.reason === "newer_version")
        return fail(ack, { code: "protocol_mismatch", message: NEWER_VERSION_MESSAGE });
      log.warn("room join failed", { room: roomId, err: (err as Error).message });
      fail(ack, { code: "unavailable", message: "The interview could not be loaded just now. Retrying…" });
    }
  });

  socket.on(ROOM_EVENTS.op, async (...args: unknown[]) => {
    const request = requestOf(ROOM_EVENTS.op, args, fail);
    if (!request) return;
    const [payload, ack] = request;
    const [win, decision] = countHit(rate, ROOM_OP_RATE, Date.now());
    rate = win;
    if (!decision.allowed)
      return fail(ack, { code: "rate_limited", message: "You are sending too fast; slow down a moment." });
    // Drawings travel as whole elements: a board op may be larger than any other message.
    const limit = isBoardOp(payload) ? MAX_BOARD_OP_BYTES : MAX_OP_BYTES;
    const json = jsonWithin(payload, limit);
    if (json === null)
      return fail(ack, { code: "too_large", message: `Messages are limited to ${limit} bytes.` });
    // Postgres can't store either in a jsonb column: such an op would be decided and broadcast, then fail to
    // commit (the room reloads, every peer resyncs, and the sender's client retries the same op for ever).
    if (unstorable(json))
      return fail(ack, {
        code: "bad_request",
        message: "Text may not contain NUL characters or unpaired surrogates.",
      });
    const parsed = ZOpRequest.safeParse(payload);
    if (!parsed.success) return fail(ack, { code: "bad_request", message: issueSummary(parsed.error) });
    const { roomId, opId, op } = parsed.data;
    if (!joined || joined.roomId !== roomId)
      return fail(ack, { code: "not_joined", message: "Join this room before sending to it." });
    // The answer goes out through the gate: from the op's place in this socket's line of room messages.
    try {
      const reply = await rooms.submit(roomId, joined.peer.id, opId, op);
      if (!reply.ok)
        log.info("room op refused", {
          socket: socket.id,
          user: userId,
          room: roomId,
          type: op.type,
          code: reply.error.code,
        });
      gate.answer(opId, (carry) => ack(answerToSend(reply, carry)));
    } catch (err) {
      log.warn("room op failed", { room: roomId, err: (err as Error).message });
      gate.answer(opId, () =>
        fail(ack, { code: "unavailable", message: "The interview could not be saved just now. Retrying…" }),
      );
    }
  });

  // Pointers: fire-and-forget, relayed to the other participant, dropped beyond the rate (they are samples).
  let cursorRate: Window | undefined;
  socket.on(ROOM_EVENTS.cursor, async (payload: unknown) => {
    const parsed = ZCursorUpdate.safeParse(payload);
    if (!parsed.success) return fail(undefined, { code: "bad_request", message: issueSummary(parsed.error) });
    const [win, decision] = countHit(cursorRate, CURSOR_RATE, Date.now());
    cursorRate = win;
    if (!decision.allowed || !joined || joined.roomId !== parsed.data.roomId) return;
    const { roomId, ...cursor } = parsed.data;
    // A pointer is a sample: one that can't be relayed is dropped, and said at debug level only.
    await rooms
      .cursor(roomId, joined.peer.id, cursor)
      .catch((err: Error) =>
        log.debug("pointer not relayed", { socket: socket.id, room: roomId, err: err.message }),
      );
  });

  socket.on(ROOM_EVENTS.leave, () => void leaveCurrent(true));
  socket.on("disconnect", () => void leaveCurrent(false));
}
