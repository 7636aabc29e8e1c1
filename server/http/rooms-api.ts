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
import {
  deleteMyRecordings,
  receiveRecordingChunk,
  recordingIdParam,
  sendTrack,
  sendTrackList,
} from "./recordings-api";
import { roomCreation } from "./room-limits";
import { type Param, Router } from "./router";
import { sendEventsPage, sendExport } from "./session-log";

const ZCreateRoom = z.object({ role: ZRole, questionId: z.string().max(64) }).strict();
const ZNextRound = z.object({ questionId: z.string().max(64) });
const ZNotesSharing = z.object({ shared: z.boolean() }).strict();
const ZToken = z.string().regex(/^[A-Za-z0-9_-]{10,64}$/);
const ZShareId = z.string().max(64);
const MAX_BODY = 4_096;

// Simulator checks per person (each may keep the simulator thread busy for a budget's worth of time).
const simChecks = new Limiter(SIM_CHECK.ratePerUser);

/** One request to the room API, from a signed-in person whose account still exists. */
interface Call {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  me: { id: string; name: string };
  rooms: RoomGateway;
}

type RoomSummary = NonNullable<Awaited<ReturnType<typeof findRoomSummary>>>;
/** What `:id` means in a route: a room the caller has a seat in. */
interface SeatedRoom {
  summary: RoomSummary;
  seat: RoomSummary["participants"][number];
  isCreator: boolean;
}

const noSuchShare = ({ res }: Call) =>
  sendError(res, 404, "not_found", "You have no such share link for this session.");

const PARAMS = {
  // Non-participants learn nothing about a room, not even that it exists: a malformed id, a missing room and
  // someone else's room all answer alike.
  id: {
    async resolve(segment: string, { me }: Call): Promise<SeatedRoom | null> {
      const roomId = ZRoomId.safeParse(segment);
      const summary = roomId.success ? await findRoomSummary(roomId.data) : null;
      const seat = summary?.participants.find((p) => p.userId === me.id);
      return summary && seat ? { summary, seat, isCreator: summary.createdById === me.id } : null;
    },
    refuse: ({ res }: Call) =>
      sendError(res, 404, "not_found", "There is no interview at this address for you."),
  },
  token: {
    async resolve(segment: string) {
      const token = ZToken.safeParse(segment);
      return token.success ? await findRoomByInvite(token.data) : null;
    },
    refuse: ({ res }: Call) =>
      sendError(res, 404, "invite_invalid", "This invite link is not valid any more. Ask for a new one."),
  },
  shareId: { resolve: (segment: string) => ZShareId.safeParse(segment).data ?? null, refuse: noSuchShare },
  recordingId: recordingIdParam,
} satisfies Record<string, Param<Call, unknown>>;

/**
 * The room API, served by the custom server itself (next to socket.io and the room actors, in one module graph).
 * Each handler: parse → check access → call the domain → respond; access to a room is its `:id` parameter's.
 */
const ROOMS_API = new Router<Call, typeof PARAMS>({ params: PARAMS })
  .route("POST", "/api/rooms", openRoom)
  .route("POST", "/api/invites/:token/accept", acceptInvite)
  .route("GET", "/api/rooms/:id", describeRoom)
  .route("POST", "/api/rooms/:id/invite", (call, { id }) => changeInvite(call, id, true))
  .route("DELETE", "/api/rooms/:id/invite", (call, { id }) => changeInvite(call, id, false))
  .route("POST", "/api/rooms/:id/next-round", startNextRound)
  .route("GET", "/api/rooms/:id/sim", checkSim)
  .route("GET", "/api/rooms/:id/events", ({ res, url }, { id }) =>
    sendEventsPage(res, url, id.summary, readableFor(id)),
  )
  .route("GET", "/api/rooms/:id/export", ({ res }, { id }) => sendExport(res, id.summary, readableFor(id)))
  .route("POST", "/api/rooms/:id/notes-sharing", shareNotes)
  .route("POST", "/api/rooms/:id/recordings", ({ req, res, me, rooms }, { id }) =>
    receiveRecordingChunk(req, res, { roomId: id.summary.id, userId: me.id, rooms }),
  )
  .route("GET", "/api/rooms/:id/recordings", ({ res }, { id }) => sendTrackList(res, id.summary.id))
  .route("GET", "/api/rooms/:id/recordings/:recordingId", ({ req, res }, { id, recordingId }) =>
    sendTrack(req, res, id.summary.id, recordingId),
  )
  .route("DELETE", "/api/rooms/:id/recordings/mine", ({ res, me }, { id }) =>
    deleteMyRecordings(res, id.summary.id, me.id),
  )
  .route("GET", "/api/rooms/:id/shares", listMyShares)
  .route("POST", "/api/rooms/:id/shares", shareSession)
  .route("DELETE", "/api/rooms/:id/shares/:shareId", revokeMyShare);

/** Serves the paths under /api/rooms and /api/invites; returns false for any other. */
export async function handleRoomsApi(
  req: IncomingMessage,
  res: ServerResponse,
  deps: { secret: string; rooms: RoomGateway },
): Promise<boolean> {
  const url = new URL(req.url ?? "/", "http://local");
  const [api, area] = url.pathname.split("/").filter(Boolean);
  if (api !== "api" || (area !== "rooms" && area !== "invites")) return false;

  const user = await userFromCookieHeader(req.headers.cookie, deps.secret);
  if (!user) {
    sendError(res, 401, "unauthenticated", "Sign in first.");
    return true;
  }
  if (req.method !== "GET" && !sameOrigin(req)) {
    sendError(res, 403, "forbidden", "Cross-site requests are not allowed.");
    return true;
  }
  const me = await getPrisma().user.findUnique({ where: { id: user.id }, select: { id: true, name: true } });
  if (!me) {
    sendError(res, 401, "unauthenticated", "Your account no longer exists. Sign in again.");
    return true;
  }
  await ROOMS_API.serve({ req, res, url, me, rooms: deps.rooms }, req.method ?? "GET", url.pathname);
  return true;
}

/** Refuses with 429 and Retry-After when `userId` has created too many rooms lately; else counts this one. */
function tooManyRooms(res: ServerResponse, userId: string): boolean {
  const gate = roomCreation().hit(userId, Date.now());
  if (gate.allowed) return false;
  setRetryAfter(res, gate.retryAfterMs);
  sendError(
    res,
    429,
    "rate_limited",
    `You have created a lot of interviews in a short time. Try again in ${describeWait(gate.retryAfterMs)}.`,
  );
  return true;
}

export const inviteUrl = (token: string) => `/invite/${token}`;
const shareJson = (s: ShareLink) => ({ id: s.id, url: `/shared/${s.token}`, createdAt: s.createdAt });

/** What this participant may read of the room's log, as the session stands. */
function readableFor({ summary, seat }: SeatedRoom) {
  const session = { ended: summary.endedAt !== null, notesShared: summary.notesSharedAt !== null };
  return readableBy({ kind: "participant", role: ZRole.parse(seat.role) }, session);
}

/** POST /api/rooms {role, questionId} → 201 {roomId, inviteUrl}. */
async function openRoom({ req, res, me }: Call): Promise<void> {
  const body = await readJson(req, MAX_BODY);
  if (body.tooLarge) return sendError(res, 413, "too_large", "The request is too large.");
  if (body.invalid) return sendError(res, 400, "bad_json", "The request body must be JSON.");
  const parsed = ZCreateRoom.safeParse(body.value);
  if (!parsed.success)
    return sendError(res, 400, "invalid", "Choose a role (interviewer or candidate) and a question.");
  if (!questionById(parsed.data.questionId)) return sendError(res, 400, "invalid", "Unknown question.");
  if (tooManyRooms(res, me.id)) return;
  const room = await createRoom({
    creator: me,
    role: parsed.data.role,
    questionId: parsed.data.questionId,
    at: Date.now(),
  });
  sendJson(res, 201, { roomId: room.roomId, inviteUrl: inviteUrl(room.inviteToken) });
}

/** POST /api/invites/:token/accept → {roomId, role}: takes the room's free seat. */
async function acceptInvite(
  { res, me, rooms }: Call,
  { token: room }: { token: NonNullable<Awaited<ReturnType<typeof findRoomByInvite>>> },
): Promise<void> {
  const seated = await rooms.seat(room.id, me);
  if (!seated) return sendError(res, 404, "not_found", "This interview no longer exists.");
  if (!seated.ok) {
    const status = seated.error.code === "unavailable" ? 503 : 409;
    return sendError(res, status, seated.error.code, seated.error.message);
  }
  sendJson(res, 200, { roomId: room.id, role: seated.role });
}

/** GET /api/rooms/:id: the room as this participant sees it (the invite link is its creator's alone). */
function describeRoom({ res }: Call, { id: { summary, seat, isCreator } }: { id: SeatedRoom }): void {
  sendJson(res, 200, {
    id: summary.id,
    questionId: summary.questionId,
    role: seat.role,
    isCreator,
    inviteUrl: isCreator && summary.inviteToken ? inviteUrl(summary.inviteToken) : null,
    ended: summary.endedAt !== null,
    participants: summary.participants.map((p) => ({ userId: p.userId, name: p.user.name, role: p.role })),
  });
}

/** POST|DELETE /api/rooms/:id/invite: a new invite link (the old one stops working), or none. */
async function changeInvite({ res }: Call, room: SeatedRoom, issue: boolean): Promise<void> {
  if (!room.isCreator)
    return sendError(
      res,
      403,
      "forbidden",
      "Only the person who created the interview can change its invite link.",
    );
  const token = await setInviteToken(room.summary.id, issue);
  sendJson(res, 200, { inviteUrl: token ? inviteUrl(token) : null });
}

/** POST /api/rooms/:id/next-round {questionId}: round two in a new room, roles swapped. */
async function startNextRound({ req, res, me, rooms }: Call, { id }: { id: SeatedRoom }): Promise<void> {
  const body = await readJson(req, MAX_BODY);
  const questionId = ZNextRound.safeParse(body.value);
  if (!questionId.success || !questionById(questionId.data.questionId))
    return sendError(res, 400, "invalid", "Choose a question for round two.");
  const state = await rooms.state(id.summary.id);
  if (!state) return sendError(res, 404, "not_found", "This interview no longer exists.");
  const check = decideNextRound(state, me.id, questionId.data.questionId);
  if (!check.ok) return sendError(res, 409, check.error.code, check.error.message);
  if (tooManyRooms(res, me.id)) return;
  const { interviewer, candidate } = state.seats;
  // Roles swap: last round's candidate interviews now.
  const created = await createRoom({
    creator: { id: candidate!.userId, name: candidate!.name },
    role: "interviewer",
    questionId: questionId.data.questionId,
    at: Date.now(),
  });
  await setInviteToken(created.roomId, false);
  const seated = await rooms.seat(created.roomId, { id: interviewer!.userId, name: interviewer!.name });
  if (!seated?.ok)
    return sendError(res, 503, "unavailable", "Round two could not be set up just now. Try again.");
  const recorded = await rooms.recordNextRound(
    id.summary.id,
    me.id,
    created.roomId,
    questionId.data.questionId,
  );
  if (!recorded.ok) return sendError(res, 409, recorded.error.code, recorded.error.message);
  sendJson(res, 201, { roomId: created.roomId });
}

/**
 * GET /api/rooms/:id/sim?vt=N: the server's own run of the shared cluster (same simulator, same commands), so
 * anyone can check that their browser agrees with it.
 */
async function checkSim({ res, url, me, rooms }: Call, { id }: { id: SeatedRoom }): Promise<void> {
  const limit = simChecks.hit(me.id, Date.now());
  if (!limit.allowed) {
    setRetryAfter(res, limit.retryAfterMs);
    const wait = describeWait(limit.retryAfterMs);
    return sendError(
      res,
      429,
      "rate_limited",
      `You have asked for many simulator checks in a short time. Try again in ${wait}.`,
    );
  }
  const vtParam = url.searchParams.get("vt");
  if (vtParam !== null && !/^\d{1,16}$/.test(vtParam))
    return sendError(res, 400, "invalid", "vt must be a virtual time in nanoseconds (a whole number).");
  const sim = (await rooms.statePart(id.summary.id, ["sim"]))?.sim ?? null;
  if (!sim) return sendError(res, 404, "no_cluster", "This room has no cluster yet.");
  const reached = simTimeAt(sim, Date.now());
  const vt = vtParam === null ? reached : Number(vtParam);
  // Only times the room has reached: a time ahead is work nobody has seen yet, as much as anyone asks for.
  if (vt > reached)
    return sendError(
      res,
      409,
      "not_reached",
      `The cluster has not reached vt=${vt} yet (it is at ${reached}); ask for a time it has reached.`,
    );
  const check = await simCheckThread().check(id.summary.id, sim, vt);
  if (!check.ok) {
    if (check.reason === "failed")
      return sendError(res, 500, "sim_failed", "The server could not run this cluster's simulation.");
    setRetryAfter(res, check.retryAfterMs);
    return check.reason === "busy"
      ? sendError(res, 503, "busy", "The simulator is busy; try again in a moment.")
      : sendError(res, 503, "unavailable", "The simulator check stopped; try again in a moment.");
  }
  sendJson(res, 200, { epoch: sim.epoch, vt, hash: check.hash });
}

/**
 * POST /api/rooms/:id/notes-sharing {shared}: the interviewer shows (or hides again) their private notes in the
 * candidate's replay and in share links. Only once the interview has ended: notes are private while it runs.
 */
async function shareNotes({ req, res }: Call, { id: { summary, seat } }: { id: SeatedRoom }): Promise<void> {
  if (seat.role !== "interviewer")
    return sendError(res, 403, "forbidden", "Only the interviewer can share their notes.");
  if (summary.endedAt === null)
    return sendError(res, 409, "not_ended", "Notes can be shared once the interview has ended.");
  const body = await readJson(req, MAX_BODY);
  const parsed = ZNotesSharing.safeParse(body.value);
  if (!parsed.success) return sendError(res, 400, "invalid", 'Send {"shared": true} or {"shared": false}.');
  await setNotesShared(summary.id, parsed.data.shared);
  sendJson(res, 200, { notesShared: parsed.data.shared });
}

/** GET /api/rooms/:id/shares: this person's live read-only replay links. */
async function listMyShares({ res, me }: Call, { id }: { id: SeatedRoom }): Promise<void> {
  sendJson(res, 200, { shares: (await listShares(id.summary.id, me.id)).map(shareJson) });
}

/** POST /api/rooms/:id/shares → 201: a new read-only replay link, once the interview has ended. */
async function shareSession({ res, me }: Call, { id: { summary } }: { id: SeatedRoom }): Promise<void> {
  if (summary.endedAt === null)
    return sendError(res, 409, "not_ended", "A session can be shared once the interview has ended.");
  const share = await createShare(summary.id, me.id);
  if (!share)
    return sendError(
      res,
      409,
      "too_many",
      `You already have ${MAX_SHARES_PER_PERSON} live links for this session; revoke one first.`,
    );
  sendJson(res, 201, shareJson(share));
}

/** DELETE /api/rooms/:id/shares/:shareId: ends one of this person's links. */
async function revokeMyShare(
  call: Call,
  { id, shareId }: { id: SeatedRoom; shareId: string },
): Promise<void> {
  if (!(await revokeShare(id.summary.id, call.me.id, shareId))) return noSuchShare(call);
  sendJson(call.res, 200, { revoked: true });
}
