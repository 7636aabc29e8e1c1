import type { TRoomEvent } from "../room";
import { IDLE_GAP_MS, IDLE_LEAD_MS, REPLAY_SPEEDS, type TReplaySpeed } from "./constants";

// The player's time axis is server wall time (epoch ms), the same axis as every event's `at`.

export interface IdleStretch {
  /** The event before the gap. */
  fromMs: number;
  /** The event after it. */
  toMs: number;
}

export interface ReplayTimeline {
  startMs: number;
  endMs: number;
  /** Gaps longer than IDLE_GAP_MS between consecutive events, in order. */
  idle: IdleStretch[];
}

/**
 * The session's span and its idle stretches. Idle means no event: nobody drew, typed or clicked. A cluster
 * left playing keeps animating through such a gap, but nothing a person did is skipped, so it counts as idle
 * too (the skip lands IDLE_LEAD_MS before the next event, and the cluster is recomputed for the new time).
 */
export function buildTimeline(events: readonly TRoomEvent[]): ReplayTimeline {
  if (events.length === 0) return { startMs: 0, endMs: 0, idle: [] };
  const idle: IdleStretch[] = [];
  let prev = events[0]!.at;
  let end = prev;
  for (const e of events) {
    if (e.at - prev > IDLE_GAP_MS) idle.push({ fromMs: prev, toMs: e.at });
    prev = Math.max(prev, e.at);
    end = prev;
  }
  return { startMs: events[0]!.at, endMs: end, idle };
}

/** The idle stretch whose inside (fromMs, toMs) holds `ms`, by binary search. */
function idleAround(idle: readonly IdleStretch[], ms: number): IdleStretch | null {
  let lo = 0;
  let hi = idle.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (idle[mid]!.toMs <= ms) lo = mid + 1;
    else hi = mid;
  }
  const s = idle[lo];
  return s !== undefined && s.fromMs < ms && ms < s.toMs ? s : null;
}

/**
 * The timeline with `busy` spans taken out of its idle stretches (recorded speech: a stretch without events is
 * not idle while someone talks). What is left of a stretch counts only if it is still longer than IDLE_GAP_MS.
 */
export function keepBusy(
  t: ReplayTimeline,
  busy: readonly { fromMs: number; toMs: number }[],
): ReplayTimeline {
  if (busy.length === 0) return t;
  const spans = [...busy].sort((a, b) => a.fromMs - b.fromMs);
  const idle: IdleStretch[] = [];
  for (const gap of t.idle) {
    let from = gap.fromMs;
    for (const b of spans) {
      if (b.toMs <= from || b.fromMs >= gap.toMs) continue;
      if (b.fromMs - from > IDLE_GAP_MS) idle.push({ fromMs: from, toMs: b.fromMs });
      from = Math.max(from, b.toMs);
    }
    if (gap.toMs - from > IDLE_GAP_MS) idle.push({ fromMs: from, toMs: gap.toMs });
  }
  return { ...t, idle };
}

/**
 * The playhead after `realDeltaMs` of real time at `speed`, clamped to the session. With `skipIdle`, a
 * playhead that would stand inside an idle stretch earlier than IDLE_LEAD_MS before its end jumps there.
 * Only forward motion skips; a negative delta (scrubbing back) moves plainly.
 */
export function advancePlayhead(
  timeline: ReplayTimeline,
  posMs: number,
  realDeltaMs: number,
  speed: TReplaySpeed,
  skipIdle: boolean,
): number {
  const next = Math.min(timeline.endMs, Math.max(timeline.startMs, posMs + realDeltaMs * speed));
  if (!skipIdle || realDeltaMs <= 0) return next;
  const gap = idleAround(timeline.idle, next);
  return gap !== null && next < gap.toMs - IDLE_LEAD_MS ? gap.toMs - IDLE_LEAD_MS : next;
}

/** The next speed on offer up (dir 1) or down (-1), staying at the fastest or the slowest. */
export function stepSpeed(speed: TReplaySpeed, dir: 1 | -1): TReplaySpeed {
  const i = REPLAY_SPEEDS.indexOf(speed);
  return REPLAY_SPEEDS[Math.min(REPLAY_SPEEDS.length - 1, Math.max(0, i + dir))]!;
}

/**
 * The first wall time (ms) at which the interview clock read `clockMs`, or null if it never did within the
 * log. The clock is the one clockAt (lib/room/state.ts) reads: it starts at 0 on `clock.started`, runs in
 * real time, holds through pauses and stops at `interview.ended`; pause, resume and end carry the reading.
 * Readings are non-decreasing, so "read clockMs" means "first reached it"; a reading passed over by a jump
 * in the recorded value (not something the server does) maps to the event that made the jump.
 */
export function wallAtClock(events: readonly TRoomEvent[], clockMs: number): number | null {
  /** While running: since when, and the reading then. */
  let runningSince: number | null = null;
  let reading = 0;
  let started = false;
  for (const e of events) {
    if (runningSince !== null && clockMs <= reading + (e.at - runningSince)) {
      return runningSince + Math.max(0, clockMs - reading);
    }
    switch (e.kind) {
      case "clock.started":
        started = true;
        runningSince = e.at;
        reading = 0;
        break;
      case "clock.paused":
      case "interview.ended":
        runningSince = null;
        reading = e.payload.clockMs;
        break;
      case "clock.resumed":
        runningSince = e.at;
        reading = e.payload.clockMs;
        break;
      default:
        continue;
    }
    if (started && clockMs <= reading) return e.at;
  }
  return null;
}
