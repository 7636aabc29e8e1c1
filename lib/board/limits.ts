// Bounds on what a board accepts, all in one place. The server enforces them through validateBoardOp; the
// browser can use the same numbers for instant feedback.

export const BOARD_LIMITS = {
  /** Elements that are not deleted. A dense 45-minute design diagram has a few hundred. */
  maxLiveElements: 5_000,
  /** UTF-8 bytes of the live elements serialised as JSON: what a late joiner downloads and renders. */
  maxSceneBytes: 2_000_000,
  /** Live elements plus tombstones: tombstones are kept for ever, so they need their own bound. */
  maxStoredElements: 20_000,
  /** UTF-8 bytes of everything stored (live and deleted): bounds the server's memory per room. */
  maxStoredBytes: 8_000_000,
  /** Elements in one op: a paste or a library drop is a few dozen. */
  maxElementsPerOp: 200,
  /** UTF-8 bytes of one op's elements serialised as JSON (one long freehand stroke is ~200 KB). */
  maxOpBytes: 512_000,
  /** Points of one freehand stroke, line or arrow. */
  maxPoints: 10_000,
  /** Characters of one text element (its `text` and `originalText`). */
  maxTextChars: 2_000,
  /** Element ids: Excalidraw's nanoids are 21 characters; library ids are a little longer. */
  maxIdChars: 64,
  /** Group ids per element and bound elements per shape. */
  maxGroupIds: 32,
  maxBoundElements: 500,
  /**
   * How far one op may move an element's `version` past the stored one (or past 0 for a new element). A
   * long drag bumps it a few hundred times; a huge jump would win every future merge for ever.
   */
  maxVersionJump: 1_000_000,
  /** Coordinates and sizes, in scene pixels, either side of zero. */
  maxCoordinate: 10_000_000,
  /** Colours, font names, arrowhead names and other short strings. */
  maxShortString: 64,
  /** A link on an element (http or https only). */
  maxLinkChars: 2_048,
  /** Fields this schema does not know (future Excalidraw fields, `customData`): a small JSON budget. */
  maxExtraJsonBytes: 4_096,
  maxExtraJsonDepth: 6,
} as const;

/** Bump when BoardState's shape changes; snapshots of another version are ignored and rebuilt from the log. */
export const BOARD_STATE_VERSION = 1;

/**
 * Timings for the browser half. Excalidraw's onChange fires on every pointer move; the room allows 40 ops per
 * 5 s per socket (server/constants.ts) and 50,000 events per interview, so changes are batched.
 */
export const BOARD_TIMING = {
  /** Send changed elements at most this often while drawing (4 ops/s leaves room for chat and the clock). */
  sendIntervalMs: 250,
  /** Cursor positions: ephemeral, never logged, throttled to this interval. */
  cursorIntervalMs: 50,
} as const;
