// Every timing and threshold of the call, in one place.

export const CALL_TIMING = {
  /** How often the speaking meters sample their analyser (the window below covers the gap: no sound is missed). */
  levelSampleMs: 40,
  /** AnalyserNode window: 2,048 samples ≈ 43 ms at 48 kHz, longer than the sampling period. */
  analyserFftSize: 2048,
  /** A meter's peak falls by this fraction of full scale per second (so a short syllable stays visible). */
  peakDecayPerSecond: 1.5,
  /** Level (0–1) above which someone counts as speaking, and below which they stop… */
  speakingOn: 0.3,
  speakingOff: 0.2,
  /** …once it has stayed below for this long (no flicker between words). */
  speakingHoldMs: 350,
  /** A signal the server did not acknowledge within this long counts as lost. */
  signalAckTimeoutMs: 5_000,
} as const;

/** Quietest level the meters show: −60 dBFS maps to 0, 0 dBFS to 1. */
export const METER_FLOOR_DB = -60;
