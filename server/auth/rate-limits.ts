import { countHit, peek, type RateDecision, type RateRule, type Window } from "../../lib/limits/rate-limit";
import { RATE_LIMIT_MAX_KEYS, RATE_LIMITS } from "../constants";

/**
 * An in-memory limiter: one process's view. (With several processes behind a load balancer each keeps its
 * own counters, so the effective limit is multiplied by the process count; the scale-out issue moves these
 * counters to Redis.)
 */
export class Limiter {
  private readonly windows = new Map<string, Window>();
  constructor(private readonly rule: RateRule) {}

  hit(key: string, now: number): RateDecision {
    const [win, decision] = countHit(this.windows.get(key), this.rule, now);
    this.windows.set(key, win);
    if (this.windows.size > RATE_LIMIT_MAX_KEYS) this.sweep(now);
    return decision;
  }

  peek(key: string, now: number): RateDecision {
    return peek(this.windows.get(key), this.rule, now);
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  private sweep(now: number): void {
    for (const [k, w] of this.windows) if (now - w.start >= this.rule.windowMs) this.windows.delete(k);
    // Still too many live keys: drop the oldest (Map keeps insertion order).
    for (const k of this.windows.keys()) {
      if (this.windows.size <= RATE_LIMIT_MAX_KEYS) break;
      this.windows.delete(k);
    }
  }
}

interface Limiters {
  signInFailuresPerEmail: Limiter;
  signInFailuresPerIp: Limiter;
  signInAttemptsPerIp: Limiter;
  signUpsPerIp: Limiter;
  passwordChangeFailuresPerUser: Limiter;
}

// The Next bundle and the custom server load this module separately; the counters must be shared.
const g = globalThis as unknown as { __quorumLimiters?: Limiters };
export function limiters(): Limiters {
  g.__quorumLimiters ??= {
    signInFailuresPerEmail: new Limiter(RATE_LIMITS.signInFailuresPerEmail),
    signInFailuresPerIp: new Limiter(RATE_LIMITS.signInFailuresPerIp),
    signInAttemptsPerIp: new Limiter(RATE_LIMITS.signInAttemptsPerIp),
    signUpsPerIp: new Limiter(RATE_LIMITS.signUpsPerIp),
    passwordChangeFailuresPerUser: new Limiter(RATE_LIMITS.passwordChangeFailuresPerUser),
  };
  return g.__quorumLimiters;
}
