import type { IncomingMessage, ServerResponse } from "node:http";
import { chunkProblem, RECORDING, RECORDING_HEADERS, RECORDING_ID_PATTERN } from "../../lib/call/recording";
import { type RoomState, recordingActive } from "../../lib/room";
import { Limiter } from "../auth/rate-limits";
import { RATE_LIMITS } from "../constants";
import {
  appendRecordingChunk,
  deleteRecordingsOf,
  lastChunkOf,
  listRecordingTracks,
  readRecordingTrack,
} from "../persistence/recordings";
import type { RoomGateway } from "../rooms/gateway";
import { readBytes, sendError, sendJson, setRetryAfter } from "./json";
import type { Param } from "./router";

// The recorded call of one session. Participants upload their own microphone's chunks while both agree to
// record, and delete their own audio; participants and share-link holders list and play the tracks. Access to
// the room (participant or share link) is checked by the caller before any of this runs.

const uploads = new Limiter(RATE_LIMITS.recordingChunksPerUser);

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/**
 * A recorder's closing chunk: the next chunk of a track that was being stored a moment ago, whose audio began
 * before recording stopped (a recorder flushes what it holds when it stops, after the stop reached the server).
 */
async function isTail(
  state: Pick<RoomState, "recording">,
  c: { roomId: string; userId: string; recordingId: string; index: number; clockMs: number },
): Promise<boolean> {
  const stopped = state.recording.stoppedAtClockMs ?? null;
  if (stopped === null || c.clockMs >= stopped) return false;
  const last = await lastChunkOf(c.roomId, c.userId, c.recordingId);
  return (
    last !== null && c.index === last.index + 1 && Date.now() - last.at.getTime() <= RECORDING.tailGraceMs
  );
}

/** POST /api/rooms/:id/recordings: one chunk, raw bytes in the body, described by headers. */
export async function receiveRecordingChunk(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: { roomId: string; userId: string; rooms: RoomGateway },
): Promise<void> {
  const body = await readBytes(req, RECORDING.maxChunkBytes);
  if (body.tooLarge)
    return sendError(res, 413, "too_large", `A chunk may be at most ${RECORDING.maxChunkBytes / 1024} kB.`);
  if (!body.bytes) return sendError(res, 400, "invalid", "The upload was interrupted.");
  const problem = chunkProblem({
    contentType: header(req, "content-type"),
    recordingId: header(req, RECORDING_HEADERS.recordingId),
    index: header(req, RECORDING_HEADERS.index),
    clockMs: header(req, RECORDING_HEADERS.clockMs),
    bytes: body.bytes,
  });
  if (problem) {
    const status = { unsupported_type: 415, too_large: 413 }[problem.code] ?? 400;
    return sendError(res, status, problem.code, problem.message);
  }
  const state = await ctx.rooms.statePart(ctx.roomId, ["clock", "recording"]);
  if (!state) return sendError(res, 404, "not_found", "This interview no longer exists.");
  const recordingId = header(req, RECORDING_HEADERS.recordingId)!;
  const index = Number(header(req, RECORDING_HEADERS.index));
  const clockMs = Number(header(req, RECORDING_HEADERS.clockMs));
  const chunk = { roomId: ctx.roomId, userId: ctx.userId, recordingId, index, clockMs };
  if (!recordingActive(state) && !(await isTail(state, chunk))) {
    if (state.clock.endedAt !== null)
      return sendError(res, 409, "room_ended", "The interview has ended; nothing more is recorded.");
    if (state.clock.startedAt === null)
      return sendError(res, 409, "not_started", "Recording starts with the interview clock.");
    return sendError(
      res,
      409,
      "no_consent",
      "Recording needs both participants' agreement, and it isn't on.",
    );
  }
  const gate = uploads.hit(ctx.userId, Date.now());
  if (!gate.allowed) {
    setRetryAfter(res, gate.retryAfterMs);
    return sendError(res, 429, "rate_limited", "Too many audio chunks in a short time.");
  }
  const stored = await appendRecordingChunk({
    roomId: ctx.roomId,
    userId: ctx.userId,
    recordingId,
    index,
    clockMs,
    bytes: body.bytes,
  });
  if (!stored) return sendError(res, 409, "not_yours", "That recording id belongs to someone else.");
  sendJson(res, 201, { stored: true });
}

const noSuchRecording = (res: ServerResponse) =>
  sendError(res, 404, "not_found", "There is no such recording in this session.");

/** `:recordingId` in a route: a well-formed recording id (whether the session has it is the handler's to say). */
export const recordingIdParam: Param<{ res: ServerResponse }, string> = {
  resolve: (segment) => (RECORDING_ID_PATTERN.test(segment) ? segment : null),
  refuse: ({ res }) => noSuchRecording(res),
};

/** GET …/recordings: the session's tracks, for anyone the caller has let read the session. */
export async function sendTrackList(res: ServerResponse, roomId: string): Promise<void> {
  sendJson(res, 200, { tracks: await listRecordingTracks(roomId) });
}

/** GET …/recordings/:recordingId: one track's audio, for anyone the caller has let read the session. */
export async function sendTrack(
  req: IncomingMessage,
  res: ServerResponse,
  roomId: string,
  recordingId: string,
): Promise<void> {
  const audio = await readRecordingTrack(roomId, recordingId);
  if (!audio) return noSuchRecording(res);
  const headers = {
    "content-type": audio.subarray(0, 4).toString("latin1") === "OggS" ? "audio/ogg" : "audio/webm",
    "accept-ranges": "bytes",
    "cache-control": "private, no-store",
  };
  // Browsers fetch media in ranges and seek with them.
  const range = /^bytes=(\d*)-(\d*)$/.exec(header(req, "range") ?? "");
  if (range && (range[1] || range[2])) {
    const size = audio.length;
    const start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
    const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    if (start >= size || start > end) {
      res.writeHead(416, { ...headers, "content-range": `bytes */${size}` });
      res.end();
      return;
    }
    res.writeHead(206, {
      ...headers,
      "content-range": `bytes ${start}-${end}/${size}`,
      "content-length": String(end - start + 1),
    });
    res.end(audio.subarray(start, end + 1));
    return;
  }
  res.writeHead(200, { ...headers, "content-length": String(audio.length) });
  res.end(audio);
}

/** DELETE /api/rooms/:id/recordings/mine: the caller's own audio in this session, all of it. */
export async function deleteMyRecordings(res: ServerResponse, roomId: string, userId: string): Promise<void> {
  const deleted = await deleteRecordingsOf(roomId, userId);
  sendJson(res, 200, { deletedChunks: deleted });
}
