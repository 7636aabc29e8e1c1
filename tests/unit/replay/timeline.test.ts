import { describe, expect, it } from "vitest";
import {
  advancePlayhead,
  buildTimeline,
  IDLE_GAP_MS,
  IDLE_LEAD_MS,
  keepBusy,
  REPLAY_SPEEDS,
  stepSpeed,
  type TReplaySpeed,
  wallAtClock,
} from "../../../lib/replay";
import { clockAt, type TRoomEvent } from "../../../lib/room";
import { C, I, RoomBuilder } from "../room/helpers";
import { logOf, session } from "./helpers";

const chatAt = (seq: number, at: number) =>
  ({
    seq,
    opId: `op-${seq}-xxxxx`,
    actorId: "u",
    at,
    kind: "chat.posted",
    payload: { text: "hi", clockMs: 0 },
  }) as TRoomEvent;

describe("buildTimeline", () => {
  it("finds the gaps longer than IDLE_GAP_MS", () => {
    const t = buildTimeline([0, 5_000, 15_001, 25_001, 60_000].map((at, i) => chatAt(i + 1, at)));
    expect(IDLE_GAP_MS).toBe(10_000);
    expect(t).toEqual({
      startMs: 0,
      endMs: 60_000,
      // 15,001 → 25,001 is exactly IDLE_GAP_MS: not idle.
      idle: [
        { fromMs: 5_000, toMs: 15_001 },
        { fromMs: 25_001, toMs: 60_000 },
      ],
    });
  });

  it("is empty for no events", () => expect(buildTimeline([])).toEqual({ startMs: 0, endMs: 0, idle: [] }));

  it("finds the generated session's quiet stretches (the clock's break among them)", () => {
    const events = session();
    const t = buildTimeline(events);
    expect(t.startMs).toBe(events[0]!.at);
    expect(t.endMs).toBe(events.at(-1)!.at);
    expect(t.idle.length).toBeGreaterThanOrEqual(3);
    const paused = events.find((e) => e.kind === "clock.paused")!;
    expect(t.idle.some((s) => s.fromMs === paused.at)).toBe(true);
  });
});

describe("stepSpeed", () => {
  it.each<[TReplaySpeed, 1 | -1, TReplaySpeed]>([
    [1, 1, 2],
    [2, 1, 4],
    [4, 1, 8],
    [8, 1, 8],
    [8, -1, 4],
    [2, -1, 1],
    [1, -1, 1],
  ])("from %ix, %i gives %ix", (speed, dir, expected) => expect(stepSpeed(speed, dir)).toBe(expected));
});

describe("advancePlayhead", () => {
  const t = buildTimeline([0, 5_000, 15_001, 25_001, 60_000].map((at, i) => chatAt(i + 1, at)));
  it.each<[number, number, TReplaySpeed, boolean, number]>([
    [0, 1_000, 1, false, 1_000],
    [0, 1_000, 8, false, 8_000],
    // Entering an idle stretch jumps to IDLE_LEAD_MS before its end.
    [0, 1_000, 8, true, 15_001 - IDLE_LEAD_MS],
    [4_990, 16, 1, true, 15_001 - IDLE_LEAD_MS],
    [30_000, 16, 2, true, 60_000 - IDLE_LEAD_MS],
    // Already within the lead: plays on.
    [14_500, 16, 1, true, 14_516],
    // At the event that opens the stretch, with no time passing: stays.
    [5_000, 0, 1, true, 5_000],
    // Outside any stretch.
    [20_000, 16, 4, true, 20_064],
    // Clamped to the session.
    [59_000, 2_000, 4, true, 60_000],
    [-100, 16, 1, false, 0],
    // Scrubbing back never skips.
    [10_000, -100, 1, true, 9_900],
  ])("from %i by %i ms at %ix (skip idle: %s) → %i", (pos, delta, speed, skip, expected) =>
    expect(advancePlayhead(t, pos, delta, speed, skip)).toBe(expected),
  );

  it.each(REPLAY_SPEEDS)("plays a whole session at %ix, skipping idle, never standing in a gap", (speed) => {
    const timeline = buildTimeline(session());
    const inGap: number[] = [];
    let pos = timeline.startMs;
    let frames = 0;
    while (pos < timeline.endMs) {
      pos = advancePlayhead(timeline, pos, 16, speed, true);
      frames += 1;
      if (timeline.idle.some((s) => s.fromMs < pos && pos < s.toMs - IDLE_LEAD_MS)) inGap.push(pos);
    }
    expect(inGap).toEqual([]);
    const skipped = timeline.idle.reduce((sum, s) => sum + (s.toMs - IDLE_LEAD_MS - s.fromMs), 0);
    const span = timeline.endMs - timeline.startMs;
    expect(frames).toBeLessThanOrEqual(Math.ceil((span - skipped) / (16 * speed)) + timeline.idle.length + 1);
  });
});

describe("wallAtClock", () => {
  // Clock started at 10 s, paused at 70 s (reads 60 s), resumed at 130 s, ended at 190 s (reads 120 s).
  const r = new RoomBuilder().join(I).join(C);
  r.op(I.id, { type: "clock.start" }, 10_000);
  r.op(C.id, { type: "chat.post", text: "hello" }, 20_000);
  r.op(I.id, { type: "clock.pause" }, 70_000);
  r.op(I.id, { type: "clock.resume" }, 130_000);
  r.op(I.id, { type: "interview.end" }, 190_000);

  it.each([
    [0, 10_000],
    [1, 10_001],
    [30_000, 40_000],
    // First reached when the clock was paused; it read the same until the resume.
    [60_000, 70_000],
    [60_001, 130_001],
    [119_999, 189_999],
    [120_000, 190_000],
    [120_001, null],
  ])("clock %i ms → wall %s", (clockMs, wall) => expect(wallAtClock(r.events, clockMs)).toBe(wall));

  it("is null before the clock starts and past the end of a log that stops while it runs", () => {
    expect(wallAtClock(r.events.slice(0, 3), 0)).toBeNull();
    const running = r.events.slice(0, 5); // up to the chat at 20 s: the clock read 10 s
    expect(wallAtClock(running, 10_000)).toBe(20_000);
    expect(wallAtClock(running, 10_001)).toBeNull();
  });

  it("inverts the reducer's clock over a generated session with a pause", () => {
    const events = session();
    const log = logOf(events);
    const total = log.finalState.clock.accumulatedMs;
    expect(wallAtClock(events, 0)).toBe(events.find((e) => e.kind === "clock.started")!.at);
    for (let c = 1; c <= total; c += Math.floor(total / 97)) {
      const w = wallAtClock(events, c)!;
      expect(w).not.toBeNull();
      expect(clockAt(log.stateAtTime(w), w)).toBe(c);
      expect(clockAt(log.stateAtTime(w - 1), w - 1)).toBeLessThan(c);
    }
    expect(wallAtClock(events, total + 1)).toBeNull();
  });
});

describe("keepBusy", () => {
  const t = { startMs: 0, endMs: 200_000, idle: [{ fromMs: 10_000, toMs: 100_000 }] };
  it.each<[string, { fromMs: number; toMs: number }[], { fromMs: number; toMs: number }[]]>([
    ["no speech: the stretch stays", [], [{ fromMs: 10_000, toMs: 100_000 }]],
    [
      "speech in the middle splits it",
      [{ fromMs: 40_000, toMs: 50_000 }],
      [
        { fromMs: 10_000, toMs: 40_000 },
        { fromMs: 50_000, toMs: 100_000 },
      ],
    ],
    ["speech over all of it: nothing is idle", [{ fromMs: 5_000, toMs: 120_000 }], []],
    ["a leftover no longer than the idle gap is not idle", [{ fromMs: 15_000, toMs: 95_000 }], []],
    [
      "overlapping spans, in any order",
      [
        { fromMs: 60_000, toMs: 70_000 },
        { fromMs: 20_000, toMs: 65_000 },
      ],
      [{ fromMs: 70_000, toMs: 100_000 }],
    ],
  ])("%s", (_, busy, idle) => {
    expect(keepBusy(t, busy).idle).toEqual(idle);
  });
});
