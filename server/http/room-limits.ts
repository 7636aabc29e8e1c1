import type { RateDecision } from "../../lib/limits/rate-limit";
import { Limiter } from "../auth/rate-limits";
import { RATE_LIMITS } from "../constants";

/**
 * How many rooms one person may create: at most 5 a minute and 30 an hour. Kept in this process's memory like
 * the sign-in limits (with several processes each counts on its own, so the effective limit is multiplied by
 * the process count; the scale-out work moves these counters to Redis).
 */
export function roomCreationLimiter() {
  const perMinute = new Limiter(RATE_LIMITS.roomsPerUserPerMinute);
  const perHour = new Limiter(RATE_LIMITS.roomsPerUserPerHour);
  return {
    /** Counts one room for `userId` if both windows have room for it; a refused attempt counts against neither. */
    hit(userId: string, now: number): RateDecision {
      const refused = this.peek(userId, now);
      if (!refused.allowed) return refused;
      perHour.hit(userId, now);
      return perMinute.hit(userId, now);
    },
    /** Whether `userId` may create a room now, without counting one. */
    peek(userId: string, now: number): RateDecision {
      const refused = [perMinute.peek(userId, now), perHour.peek(userId, now)].filter((d) => !d.allowed);
      if (refused.length > 0) return refused.reduce((a, b) => (a.retryAfterMs >= b.retryAfterMs ? a : b));
      return perMinute.peek(userId, now);
    },
    /** Counts a room made for `userId` by someone else's action (a match), whatever the windows say. */
    charge(userId: string, now: number): void {
      perHour.hit(userId, now);
      perMinute.hit(userId, now);
    },
  };
}

let shared: ReturnType<typeof roomCreationLimiter> | undefined;

/** The one limiter every way of creating a room goes through: `POST /api/rooms`, round two and "find a partner". */
export function roomCreation(): ReturnType<typeof roomCreationLimiter> {
  shared ??= roomCreationLimiter();
  return shared;
}
