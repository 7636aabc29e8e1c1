import { z } from "zod";
import { ZConceptId } from "../rubric/checklist";

/** Bump when a question's id is removed or its meaning changes; rooms and scorecards store question ids. */
export const QUESTION_BANK_VERSION = 1;

export const QUESTION_ID_MAX = 64;
export const MIN_FOLLOW_UPS = 3;
export const MIN_FAILURE_SCENARIOS = 2;

const ZLine = z.string().min(10).max(600);

export const ZQuestionId = z
  .string()
  .min(1)
  .max(QUESTION_ID_MAX)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "question ids are kebab-case");

/** The only part of a question the candidate may ever receive. */
export const ZCandidateQuestion = z.strictObject({
  id: ZQuestionId,
  title: z.string().min(3).max(80),
  prompt: z.string().min(40).max(800),
  timeboxMinutes: z.number().int().min(15).max(90),
});
export type TCandidateQuestion = z.infer<typeof ZCandidateQuestion>;

export const ZFailureScenario = z.strictObject({
  /** What the interviewer asks or does to the design. */
  probe: ZLine,
  /** What a strong answer covers. */
  strongAnswer: ZLine,
  /** A cluster simulation preset (lib/sim/scenarios/presets.ts) that demonstrates this failure, if one fits. */
  presetId: z.string().min(1).optional(),
});
export type TFailureScenario = z.infer<typeof ZFailureScenario>;

export const ZTradeOff = z.strictObject({
  decision: z.string().min(5).max(160),
  discussion: ZLine,
});
export type TTradeOff = z.infer<typeof ZTradeOff>;

export const ZFollowUp = z.strictObject({
  question: z.string().min(10).max(300),
  modelAnswer: z.string().min(40).max(1000),
  /** Checklist concepts a good answer uses. */
  concepts: z.array(ZConceptId).min(1),
  /** True when the question is one of the seed article's model Q&As, reworded. */
  fromArticle: z.boolean(),
});
export type TFollowUp = z.infer<typeof ZFollowUp>;

/** Everything only the interviewer sees. */
export const ZInterviewerNotes = z.strictObject({
  requirements: z.array(ZLine).min(3),
  highLevelDesign: z.array(ZLine).min(3),
  dataModel: z.array(ZLine).min(2),
  failureScenarios: z.array(ZFailureScenario).min(MIN_FAILURE_SCENARIOS),
  tradeOffs: z.array(ZTradeOff).min(2),
  followUps: z.array(ZFollowUp).min(MIN_FOLLOW_UPS),
  redFlags: z.array(ZLine).min(2),
  /** Checklist concepts this question naturally exercises. */
  concepts: z.array(ZConceptId).min(3),
});
export type TInterviewerNotes = z.infer<typeof ZInterviewerNotes>;

export const ZQuestion = ZCandidateQuestion.extend({ interviewer: ZInterviewerNotes });
export type TQuestion = z.infer<typeof ZQuestion>;
