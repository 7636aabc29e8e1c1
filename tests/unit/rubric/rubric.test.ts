import { describe, expect, test } from "vitest";
import {
  ARTICLE_SECTION_IDS,
  CHECKLIST,
  CONCEPT_IDS,
  DIMENSION_IDS,
  DIMENSIONS,
  LEVELS,
  RECOMMENDATION_IDS,
  RECOMMENDATIONS,
  RUBRIC_VERSION,
  TARGET_LEVEL_IDS,
  ZConcept,
  ZLevelProfile,
  ZRecommendationOption,
  ZRubricDimension,
} from "../../../lib/rubric";

const parses = (schema: { safeParse(v: unknown): { success: boolean } }, items: readonly unknown[]) =>
  items.every((item) => schema.safeParse(item).success);

describe("rubric data", () => {
  test("is versioned", () => {
    expect(Number.isInteger(RUBRIC_VERSION) && RUBRIC_VERSION >= 1).toBe(true);
  });

  test("dimensions are the five framework steps in order, then Communication", () => {
    expect(parses(ZRubricDimension, DIMENSIONS)).toBe(true);
    expect(DIMENSIONS.map((d) => d.id)).toEqual([...DIMENSION_IDS]);
    expect(DIMENSIONS.map((d) => d.step)).toEqual([1, 2, 3, 4, 5, null]);
    expect(DIMENSIONS.map((d) => d.label)).toEqual([
      "Requirements",
      "High-level design",
      "Data model",
      "Failure handling",
      "Trade-offs",
      "Communication",
    ]);
  });

  test.each(DIMENSIONS.map((d) => [d.id, d] as const))(
    "%s describes all four scores and all levels",
    (_id, d) => {
      expect(d.behaviours).toHaveLength(4);
      expect(new Set(d.behaviours).size).toBe(4);
      expect(Object.keys(d.expectations).sort()).toEqual([...TARGET_LEVEL_IDS].sort());
      expect(new Set(Object.values(d.expectations)).size).toBe(TARGET_LEVEL_IDS.length);
    },
  );

  test("levels: mid = breadth, senior = depth, staff = proactiveness, expectations never go down", () => {
    expect(parses(ZLevelProfile, LEVELS)).toBe(true);
    expect(LEVELS.map((l) => [l.id, l.emphasis])).toEqual([
      ["mid", "breadth"],
      ["senior", "depth"],
      ["staff", "proactiveness"],
    ]);
    const expected = LEVELS.map((l) => l.expectedScore);
    expect(expected).toEqual([...expected].sort((a, b) => a - b));
  });

  test("recommendation scale is strong no → strong yes, each with guidance", () => {
    expect(parses(ZRecommendationOption, RECOMMENDATIONS)).toBe(true);
    expect(RECOMMENDATIONS.map((r) => r.id)).toEqual([...RECOMMENDATION_IDS]);
    expect(RECOMMENDATIONS.map((r) => r.label)).toEqual(["Strong no", "No", "Yes", "Strong yes"]);
  });

  test("checklist: unique ids, every concept maps to a section of the article", () => {
    expect(parses(ZConcept, CHECKLIST)).toBe(true);
    expect(CHECKLIST.map((c) => c.id)).toEqual([...CONCEPT_IDS]);
    for (const c of CHECKLIST) expect(ARTICLE_SECTION_IDS).toContain(c.section);
    // The list, one-to-one.
    expect(CONCEPT_IDS).toHaveLength(11);
  });
});
