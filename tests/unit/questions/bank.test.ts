import { describe, expect, test } from "vitest";
import { QUESTION_BANK, QUESTION_BANK_VERSION, questionById } from "../../../lib/questions/bank";
import { MIN_FAILURE_SCENARIOS, MIN_FOLLOW_UPS, ZQuestion } from "../../../lib/questions/schema";
import { STARTER_QUESTIONS } from "../../../lib/questions/starter";
import { CONCEPT_IDS } from "../../../lib/rubric/checklist";
import { SCENARIOS } from "../../../lib/sim/scenarios/presets";

const REQUIRED_IDS = [
  "kv-store",
  "distributed-cache",
  "url-shortener",
  "chat",
  "social-feed",
  "rate-limiter",
  "leaderboard",
  "payments-ledger",
];

describe("question bank", () => {
  test("is versioned", () => {
    expect(Number.isInteger(QUESTION_BANK_VERSION) && QUESTION_BANK_VERSION >= 1).toBe(true);
  });

  test("has at least the eight required prompts, with unique ids", () => {
    const ids = QUESTION_BANK.map((q) => q.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(REQUIRED_IDS));
    expect(QUESTION_BANK.length).toBeGreaterThanOrEqual(8);
  });

  test.each(QUESTION_BANK.map((q) => [q.id, q] as const))("%s is well-formed", (_id, question) => {
    const parsed = ZQuestion.safeParse(question);
    expect(parsed.success, parsed.success ? "" : JSON.stringify(parsed.error.issues, null, 2)).toBe(true);
    const notes = question.interviewer;
    expect(notes.followUps.length).toBeGreaterThanOrEqual(MIN_FOLLOW_UPS);
    expect(notes.failureScenarios.length).toBeGreaterThanOrEqual(MIN_FAILURE_SCENARIOS);
    for (const f of notes.followUps) expect(f.modelAnswer.trim().length).toBeGreaterThan(40);
    // Each section carries distinct points, not the same line pasted twice.
    for (const list of [notes.requirements, notes.highLevelDesign, notes.dataModel, notes.redFlags])
      expect(new Set(list).size).toBe(list.length);
    expect(new Set(notes.concepts).size).toBe(notes.concepts.length);
  });

  test("every failure scenario's preset exists in the cluster simulator", () => {
    const known = new Set(SCENARIOS.map((s) => s.id));
    const referenced = QUESTION_BANK.flatMap((q) =>
      q.interviewer.failureScenarios.flatMap((f) => (f.presetId ? [`${q.id} -> ${f.presetId}`] : [])),
    );
    expect(referenced.length).toBeGreaterThan(0);
    for (const ref of referenced) expect(known.has(ref.split(" -> ")[1] ?? ""), ref).toBe(true);
  });

  test("failure scenarios draw on a wide range of simulator presets", () => {
    // Not "every preset": a preset added later for another feature must not break the question bank.
    const used = new Set(QUESTION_BANK.flatMap((q) => q.interviewer.failureScenarios.map((f) => f.presetId)));
    used.delete(undefined);
    expect(used.size).toBeGreaterThanOrEqual(7);
  });

  test("every checklist concept is exercised by some question", () => {
    const used = new Set(QUESTION_BANK.flatMap((q) => q.interviewer.concepts));
    for (const id of CONCEPT_IDS) expect(used.has(id), id).toBe(true);
  });

  test("the article's model answers are all present (reworded), at least four", () => {
    const fromArticle = QUESTION_BANK.flatMap((q) => q.interviewer.followUps.filter((f) => f.fromArticle));
    expect(fromArticle.length).toBeGreaterThanOrEqual(4);
    const text = fromArticle.map((f) => `${f.question} ${f.modelAnswer}`).join("\n");
    // One marker per article Q&A: read-your-writes, a node leaving the ring, Paxos vs Raft, a DC partition.
    for (const marker of [
      /read-your-own-writes/i,
      /hinted handoff/i,
      /Flexible Paxos/,
      /\bCP\b[\s\S]*\bAP\b/,
    ])
      expect(text).toMatch(marker);
  });

  test("starter questions keep their id, title and prompt, so existing rooms show the same text", () => {
    for (const starter of STARTER_QUESTIONS) {
      const q = questionById(starter.id);
      expect(q, starter.id).toBeDefined();
      expect({ id: q?.id, title: q?.title, prompt: q?.prompt }).toEqual(starter);
    }
  });

  test("questionById returns undefined for an unknown id", () => {
    expect(questionById("no-such-question")).toBeUndefined();
  });
});
