import { describe, expect, test } from "vitest";
import {
  DIMENSION_IDS,
  EVIDENCE_TEXT_MAX,
  emptyScorecard,
  FEEDBACK_TEXT_MAX,
  RUBRIC_VERSION,
  scorecardProblems,
  summarizeScorecard,
  type TDimensionId,
  type TScorecardDraft,
  type TTargetLevel,
  ZScorecard,
} from "../../../lib/rubric";

const scored = (scores: number[]): TScorecardDraft["dimensions"] =>
  Object.fromEntries(DIMENSION_IDS.map((id, i) => [id, { score: scores[i] ?? null, evidence: [] }]));

function card(overrides: Partial<TScorecardDraft> = {}): TScorecardDraft {
  return {
    rubricVersion: RUBRIC_VERSION,
    questionId: "kv-store",
    targetLevel: "senior",
    dimensions: {
      ...scored([3, 3, 2, 4, 3, 3]),
      "failure-handling": {
        score: 4,
        evidence: [{ clockMs: 1_200_000, text: "Explained hinted handoff without a prompt." }],
      },
    },
    checklist: [{ concept: "quorum", clockMs: 600_000 }, { concept: "consistent-hashing" }],
    recommendation: "yes",
    feedback: {
      wentWell: "Clear partition story: minority side refuses writes.",
      toWorkOn: "Pick the partition key from the queries before drawing the ring.",
    },
    ...overrides,
  };
}

// biome-ignore lint/suspicious/noExplicitAny: table rows deliberately write values the types forbid.
type Loose = Record<string, any>;

/** Apply a mutation to a deep copy, so table rows can poke at any field, including invalid ones. */
function mutate(edit: (c: Loose) => void): unknown {
  const copy = structuredClone(card()) as Loose;
  edit(copy);
  return copy;
}

describe("scorecardProblems", () => {
  test("a complete card has no problems, as draft or for submit", () => {
    expect(scorecardProblems(card(), "draft")).toEqual([]);
    expect(scorecardProblems(card(), "submit")).toEqual([]);
    expect(ZScorecard.safeParse(card()).success).toBe(true);
  });

  test("a draft may be incomplete; submitting it lists what is missing", () => {
    const draft = card({
      dimensions: { requirements: { score: 3, evidence: [] } },
      recommendation: null,
      feedback: { wentWell: "", toWorkOn: "" },
    });
    expect(scorecardProblems(draft, "draft")).toEqual([]);
    const messages = scorecardProblems(draft, "submit").map((p) => p.message);
    expect(messages).toEqual([
      "High-level design score needs a score before submitting.",
      "Data model score needs a score before submitting.",
      "Failure handling score needs a score before submitting.",
      "Trade-offs score needs a score before submitting.",
      "Communication score needs a score before submitting.",
      "Recommendation: choose one before submitting.",
      'Feedback "what went well" needs at least 20 characters before submitting.',
      'Feedback "what to work on" needs at least 20 characters before submitting.',
    ]);
  });

  const rows: [string, (c: Loose) => void, string, string][] = [
    [
      "score above 4",
      (c) => (c.dimensions["trade-offs"].score = 5),
      "dimensions.trade-offs.score",
      "Trade-offs score must be from 1 to 4 (got 5).",
    ],
    [
      "score of 0",
      (c) => (c.dimensions.requirements.score = 0),
      "dimensions.requirements.score",
      "Requirements score must be from 1 to 4 (got 0).",
    ],
    [
      "fractional score",
      (c) => (c.dimensions["data-model"].score = 2.5),
      "dimensions.data-model.score",
      "Data model score must be a whole number from 1 to 4 (got 2.5).",
    ],
    [
      "score as text",
      (c) => (c.dimensions.communication.score = "3"),
      "dimensions.communication.score",
      'Communication score must be a whole number from 1 to 4 (got "3").',
    ],
    [
      "unknown dimension",
      (c) => (c.dimensions.charisma = { score: 4, evidence: [] }),
      "dimensions.charisma",
      'Unknown rubric dimension "charisma".',
    ],
    ["unknown top-level field", (c) => (c.secretNotes = "x"), "secretNotes", 'Unknown field "secretNotes".'],
    [
      "oversize evidence",
      (c) => (c.dimensions["failure-handling"].evidence[0].text = "x".repeat(EVIDENCE_TEXT_MAX + 1)),
      "dimensions.failure-handling.evidence.0.text",
      "Failure handling evidence note 1 is 501 characters; the limit is 500.",
    ],
    [
      "empty evidence",
      (c) => (c.dimensions["failure-handling"].evidence[0].text = "   "),
      "dimensions.failure-handling.evidence.0.text",
      "Failure handling evidence note 1 is empty.",
    ],
    [
      "negative clock",
      (c) => (c.dimensions["failure-handling"].evidence[0].clockMs = -1),
      "dimensions.failure-handling.evidence.0.clockMs",
      "Failure handling evidence note 1 clock must not be negative.",
    ],
    [
      "oversize feedback",
      (c) => (c.feedback.wentWell = "y".repeat(FEEDBACK_TEXT_MAX + 5)),
      "feedback.wentWell",
      'Feedback "what went well" is 2,005 characters; the limit is 2,000.',
    ],
    [
      "unknown concept",
      (c) => c.checklist.push({ concept: "blockchain" }),
      "checklist.2.concept",
      'Checklist tick 3: unknown checklist concept "blockchain".',
    ],
    [
      "concept ticked twice",
      (c) => c.checklist.push({ concept: "quorum" }),
      "checklist.2",
      'Checklist tick 3: "quorum" is ticked twice.',
    ],
    [
      "old rubric version",
      (c) => (c.rubricVersion = RUBRIC_VERSION + 1),
      "rubricVersion",
      `Scorecard was made for another rubric version; this one is ${RUBRIC_VERSION}.`,
    ],
  ];

  test.each(rows)("%s", (_name, edit, path, message) => {
    for (const stage of ["draft", "submit"] as const)
      expect(scorecardProblems(mutate(edit), stage)).toContainEqual({ path, message });
  });

  test("an empty scorecard is a valid draft but cannot be submitted", () => {
    const blank = emptyScorecard("chat", "staff");
    expect(scorecardProblems(blank, "draft")).toEqual([]);
    expect(scorecardProblems(blank, "submit")).toHaveLength(6 + 1 + 2);
  });

  test("non-objects are rejected without throwing", () => {
    expect(scorecardProblems(null).length).toBeGreaterThan(0);
    expect(scorecardProblems("scorecard").length).toBeGreaterThan(0);
  });
});

describe("summarizeScorecard", () => {
  test("average, per-dimension scores, strongest and weakest", () => {
    const s = summarizeScorecard(card());
    expect(s.scored).toBe(6);
    expect(s.average).toBe(3);
    expect(s.strongest).toEqual(["failure-handling"]);
    expect(s.weakest).toEqual(["data-model"]);
    expect(s.dimensions.find((d) => d.id === "data-model")).toMatchObject({
      score: 2,
      scoreLabel: "Partial",
      belowExpectation: true,
    });
    expect(s.dimensions.find((d) => d.id === "failure-handling")?.evidenceCount).toBe(1);
  });

  test("ties are all reported; an empty draft has no average", () => {
    expect(summarizeScorecard(card({ dimensions: scored([3, 3, 3, 3, 3, 3]) })).strongest).toEqual([
      ...DIMENSION_IDS,
    ]);
    const empty = summarizeScorecard(card({ dimensions: {} }));
    expect(empty).toMatchObject({
      scored: 0,
      average: null,
      strongest: [],
      weakest: [],
      suggestedRecommendation: null,
    });
  });

  test("average rounds to two decimals", () => {
    expect(summarizeScorecard(card({ dimensions: scored([4, 3, 3]) })).average).toBe(3.33);
  });

  test("checklist ticked and missing follow the checklist order", () => {
    const s = summarizeScorecard(card());
    expect(s.checklist.ticked).toEqual(["quorum", "consistent-hashing"]);
    expect(s.checklist.missing).not.toContain("quorum");
    expect(s.checklist.ticked.length + s.checklist.missing.length).toBe(11);
  });

  test("timeline lists every evidence note in clock order with its dimension", () => {
    const dims = scored([3, 3, 3, 3, 3, 3]);
    dims.requirements = { score: 3, evidence: [{ clockMs: 90_000, text: "asked about read/write mix" }] };
    dims["trade-offs"] = { score: 3, evidence: [{ clockMs: 30_000, text: "named PACELC" }] };
    expect(summarizeScorecard(card({ dimensions: dims })).timeline).toEqual([
      { dimension: "trade-offs", clockMs: 30_000, text: "named PACELC" },
      { dimension: "requirements", clockMs: 90_000, text: "asked about read/write mix" },
    ]);
  });

  const suggestions: [TTargetLevel, number[], string | null][] = [
    ["senior", [4, 4, 4, 3, 3, 3], "strong_yes"],
    ["senior", [3, 3, 3, 3, 3, 3], "yes"],
    ["senior", [3, 3, 3, 3, 3, 2], "yes"],
    ["senior", [3, 3, 3, 3, 2, 2], "no"],
    ["senior", [3, 3, 3, 3, 3, 1], "no"],
    ["senior", [2, 2, 2, 2, 2, 2], "strong_no"],
    ["mid", [2, 2, 2, 2, 2, 2], "yes"],
    ["mid", [3, 3, 3, 2, 2, 2], "strong_yes"],
    ["staff", [3, 3, 3, 3, 3, 3], "yes"],
    ["senior", [3, 3, 3], null],
  ];
  test.each(suggestions)("%s with %j suggests %s", (targetLevel, scores, expected) => {
    expect(
      summarizeScorecard(card({ targetLevel, dimensions: scored(scores) })).suggestedRecommendation,
    ).toBe(expected);
  });

  test("summary keeps the interviewer's own recommendation", () => {
    expect(summarizeScorecard(card({ recommendation: "strong_no" })).recommendation).toBe("strong_no");
  });
});

// Type-level guard: dimension ids used above are real.
const _ids: TDimensionId[] = ["requirements", "trade-offs"];
void _ids;
