import { describe, expect, it } from "vitest";
import { roomCreationLimiter } from "../../../server/http/room-limits";

const MINUTE = 60_000;

/** Creates rooms for one person at the given times (ms); returns which were allowed and the last Retry-After. */
function run(times: number[]): { allowed: number; retryAfterS: number } {
  const limiter = roomCreationLimiter();
  let allowed = 0;
  let retryAfterS = 0;
  for (const t of times) {
    const d = limiter.hit("u1", t);
    if (d.allowed) allowed += 1;
    else retryAfterS = Math.ceil(d.retryAfterMs / 1000);
  }
  return { allowed, retryAfterS };
}

const every = (n: number, stepMs: number, from = 0) => Array.from({ length: n }, (_, i) => from + i * stepMs);

describe("room creation limit: 5 a minute, 30 an hour, per person", () => {
  it.each([
    ["5 at once", every(5, 0), 5, 0],
    ["6 at once: the 6th waits for the minute", every(6, 0), 5, 60],
    ["6 over a minute and a bit", every(6, 13_000), 6, 0],
    ["30 spread over the hour", every(30, 2 * MINUTE), 30, 0],
    ["31 spread over the hour: the 31st waits for the hour", every(31, MINUTE + 1), 30, 29 * 60 - 30],
    [
      "refusals don't count: a burst of 50 in one minute, then 25 more later",
      [...every(50, 10), ...every(25, 2 * MINUTE, 2 * MINUTE)],
      30,
      0,
    ],
  ] as const)("%s", (_what, times, allowed, retryAfterS) => {
    const out = run([...times]);
    expect(out.allowed).toBe(allowed);
    if (retryAfterS > 0) expect(out.retryAfterS).toBeGreaterThanOrEqual(retryAfterS);
  });

  it("counts each person on their own", () => {
    const limiter = roomCreationLimiter();
    for (let i = 0; i < 5; i++) limiter.hit("a", 0);
    expect(limiter.hit("a", 1).allowed).toBe(false);
    expect(limiter.hit("b", 1).allowed).toBe(true);
  });
});
