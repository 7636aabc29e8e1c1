import { type TCandidateQuestion, type TQuestion, ZCandidateQuestion } from "./schema";

/**
 * The question as the candidate may see it. Built field by field (an allow-list, never a delete) so that a
 * field added to the interviewer's material later cannot leak by default; the parse is a second guard.
 */
export function candidateView(question: TQuestion): TCandidateQuestion {
  return ZCandidateQuestion.parse({
    id: question.id,
    title: question.title,
    prompt: question.prompt,
    timeboxMinutes: question.timeboxMinutes,
  });
}
