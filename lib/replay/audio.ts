import type { TRoomEvent } from "../room";
import { wallAtClock } from "./timeline";

// Recorded call audio on the replay's time axis. A track was recorded in real time from the moment the
// interview clock read its first chunk's clockMs, so its position at playhead `pos` is (pos − start) seconds.

/** How far (s) a playing track may drift from the playhead before it is re-seeked (seeking makes a click). */
export const AUDIO_DRIFT_S = 0.25;

/** The wall time a track starts at, or null if the clock never read its first chunk's clockMs in the log. */
export function trackStartMs(events: readonly TRoomEvent[], clockMs: number): number | null {
  return wallAtClock(events, clockMs);
}

/** Where a track should be at playhead `posMs` (seconds into it), or null before it starts. */
export function trackPosition(startMs: number, posMs: number): number | null {
  return posMs < startMs ? null : (posMs - startMs) / 1_000;
}

/**
 * What an <audio> should do for the playhead: be paused (before its start, past its end, or the player paused)
 * or play, and whether to set currentTime (it drifted, or it must show the exact moment while paused).
 */
export function audioAction(
  target: number | null,
  audio: { currentTime: number; duration: number },
  playing: boolean,
): { play: boolean; seekTo: number | null } {
  if (target === null) return { play: false, seekTo: audio.currentTime === 0 ? null : 0 };
  const ended = Number.isFinite(audio.duration) && audio.duration > 0 && target >= audio.duration;
  const drift = Math.abs(audio.currentTime - target);
  const tolerance = playing ? AUDIO_DRIFT_S : 0.02;
  return { play: playing && !ended, seekTo: drift > tolerance && !ended ? target : null };
}
