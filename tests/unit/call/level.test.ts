import { describe, expect, it } from "vitest";
import {
  CALL_TIMING,
  heldPeak,
  levelOf,
  nextSpeaking,
  rmsOf,
  SILENT,
  type SpeakingState,
} from "../../../lib/call";

describe("levels", () => {
  it("rms of silence is 0, of a full-scale square wave is 1", () => {
    expect(rmsOf([])).toBe(0);
    expect(rmsOf(new Float32Array(512))).toBe(0);
    expect(rmsOf(Float32Array.from({ length: 512 }, (_, i) => (i % 2 ? 1 : -1)))).toBeCloseTo(1);
  });

  it("a full-scale sine has rms 1/√2", () => {
    const sine = Float32Array.from({ length: 4800 }, (_, i) => Math.sin((2 * Math.PI * 440 * i) / 48_000));
    expect(rmsOf(sine)).toBeCloseTo(Math.SQRT1_2, 2);
  });

  it.each([
    [0, 0],
    [1e-6, 0], // below −60 dBFS
    [0.001, 0], // −60 dBFS
    [0.01, 1 / 3], // −40 dBFS
    [0.1, 2 / 3], // −20 dBFS
    [1, 1],
    [2, 1],
    [Number.NaN, 0],
  ])("levelOf(%f) = %f", (rms, level) => {
    expect(levelOf(rms)).toBeCloseTo(level, 5);
  });

  it("the peak jumps up at once and falls at the decay rate", () => {
    expect(heldPeak(0.2, 0.9, 40)).toBe(0.9);
    expect(heldPeak(0.9, 0, 100)).toBeCloseTo(0.9 - CALL_TIMING.peakDecayPerSecond * 0.1);
    expect(heldPeak(0.1, 0, 10_000)).toBe(0);
  });
});

describe("nextSpeaking", () => {
  const run = (samples: [number, number][]) => {
    let s: SpeakingState = SILENT;
    return samples.map(([t, level]) => {
      s = nextSpeaking(s, level, t);
      return s.speaking;
    });
  };
  const { speakingOn: on, speakingOff: off, speakingHoldMs: hold } = CALL_TIMING;
  const between = (on + off) / 2;

  it.each<[string, [number, number][], boolean[]]>([
    [
      "silence stays silent",
      [
        [0, 0],
        [40, 0.1],
      ],
      [false, false],
    ],
    ["a level between the thresholds does not start speaking", [[0, between]], [false]],
    ["a loud sample starts it", [[0, on]], [true]],
    [
      "between the thresholds keeps it going",
      [
        [0, on],
        [40, between],
        [2 * hold, between],
      ],
      [true, true, true],
    ],
    [
      "a short pause keeps it",
      [
        [0, on],
        [40, 0],
        [hold - 1, 0],
      ],
      [true, true, true],
    ],
    [
      "a pause longer than the hold ends it",
      [
        [0, on],
        [40, 0],
        [hold, 0],
      ],
      [true, true, false],
    ],
    [
      "speaking again resets the hold",
      [
        [0, on],
        [hold - 10, on],
        [hold + 10, 0],
      ],
      [true, true, true],
    ],
  ])("%s", (_what, samples, speaking) => {
    expect(run(samples)).toEqual(speaking);
  });
});
