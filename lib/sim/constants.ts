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
 * Merkle-tree anti-entropy (designs/merkle.ts) and the size model both anti-entropy modes are measured with. The
 * sizes are estimates of a compact binary encoding, not of any real wire format: what matters is the ratio.
 */
export const MERKLE = {
  /** A binary tree of this depth: 2^6 = 64 leaves over the key space (Cassandra's trees go to depth 15). */
  depth: 6,
  /** Per message: type, sender, lengths. */
  headerBytes: 16,
  /** Per tree node sent: a 4-byte position and an 8-byte hash. */
  nodeBytes: 12,
  /** Per key sent: its characters plus a 4-byte length (and 4 bytes per leaf named in a key request). */
  keyOverheadBytes: 4,
  /** Per version: value, timestamp, counter and coordinator; plus this much per vector-clock entry. */
  versionBytes: 16,
  vectorEntryBytes: 12,
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

export const LEASE = {
  /** How long a grant or renewal lasts, counted by the lock service from when it answers. */
  durationNs: 300 * MS,
  /** Every node asks this often: the holder to renew, the others to acquire (and learn who holds it). */
  tickNs: 100 * MS,
} as const;

export const MULTI_LEADER = {
  syncIntervalNs: 200 * MS,
} as const;

/** Paxos (designs/paxos.ts). */
export const PAXOS = {
  /** A distinguished leader's heartbeat; every node also advertises how much of the log it has learned. */
  heartbeatNs: 50 * MS,
  /** A follower that hears no leader for a random time in this range campaigns with a higher ballot. */
  leaderTimeoutMinNs: 150 * MS,
  leaderTimeoutMaxNs: 300 * MS,
  /**
   * A phase with no answer from a majority by then is retried with a higher ballot, and a leader resends phase 2
   * messages this old. Longer than a cross-continent round trip, so only loss or a partition triggers it.
   */
  retryNs: 200 * MS,
  /** Randomised exponential backoff after a pre-emption: up to base × 2^k, capped. */
  backoffBaseNs: 2 * MS,
  backoffCapNs: 32 * MS,
  /** Ballot = round × stride + node index: totally ordered, and unique to its proposer. */
  ballotStride: 256,
} as const;

export const TWO_PHASE_COMMIT = {
  /** The coordinator leader's heartbeat to the other coordinator replicas and to the participants. */
  heartbeatNs: 50 * MS,
  /** Replicated coordinator: a replica that hears no leader for this long takes over (the failover timeout). */
  failoverTimeoutNs: 300 * MS,
  /** Replicas further down the succession order wait this much longer, so one of them takes over first. */
  failoverStaggerNs: 100 * MS,
  /** The coordinator aborts a transaction whose votes have not all arrived within this long. */
  voteTimeoutNs: 200 * MS,
  /** A prepared participant that has heard no decision asks the coordinator again this often. */
  inquireEveryNs: 100 * MS,
  /** The coordinator resends a decision to participants that have not confirmed it this often. */
  resendEveryNs: 100 * MS,
} as const;

/** Gossip membership with a phi-accrual failure detector (designs/gossip.ts). */
export const GOSSIP = {
  /** A node bumps its heartbeat, judges its peers and gossips this often (Cassandra: 1 s; scaled to the panel). */
  intervalNs: 100 * MS,
  /** Inter-arrival times kept per peer (Cassandra keeps 1,000; a short window adapts within a few seconds). */
  windowSize: 32,
  /** A gap longer than this is not a sample (a restart or a long suspicion would swamp the mean); Cassandra: 2 s. */
  maxSampleNs: 2 * SECOND,
} as const;

/** Cassandra's default number of ring positions per physical node (from the article). */
export const CASSANDRA_VNODES = 256;

/** The cluster panel's operation timeline: how far back it looks, and the shortest span it spreads over its width. */
export const TIMELINE = {
  windowNs: 2 * SECOND,
  minSpanNs: 50 * MS,
} as const;
