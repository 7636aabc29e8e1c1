import { z } from "zod";

export const TARGET_LEVEL_IDS = ["mid", "senior", "staff"] as const;
export const ZTargetLevel = z.enum(TARGET_LEVEL_IDS);
export type TTargetLevel = z.infer<typeof ZTargetLevel>;

export const ZLevelProfile = z.strictObject({
  id: ZTargetLevel,
  label: z.string().min(1),
  /** The one word that separates this level from the one below it. */
  emphasis: z.enum(["breadth", "depth", "proactiveness"]),
  summary: z.string().min(20),
  /** The score a candidate at this level should reach on most dimensions for a "yes". */
  expectedScore: z.number().int().min(1).max(4),
});
export type TLevelProfile = z.infer<typeof ZLevelProfile>;

export const LEVELS: readonly TLevelProfile[] = [
  {
    id: "mid",
    label: "Mid-level",
    emphasis: "breadth",
    summary:
      "Covers every step of the framework with a workable design and knows the standard building blocks (replication, sharding, caching, quorums) well enough to pick one and say why. Gaps in depth are fine when the interviewer's hint closes them.",
    expectedScore: 2,
  },
  {
    id: "senior",
    label: "Senior",
    emphasis: "depth",
    summary:
      "Goes deep where the problem is hard: explains exactly what happens to reads and writes during a partition or failover, sizes quorums, quotes latency numbers, and ties each consistency choice to what a user would notice. Needs few hints.",
    expectedScore: 3,
  },
  {
    id: "staff",
    label: "Staff",
    emphasis: "proactiveness",
    summary:
      "Drives the interview: raises the failure modes, the operational cost and the product trade-offs before being asked, reshapes the requirements when they hide a cheaper design, and weighs alternatives from named production systems.",
    expectedScore: 3,
  },
];

export function levelById(id: TTargetLevel): TLevelProfile {
  const level = LEVELS.find((l) => l.id === id);
  if (level === undefined) throw new Error(`no level ${id}`);
  return level;
}
