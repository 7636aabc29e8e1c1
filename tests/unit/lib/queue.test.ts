import { describe, expect, it } from "vitest";
import { findMatch, pseudonym, type TQueueEntry } from "../../../lib/protocol/queue";

const e = (
  userId: string,
  seat: TQueueEntry["seat"],
  level: TQueueEntry["level"] = "senior",
): TQueueEntry => ({ userId, seat, level, anonymous: false, displayName: userId });

describe("findMatch", () => {
  it.each([
    [[e("a", "candidate")], e("b", "interviewer"), "a", "b"],
    [[e("a", "interviewer")], e("b", "candidate"), "a", "a"],
    [[e("a", "candidate")], e("b", "candidate"), null, null],
    [[e("a", "candidate", "mid")], e("b", "interviewer"), null, null],
    [[e("a", "either")], e("b", "candidate"), "a", "a"],
    [[e("a", "either")], e("b", "interviewer"), "a", "b"],
    [[e("a", "candidate"), e("c", "interviewer")], e("b", "candidate"), "c", "c"],
    [[e("b", "interviewer")], e("b", "candidate"), null, null],
  ] as const)("waiting %j + %j → partner %s, interviewer %s", (waiting, newcomer, partner, interviewer) => {
    const m = findMatch(waiting, newcomer);
    expect(m?.partner.userId ?? null).toBe(partner);
    expect(m?.interviewer.userId ?? null).toBe(interviewer);
  });
});

describe("pseudonym", () => {
  it("is stable per user and never the user's id", () => {
    expect(pseudonym("user-1")).toBe(pseudonym("user-1"));
    expect(pseudonym("user-1")).toMatch(/^Anonymous [A-Z][a-z]+$/);
  });
});
