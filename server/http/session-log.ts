import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { questionById } from "../../lib/questions/bank";
import { EVENT_SCHEMA_VERSION, readableBy, StoredEventError } from "../../lib/room";
import { lastSeqOf, type ReadAccess, readEvents } from "../persistence/read-events";
import { findShare } from "../persistence/shares";
import { sendError, sendJson } from "./json";
import { recordingIdParam, sendTrack, sendTrackList } from "./recordings-api";
import { type Param, Router } from "./router";

/** Events per page of a session's log: a replay starts after the first page and keeps loading behind it. */
export const MAX_EVENTS_PAGE = 2_000;
/** Version of the exported session format (bump when the shape of an export changes). */
export const EXPORT_SCHEMA_VERSION = 1;

type Access = ReadAccess;
interface StoredSession {
  id: string;
  questionId: string;
  createdAt: Date;
  endedAt: Date | null;
}

const ZPage = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(MAX_EVENTS_PAGE).default(MAX_EVENTS_PAGE),
});

/**
 * GET …/events?after=N&limit=M → { events, lastSeq, done }, in the reader's own stream (numbers included);
 * `lastSeq` is that stream's last number, for a progress bar.
 */
export async function sendEventsPage(
  res: ServerResponse,
  url: URL,
  room: StoredSession,
  access: Access,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const page = ZPage.safeParse(Object.fromEntries(url.searchParams));
  if (!page.success) {
    sendError(res, 400, "invalid", `Use integer after ≥ 0 and 1 ≤ limit ≤ ${MAX_EVENTS_PAGE}.`);
    return;
  }
  const { after, limit } = page.data;
  try {
    const [events, lastSeq] = await Promise.all([
      readEvents(room.id, after, limit, access),
      lastSeqOf(room.id, access),
    ]);
    sendJson(res, 200, { events, lastSeq, done: events.length < limit, ...extra });
  } catch (err) {
    if (!refuseUnreadable(res, err)) throw err;
  }
}

/**
 * Answers a log this server can't read (events from a newer version, or a row not valid in its own version)
 * with 409 and the reason, for the replay page to show; false for any other error.
 */
function refuseUnreadable(res: ServerResponse, err: unknown): boolean {
  if (!(err instanceof StoredEventError)) return false;
  sendError(res, 409, err.reason, err.message);
  return true;
}

/** The readable log as a download: `{ format, schemaVersion, room, events }`. */
export async function sendExport(res: ServerResponse, room: StoredSession, access: Access): Promise<void> {
  const events = [];
  try {
    for (let after = 0; ; ) {
      const page = await readEvents(room.id, after, MAX_EVENTS_PAGE, access);
      events.push(...page);
      if (page.length < MAX_EVENTS_PAGE) break;
      after = page[page.length - 1]!.seq;
    }
  } catch (err) {
    if (refuseUnreadable(res, err)) return;
    throw err;
  }
  const body = JSON.stringify({
    format: "quorum.session",
    schemaVersion: EXPORT_SCHEMA_VERSION,
    /** The events are in this event schema version (upgraded from whatever version each was stored in). */
    eventSchemaVersion: EVENT_SCHEMA_VERSION,
    room: {
      id: room.id,
      questionId: room.questionId,
      question: questionById(room.questionId)?.title ?? null,
      createdAt: room.createdAt.toISOString(),
      endedAt: room.endedAt?.toISOString() ?? null,
    },
    events,
  });
  res.writeHead(200, {
    "content-type": "application/json",
    "content-disposition": `attachment; filename="quorum-session-${room.id}.json"`,
    "cache-control": "no-store",
  });
  res.end(body);
}

export const ZShareToken = z.string().regex(/^[A-Za-z0-9_-]{10,64}$/);

/** One request to a shared session, signed in or not. */
interface SharedCall {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
}
type SharedSession = NonNullable<Awaited<ReturnType<typeof findShare>>>;

const SHARED_PARAMS = {
  // Unknown and revoked links answer alike, so a guess learns nothing.
  token: {
    async resolve(segment: string) {
      const token = ZShareToken.safeParse(segment);
      return token.success ? await findShare(token.data) : null;
    },
    refuse: ({ res }: SharedCall) =>
      sendError(res, 404, "not_found", "This share link is not valid (it may have been revoked)."),
  },
  recordingId: recordingIdParam,
} satisfies Record<string, Param<SharedCall, unknown>>;

/** What a share link's holder may read of the session, as it stands. */
const readableByShare = (room: SharedSession) =>
  readableBy({ kind: "share" }, { ended: room.endedAt !== null, notesShared: room.notesSharedAt !== null });

/** A session opened through a share link: read-only. */
const SHARED_API = new Router<SharedCall, typeof SHARED_PARAMS>({
  params: SHARED_PARAMS,
  methodNotAllowed: "Share links are read-only.",
})
  .route("GET", "/api/shared/:token", ({ res }, { token: room }) =>
    sendJson(res, 200, {
      roomId: room.id,
      questionId: room.questionId,
      createdAt: room.createdAt,
      endedAt: room.endedAt,
      notesShared: room.notesSharedAt !== null,
    }),
  )
  .route("GET", "/api/shared/:token/events", ({ res, url }, { token: room }) =>
    sendEventsPage(res, url, room, readableByShare(room)),
  )
  .route("GET", "/api/shared/:token/export", ({ res }, { token: room }) =>
    sendExport(res, room, readableByShare(room)),
  )
  .route("GET", "/api/shared/:token/recordings", ({ res }, { token: room }) => sendTrackList(res, room.id))
  .route("GET", "/api/shared/:token/recordings/:recordingId", ({ req, res }, { token: room, recordingId }) =>
    sendTrack(req, res, room.id, recordingId),
  );

/** Serves the paths under /api/shared; returns false for any other. */
export async function handleSharedApi(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const url = new URL(req.url ?? "/", "http://local");
  const [api, area] = url.pathname.split("/").filter(Boolean);
  if (api !== "api" || area !== "shared") return false;
  await SHARED_API.serve({ req, res, url }, req.method ?? "GET", url.pathname);
  return true;
}
