import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EVENT_SCHEMA_VERSION, type TEventBody, type TRole } from "../../lib/room";
import {
  DIMENSION_IDS,
  RUBRIC_VERSION,
  type TConceptId,
  type TDimensionId,
  type TRecommendation,
  type TScore,
  type TScorecardDraft,
} from "../../lib/rubric";
import { disconnectPrisma } from "../../server/db/client";
import { applyMigrations } from "../../server/db/migrate";
import { closePool, getPool } from "../../server/db/pool";
import { createRoom } from "../../server/persistence/create-room";
import { listHistory, progressFor } from "../../server/persistence/history";
import { insertEvents, inTransaction } from "../../server/persistence/insert-events";
import { insertParticipant } from "../../server/persistence/join-room";
import { createScratchDatabase, requireEnv } from "../fixtures/database";

// A database of its own, migrated here, so the counts below are exact whatever else the suite wrote.
let drop: (() => Promise<void>) | undefined;
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 2, 9);
const tag = Date.now().toString(36);
const nextSeq = new Map<string, number>();

const users = {
  ana: { id: `ana${tag}`, name: "Ana Lopez" },
  ben: { id: `ben${tag}`, name: "Ben Real" },
  cleo: { id: `cleo${tag}`, name: "Cleo Hidden" },
  dan: { id: `dan${tag}`, name: "Dan Other" },
};

async function addUser(u: { id: string; name: string }) {
  await getPool().query(`INSERT INTO "User" (id, name, email, "updatedAt") VALUES ($1, $2, $3, now())`, [
    u.id,
    u.name,
    `${u.id}@example.test`,
  ]);
}

/** A room created at `T0 + hour` hours by `creator` in `role`; the two creation events carry that time too. */
async function room(creator: { id: string; name: string }, role: TRole, questionId: string, hour: number) {
  const at = T0 + hour * HOUR;
  const { roomId } = await createRoom({ creator, role, questionId, at });
  await getPool().query(`UPDATE "Room" SET "createdAt" = $2 WHERE id = $1`, [roomId, new Date(at)]);
  nextSeq.set(roomId, 3);
  return roomId;
}

function seq(roomId: string): number {
  const s = nextSeq.get(roomId)!;
  nextSeq.set(roomId, s + 1);
  return s;
}

async function join(roomId: string, user: { id: string }, role: TRole, shownName: string, at: number) {
  await insertParticipant(roomId, user.id, role, {
    seq: seq(roomId),
    opId: `join-${roomId}-${user.id}`,
    actorId: user.id,
    at,
    kind: "participant.joined",
    payload: { userId: user.id, name: shownName, role },
  });
}

async function append(roomId: string, actorId: string, at: number, bodies: TEventBody[]) {
  await inTransaction(getPool(), (client) =>
    insertEvents(
      client,
      bodies.map((body, i) => {
        const s = seq(roomId);
        return { roomId, event: { ...body, seq: s, opId: `op-${roomId}-${s}`, actorId, at: at + i } };
      }),
    ),
  );
}

function card(
  questionId: string,
  recommendation: TRecommendation | null,
  scores: Partial<Record<TDimensionId, TScore>>,
  concepts: TConceptId[] = [],
): TScorecardDraft {
  return {
    rubricVersion: RUBRIC_VERSION,
    questionId,
    targetLevel: "senior",
    dimensions: Object.fromEntries(
      Object.entries(scores).map(([id, score]) => [
        id,
        { score, evidence: [{ clockMs: 1000, text: `evidence for ${id}` }] },
      ]),
    ),
    checklist: concepts.map((concept) => ({ concept })),
    recommendation,
    feedback: {
      wentWell: "Clear requirements and a good partition story.",
      toWorkOn: "Quantify latency more.",
    },
  };
}

const allScores = (score: TScore, overrides: Partial<Record<TDimensionId, TScore>> = {}) => ({
  ...Object.fromEntries(DIMENSION_IDS.map((id) => [id, score])),
  ...overrides,
});

const rooms: Record<string, string> = {};

beforeAll(async () => {
  const admin = process.env.TEST_ADMIN_DATABASE_URL ?? requireEnv("TEST_DATABASE_URL");
  const db = await createScratchDatabase(admin, "quorum_hist");
  drop = db.drop;
  await applyMigrations(db.url);
  process.env.DATABASE_URL = db.url;
  for (const u of Object.values(users)) await addUser(u);
  const { ana, ben, cleo, dan } = users;

  // r1: Ana is the candidate in Ben's room; a full interview, ended and scored.
  rooms.r1 = await room(ben, "interviewer", "kv-store", 0);
  await join(rooms.r1, ana, "candidate", ana.name, T0 + 60_000);
  await append(rooms.r1, ben.id, T0 + 120_000, [
    { kind: "clock.started", payload: {} },
    { kind: "phase.changed", payload: { phase: 1, from: 0, clockMs: 300_000 } },
    { kind: "phase.changed", payload: { phase: 2, from: 1, clockMs: 900_000 } },
    // Going back does not lower the phase reached.
    { kind: "phase.changed", payload: { phase: 1, from: 2, clockMs: 1_000_000 } },
    { kind: "clock.paused", payload: { clockMs: 1_200_000 } },
    { kind: "clock.resumed", payload: { clockMs: 1_200_000 } },
    { kind: "interview.ended", payload: { clockMs: 2_400_000 } },
  ]);
  await append(rooms.r1, ben.id, T0 + HOUR, [
    {
      kind: "scorecard.submitted",
      payload: {
        card: card("kv-store", "yes", allScores(3, { "trade-offs": 2 }), ["quorum", "cap-partition"]),
      },
    },
  ]);

  // r2: Ana interviews Cleo, who came through the queue under a pseudonym; still running, only a draft card.
  rooms.r2 = await room(ana, "interviewer", "chat", 2);
  await join(rooms.r2, cleo, "candidate", "Anonymous Otter", T0 + 2 * HOUR);
  await append(rooms.r2, ana.id, T0 + 2 * HOUR + 60_000, [
    { kind: "clock.started", payload: {} },
    { kind: "phase.changed", payload: { phase: 3, from: 0, clockMs: 900_000 } },
    { kind: "clock.paused", payload: { clockMs: 1_000_000 } },
    { kind: "clock.resumed", payload: { clockMs: 1_000_000 } },
    { kind: "chat.posted", payload: { text: "hello", clockMs: 1_100_000 } },
    // The interviewer's private note is later on the clock, but history reads only what both may see.
    { kind: "note.added", payload: { text: "private", clockMs: 1_200_000 } },
    { kind: "scorecard.saved", payload: { card: card("chat", null, { requirements: 2 }) } },
  ]);

  // r3: Ana waits alone as a candidate.
  rooms.r3 = await room(ana, "candidate", "kv-store", 3);

  // r4..r6: Ana interviews Ben three times on another question; r6 is scored (Ben's progress, not Ana's).
  for (const [key, hour] of [
    ["r4", 4],
    ["r5", 5],
    ["r6", 6],
  ] as const) {
    rooms[key] = await room(ana, "interviewer", "url-shortener", hour);
    await join(rooms[key]!, ben, "candidate", ben.name, T0 + hour * HOUR + 1000);
  }
  await append(rooms.r6!, ana.id, T0 + 6 * HOUR + 5000, [
    { kind: "interview.ended", payload: { clockMs: 1_500_000 } },
    { kind: "scorecard.submitted", payload: { card: card("url-shortener", "strong_no", allScores(1)) } },
  ]);

  // r7: Ana's second scored session as a candidate, newest of all.
  rooms.r7 = await room(cleo, "interviewer", "chat", 7);
  await join(rooms.r7, ana, "candidate", ana.name, T0 + 7 * HOUR + 1000);
  await append(rooms.r7, cleo.id, T0 + 8 * HOUR, [
    { kind: "interview.ended", payload: { clockMs: 2_000_000 } },
    {
      kind: "scorecard.submitted",
      payload: { card: card("chat", "strong_yes", allScores(4), ["consensus", "quorum"]) },
    },
  ]);

  // Someone else's interview: Dan and Ben, scored. Never Ana's.
  rooms.other = await room(dan, "candidate", "kv-store", 9);
  await join(rooms.other, ben, "interviewer", ben.name, T0 + 9 * HOUR + 1000);
  await append(rooms.other, ben.id, T0 + 9 * HOUR + 5000, [
    { kind: "interview.ended", payload: { clockMs: 100_000 } },
    { kind: "scorecard.submitted", payload: { card: card("kv-store", "no", allScores(2)) } },
  ]);
});

afterAll(async () => {
  await closePool();
  await disconnectPrisma();
  await drop?.();
});

describe("listHistory", () => {
  it("lists every session of the user, newest first, and nobody else's", async () => {
    const h = await listHistory(users.ana.id, { page: 1 });
    expect(h.total).toBe(7);
    expect(h.page).toBe(1);
    expect(h.pageCount).toBe(1);
    expect(h.rows.map((r) => r.roomId)).toEqual(
      ["r7", "r6", "r5", "r4", "r3", "r2", "r1"].map((k) => rooms[k]),
    );
    expect(h.rows.map((r) => r.roomId)).not.toContain(rooms.other);

    const dan = await listHistory(users.dan.id, { page: 1 });
    expect(dan.rows.map((r) => r.roomId)).toEqual([rooms.other]);
    expect(dan.rows[0]).toMatchObject({ role: "candidate", partnerName: "Ben Real", durationMs: 100_000 });
  });

  it("reads partner, duration, phase reached and scorecard from the room's events", async () => {
    const { rows } = await listHistory(users.ana.id, { page: 1 });
    const byId = new Map(rows.map((r) => [r.roomId, r]));

    expect(byId.get(rooms.r1!)).toMatchObject({
      role: "candidate",
      questionId: "kv-store",
      partnerName: "Ben Real",
      durationMs: 2_400_000,
      phaseReached: 2,
      createdAt: new Date(T0),
      scorecard: {
        recommendation: "yes",
        scores: {
          requirements: 3,
          "high-level-design": 3,
          "data-model": 3,
          "failure-handling": 3,
          "trade-offs": 2,
          communication: 3,
        },
      },
    });
    expect(byId.get(rooms.r1!)!.endedAt).toBeInstanceOf(Date);

    // The pseudonym stays; the running clock's last recorded reading; a draft is no scorecard.
    expect(byId.get(rooms.r2!)).toMatchObject({
      role: "interviewer",
      partnerName: "Anonymous Otter",
      durationMs: 1_000_000,
      phaseReached: 3,
      endedAt: null,
      scorecard: null,
    });
    expect(JSON.stringify(byId.get(rooms.r2!))).not.toContain("Cleo Hidden");

    expect(byId.get(rooms.r3!)).toMatchObject({
      role: "candidate",
      partnerName: null,
      durationMs: null,
      phaseReached: 0,
      scorecard: null,
    });
    expect(byId.get(rooms.r6!)).toMatchObject({
      partnerName: "Ben Real",
      durationMs: 1_500_000,
      scorecard: { recommendation: "strong_no" },
    });
  });

  it("filters by role and question", async () => {
    const ids = async (q: Parameters<typeof listHistory>[1]) =>
      (await listHistory(users.ana.id, q)).rows.map((r) => r.roomId);
    expect(await ids({ page: 1, role: "candidate" })).toEqual([rooms.r7, rooms.r3, rooms.r1]);
    expect(await ids({ page: 1, role: "interviewer" })).toEqual([rooms.r6, rooms.r5, rooms.r4, rooms.r2]);
    expect(await ids({ page: 1, questionId: "chat" })).toEqual([rooms.r7, rooms.r2]);
    expect(await ids({ page: 1, questionId: "chat", role: "candidate" })).toEqual([rooms.r7]);
    const none = await listHistory(users.ana.id, { page: 1, questionId: "leaderboard" });
    expect(none).toEqual({ rows: [], total: 0, page: 1, pageCount: 1 });
  });

  it("pages with exact counts, and a page past the end shows the last one", async () => {
    const p1 = await listHistory(users.ana.id, { page: 1, pageSize: 3 });
    const p2 = await listHistory(users.ana.id, { page: 2, pageSize: 3 });
    const p3 = await listHistory(users.ana.id, { page: 3, pageSize: 3 });
    expect([p1, p2, p3].map((p) => [p.total, p.pageCount, p.page, p.rows.length])).toEqual([
      [7, 3, 1, 3],
      [7, 3, 2, 3],
      [7, 3, 3, 1],
    ]);
    expect([...p1.rows, ...p2.rows, ...p3.rows].map((r) => r.roomId)).toEqual(
      ["r7", "r6", "r5", "r4", "r3", "r2", "r1"].map((k) => rooms[k]),
    );
    const past = await listHistory(users.ana.id, { page: 99, pageSize: 3 });
    expect(past.page).toBe(3);
    expect(past.rows.map((r) => r.roomId)).toEqual([rooms.r1]);

    const filtered = await listHistory(users.ana.id, { page: 2, pageSize: 2, role: "interviewer" });
    expect([filtered.total, filtered.pageCount, filtered.rows.map((r) => r.roomId)]).toEqual([
      4,
      2,
      [rooms.r4, rooms.r2],
    ]);
  });

  it("is empty for a user without sessions", async () => {
    expect(await listHistory("nobody", { page: 1 })).toEqual({ rows: [], total: 0, page: 1, pageCount: 1 });
  });

  it.each([
    [{ page: 0 }],
    [{ page: 1.5 }],
    [{ page: 1, pageSize: 51 }],
    [{ page: 1, pageSize: 0 }],
    [{ page: 1, role: "admin" }],
    [{ page: 1, questionId: "x'; DROP TABLE" }],
  ])("refuses %j", async (query) => {
    await expect(listHistory(users.ana.id, query as never)).rejects.toThrow();
  });
});

describe("progressFor", () => {
  it("returns the scorecards received as the candidate, oldest first, with scores and concepts", async () => {
    const p = await progressFor(users.ana.id);
    expect(p).toEqual([
      {
        roomId: rooms.r1,
        questionId: "kv-store",
        at: T0 + HOUR,
        scores: allScores(3, { "trade-offs": 2 }),
        concepts: ["quorum", "cap-partition"],
      },
      {
        roomId: rooms.r7,
        questionId: "chat",
        at: T0 + 8 * HOUR + 1,
        scores: allScores(4),
        concepts: ["consensus", "quorum"],
      },
    ]);
  });

  it("leaves out cards the user gave as interviewer and other people's cards", async () => {
    const ben = await progressFor(users.ben.id);
    expect(ben.map((s) => s.roomId)).toEqual([rooms.r6]);
    expect(await progressFor(users.cleo.id)).toEqual([]);
    expect((await progressFor(users.dan.id)).map((s) => s.roomId)).toEqual([rooms.other]);
  });
});

describe("events from a newer version of Quorum", () => {
  it("are left out of history and progress, which still load what this version can read", async () => {
    const before = {
      history: await listHistory(users.ana.id, { page: 1 }),
      progress: await progressFor(users.ana.id),
    };
    // A newer Quorum stored a later scorecard for r1 in a shape this one has never seen.
    await getPool().query(
      `INSERT INTO "RoomEvent" ("roomId", seq, "opId", kind, "actorId", visibility, at, payload, v)
       VALUES ($1, $2, 'op-future', 'scorecard.submitted', $3, 'all', now(), $4, $5)`,
      [
        rooms.r1,
        seq(rooms.r1!),
        users.ben.id,
        JSON.stringify({ card: { recommendation: "maybe-later", dimensions: { all: "five stars" } } }),
        EVENT_SCHEMA_VERSION + 1,
      ],
    );
    expect(await listHistory(users.ana.id, { page: 1 })).toEqual(before.history);
    expect(await progressFor(users.ana.id)).toEqual(before.progress);
  });
});
