import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { buildProgress, summarize, type TScoredSession } from "../../../lib/progress";
import { CONCEPT_IDS, DIMENSION_IDS, type TDimensionId, type TScore } from "../../../lib/rubric";

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 1);

/** A session on day `day` with every dimension at `score` unless overridden. */
function session(
  roomId: string,
  day: number,
  score: TScore,
  concepts: TScoredSession["concepts"] = [],
  overrides: Partial<Record<TDimensionId, TScore>> = {},
): TScoredSession {
  const scores: Partial<Record<TDimensionId, TScore>> = {};
  for (const id of DIMENSION_IDS) scores[id] = score;
  return {
    roomId,
    questionId: "kv-store",
    at: T0 + day * DAY,
    scores: { ...scores, ...overrides },
    concepts,
  };
}

describe("summarize", () => {
  // [scores oldest first, latest, average, trend, baseline]
  test.each([
    [[], null, null, null, null],
    [[3], 3, 3, null, null],
    [[2, 3], 3, 2.5, "up", 2],
    [[3, 2], 2, 2.5, "down", 3],
    [[3, 3], 3, 3, "flat", 3],
    // The latest against the three before it: 3 vs mean(2, 3, 3) = 2.67 is under half a step.
    [[2, 3, 3, 3], 3, 2.75, "flat", 2.67],
    // Only the last three before the latest count: the early 1s are outside the window.
    [[1, 1, 3, 3, 3, 2], 2, 2.17, "down", 3],
    // Exactly half a step counts.
    [[2, 3, 3], 3, 2.67, "up", 2.5],
    [[3, 2, 2], 2, 2.33, "down", 2.5],
  ] as const)(
    "%j → latest %s, average %s, trend %s (from %s)",
    (scores, latest, average, trend, baseline) => {
      expect(summarize(scores)).toEqual({ latest, average, trend, trendBaseline: baseline });
    },
  );
});

describe("buildProgress", () => {
  test("no sessions: empty series, every concept never shown, with its label", () => {
    const p = buildProgress([]);
    expect(p.sessions).toEqual([]);
    expect(p.dimensions.map((d) => d.id)).toEqual([...DIMENSION_IDS]);
    expect(p.dimensions.every((d) => d.points.length === 0 && d.summary.latest === null)).toBe(true);
    expect(p.coverage.steps).toEqual([]);
    expect(p.coverage.neverShown.map((c) => c.id)).toEqual([...CONCEPT_IDS]);
    expect(p.coverage.neverShown[0]).toEqual({ id: "cap-partition", label: "CAP and partition behaviour" });
  });

  test("series are oldest first whatever the input order, ties broken by room id", () => {
    const p = buildProgress([session("c", 5, 4), session("b", 1, 2), session("a", 1, 3)]);
    expect(p.sessions.map((s) => s.roomId)).toEqual(["a", "b", "c"]);
    const requirements = p.dimensions.find((d) => d.id === "requirements")!;
    expect(requirements.points).toEqual([
      { at: T0 + DAY, score: 3, roomId: "a" },
      { at: T0 + DAY, score: 2, roomId: "b" },
      { at: T0 + 5 * DAY, score: 4, roomId: "c" },
    ]);
    expect(requirements.summary).toEqual({ latest: 4, average: 3, trend: "up", trendBaseline: 2.5 });
  });

  test("each dimension has its own series; a card that did not score a dimension leaves a gap", () => {
    const partial = session("b", 2, 3);
    delete partial.scores["trade-offs"];
    const p = buildProgress([session("a", 1, 2, [], { communication: 4 }), partial]);
    const byId = Object.fromEntries(p.dimensions.map((d) => [d.id, d]));
    expect(byId.communication!.points.map((x) => x.score)).toEqual([4, 3]);
    expect(byId.communication!.summary.trend).toBe("down");
    expect(byId["trade-offs"]!.points.map((x) => x.roomId)).toEqual(["a"]);
    expect(byId["trade-offs"]!.summary).toEqual({ latest: 2, average: 2, trend: null, trendBaseline: null });
    expect(byId["trade-offs"]!.label).toBe("Trade-offs");
  });

  test("coverage accumulates in checklist order and names what each session showed first", () => {
    const p = buildProgress([
      session("a", 1, 3, ["quorum", "cap-partition"]),
      session("b", 2, 3, []),
      session("c", 3, 3, ["consensus", "quorum", "cap-partition"]),
    ]);
    expect(p.coverage.steps).toEqual([
      {
        roomId: "a",
        questionId: "kv-store",
        at: T0 + DAY,
        shown: ["cap-partition", "quorum"],
        firstShown: ["cap-partition", "quorum"],
        cumulative: ["cap-partition", "quorum"],
      },
      {
        roomId: "b",
        questionId: "kv-store",
        at: T0 + 2 * DAY,
        shown: [],
        firstShown: [],
        cumulative: ["cap-partition", "quorum"],
      },
      {
        roomId: "c",
        questionId: "kv-store",
        at: T0 + 3 * DAY,
        shown: ["cap-partition", "quorum", "consensus"],
        firstShown: ["consensus"],
        cumulative: ["cap-partition", "quorum", "consensus"],
      },
    ]);
    expect(p.coverage.neverShown.map((c) => c.id)).toEqual(
      CONCEPT_IDS.filter((id) => !["cap-partition", "quorum", "consensus"].includes(id)),
    );
  });

  test("a concept ticked twice in one card counts once", () => {
    const p = buildProgress([session("a", 1, 3, ["pacelc", "pacelc"])]);
    expect(p.coverage.steps[0]!.shown).toEqual(["pacelc"]);
  });

  test("does not mutate its input", () => {
    const input = [session("b", 2, 3), session("a", 1, 2)];
    const copy = structuredClone(input);
    buildProgress(input);
    expect(input).toEqual(copy);
  });
});

test("lib/progress is pure (no I/O, clock or randomness)", () => {
  const source = readFileSync(path.join(import.meta.dirname, "../../../lib/progress/index.ts"), "utf8");
  for (const pattern of [
    /from\s+["']node:/,
    /from\s+["'](next|react|pg|@prisma)/,
    /Math\.random\s*\(/,
    /Date\.now\s*\(|new Date\s*\(/,
    /performance\.now\s*\(/,
  ])
    expect(pattern.test(source), String(pattern)).toBe(false);
});
