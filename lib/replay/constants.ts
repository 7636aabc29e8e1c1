// Every number the replay layer runs on, in one place.

/**
 * A checkpoint (the folded RoomState) is kept every this many events. Seeking folds at most this many events
 * from the nearest checkpoint. Measured on the 50,000-event benchmark session (bench/replay.bench.ts): see the
 * note in lib/replay/log.ts for the numbers behind the choice.
 */
export const CHECKPOINT_EVERY = 250;

/** A gap between consecutive events longer than this is an idle stretch the player can skip. */
export const IDLE_GAP_MS = 10_000;
/** Skipping an idle stretch lands this long before the event that ends it, so the viewer sees it coming. */
export const IDLE_LEAD_MS = 1_000;

/** Playback speeds on offer (replay time per real time). */
export const REPLAY_SPEEDS = [1, 2, 4, 8] as const;
export type TReplaySpeed = (typeof REPLAY_SPEEDS)[number];

/** One step back or forward on the timeline (the player's buttons and the ← → keys). */
export const REPLAY_STEP_MS = 5_000;

/** Marker labels quote at most this many characters of a chat message, note or evidence text. */
export const MARKER_EXCERPT_CHARS = 60;

/** Stale reads whose wall times fall within this of a group's first become one marker. */
export const ANOMALY_GROUP_MS = 1_000;

/**
 * Bounds on the anomaly scan, which re-runs every cluster epoch of a session in the browser. Whichever is
 * reached first stops the scan (the result then says `complete: false` and how far it got).
 */
export const ANOMALY_SCAN_LIMITS = {
  /**
   * Simulator events across all epochs: the simulator runs ~1 M events/s here, so this is about 1.5 s of
   * work. A 5-node quorum makes ~8 events per client operation plus its timers, so the operations cap below
   * usually comes first; this one bounds a cluster left running for hours (Raft heartbeats, anti-entropy).
   */
  maxSimEvents: 1_500_000,
  /**
   * Client operations across all epochs: the stale-read check is O(reads × writes per key), ~0.3 s at this
   * size when every operation hits one key and ~50 ms over five keys. About 3 virtual minutes at 50 ops/s,
   * 10 s at the workload's top rate.
   */
  maxOperations: 10_000,
  /** Virtual time run between two budget checks (1 s): the most a scan can overshoot a limit by. */
  stepNs: 1_000_000_000,
} as const;
/**
 * Wall time the checker may spend on the scan's histories, when the caller passes a clock (the replay page
 * passes `performance.now`). The scan runs once, after the replay has loaded; 50 ms is about the most a single
 * piece of work can take before a click or key press feels late (input is handled within ~100 ms), and the
 * stale-read check of the 10,000 operations allowed above takes a few ms, so it only bites on pathological
 * histories. Keys it did not reach are reported, not guessed.
 */
export const ANOMALY_CHECK_BUDGET_MS = 50;
export type TAnomalyScanLimits = { [K in keyof typeof ANOMALY_SCAN_LIMITS]: number };
