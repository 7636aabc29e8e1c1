import { CALL_TIMING, METER_FLOOR_DB } from "./constants";

// Speaking meters: a level from raw samples, a peak that falls slowly, and a "speaking" flag with hysteresis.

/** Root mean square of float samples in −1…1. */
export function rmsOf(samples: ArrayLike<number>): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const x = samples[i] ?? 0;
    sum += x * x;
  }
  return Math.sqrt(sum / samples.length);
}

/** A meter level in 0…1 on a decibel scale (what the ear hears as "twice as loud" moves it by the same step). */
export function levelOf(rms: number): number {
  if (!(rms > 0)) return 0;
  const db = 20 * Math.log10(rms);
  return Math.min(1, Math.max(0, (db - METER_FLOOR_DB) / -METER_FLOOR_DB));
}

/** The shown level: jumps up at once, falls at `peakDecayPerSecond`. */
export function heldPeak(previous: number, level: number, elapsedMs: number): number {
  const fallen = previous - (CALL_TIMING.peakDecayPerSecond * elapsedMs) / 1000;
  return Math.max(level, fallen, 0);
}

export interface SpeakingState {
  speaking: boolean;
  /** Time the level last was above `speakingOff` (while speaking). */
  lastLoudAt: number;
}

export const SILENT: SpeakingState = { speaking: false, lastLoudAt: Number.NEGATIVE_INFINITY };

/** Starts above `speakingOn`; stops only after `speakingHoldMs` below `speakingOff` (pauses between words). */
export function nextSpeaking(s: SpeakingState, level: number, now: number): SpeakingState {
  if (level >= CALL_TIMING.speakingOn) return { speaking: true, lastLoudAt: now };
  if (!s.speaking) return s;
  if (level >= CALL_TIMING.speakingOff) return { speaking: true, lastLoudAt: now };
  return now - s.lastLoudAt >= CALL_TIMING.speakingHoldMs ? SILENT : s;
}
