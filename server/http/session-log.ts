import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { questionById } from "../../lib/questions/bank";
import { readableBy } from "../../lib/room";
import { lastSeqOf, type ReadAccess, readEvents } from "../persistence/read-events";
import { findShare } from "../persistence/shares";
import { sendError, sendJson } from "./json";
import { sendRecordings } from "./recordings-api";

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
  const [events, lastSeq] = await Promise.all([
    readEvents(room.id, after, limit, access),
    lastSeqOf(room.id, access),
  ]);
  sendJson(res, 200, { events, lastSeq, done: events.length < limit, ...extra });
}

/** The readable log as a download: `{ format, schemaVersion, room, events }`. */
export async function sendExport(res: ServerResponse, room: StoredSession, access: Access): Promise<void> {
  const events = [];
  for (let after = 0; ; ) {
    const page = await readEvents(room.id, after, MAX_EVENTS_PAGE, access);
    events.push(...page);
    if (page.length < MAX_EVENTS_PAGE) break;
    after = page[page.length - 1]!.seq;
  }
  const body = JSON.stringify({
    format: "quorum.session",
    schemaVersion: EXPORT_SCHEMA_VERSION,
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

/**
 * GET /api/shared/:token[/events|/export|/recordings[/:id]]: a session opened through a share link, signed in
 * or not. Unknown and revoked links both answer 404 with the same words, so a guess learns nothing.
 */
export async function handleSharedApi(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const url = new URL(req.url ?? "/", "http://local");
  const parts = url.pathname.split("/").filter(Boolean); // ["api", "shared", token, ...]
  if (parts[0] !== "api" || parts[1] !== "shared") return false;
  if (req.method !== "GET") {
    sendError(res, 405, "method_not_allowed", "Share links are read-only.");
    return true;
  }
  const token = ZShareToken.safeParse(parts[2]);
  const room = token.success ? await findShare(token.data) : null;
  if (!room || parts.length > (parts[3] === "recordings" ? 5 : 4)) {
    sendError(res, 404, "not_found", "This share link is not valid (it may have been revoked).");
    return true;
  }
  const access = readableBy(
    { kind: "share" },
    { ended: room.endedAt !== null, notesShared: room.notesSharedAt !== null },
  );
  if (parts.length === 3) {
    sendJson(res, 200, {
      roomId: room.id,
      questionId: room.questionId,
      createdAt: room.createdAt,
      endedAt: room.endedAt,
      notesShared: room.notesSharedAt !== null,
    });
    return true;
  }
  if (parts[3] === "events") await sendEventsPage(res, url, room, access);
  else if (parts[3] === "export") await sendExport(res, room, access);
  else if (parts[3] === "recordings") await sendRecordings(req, res, room.id, parts.slice(4));
  else sendError(res, 404, "not_found", "No such endpoint.");
  return true;
}

export const ZShareToken = z.string().regex(/^[A-Za-z0-9_-]{10,64}$/);
