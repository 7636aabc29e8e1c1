import { describe, expect, it } from "vitest";
import { countHit, describeWait, peek, type Window } from "../../../lib/limits/rate-limit";

const rule = { limit: 3, windowMs: 1000 };

describe("countHit", () => {
  // [hit times] → [allowed?] for a 3-per-second rule.
  it.each([
    [
      [0, 1, 2],
      [true, true, true],
    ],
    [
      [0, 1, 2, 3],
      [true, true, true, false],
    ],
    [
      [0, 1, 2, 999, 1000],
      [true, true, true, false, true],
    ],
    [
      [0, 500, 999, 1499, 1500],
      [true, true, true, true, true],
    ],
    [
      [5, 5, 5, 5, 1004, 1005],
      [true, true, true, false, false, true],
    ],
  ])("hits at %j → %j", (times, expected) => {
    let w: Window | undefined;
    const got = times.map((t) => {
      const [next, d] = countHit(w, rule, t);
      w = next;
      return d.allowed;
    });
    expect(got).toEqual(expected);
  });

  it("says how long to wait when refused", () => {
    let w: Window | undefined;
    for (const t of [100, 200, 300]) [w] = countHit(w, rule, t);
    const [, d] = countHit(w, rule, 400);
    expect(d).toEqual({ allowed: false, remaining: 0, retryAfterMs: 700 });
  });

  it("peek never counts", () => {
    let w: Window | undefined;
    for (const t of [0, 1]) [w] = countHit(w, rule, t);
    expect(peek(w, rule, 2)).toEqual({ allowed: true, remaining: 1, retryAfterMs: 0 });
    expect(peek(w, rule, 2)).toEqual({ allowed: true, remaining: 1, retryAfterMs: 0 });
    [w] = countHit(w, rule, 3);
    expect(peek(w, rule, 4).allowed).toBe(false);
    expect(peek(w, rule, 1000).allowed).toBe(true);
  });
});

describe("describeWait", () => {
  it.each([
    [1, "1 second"],
    [1000, "1 second"],
    [45_000, "45 seconds"],
    [89_000, "89 seconds"],
    [90_000, "2 minutes"],
    [15 * 60_000, "15 minutes"],
  ])("%d ms → %s", (ms, text) => expect(describeWait(ms)).toBe(text));
});
