import { describe, expect, test } from "vitest";
import { QUESTION_BANK } from "../../../lib/questions/bank";
import { candidateView } from "../../../lib/questions/candidate-view";
import { type TQuestion, ZCandidateQuestion, ZInterviewerNotes } from "../../../lib/questions/schema";

const CANDIDATE_KEYS = Object.keys(ZCandidateQuestion.shape).sort();
const INTERVIEWER_KEYS = Object.keys(ZInterviewerNotes.shape);

/** Every string inside a value, however deeply nested. */
function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(strings);
  return [];
}

describe("candidateView strips interviewer material", () => {
  test.each(QUESTION_BANK.map((q) => [q.id, q] as const))("%s", (_id, question) => {
    const view = candidateView(question);
    expect(Object.keys(view).sort()).toEqual(CANDIDATE_KEYS);
    expect(view).toEqual({
      id: question.id,
      title: question.title,
      prompt: question.prompt,
      timeboxMinutes: question.timeboxMinutes,
    });
    const serialized = JSON.stringify(view);
    expect(serialized).not.toContain('"interviewer"');
    for (const key of INTERVIEWER_KEYS) expect(serialized).not.toContain(`"${key}"`);
    // Short tokens such as concept ids could appear in a prompt by coincidence; sentences cannot.
    for (const secret of strings(question.interviewer).filter((s) => s.length >= 20))
      expect(serialized, secret).not.toContain(secret);
  });

  test("a field smuggled onto a question does not reach the candidate", () => {
    const [first] = QUESTION_BANK as [TQuestion];
    const tampered = { ...first, answerKey: "use Raft", hints: ["quorums"] } as TQuestion;
    const view = candidateView(tampered) as Record<string, unknown>;
    expect(view.answerKey).toBeUndefined();
    expect(view.hints).toBeUndefined();
    expect(Object.keys(view).sort()).toEqual(CANDIDATE_KEYS);
  });

  test("the candidate schema itself rejects interviewer fields", () => {
    const [first] = QUESTION_BANK as [TQuestion];
    expect(ZCandidateQuestion.safeParse(first).success).toBe(false);
  });
});
