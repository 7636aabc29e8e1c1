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
  /** Wrong current passwords when changing one's password, per account (a stolen cookie must not guess it). */
  passwordChangeFailuresPerUser: { limit: 5, windowMs: 15 * MINUTE },
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

/**
 * Room ops one person may add per window, however many sockets they open: in one room (counted by the room's
 * actor, so exact even when their sockets sit on different processes) and in all the rooms this process holds.
 * Counted once an op passes the room's checks: a refusal adds nothing (and is limited per socket above). A
 * second tab or a reconnect overlap fits; 25 sockets get no more in than one person does.
 */
export const ROOM_USER_OP_RATE = { limit: 50, windowMs: 5_000 } as const;
export const USER_OP_RATE = { limit: 80, windowMs: 5_000 } as const;

/** Pointer updates relayed per socket per window; the rest are dropped (they are samples, not history). */
export const CURSOR_RATE = { limit: 30, windowMs: 1_000 } as const;

/**
 * The simulator check, `GET /api/rooms/:id/sim` (server/sim-check): the server's own run of a room's cluster,
 * on a thread of its own so that no amount of simulation holds up the rooms.
 */
export const SIM_CHECK = {
  /** Wall time one check may simulate; past it the check answers "busy" and the next continues from there. */
  budgetMs: 1_000,
  /** The simulator runs in slices of about this much wall time, checking the budget between them. */
  sliceMs: 10,
  /** Checks waiting behind the one running (all rooms together); more are answered "busy" at once. */
  maxWaiting: 4,
  /** Rooms whose runner the thread keeps warm (least recently checked are dropped first). */
  rooms: 200,
  /** The thread's heap: a thread that outgrows it dies alone and is restarted, empty, on the next check. */
  maxHeapMb: 512,
  /** A thread silent this long while a check waits is stopped (and restarted on the next check). */
  stuckAfterMs: 60_000,
  /** The thread's nice value on Linux (0–19; higher yields more): the rooms come first when cores are short. */
  niceness: 10,
  /** Checks per person per window. */
  ratePerUser: { limit: 30, windowMs: 10_000 },
} as const;
