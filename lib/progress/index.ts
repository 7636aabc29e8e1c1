import {
  CHECKLIST,
  CONCEPT_IDS,
  DIMENSIONS,
  type TConceptId,
  type TDimensionId,
  type TScore,
} from "../rubric";

// A candidate's progress across the scorecards they received: a score series per rubric dimension and how the
// concept checklist filled up over time. Pure: sessions come in as data, dates as epoch ms.

/** Scores compared for a trend: the latest against the mean of up to this many sessions before it. */
export const TREND_WINDOW = 3;
/** Half a rubric step: a smaller move is noise between interviewers, shown as "flat". */
export const TREND_THRESHOLD = 0.5;

/** One submitted scorecard the user received as the candidate; `at` is when it was submitted (epoch ms). */
export interface TScoredSession {
  roomId: string;
  questionId: string;
  at: number;
  /** Dimensions the card scored; a card from another rubric version may lack some. */
  scores: Partial<Record<TDimensionId, TScore>>;
  concepts: readonly TConceptId[];
}

export type TTrend = "up" | "down" | "flat";

export interface TScorePoint {
  at: number;
  score: TScore;
  roomId: string;
}

export interface TScoreSummary {
  /** Score in the most recent session that scored this dimension; null when none did. */
  latest: TScore | null;
  /** Mean over every session, two decimals; null when none. */
  average: number | null;
  /** null until there are two points to compare. */
  trend: TTrend | null;
  /** The mean the latest score was compared with (two decimals), so the trend can be explained. */
  trendBaseline: number | null;
}

export interface TDimensionProgress {
  id: TDimensionId;
  label: string;
  /** Oldest first. */
  points: TScorePoint[];
  summary: TScoreSummary;
}

export interface TCoverageStep {
  roomId: string;
  questionId: string;
  at: number;
  /** Concepts ticked in this session, in checklist order. */
  shown: TConceptId[];
  /** Concepts this session showed for the first time. */
  firstShown: TConceptId[];
  /** Every concept shown in this session or an earlier one, in checklist order. */
  cumulative: TConceptId[];
}

export interface TProgress {
  /** The sessions, oldest first (ties broken by room id, so the order is total). */
  sessions: TScoredSession[];
  dimensions: TDimensionProgress[];
  coverage: {
    steps: TCoverageStep[];
    neverShown: { id: TConceptId; label: string }[];
  };
}

export function buildProgress(input: readonly TScoredSession[]): TProgress {
  const sessions = [...input].sort((a, b) => a.at - b.at || compareText(a.roomId, b.roomId));

  const dimensions = DIMENSIONS.map((d): TDimensionProgress => {
    const points = sessions.flatMap((s): TScorePoint[] => {
      const score = s.scores[d.id];
      return score === undefined ? [] : [{ at: s.at, score, roomId: s.roomId }];
    });
    return { id: d.id, label: d.label, points, summary: summarize(points.map((p) => p.score)) };
  });

  const seen = new Set<TConceptId>();
  const steps = sessions.map((s): TCoverageStep => {
    const ticked = new Set(s.concepts);
    const shown = CONCEPT_IDS.filter((id) => ticked.has(id));
    const firstShown = shown.filter((id) => !seen.has(id));
    for (const id of shown) seen.add(id);
    return {
      roomId: s.roomId,
      questionId: s.questionId,
      at: s.at,
      shown,
      firstShown,
      cumulative: CONCEPT_IDS.filter((id) => seen.has(id)),
    };
  });
  const neverShown = CHECKLIST.filter((c) => !seen.has(c.id)).map((c) => ({ id: c.id, label: c.label }));

  return { sessions, dimensions, coverage: { steps, neverShown } };
}

/** Latest, mean and trend of a score series given oldest first. */
export function summarize(scores: readonly number[]): TScoreSummary {
  const latest = scores.at(-1);
  if (latest === undefined) return { latest: null, average: null, trend: null, trendBaseline: null };
  const before = scores.slice(Math.max(0, scores.length - 1 - TREND_WINDOW), -1);
  const baseline = before.length === 0 ? null : mean(before);
  let trend: TTrend | null = null;
  if (baseline !== null) {
    const delta = latest - baseline;
    trend = delta >= TREND_THRESHOLD ? "up" : delta <= -TREND_THRESHOLD ? "down" : "flat";
  }
  return {
    latest: latest as TScore,
    average: round2(mean(scores)),
    trend,
    trendBaseline: baseline === null ? null : round2(baseline),
  };
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

// Code-unit order, not locale order: the result must not depend on where it runs.
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
