// Bounds on what a room accepts. The server enforces them; the browser uses them for instant feedback.

export const ROOM_LIMITS = {
  chatMaxChars: 2_000,
  noteMaxChars: 4_000,
  /** A room is closed to new events past this many (a 45-minute interview produces a few hundred). */
  maxEvents: 50_000,
  /** Client op ids: long enough to be unique without coordination, short enough to index. */
  opIdMinChars: 8,
  opIdMaxChars: 64,
} as const;

/** Snapshot the folded state every this many events (late joins and replay seek start from the nearest one). */
export const SNAPSHOT_EVERY = 100;

/** Bump when RoomState's shape changes; older snapshots are then ignored and rebuilt from the log. */
export const ROOM_STATE_VERSION = 5;
