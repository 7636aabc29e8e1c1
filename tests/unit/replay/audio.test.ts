import { describe, expect, it } from "vitest";
import { audioAction, trackPosition } from "../../../lib/replay";

describe("replay audio sync", () => {
  it("places a track on the playhead", () => {
    expect(trackPosition(10_000, 9_999)).toBeNull();
    expect(trackPosition(10_000, 10_000)).toBe(0);
    expect(trackPosition(10_000, 13_500)).toBe(3.5);
  });

  it.each<
    [
      string,
      number | null,
      { currentTime: number; duration: number },
      boolean,
      ReturnType<typeof audioAction>,
    ]
  >([
    [
      "before the track: paused at 0",
      null,
      { currentTime: 2, duration: 10 },
      true,
      { play: false, seekTo: 0 },
    ],
    [
      "in sync while playing: leave it",
      3.1,
      { currentTime: 3, duration: 10 },
      true,
      { play: true, seekTo: null },
    ],
    ["drifted while playing: re-seek", 5, { currentTime: 3, duration: 10 }, true, { play: true, seekTo: 5 }],
    ["paused: exact moment", 3.1, { currentTime: 3, duration: 10 }, false, { play: false, seekTo: 3.1 }],
    ["past the end: stop", 12, { currentTime: 9, duration: 10 }, true, { play: false, seekTo: null }],
    [
      "unknown duration (live WebM): seek",
      40,
      { currentTime: 1, duration: Infinity },
      true,
      { play: true, seekTo: 40 },
    ],
  ])("%s", (_name, target, audio, playing, expected) => {
    expect(audioAction(target, audio, playing)).toEqual(expected);
  });
});
