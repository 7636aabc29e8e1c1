import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { describeWait } from "../../lib/limits/rate-limit";
import { ZRoomId } from "../../lib/protocol/room";
import { questionById } from "../../lib/questions/bank";
import { decideNextRound, readableBy, simTimeAt, ZRole } from "../../lib/room";
import { Limiter } from "../auth/rate-limits";
import { userFromCookieHeader } from "../auth/session-cookie";
import { SIM_CHECK } from "../constants";
import { getPrisma } from "../db/client";
import { createRoom } from "../persistence/create-room";
import { findRoomByInvite, findRoomSummary, setInviteToken } from "../persistence/room-invites";
import {
  createShare,
  listShares,
  MAX_SHARES_PER_PERSON,
  revokeShare,
  type ShareLink,
  setNotesShared,
} from "../persistence/shares";
import type { RoomGateway } from "../rooms/gateway";
import { simCheckThread } from "../sim-check/thread";
import { readJson, sameOrigin, sendError, sendJson, setRetryAfter } from "./json";
import { deleteMyRecordings, receiveRecordingChunk, sendRecordings } from "./recordings-api";
import { roomCreation } from "./room-limits";
import { sendEventsPage, sendExport } from "./session-log";

const ZCreateRoom = z.object({ role: ZRole, questionId: z.string().max(64) }).strict();
const ZToken = z.string().regex(/^[A-Za-z0-9_-]{10,64}$/);
const MAX_BODY = 4_096;

// Simulator checks per person (each may keep the simulator thread busy for a budget's worth of time).
const simChecks = new Limiter(SIM_CHECK.ratePerUser);

/** Sends an error and reports the request as handled. */
function reply(res: ServerResponse, status: number, code: string, message: string): true {
  sendError(res, status, code, message);
  return true;
}

/** Refuses with 429 and Retry-After when `userId` has created too many rooms lately; else counts this one. */
function tooManyRooms(res: ServerResponse, userId: string): boolean {
  const gate = roomCreation().hit(userId, Date.now());
  if (gate.allowed) return false;
  setRetryAfter(res, gate.retryAfterMs);
  reply(
    res,
    429,
    "rate_limited",
    `You have created a lot of interviews in a short time. Try again in ${describeWait(gate.retryAfterMs)}.`,
  );
  return true;
}

export const inviteUrl = (token: string) => `/invite/${token}`;
const shareJson = (s: ShareLink) => ({ id: s.id, url: `/shared/${s.token}`, createdAt: s.createdAt });

/**
 * The room API, served by the custom server itself (next to socket.io and the room actors, in one module
 * graph). Each handler: parse → check access → call the domain → respond. Returns false for paths it doesn't own.
 */
export async function handleRoomsApi(
  req: IncomingMessage,
  res: ServerResponse,
  deps: { secret: string; rooms: RoomGateway },
): Promise<boolean> {
  const url = new URL(req.url ?? "/", "http://local");
  const parts = url.pathname.split("/").filter(Boolean); // ["api", "rooms", id, ...]
  if (parts[0] !== "api" || (parts[1] !== "rooms" && parts[1] !== "invites")) return false;

  const user = await userFromCookieHeader(req.headers.cookie, deps.secret);
  if (!user) {
    sendError(res, 401, "unauthenticated", "Sign in first.");
    return true;
  }
  if (req.method !== "GET" && !sameOrigin(req)) {
    sendError(res, 403, "forbidden", "Cross-site requests are not allowed.");
    return true;
  }
  const prisma = getPrisma();
  const me = await prisma.user.findUnique({ where: { id: user.id }, select: { id: true, name: true } });
  if (!me) {
    sendError(res, 401, "unauthenticated", "Your account no longer exists. Sign in again.");
    return true;
  }

  // POST /api/rooms
  if (parts[1] === "rooms" && parts.length === 2 && req.method === "POST") {
    const body = await readJson(req, MAX_BODY);
    if (body.tooLarge) return reply(res, 413, "too_large", "The request is too large.");
    if (body.invalid) return reply(res, 400, "bad_json", "The request body must be JSON.");
    const parsed = ZCreateRoom.safeParse(body.value);
    if (!parsed.success)
      return reply(res, 400, "invalid", "Choose a role (interviewer or candidate) and a question.");
    if (!questionById(parsed.data.questionId)) return reply(res, 400, "invalid", "Unknown question.");
    if (tooManyRooms(res, me.id)) return true;
    const room = await createRoom({
      creator: me,
      role: parsed.data.role,
      questionId: parsed.data.questionId,
      at: Date.now(),
    });
    sendJson(res, 201, { roomId: room.roomId, inviteUrl: inviteUrl(room.inviteToken) });
    return true;
  }

  // POST /api/invites/:token/accept
  if (parts[1] === "invites" && parts.length === 4 && parts[3] === "accept" && req.method === "POST") {
    const token = ZToken.safeParse(parts[2]);
    const room = token.success ? await findRoomByInvite(token.data) : null;
    if (!room)
      return reply(res, 404, "invite_invalid", "This invite link is not valid any more. Ask for a new one.");
    const seated = await deps.rooms.seat(room.id, me);
    if (!seated) return reply(res, 404, "not_found", "This interview no longer exists.");
    if (!seated.ok) {
      const status = seated.error.code === "unavailable" ? 503 : 409;
      return reply(res, status, seated.error.code, seated.error.message);
    }
    sendJson(res, 200, { roomId: room.id, role: seated.role });
    return true;
  }

  if (parts[1] !== "rooms" || !parts[2]) return reply(res, 404, "not_found", "No such endpoint.");
  const roomId = ZRoomId.safeParse(parts[2]);
  const summary = roomId.success ? await findRoomSummary(roomId.data) : null;
  const seat = summary?.participants.find((p) => p.userId === me.id);
  // Non-participants learn nothing about a room, not even that it exists.
  if (!summary || !seat)
    return reply(res, 404, "not_found", "There is no interview at this address for you.");
  const isCreator = summary.createdById === me.id;

  // GET /api/rooms/:id
  if (parts.length === 3 && req.method === "GET") {
    sendJson(res, 200, {
      id: summary.id,
      questionId: summary.questionId,
      role: seat.role,
      isCreator,
      inviteUrl: isCreator && summary.inviteToken ? inviteUrl(summary.inviteToken) : null,
      ended: summary.endedAt !== null,
      participants: summary.participants.map((p) => ({ userId: p.userId, name: p.user.name, role: p.role })),
    });
    return true;
  }

  // POST|DELETE /api/rooms/:id/invite
  if (parts.length === 4 && parts[3] === "invite" && (req.method === "POST" || req.method === "DELETE")) {
    if (!isCreator)
      return reply(
        res,
        403,
        "forbidden",
        "Only the person who created the interview can change its invite link.",
      );
    const token = await setInviteToken(summary.id, req.method === "POST");
    sendJson(res, 200, { inviteUrl: token ? inviteUrl(token) : null });
    return true;
  }

  // POST /api/rooms/:id/next-round {questionId}: round two in a new room, roles swapped.
  if (parts.length === 4 && parts[3] === "next-round" && req.method === "POST") {
    const body = await readJson(req, MAX_BODY);
    const questionId = z.object({ questionId: z.string().max(64) }).safeParse(body.value);
    if (!questionId.success || !questionById(questionId.data.questionId))
      return reply(res, 400, "invalid", "Choose a question for round two.");
    const state = await deps.rooms.state(summary.id);
    if (!state) return reply(res, 404, "not_found", "This interview no longer exists.");
    const check = decideNextRound(state, me.id, questionId.data.questionId);
    if (!check.ok) return reply(res, 409, check.error.code, check.error.message);
    if (tooManyRooms(res, me.id)) return true;
    const { interviewer, candidate } = state.seats;
    // Roles swap: last round's candidate interviews now.
    const created = await createRoom({
      creator: { id: candidate!.userId, name: candidate!.name },
      role: "interviewer",
      questionId: questionId.data.questionId,
      at: Date.now(),
    });
    await setInviteToken(created.roomId, false);
    const seated = await deps.rooms.seat(created.roomId, {
      id: interviewer!.userId,
      name: interviewer!.name,
    });
    if (!seated?.ok)
      return reply(res, 503, "unavailable", "Round two could not be set up just now. Try again.");
    const recorded = await deps.rooms.recordNextRound(
      summary.id,
      me.id,
      created.roomId,
      questionId.data.questionId,
    );
    if (!recorded.ok) return reply(res, 409, recorded.error.code, recorded.error.message);
    sendJson(res, 201, { roomId: created.roomId });
    return true;
  }

  // GET /api/rooms/:id/sim?vt=N: the server's own run of the shared cluster (same simulator, same commands), so
  // anyone can check that their browser agrees with it.
  if (parts.length === 4 && parts[3] === "sim" && req.method === "GET") {
    const limit = simChecks.hit(me.id, Date.now());
    if (!limit.allowed) {
      setRetryAfter(res, limit.retryAfterMs);
      const wait = describeWait(limit.retryAfterMs);
      return reply(
        res,
        429,
        "rate_limited",
        `You have asked for many simulator checks in a short time. Try again in ${wait}.`,
      );
    }
    const vtParam = url.searchParams.get("vt");
    if (vtParam !== null && !/^\d{1,16}$/.test(vtParam))
      return reply(res, 400, "invalid", "vt must be a virtual time in nanoseconds (a whole number).");
    const sim = (await deps.rooms.statePart(summary.id, ["sim"]))?.sim ?? null;
    if (!sim) return reply(res, 404, "no_cluster", "This room has no cluster yet.");
    const reached = simTimeAt(sim, Date.now());
    const vt = vtParam === null ? reached : Number(vtParam);
    // Only times the room has reached: a time ahead is work nobody has seen yet, as much as anyone asks for.
    if (vt > reached)
      return reply(
        res,
        409,
        "not_reached",
        `The cluster has not reached vt=${vt} yet (it is at ${reached}); ask for a time it has reached.`,
      );
    const check = await simCheckThread().check(summary.id, sim, vt);
    if (!check.ok) {
      if (check.reason === "failed")
        return reply(res, 500, "sim_failed", "The server could not run this cluster's simulation.");
      setRetryAfter(res, check.retryAfterMs);
      return check.reason === "busy"
        ? reply(res, 503, "busy", "The simulator is busy; try again in a moment.")
        : reply(res, 503, "unavailable", "The simulator check stopped; try again in a moment.");
    }
    sendJson(res, 200, { epoch: sim.epoch, vt, hash: check.hash });
    return true;
  }

  const session = { ended: summary.endedAt !== null, notesShared: summary.notesSharedAt !== null };
  const reader = { kind: "participant", role: ZRole.parse(seat.role) } as const;

  // GET /api/rooms/:id/events?after=N&limit=M: the log in pages, filtered by what this participant may read.
  if (parts.length === 4 && parts[3] === "events" && req.method === "GET") {
    await sendEventsPage(res, url, summary, readableBy(reader, session));
    return true;
  }

  // GET /api/rooms/:id/export: the whole readable log as a JSON download.
  if (parts.length === 4 && parts[3] === "export" && req.method === "GET") {
    await sendExport(res, summary, readableBy(reader, session));
    return true;
  }

  // POST /api/rooms/:id/notes-sharing {shared}: the interviewer shows (or hides again) their private notes in the
  // candidate's replay and in share links. Only once the interview has ended: notes are private while it runs.
  if (parts.length === 4 && parts[3] === "notes-sharing" && req.method === "POST") {
    if (seat.role !== "interviewer")
      return reply(res, 403, "forbidden", "Only the interviewer can share their notes.");
    if (!session.ended)
      return reply(res, 409, "not_ended", "Notes can be shared once the interview has ended.");
    const body = await readJson(req, MAX_BODY);
    const parsed = z.object({ shared: z.boolean() }).strict().safeParse(body.value);
    if (!parsed.success) return reply(res, 400, "invalid", 'Send {"shared": true} or {"shared": false}.');
    await setNotesShared(summary.id, parsed.data.shared);
    sendJson(res, 200, { notesShared: parsed.data.shared });
    return true;
  }

  // POST|GET /api/rooms/:id/recordings[/:recordingId], DELETE /api/rooms/:id/recordings/mine: the recorded call.
  if (parts[3] === "recordings") {
    if (parts.length === 4 && req.method === "POST") {
      await receiveRecordingChunk(req, res, { roomId: summary.id, userId: me.id, rooms: deps.rooms });
      return true;
    }
    if (parts.length === 5 && parts[4] === "mine" && req.method === "DELETE") {
      await deleteMyRecordings(res, summary.id, me.id);
      return true;
    }
    if (parts.length <= 5 && req.method === "GET") {
      await sendRecordings(req, res, summary.id, parts.slice(4));
      return true;
    }
  }

  // GET|POST /api/rooms/:id/shares, DELETE /api/rooms/:id/shares/:shareId: this person's read-only replay links.
  if (parts[3] === "shares") {
    if (parts.length === 4 && req.method === "GET") {
      sendJson(res, 200, { shares: (await listShares(summary.id, me.id)).map(shareJson) });
      return true;
    }
    if (parts.length === 4 && req.method === "POST") {
      if (!session.ended)
        return reply(res, 409, "not_ended", "A session can be shared once the interview has ended.");
      const share = await createShare(summary.id, me.id);
      if (!share)
        return reply(
          res,
          409,
          "too_many",
          `You already have ${MAX_SHARES_PER_PERSON} live links for this session; revoke one first.`,
        );
      sendJson(res, 201, shareJson(share));
      return true;
    }
    if (parts.length === 5 && req.method === "DELETE") {
      const id = z.string().max(64).safeParse(parts[4]);
      if (!id.success || !(await revokeShare(summary.id, me.id, id.data)))
        return reply(res, 404, "not_found", "You have no such share link for this session.");
      sendJson(res, 200, { revoked: true });
      return true;
    }
  }

  sendError(res, 404, "not_found", "No such endpoint.");
  return true;
}
