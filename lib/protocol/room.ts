import { z } from "zod";
import type { RejectCode } from "../room/decide";
import { type TRole, type TRoomEvent, ZEventRef, ZOpId, ZRole, ZRoomOp } from "../room/events";
import type { RoomState } from "../room/state";

// Socket messages of the live room. Client → server messages carry an ack callback; the server always answers
// through it (an error names the problem) and never trusts a client's claim about who it is or what role it has.

export const ROOM_EVENTS = {
  join: "room:join",
  op: "room:op",
  leave: "room:leave",
  event: "room:event",
  presence: "room:presence",
  error: "room:error",
  /** The server lost track of what this client saw (a write failed after its broadcast): join again. */
  resync: "room:resync",
  /** Ephemeral: where a participant's pointer and view are on the board. Relayed, never stored. */
  cursor: "room:cursor",
} as const;

export const ZRoomId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+$/, "room ids are lowercase letters and digits");

/**
 * `lastSeq` and `lastRef` (see eventRef) name the last event the client folded. The server resumes after it only if its own
 * log holds that very event there; otherwise (the client saw an event that was never committed, e.g. the
 * server crashed right after broadcasting it) the answer is a fresh snapshot.
 */
export const ZJoinRequest = z
  .object({ roomId: ZRoomId, lastSeq: z.number().int().min(0), lastRef: ZEventRef.nullable().default(null) })
  .strict();
export type TJoinRequest = z.infer<typeof ZJoinRequest>;

export const ZOpRequest = z.object({ roomId: ZRoomId, opId: ZOpId, op: ZRoomOp }).strict();
export type TOpRequest = z.infer<typeof ZOpRequest>;

/** Every reason a room message can be refused: the room's own decisions plus the transport's. */
export type TErrorCode =
  | RejectCode
  | "bad_request"
  | "unauthenticated"
  | "not_found"
  | "not_joined"
  | "rate_limited"
  | "too_large"
  | "unavailable"
  | "protocol_mismatch";

export interface TError {
  code: TErrorCode;
  message: string;
}

/**
 * The answer to a join of a room that does not exist and of one the user is not part of alike, so a stranger
 * can't tell the two apart (the HTTP API answers both with the same 404).
 */
export const ROOM_NOT_FOUND: TError = {
  code: "not_found",
  message: "There is no interview at this address for you.",
};

/** Errors worth retrying as they are (the same op may succeed later); others will fail again. */
export const RETRYABLE: ReadonlySet<TErrorCode> = new Set(["unavailable", "rate_limited", "not_joined"]);

export type TPresenceState = "connected" | "reconnecting" | "left" | "absent";

export const ZPresenceEntry = z.object({
  userId: z.string(),
  name: z.string(),
  role: ZRole,
  state: z.enum(["connected", "reconnecting", "left", "absent"]),
});
export type TPresenceEntry = { userId: string; name: string; role: TRole; state: TPresenceState };

/** `room:event`: one event of the room, in the receiving seat's own stream. */
export type TRoomEventMessage = { roomId: string; event: TRoomEvent };
/** `room:presence`: who is in the room now (sent whole on every change). */
export type TPresenceMessage = { roomId: string; presence: TPresenceEntry[] };
/** `room:resync`: join `roomId` again (the server lost track of what this connection saw). */
export type TResyncMessage = { roomId: string };

/** The answer to seating a user in a room (the invite flow, and a match of the partner queue). */
export type TSeatResult = { ok: true; role: TRole } | { ok: false; error: TError };

/** Answer to a join: either the events after the client's lastSeq, or a snapshot of the room (its view of it). */
export type TJoinAck =
  | {
      ok: true;
      role: TRole;
      serverTime: number;
      /** A replacement for the client's state (it discards what it had), or null to resume. */
      snapshot: RoomState | null;
      /** eventRef of the event at snapshot.seq, so the next resume can be verified. */
      snapshotRef: string | null;
      events: TRoomEvent[];
      presence: TPresenceEntry[];
    }
  | { ok: false; error: TError };

/**
 * The answer to an op, sent once its event is committed. `event` is that event, for the connection that sent the
 * op: it travels in the ack instead of as a separate message while nothing else is due to that connection. When
 * the room sends the connection something else first, the event goes out on its own ahead of it, and the ack
 * then comes without it. Either way the connection receives events in order. (Absent for a duplicate too, whose
 * event was delivered with the first answer or in a join's catch-up.)
 */
export type TOpAck =
  | { ok: true; seq: number; duplicate: boolean; event?: TRoomEvent }
  | { ok: false; error: TError };

const ZCoord = z.number().finite().min(-1e7).max(1e7);

/** A participant's pointer on the board and the part of the board they are looking at. */
export const ZCursorUpdate = z
  .object({
    roomId: ZRoomId,
    x: ZCoord,
    y: ZCoord,
    scrollX: ZCoord,
    scrollY: ZCoord,
    zoom: z.number().finite().min(0.05).max(50),
  })
  .strict();
export type TCursorUpdate = z.infer<typeof ZCursorUpdate>;
/** What the other participant receives: the update plus who it is (from the server, never the client). */
export const ZCursor = ZCursorUpdate.omit({ roomId: true }).extend({
  userId: z.string(),
  name: z.string(),
});
export type TCursor = z.infer<typeof ZCursor>;

/** Byte limit for one client message after JSON encoding (checked by the server before parsing). */
export const MAX_OP_BYTES = 16 * 1024;
