// Every server-side limit and timing in one place.

const MINUTE = 60_000;

export const RATE_LIMITS = {
  /** Failed sign-ins for one email before that account is locked for the rest of the window. */
  signInFailuresPerEmail: { limit: 5, windowMs: 15 * MINUTE },
  /** Failed sign-ins from one address (credential stuffing across many emails). */
  signInFailuresPerIp: { limit: 20, windowMs: 15 * MINUTE },
  /** All sign-in attempts from one address, failed or not. */
  signInAttemptsPerIp: { limit: 60, windowMs: MINUTE },
  /** New accounts from one address. */
  signUpsPerIp: { limit: 20, windowMs: 60 * MINUTE },
  /** Rooms one person creates (POST /api/rooms, round two): a burst limit and a sustained one. */
  roomsPerUserPerMinute: { limit: 5, windowMs: MINUTE },
  roomsPerUserPerHour: { limit: 30, windowMs: 60 * MINUTE },
  /** Recorded audio chunks one person uploads (2-second chunks make 30 a minute; the rest is room for retries). */
  recordingChunksPerUser: { limit: 90, windowMs: MINUTE },
} as const;

/** How often the retention sweep deletes recordings older than RECORDING_RETENTION_DAYS (it also runs at start). */
export const RECORDING_SWEEP_EVERY_MS = 60 * MINUTE;

/** Counters kept per limiter before expired ones are swept (bounds memory under a flood of distinct keys). */
export const RATE_LIMIT_MAX_KEYS = 50_000;

/** Header the server sets on every request to the address it trusts (and strips if a client sends it). */
export const CLIENT_IP_HEADER = "x-quorum-client-ip";

/** How long graceful shutdown waits for open requests and sockets before closing them anyway. */
export const SHUTDOWN_GRACE_MS = 8_000;

/** The pages process (server/pages): Next.js in a child process of its own. */
export const PAGES_PROCESS = {
  /** Next.js must be ready to serve within this (a development server compiles on demand, so this is ample). */
  startTimeoutMs: 120_000,
  /** At shutdown, time for its requests in flight to finish before it is killed. */
  closeTimeoutMs: 10_000,
  /** A pooled connection to it idle this long is closed (the child keeps its end open twice as long). */
  idleSocketMs: 30_000,
  /** After it dies, the first restart waits this long, and each further one twice as long, up to the maximum. */
  restartDelayMs: 500,
  restartMaxDelayMs: 10_000,
  /** A process that served this long before it died counts as a first failure again. */
  stableAfterMs: 30_000,
} as const;

/** Largest socket.io message accepted (bytes). Later issues send ops well under this. */
export const SOCKET_MAX_MESSAGE_BYTES = 1024 * 1024;

/** argon2id cost, as OWASP recommends for interactive logins (19 MiB, 2 passes). */
export const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Header the server sets to the requested path, so server layouts can send people back after signing in. */
export const PATH_HEADER = "x-quorum-path";

export const ROOM_ACTOR = {
  /** A participant whose connections all dropped shows "reconnecting" this long before "left". */
  reconnectGraceMs: 30_000,
  /** Events kept in memory per room to answer reconnects without reading Postgres. */
  recentEvents: 1_000,
  /** An idle room (no connection) is dropped from memory after this long. */
  evictAfterMs: 10 * 60_000,
} as const;

/**
 * Group commit for the room event log (server/persistence/event-log.ts): under sustained load a flush waits
 * `commitWindowMs` for more ops to share its commit. Measured with the room bench at 500 rooms: see the README.
 */
export const EVENT_LOG_WRITER = { commitWindowMs: 3, busyWithinMs: 20 } as const;

/** Room ops accepted per socket per window (a person clicks and types far slower; a flood is refused). */
export const ROOM_OP_RATE = { limit: 40, windowMs: 5_000 } as const;

/** Pointer updates relayed per socket per window; the rest are dropped (they are samples, not history). */
export const CURSOR_RATE = { limit: 30, windowMs: 1_000 } as const;
