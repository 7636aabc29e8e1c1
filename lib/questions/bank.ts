import { chat } from "./prompts/chat";
import { distributedCache } from "./prompts/distributed-cache";
import { kvStore } from "./prompts/kv-store";
import { leaderboard } from "./prompts/leaderboard";
import { paymentsLedger } from "./prompts/payments-ledger";
import { rateLimiter } from "./prompts/rate-limiter";
import { socialFeed } from "./prompts/social-feed";
import { urlShortener } from "./prompts/url-shortener";
import type { TQuestion } from "./schema";

export { QUESTION_BANK_VERSION } from "./schema";

/**
 * The question bank. Ids are stored by rooms and scorecards: never rename one; retire a question by removing
 * it and bumping QUESTION_BANK_VERSION. The first four share ids, titles and prompts with starter.ts.
 */
export const QUESTION_BANK: readonly TQuestion[] = [
  kvStore,
  urlShortener,
  chat,
  rateLimiter,
  distributedCache,
  socialFeed,
  leaderboard,
  paymentsLedger,
];

export function questionById(id: string): TQuestion | undefined {
  return QUESTION_BANK.find((q) => q.id === id);
}
