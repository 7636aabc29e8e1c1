// Bounds on what a room accepts. The server enforces them; the browser uses them for instant feedback.

export const ROOM_LIMITS = {
  chatMaxChars: 2_000,
  noteMaxChars: 4_000,
  /** A room is closed to new events past this many (a 45-minute interview produces a few hundred). */
  maxEvents: 50_000,
  /**
   * Each seat's own share of the room: past `seatBulkEvents` events of one person, only the ops that finish an
   * interview (chat, notes, clock and phases, the end, the scorecard, recording consent) are accepted from
   * them, up to `seatMaxEvents`. So one participant flooding the board or the cluster fills their own share,
   * never their partner's, and both can still talk, end and score.
   */
  seatBulkEvents: 24_000,
  seatMaxEvents: 24_900,
  /** Client op ids: long enough to be unique without coordination, short enough to index. */
  opIdMinChars: 8,
  opIdMaxChars: 64,
} as const;

/** Snapshot the folded state every this many events (late joins and replay seek start from the nearest one). */
export const SNAPSHOT_EVERY = 100;

/** Bump when RoomState's shape changes; older snapshots are then ignored and rebuilt from the log. */
export const ROOM_STATE_VERSION = 6;
