import { z } from "zod";
import type { TScoredSession } from "../../lib/progress";
import { EVENT_SCHEMA_VERSION, type TRole, ZRole } from "../../lib/room";
import {
  CONCEPT_IDS,
  DIMENSION_IDS,
  type TConceptId,
  type TDimensionId,
  type TRecommendation,
  type TScore,
  ZRecommendation,
  ZScore,
} from "../../lib/rubric";
import { getPool } from "../db/pool";

/** Sessions per history page unless the caller asks for another size, which may not exceed the maximum. */
export const HISTORY_PAGE_SIZE = 20;
export const HISTORY_PAGE_SIZE_MAX = 50;

export const ZHistoryQuery = z.strictObject({
  role: ZRole.optional(),
  questionId: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9-]+$/)
    .optional(),
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1).max(HISTORY_PAGE_SIZE_MAX).default(HISTORY_PAGE_SIZE),
});
export type THistoryQuery = z.input<typeof ZHistoryQuery>;

export interface THistoryRow {
  roomId: string;
  createdAt: Date;
  endedAt: Date | null;
  role: TRole;
  /** The partner's name as their `participant.joined` event gave it (a pseudonym stays one); null while alone. */
  partnerName: string | null;
  questionId: string;
  /** The interview's length once ended, else the clock at its last pause, resume or phase change; null before. */
  durationMs: number | null;
  /** Highest phase index the interview moved to (lib/room/phases.ts); 0 when it never moved. */
  phaseReached: number;
  /** Present once the interviewer submitted the scorecard. */
  scorecard: { recommendation: TRecommendation | null; scores: Partial<Record<TDimensionId, TScore>> } | null;
}

export interface THistoryPage {
  rows: THistoryRow[];
  total: number;
  /** The page shown: the one asked for, or the last one when that is past the end. */
  page: number;
  /** At least 1, so "Page 1 of 1" reads right when there is nothing. */
  pageCount: number;
}

// Stored cards are parsed leniently: a card written under another rubric version still shows what it can.
const ZCardScores = z
  .record(z.string(), z.object({ score: ZScore.nullable().optional() }).catch({}))
  .catch({});
const ZCardDigest = z.object({
  recommendation: ZRecommendation.nullable().catch(null),
  dimensions: ZCardScores,
});
const ZCardTicks = z.array(z.object({ concept: z.string() }).catch({ concept: "" })).catch([]);

function scoresOf(dimensions: z.infer<typeof ZCardScores>): Partial<Record<TDimensionId, TScore>> {
  const out: Partial<Record<TDimensionId, TScore>> = {};
  for (const id of DIMENSION_IDS) {
    const score = dimensions[id]?.score;
    if (score != null) out[id] = score as TScore;
  }
  return out;
}

const FILTERS = `p."userId" = $1 AND ($2::text IS NULL OR p.role = $2) AND ($3::text IS NULL OR r."questionId" = $3)`;

/**
 * One page of a user's sessions, newest first, in two queries: a count, then the page. The page's rooms are
 * cut first and only then joined (LATERAL) to their events, so a page costs the same however long the history.
 * Only a few rare kinds are read, all visible to both participants (never interviewer notes or drafts); chat
 * and board events are skipped, so a running interview's duration is its last pause, phase change or end.
 */
export async function listHistory(userId: string, query: THistoryQuery): Promise<THistoryPage> {
  const q = ZHistoryQuery.parse(query);
  const pool = getPool();
  const filterArgs = [userId, q.role ?? null, q.questionId ?? null];
  const counted = await pool.query<{ total: number }>(
    `SELECT count(*)::int AS total FROM "RoomParticipant" p JOIN "Room" r ON r.id = p."roomId" WHERE ${FILTERS}`,
    filterArgs,
  );
  const total = counted.rows[0]?.total ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / q.pageSize));
  const page = Math.min(q.page, pageCount);
  if (total === 0) return { rows: [], total, page, pageCount };

  // This query and progressFor's read stored payloads in SQL, not through lib/room/event-versions.ts: they use
  // only fields that every event schema version so far stores alike (names, clock readings, phases, the
  // scorecard's scores). An upgrade step that changes one of these fields must change these queries too
  // (tests/unit/room/event-versions.test.ts lists them). Rows from a newer version are left out.
  const r = await pool.query<{
    roomId: string;
    questionId: string;
    createdAt: Date;
    endedAt: Date | null;
    role: TRole;
    partnerName: string | null;
    endedClockMs: number | null;
    lastClockMs: number | null;
    phaseReached: number | null;
    card: unknown;
  }>(
    `WITH page AS (
       SELECT r.id, r."questionId", r."createdAt", r."endedAt", p.role
       FROM "RoomParticipant" p JOIN "Room" r ON r.id = p."roomId"
       WHERE ${FILTERS}
       ORDER BY r."createdAt" DESC, r.id DESC
       LIMIT $4 OFFSET $5
     )
     SELECT page.id AS "roomId", page."questionId", page."createdAt", page."endedAt", page.role, ev.*
     FROM page LEFT JOIN LATERAL (
       SELECT
         (array_agg(e.payload->>'name' ORDER BY e.seq DESC)
           FILTER (WHERE e.kind = 'participant.joined' AND e.payload->>'userId' <> $1))[1] AS "partnerName",
         (array_agg((e.payload->>'clockMs')::int ORDER BY e.seq DESC)
           FILTER (WHERE e.kind = 'interview.ended'))[1] AS "endedClockMs",
         (array_agg((e.payload->>'clockMs')::int ORDER BY e.seq DESC)
           FILTER (WHERE e.payload ? 'clockMs'))[1] AS "lastClockMs",
         max((e.payload->>'phase')::int) FILTER (WHERE e.kind = 'phase.changed') AS "phaseReached",
         (array_agg(jsonb_build_object(
             'recommendation', e.payload->'card'->'recommendation',
             'dimensions', e.payload->'card'->'dimensions') ORDER BY e.seq DESC)
           FILTER (WHERE e.kind = 'scorecard.submitted'))[1] AS card
       FROM "RoomEvent" e
       WHERE e."roomId" = page.id AND e.visibility = 'all' AND e.v <= ${EVENT_SCHEMA_VERSION}
         AND e.kind IN ('participant.joined', 'phase.changed', 'clock.paused', 'clock.resumed', 'interview.ended',
                        'scorecard.submitted')
     ) ev ON true
     ORDER BY page."createdAt" DESC, page.id DESC`,
    [...filterArgs, q.pageSize, (page - 1) * q.pageSize],
  );
  const rows = r.rows.map((row): THistoryRow => {
    const card = row.card == null ? null : ZCardDigest.parse(row.card);
    return {
      roomId: row.roomId,
      createdAt: row.createdAt,
      endedAt: row.endedAt,
      role: row.role,
      partnerName: row.partnerName,
      questionId: row.questionId,
      durationMs: row.endedClockMs ?? row.lastClockMs,
      phaseReached: row.phaseReached ?? 0,
      scorecard: card && { recommendation: card.recommendation, scores: scoresOf(card.dimensions) },
    };
  });
  return { rows, total, page, pageCount };
}

/** The scorecards a user received as the candidate, oldest first: the input of lib/progress. */
export async function progressFor(userId: string): Promise<TScoredSession[]> {
  const r = await getPool().query<{
    roomId: string;
    questionId: string;
    at: Date;
    dimensions: unknown;
    checklist: unknown;
  }>(
    `SELECT "roomId", "questionId", at, dimensions, checklist FROM (
       SELECT DISTINCT ON (e."roomId") e."roomId", r."questionId", e.at,
         e.payload->'card'->'dimensions' AS dimensions, e.payload->'card'->'checklist' AS checklist
       FROM "RoomParticipant" p
       JOIN "Room" r ON r.id = p."roomId"
       JOIN "RoomEvent" e ON e."roomId" = p."roomId" AND e.kind = 'scorecard.submitted'
         AND e.v <= ${EVENT_SCHEMA_VERSION}
       WHERE p."userId" = $1 AND p.role = 'candidate'
       ORDER BY e."roomId", e.seq DESC
     ) submitted
     ORDER BY at, "roomId"`,
    [userId],
  );
  const known = new Set<string>(CONCEPT_IDS);
  return r.rows.map((row) => ({
    roomId: row.roomId,
    questionId: row.questionId,
    at: row.at.getTime(),
    scores: scoresOf(ZCardScores.parse(row.dimensions)),
    concepts: ZCardTicks.parse(row.checklist)
      .map((t) => t.concept)
      .filter((c): c is TConceptId => known.has(c)),
  }));
}
