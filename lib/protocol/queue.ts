import { z } from "zod";
import { ZTargetLevel } from "../rubric/levels";
import type { TError } from "./room";

// The "find a partner" queue: a signed-in person waits with a preferred seat and target level; two compatible
// people are paired into a new room and told at once.

export const QUEUE_EVENTS = {
  join: "queue:join",
  leave: "queue:leave",
  matched: "queue:matched",
} as const;

export const ZQueuePreference = z.enum(["interviewer", "candidate", "either"]);
export type TQueuePreference = z.infer<typeof ZQueuePreference>;

export const ZQueueJoin = z
  .object({ seat: ZQueuePreference, level: ZTargetLevel, anonymous: z.boolean() })
  .strict();
export type TQueueJoin = z.infer<typeof ZQueueJoin>;

/** The answer to `queue:join`: waiting for a partner, matched at once (into `roomId`), or refused. */
export type TQueueJoinAck =
  | { ok: true; waiting: true }
  | { ok: true; waiting: false; roomId: string }
  | { ok: false; error: TError };

/** `queue:matched`: the room both partners are to open (sent to each of them). */
export type TQueueMatched = { roomId: string };

export interface TQueueEntry extends TQueueJoin {
  userId: string;
  /** What the partner will see: the user's name, or a pseudonym when they asked to stay anonymous. */
  displayName: string;
}

/**
 * The first waiting entry that can pair with `e` (same target level, seats that fit together), and which of
 * the two interviews. Pure: the server keeps the queue, this decides.
 */
export function findMatch<E extends TQueueEntry>(
  waiting: readonly E[],
  e: E,
): { partner: E; interviewer: E } | null {
  for (const w of waiting) {
    if (w.userId === e.userId || w.level !== e.level) continue;
    if (e.seat !== "either" && w.seat === e.seat) continue;
    // Whoever asked to interview does; when both said "either", the one who waited longer interviews.
    const interviewer = e.seat === "interviewer" || w.seat === "candidate" ? e : w;
    return { partner: w, interviewer };
  }
  return null;
}

const ANIMALS = [
  "Owl",
  "Otter",
  "Heron",
  "Lynx",
  "Badger",
  "Falcon",
  "Marten",
  "Ibex",
  "Puffin",
  "Wren",
  "Stoat",
  "Crane",
];

/** A stable pseudonym for a user (the same person gets the same name), from a string hash. */
export function pseudonym(userId: string): string {
  let h = 2166136261;
  for (let i = 0; i < userId.length; i++) h = Math.imul(h ^ userId.charCodeAt(i), 16777619);
  return `Anonymous ${ANIMALS[(h >>> 0) % ANIMALS.length]}`;
}
