/**
 * A wall-time budget for the checkers. lib/ never reads a clock, so the caller passes one in
 * (`performance.now` in the browser); without one there is no time limit, only the step limits.
 */
export interface CheckClock {
  /** Milliseconds from any fixed origin; only differences are used. */
  now?: () => number;
  /** Wall time allowed for the whole check; with `now`, running out answers "unknown" for what is left. */
  budgetMs?: number;
}

export interface Deadline {
  expired(): boolean;
}

const NEVER: Deadline = { expired: () => false };

export function startDeadline(clock: CheckClock = {}): Deadline {
  const { now, budgetMs } = clock;
  if (now === undefined || budgetMs === undefined) return NEVER;
  const start = now();
  return { expired: () => now() - start > budgetMs };
}
