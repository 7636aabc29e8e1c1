import { generateSession, type SessionSpec } from "../../../bench/session-generator";
import { ReplayLog } from "../../../lib/replay";
import { streamFor, type TRoomEvent } from "../../../lib/room";

export const SPEC: SessionSpec = {
  seed: 11,
  roomId: "r-replay",
  events: 1_200,
  minutes: 20,
  interviewer: { userId: "u-ines", name: "Ines" },
  candidate: { userId: "u-cas", name: "Cas" },
  questionId: "kv-store",
  startAt: 1_732_000_000_000,
};

const cache = new Map<string, TRoomEvent[]>();

/** A generated session (memoised per spec: the generator is pure). */
export function session(over: Partial<SessionSpec> = {}): TRoomEvent[] {
  const spec = { ...SPEC, ...over };
  const key = JSON.stringify(spec);
  let events = cache.get(key);
  if (!events) {
    events = generateSession(spec);
    cache.set(key, events);
  }
  return events;
}

/** What the candidate is sent (the interviewer's private events left out, the rest numbered in its stream). */
export function candidateView(events: readonly TRoomEvent[]): TRoomEvent[] {
  return streamFor(events, "candidate");
}

/** A ReplayLog fed `events` in pages, as the replay page fetches them. */
export function logOf(
  events: readonly TRoomEvent[],
  {
    roomId = SPEC.roomId,
    checkpointEvery,
    page = 100,
  }: { roomId?: string; checkpointEvery?: number; page?: number } = {},
): ReplayLog {
  const log = new ReplayLog(roomId, { checkpointEvery });
  for (let i = 0; i < events.length; i += page) log.append(events.slice(i, i + page));
  return log;
}

/** A seeded shuffle (tests may use any randomness; this one is reproducible). */
export function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let a = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    a = (Math.imul(a, 1_664_525) + 1_013_904_223) >>> 0;
    const j = a % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
