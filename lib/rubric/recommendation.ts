import { z } from "zod";

// Deliberately no "maybe": a mock interview is practice for a real decision, so the interviewer has to commit.
export const RECOMMENDATION_IDS = ["strong_no", "no", "yes", "strong_yes"] as const;
export const ZRecommendation = z.enum(RECOMMENDATION_IDS);
export type TRecommendation = z.infer<typeof ZRecommendation>;

export const ZRecommendationOption = z.strictObject({
  id: ZRecommendation,
  label: z.string().min(1),
  guidance: z.string().min(20),
});
export type TRecommendationOption = z.infer<typeof ZRecommendationOption>;

export const RECOMMENDATIONS: readonly TRecommendationOption[] = [
  {
    id: "strong_no",
    label: "Strong no",
    guidance:
      "Well below the target level on several dimensions, or a red flag such as a design that silently loses acknowledged writes and a candidate who does not see it when probed.",
  },
  {
    id: "no",
    label: "No",
    guidance:
      "Some good moments, but at least one core step of the framework (usually failure handling or trade-offs) stayed below the level's expectation even after hints.",
  },
  {
    id: "yes",
    label: "Yes",
    guidance:
      "Meets the level's expectation on most dimensions and none is far below it; weaknesses are ones a week of practice would fix.",
  },
  {
    id: "strong_yes",
    label: "Strong yes",
    guidance:
      "Above the level's expectation on most dimensions, no weak step, and at least one moment you would quote to a colleague as an example of how to answer.",
  },
];
