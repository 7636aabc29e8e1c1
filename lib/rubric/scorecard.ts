import { z } from "zod";
import { CONCEPT_IDS, type TConceptId } from "./checklist";
import {
  DIMENSION_IDS,
  DIMENSIONS,
  SCORE_LABELS,
  type TDimensionId,
  type TScore,
  ZDimensionId,
} from "./dimensions";
import { levelById, ZTargetLevel } from "./levels";
import {
  EVIDENCE_PER_DIMENSION_MAX,
  EVIDENCE_TEXT_MAX,
  FEEDBACK_TEXT_MAX,
  FEEDBACK_TEXT_MIN_ON_SUBMIT,
  INTERVIEW_CLOCK_MAX_MS,
  RUBRIC_VERSION,
  SCORE_MAX,
  SCORE_MIN,
} from "./limits";
import { type TRecommendation, ZRecommendation } from "./recommendation";

// The scorecard an interviewer fills in. It is a draft while the interview runs (scores may be missing) and
// must pass the submit checks before the server reveals it to the candidate. Messages are written for the
// interviewer filling in the form, so they name the dimension, not a JSON path.

const lengthError = (max: number) => (iss: { code?: string; input?: unknown }) =>
  iss.code === "too_big"
    ? `is ${String(iss.input).length.toLocaleString("en")} characters; the limit is ${max.toLocaleString("en")}`
    : undefined;

const ZScoreInput = z
  .number({
    error: (iss) => `must be a whole number from ${SCORE_MIN} to ${SCORE_MAX} (got ${show(iss.input)})`,
  })
  .int({
    error: (iss) => `must be a whole number from ${SCORE_MIN} to ${SCORE_MAX} (got ${show(iss.input)})`,
  })
  .min(SCORE_MIN, { error: (iss) => `must be from ${SCORE_MIN} to ${SCORE_MAX} (got ${show(iss.input)})` })
  .max(SCORE_MAX, { error: (iss) => `must be from ${SCORE_MIN} to ${SCORE_MAX} (got ${show(iss.input)})` });

export const ZEvidenceNote = z.strictObject({
  /** Interview clock (ms since the interview started) when the note was taken; the replay seeks here. */
  clockMs: z
    .number()
    .int()
    .min(0, { error: "clock must not be negative" })
    .max(INTERVIEW_CLOCK_MAX_MS, { error: "clock is past the longest possible interview" }),
  text: z
    .string()
    .trim()
    .min(1, { error: "is empty" })
    .max(EVIDENCE_TEXT_MAX, { error: lengthError(EVIDENCE_TEXT_MAX) }),
});
export type TEvidenceNote = z.infer<typeof ZEvidenceNote>;

export const ZDimensionEntry = z.strictObject({
  score: ZScoreInput.nullable(),
  evidence: z
    .array(ZEvidenceNote)
    .max(EVIDENCE_PER_DIMENSION_MAX, { error: `has more than ${EVIDENCE_PER_DIMENSION_MAX} evidence notes` }),
});
export type TDimensionEntry = z.infer<typeof ZDimensionEntry>;

export const ZChecklistTick = z.strictObject({
  concept: z.enum(CONCEPT_IDS, { error: (iss) => `unknown checklist concept ${show(iss.input)}` }),
  /** When the candidate used the concept, if the interviewer ticked it live. */
  clockMs: z.number().int().min(0).max(INTERVIEW_CLOCK_MAX_MS).optional(),
});
export type TChecklistTick = z.infer<typeof ZChecklistTick>;

export const ZScorecardDraft = z
  .strictObject({
    rubricVersion: z.literal(RUBRIC_VERSION, {
      error: `was made for another rubric version; this one is ${RUBRIC_VERSION}`,
    }),
    questionId: z.string().min(1).max(64),
    targetLevel: ZTargetLevel,
    // Partial while drafting; keys outside the rubric are rejected ("unknown rubric dimension").
    dimensions: z.partialRecord(ZDimensionId, ZDimensionEntry),
    checklist: z.array(ZChecklistTick).max(CONCEPT_IDS.length),
    recommendation: ZRecommendation.nullable(),
    feedback: z.strictObject({
      wentWell: z.string().max(FEEDBACK_TEXT_MAX, { error: lengthError(FEEDBACK_TEXT_MAX) }),
      toWorkOn: z.string().max(FEEDBACK_TEXT_MAX, { error: lengthError(FEEDBACK_TEXT_MAX) }),
    }),
  })
  .superRefine((card, ctx) => {
    const seen = new Set<TConceptId>();
    card.checklist.forEach((tick, i) => {
      if (seen.has(tick.concept))
        ctx.addIssue({
          code: "custom",
          path: ["checklist", i],
          message: `"${tick.concept}" is ticked twice`,
        });
      seen.add(tick.concept);
    });
  });
export type TScorecardDraft = z.infer<typeof ZScorecardDraft>;

/** A scorecard ready to show the candidate: every dimension scored, a recommendation, real feedback. */
export const ZScorecard = ZScorecardDraft.superRefine((card, ctx) => {
  for (const id of DIMENSION_IDS) {
    if (card.dimensions[id]?.score == null)
      ctx.addIssue({
        code: "custom",
        path: ["dimensions", id, "score"],
        message: "needs a score before submitting",
      });
  }
  if (card.recommendation === null)
    ctx.addIssue({ code: "custom", path: ["recommendation"], message: "choose one before submitting" });
  for (const field of ["wentWell", "toWorkOn"] as const) {
    if (card.feedback[field].trim().length < FEEDBACK_TEXT_MIN_ON_SUBMIT)
      ctx.addIssue({
        code: "custom",
        path: ["feedback", field],
        message: `needs at least ${FEEDBACK_TEXT_MIN_ON_SUBMIT} characters before submitting`,
      });
  }
});
export type TScorecard = z.infer<typeof ZScorecard>;

export interface TScorecardProblem {
  /** Where the problem is, as a JSON path ("dimensions.trade-offs.score"), for the form to highlight. */
  path: string;
  /** A sentence for the interviewer. */
  message: string;
}

/**
 * Everything wrong with a scorecard, as messages for the interviewer. Empty means valid.
 * `stage: "draft"` allows missing scores, recommendation and feedback; `"submit"` does not.
 */
export function scorecardProblems(input: unknown, stage: "draft" | "submit" = "submit"): TScorecardProblem[] {
  const schema = stage === "submit" ? ZScorecard : ZScorecardDraft;
  const result = schema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.flatMap((iss): TScorecardProblem[] => {
    const path = iss.path.map(String);
    if (iss.code === "unrecognized_keys") {
      const inDimensions = path.length === 1 && path[0] === "dimensions";
      return iss.keys.map((key) => ({
        path: [...path, key].join("."),
        message: inDimensions
          ? `Unknown rubric dimension "${key}".`
          : `Unknown field "${[...path, key].join(".")}".`,
      }));
    }
    return [{ path: path.join("."), message: `${describePath(path)} ${iss.message}.` }];
  });
}

const FEEDBACK_LABELS: Record<string, string> = { wentWell: "what went well", toWorkOn: "what to work on" };

function describePath(path: string[]): string {
  const [head, second, third, fourth] = path;
  if (head === "dimensions" && second !== undefined) {
    const label = DIMENSIONS.find((d) => d.id === second)?.label ?? `"${second}"`;
    if (third === "score") return `${label} score`;
    if (third === "evidence" && fourth !== undefined) return `${label} evidence note ${Number(fourth) + 1}`;
    if (third === "evidence") return `${label}`;
    return label;
  }
  if (head === "feedback" && second !== undefined) return `Feedback "${FEEDBACK_LABELS[second] ?? second}"`;
  if (head === "checklist" && second !== undefined) return `Checklist tick ${Number(second) + 1}:`;
  if (head === "recommendation") return "Recommendation:";
  if (head === "rubricVersion") return "Scorecard";
  return path.length === 0 ? "Scorecard" : `"${path.join(".")}"`;
}

function show(value: unknown): string {
  return value === undefined ? "nothing" : JSON.stringify(value);
}

export interface TDimensionSummary {
  id: TDimensionId;
  label: string;
  score: number | null;
  scoreLabel: string | null;
  evidenceCount: number;
  /** Scored below what the target level expects. */
  belowExpectation: boolean;
}

export interface TScorecardSummary {
  /** Dimensions with a score. */
  scored: number;
  /** Mean of the scored dimensions, two decimals; null when none is scored. */
  average: number | null;
  dimensions: TDimensionSummary[];
  /** Every dimension tied for the highest (lowest) score; empty when none is scored. */
  strongest: TDimensionId[];
  weakest: TDimensionId[];
  checklist: { ticked: TConceptId[]; missing: TConceptId[] };
  /** All evidence in interview order, for the replay timeline. */
  timeline: { dimension: TDimensionId; clockMs: number; text: string }[];
  recommendation: TRecommendation | null;
  /** What the scores alone suggest for the target level; null until every dimension is scored. */
  suggestedRecommendation: TRecommendation | null;
}

/** A pure digest of a (draft or submitted) scorecard for the room, the history and the candidate. */
export function summarizeScorecard(card: TScorecardDraft): TScorecardSummary {
  const expected = levelById(card.targetLevel).expectedScore;
  const dimensions = DIMENSIONS.map((d): TDimensionSummary => {
    const entry = card.dimensions[d.id];
    const score = entry?.score ?? null;
    return {
      id: d.id,
      label: d.label,
      score,
      scoreLabel: score === null ? null : (SCORE_LABELS[score as TScore] ?? null),
      evidenceCount: entry?.evidence.length ?? 0,
      belowExpectation: score !== null && score < expected,
    };
  });
  const scores = dimensions.flatMap((d) => (d.score === null ? [] : [d.score]));
  const top = Math.max(...scores);
  const bottom = Math.min(...scores);
  const ticked = new Set(card.checklist.map((t) => t.concept));
  return {
    scored: scores.length,
    average: scores.length === 0 ? null : round2(scores.reduce((a, b) => a + b, 0) / scores.length),
    dimensions,
    strongest: scores.length === 0 ? [] : dimensions.filter((d) => d.score === top).map((d) => d.id),
    weakest: scores.length === 0 ? [] : dimensions.filter((d) => d.score === bottom).map((d) => d.id),
    checklist: {
      ticked: CONCEPT_IDS.filter((id) => ticked.has(id)),
      missing: CONCEPT_IDS.filter((id) => !ticked.has(id)),
    },
    timeline: DIMENSION_IDS.flatMap((dimension) =>
      (card.dimensions[dimension]?.evidence ?? []).map((n) => ({
        dimension,
        clockMs: n.clockMs,
        text: n.text,
      })),
    ).sort((a, b) => a.clockMs - b.clockMs),
    recommendation: card.recommendation,
    suggestedRecommendation: scores.length === DIMENSION_IDS.length ? suggest(scores, expected) : null,
  };
}

/**
 * The scores-only reading of the recommendation guidance, relative to the level's expected score `e`:
 * strong yes = nothing below e and at least half above it; yes = at most one below e and none two below;
 * strong no = average at least one point below e; no = the rest. Advice only: the interviewer decides.
 */
function suggest(scores: number[], expected: number): TRecommendation {
  const below = scores.filter((s) => s < expected).length;
  const farBelow = scores.filter((s) => s <= expected - 2).length;
  const above = scores.filter((s) => s > expected).length;
  const average = scores.reduce((a, b) => a + b, 0) / scores.length;
  if (below === 0 && above * 2 >= scores.length) return "strong_yes";
  if (below <= 1 && farBelow === 0) return "yes";
  if (average <= expected - 1) return "strong_no";
  return "no";
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** A blank draft for the interviewer to start from when the interview begins. */
export function emptyScorecard(
  questionId: string,
  targetLevel: TScorecardDraft["targetLevel"],
): TScorecardDraft {
  return {
    rubricVersion: RUBRIC_VERSION,
    questionId,
    targetLevel,
    dimensions: {},
    checklist: [],
    recommendation: null,
    feedback: { wentWell: "", toWorkOn: "" },
  };
}
