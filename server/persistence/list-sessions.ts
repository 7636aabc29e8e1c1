import { getPool } from "../db/pool";

export interface SessionRow {
  roomId: string;
  questionId: string;
  role: "interviewer" | "candidate";
  partnerName: string | null;
  createdAt: Date;
  endedAt: Date | null;
  recommendation: string | null;
}

/**
 * A user's sessions, newest first. The partner's name comes from the room's own `participant.joined` event, so a
 * partner who chose a pseudonym stays anonymous here too; the recommendation appears once a scorecard is submitted.
 */
export async function listSessions(userId: string, limit = 20): Promise<SessionRow[]> {
  const r = await getPool().query<{
    roomId: string;
    questionId: string;
    role: "interviewer" | "candidate";
    createdAt: Date;
    endedAt: Date | null;
    partnerName: string | null;
    recommendation: string | null;
  }>(
    `SELECT r.id AS "roomId", r."questionId", p.role, r."createdAt", r."endedAt",
       (SELECT e.payload->>'name' FROM "RoomEvent" e
         WHERE e."roomId" = r.id AND e.kind = 'participant.joined' AND e.payload->>'userId' <> $1
         ORDER BY e.seq LIMIT 1) AS "partnerName",
       (SELECT e.payload->'card'->>'recommendation' FROM "RoomEvent" e
         WHERE e."roomId" = r.id AND e.kind = 'scorecard.submitted' ORDER BY e.seq DESC LIMIT 1) AS recommendation
     FROM "RoomParticipant" p JOIN "Room" r ON r.id = p."roomId"
     WHERE p."userId" = $1
     ORDER BY r."createdAt" DESC
     LIMIT $2`,
    [userId, limit],
  );
  return r.rows;
}
