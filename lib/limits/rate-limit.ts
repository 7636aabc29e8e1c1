// Fixed-window counters for rate limits. Pure: the caller passes the time, so the same sequence of hits gives
// the same answers everywhere and tests need no clock.

export interface RateRule {
  /** Hits allowed per window. */
  limit: number;
  windowMs: number;
}

export interface Window {
  start: number;
  count: number;
}

export interface RateDecision {
  allowed: boolean;
  /** Hits left in the current window after this one (0 when refused). */
  remaining: number;
  /** When refused: how long until the window resets. */
  retryAfterMs: number;
}

/** Counts one hit at time `now` against `win` (undefined = no hits yet); returns the new window and the decision. */
export function countHit(win: Window | undefined, rule: RateRule, now: number): [Window, RateDecision] {
  const current = win && now - win.start < rule.windowMs ? win : { start: now, count: 0 };
  if (current.count >= rule.limit) {
    return [current, { allowed: false, remaining: 0, retryAfterMs: current.start + rule.windowMs - now }];
  }
  const next = { start: current.start, count: current.count + 1 };
  return [next, { allowed: true, remaining: rule.limit - next.count, retryAfterMs: 0 }];
}

/** Reads a window without counting: is a further hit allowed at `now`? */
export function peek(win: Window | undefined, rule: RateRule, now: number): RateDecision {
  if (!win || now - win.start >= rule.windowMs)
    return { allowed: true, remaining: rule.limit, retryAfterMs: 0 };
  if (win.count >= rule.limit)
    return { allowed: false, remaining: 0, retryAfterMs: win.start + rule.windowMs - now };
  return { allowed: true, remaining: rule.limit - win.count, retryAfterMs: 0 };
}

/** "3 minutes", "40 seconds": how long to wait, for messages. */
export function describeWait(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  if (s < 90) return `${s} second${s === 1 ? "" : "s"}`;
  const m = Math.ceil(s / 60);
  return `${m} minute${m === 1 ? "" : "s"}`;
}
