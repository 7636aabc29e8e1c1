/**
 * Every timing and limit of the simulator in one place. Virtual time is an integer count of nanoseconds, so
 * 100 ns (a memory reference) is representable and 2^53 ns (~104 days) is far beyond any session.
 */
export const NS = 1;
export const US = 1_000;
export const MS = 1_000_000;
export const SECOND = 1_000_000_000;

/** Order-of-magnitude latencies from the seed article. One-way delay is half the round trip. */
export const LATENCY = {
  memoryNs: 100,
  ssdReadNs: 150 * US,
  diskSeekNs: 10 * MS,
  sameDcRoundTripNs: 500 * US,
  /** Not in the article: two datacenters in one metro region; a typical figure, stated as our assumption. */
  crossDcRoundTripNs: 2 * MS,
  crossRegionRoundTripNs: 150 * MS,
} as const;

/** Jitter adds up to this share (per mille) of the base one-way delay. */
export const JITTER_PERMILLE = 100;

export const STORAGE_DELAY_NS = {
  memory: LATENCY.memoryNs,
  ssd: LATENCY.ssdReadNs,
  disk: LATENCY.diskSeekNs,
} as const;

/** Snapshot the whole state every K processed events; keep at most this many (older ones are thinned). */
export const SNAPSHOT_EVERY_EVENTS = 50_000;
export const MAX_SNAPSHOTS = 64;

/** A client gives up on an operation after this long and records it as indeterminate ("info"). */
export const CLIENT_TIMEOUT_NS = 1 * SECOND;
/** How long a crashed node takes to come back after a restart command. */
export const RESTART_DELAY_NS = 50 * MS;

export const RAFT = {
  heartbeatNs: 50 * MS,
  electionMinNs: 150 * MS,
  electionMaxNs: 300 * MS,
  /**
   * Check-quorum: a leader steps down when a majority (itself included) has not answered within this long. The
   * longest election timeout: by then every follower cut off from it has started an election, so a new leader
   * may exist; a shorter window would only give up leadership sooner on a slow or lossy link.
   */
  checkQuorumNs: 300 * MS,
} as const;

export const QUORUM = {
  /** After this long without enough answers, a sloppy coordinator also asks the next nodes on the ring. */
  sloppyRetryNs: 20 * MS,
  handoffIntervalNs: 100 * MS,
  antiEntropyIntervalNs: 250 * MS,
  /** Coordinator state for a request is dropped after this long (late answers still trigger read repair). */
  requestLifetimeNs: 300 * MS,
  defaultVnodes: 16,
} as const;

/**
 * Range partitioning: the initial ranges split k0…k{keySpace-1} evenly over the starting members, so a workload
 * of ZWorkload's default 10 keys spreads over them, while one on a few low keys (or ever-growing ids) piles onto
 * the first ranges: the hot spot range partitioning is known for.
 */
export const RANGE = {
  keySpace: 10,
} as const;

export const SINGLE_LEADER = {
  heartbeatNs: 50 * MS,
  failoverTimeoutNs: 300 * MS,
  /** Followers further down the succession order wait this much longer, so one of them promotes first. */
  failoverStaggerNs: 100 * MS,
  /**
   * How long a follower about to promote itself waits for its peers' positions (promote: "freshest"): longer
   * than a cross-continent round trip, so only a peer that is down or cut off misses it.
   */
  canvassTimeoutNs: 200 * MS,
} as const;

export const MULTI_LEADER = {
  syncIntervalNs: 200 * MS,
} as const;

/** Cassandra's default number of ring positions per physical node (from the article). */
export const CASSANDRA_VNODES = 256;

/** The cluster panel's operation timeline: how far back it looks, and the shortest span it spreads over its width. */
export const TIMELINE = {
  windowNs: 2 * SECOND,
  minSpanNs: 50 * MS,
} as const;
