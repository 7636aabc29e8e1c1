import type { Socket } from "socket.io";
import type { z } from "zod";
import { BOARD_LIMITS } from "../../lib/board/limits";
import { countHit, type Window } from "../../lib/limits/rate-limit";
import { QUEUE_EVENTS } from "../../lib/protocol/queue";
import {
  MAX_OP_BYTES,
  ROOM_EVENTS,
  type TError,
  ZCursorUpdate,
  ZJoinRequest,
  ZOpRequest,
} from "../../lib/protocol/room";
import { CURSOR_RATE, ROOM_OP_RATE } from "../constants";
import { log } from "../log";
import type { RoomPeer } from "../rooms/peer";
import type { RoomRegistry } from "../rooms/registry";

type Ack = (reply: unknown) => void;

const KNOWN = new Set<string>([
  ROOM_EVENTS.join,
  ROOM_EVENTS.op,
  ROOM_EVENTS.leave,
  ROOM_EVENTS.cursor,
  QUEUE_EVENTS.join,
  QUEUE_EVENTS.leave,
]);

function issueSummary(error: z.ZodError): string {
  const i = error.issues[0];
  if (!i) return "The message is malformed.";
  const where = i.path.length ? `${i.path.join(".")}: ` : "";
  return `${where}${i.message}`;
}

const MAX_BOARD_OP_BYTES = BOARD_LIMITS.maxOpBytes + 1_024;

function isBoardOp(payload: unknown): boolean {
  const op = (payload as { op?: { type?: unknown } } | null)?.op;
  return typeof op?.type === "string" && (op.type.startsWith("board.") || op.type.startsWith("scorecard."));
}

function sizeOf(payload: unknown): number {
  try {
    return JSON.stringify(payload)?.length ?? 0;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/**
 * Decodes room messages from one socket and hands them to the room's actor. Every message is answered: through
 * its ack when it has one, else with a `room:error`. Nothing a client sends can change another room.
 */
export function attachRoomHandlers(socket: Socket, registry: RoomRegistry): void {
  const userId = socket.data.userId as string;
  let joined: { roomId: string; peer: RoomPeer } | null = null;
  let rate: Window | undefined;

  const fail = (ack: unknown, error: TError) => {
    log.info("room message refused", {
      socket: socket.id,
      user: userId,
      code: error.code,
      reason: error.message,
    });
    if (typeof ack === "function") (ack as Ack)({ ok: false, error });
    else socket.emit(ROOM_EVENTS.error, error);
  };

  const peerFor = (): RoomPeer => ({
    id: socket.id,
    userId,
    role: "candidate", // replaced by the actor from the room's seats
    sendEvent: (roomId, event) => socket.emit(ROOM_EVENTS.event, { roomId, event }),
    sendPresence: (roomId, presence) => socket.emit(ROOM_EVENTS.presence, { roomId, presence }),
    sendResync: (roomId) => socket.emit(ROOM_EVENTS.resync, { roomId }),
    // Volatile: a pointer that can't be delivered now is worthless later.
    sendCursor: (_roomId, cursor) => socket.volatile.emit(ROOM_EVENTS.cursor, cursor),
  });

  const leaveCurrent = async (explicit: boolean) => {
    if (!joined) return;
    const { roomId, peer } = joined;
    joined = null;
    const actor = await registry.get(roomId).catch(() => null);
    if (!actor) return;
    actor.leave(peer.id, explicit);
    registry.scheduleEviction(roomId, actor);
  };

  socket.onAny((event: string, ...args: unknown[]) => {
    if (KNOWN.has(event)) return;
    fail(args[args.length - 1], {
      code: "bad_request",
      message: `Unknown message type "${String(event).slice(0, 40)}".`,
    });
  });

  socket.on(ROOM_EVENTS.join, async (payload: unknown, ack: unknown) => {
    if (typeof ack !== "function")
      return fail(ack, {
        code: "bad_request",
        message: `${ROOM_EVENTS.join} needs an acknowledgement callback.`,
      });
    if (sizeOf(payload) > MAX_OP_BYTES)
      return fail(ack, { code: "too_large", message: `Messages are limited to ${MAX_OP_BYTES} bytes.` });
    const parsed = ZJoinRequest.safeParse(payload);
    if (!parsed.success) return fail(ack, { code: "bad_request", message: issueSummary(parsed.error) });
    const { roomId, lastSeq, lastRef } = parsed.data;
    try {
      const actor = await registry.get(roomId);
      if (!actor) return fail(ack, { code: "not_found", message: "There is no interview at this address." });
      // A socket sits in one room at a time; it leaves the old one only once the new join has succeeded.
      const peer = joined?.roomId === roomId ? joined.peer : peerFor();
      const reply = await actor.join(peer, lastSeq, lastRef);
      if (reply.ok) {
        if (joined && joined.roomId !== roomId) await leaveCurrent(true);
        joined = { roomId, peer };
      } else
        log.info("room join refused", {
          socket: socket.id,
          user: userId,
          room: roomId,
          code: reply.error.code,
        });
      (ack as Ack)(reply);
    } catch (err) {
      log.warn("room join failed", { room: roomId, err: (err as Error).message });
      fail(ack, { code: "unavailable", message: "The interview could not be loaded just now. Retrying…" });
    }
  });

  socket.on(ROOM_EVENTS.op, async (payload: unknown, ack: unknown) => {
    if (typeof ack !== "function")
      return fail(ack, {
        code: "bad_request",
        message: `${ROOM_EVENTS.op} needs an acknowledgement callback.`,
      });
    const [win, decision] = countHit(rate, ROOM_OP_RATE, Date.now());
    rate = win;
    if (!decision.allowed)
      return fail(ack, { code: "rate_limited", message: "You are sending too fast; slow down a moment." });
    // Drawings travel as whole elements: a board op may be larger than any other message.
    const limit = isBoardOp(payload) ? MAX_BOARD_OP_BYTES : MAX_OP_BYTES;
    if (sizeOf(payload) > limit)
      return fail(ack, { code: "too_large", message: `Messages are limited to ${limit} bytes.` });
    const parsed = ZOpRequest.safeParse(payload);
    if (!parsed.success) return fail(ack, { code: "bad_request", message: issueSummary(parsed.error) });
    const { roomId, opId, op } = parsed.data;
    if (!joined || joined.roomId !== roomId)
      return fail(ack, { code: "not_joined", message: "Join this room before sending to it." });
    try {
      const actor = await registry.get(roomId);
      if (!actor) return fail(ack, { code: "not_found", message: "There is no interview at this address." });
      const reply = await actor.submit(joined.peer.id, opId, op);
      if (!reply.ok)
        log.info("room op refused", {
          socket: socket.id,
          user: userId,
          room: roomId,
          type: op.type,
          code: reply.error.code,
        });
      (ack as Ack)(reply);
    } catch (err) {
      log.warn("room op failed", { room: roomId, err: (err as Error).message });
      fail(ack, { code: "unavailable", message: "The interview could not be saved just now. Retrying…" });
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
    const actor = await registry.get(roomId).catch(() => null);
    actor?.relayCursor(joined.peer.id, cursor);
  });

  socket.on(ROOM_EVENTS.leave, () => void leaveCurrent(true));
  socket.on("disconnect", () => void leaveCurrent(false));
}
