import type { TQuestion } from "../schema";

export const distributedCache: TQuestion = {
  id: "distributed-cache",
  title: "Distributed cache",
  prompt:
    "Design an in-memory cache that sits in front of a slow database and is shared by hundreds of application servers. It must grow by adding machines, survive a cache node dying, and keep the database from being overwhelmed.",
  timeboxMinutes: 45,
  interviewer: {
    requirements: [
      "Working set size and hit-rate target: how much of the data is hot, and how many database reads per second can the database actually take on a miss?",
      "How stale may a cached value be? Is it acceptable to serve data a few seconds old after the database changes, and for which keys is it not?",
      "Read/write ratio and item sizes; whether the cache is a pure look-aside cache or also absorbs writes.",
      "Single region or several; whether each region keeps its own cache.",
    ],
    highLevelDesign: [
      "Look-aside pattern: the application reads the cache, on a miss reads the database and fills the cache with a TTL; writes go to the database and invalidate (delete) the cached key.",
      "Cache nodes placed on a consistent-hash ring, computed by a client library or a routing proxy, so adding a node only remaps a slice of the keys.",
      "Eviction per node (LRU or LFU) with a memory limit; TTLs bound how long stale data can live.",
      "Optional replica per shard for very hot data, accepting that replicas make invalidation harder.",
    ],
    dataModel: [
      "Key is the database lookup key plus a version or schema prefix, so a schema change can invalidate a whole family of keys at once.",
      "Hash partitioning with virtual nodes: many positions per cache server keep memory use even and spread a failed server's keys across many survivors.",
      "Values stored with TTL and optionally a version number from the database row, so a late fill cannot overwrite a newer value.",
    ],
    failureScenarios: [
      {
        probe:
          "A cache node is replaced and a new one joins the ring. How many keys miss, and what does the database see?",
        strongAnswer:
          "With consistent hashing only the keys in the ranges the node owned or takes over remap, roughly 1/N of them; with mod N hashing nearly every key would miss at once and the database would be hit by the full read rate. Warm the new node gradually or limit the rate of misses.",
        presetId: "ring-rebalance",
      },
      {
        probe: "A very popular key expires and thousands of requests miss at the same instant. What happens?",
        strongAnswer:
          "A stampede: every request goes to the database for the same row. Fixes are request coalescing (one fetch per key per node, others wait), a short lock or lease on refill, serving the stale value while one request refreshes, and jittered TTLs so keys do not expire together.",
      },
      {
        probe:
          "The database update succeeds but the invalidation message to the cache is lost. How long is the stale value served, and can you bound it?",
        strongAnswer:
          "Until the TTL expires, so the TTL is the staleness bound. Stronger options: delete after commit with retries from a change-data-capture stream, or versioned values so a stale fill is rejected. A race between a slow reader's fill and a writer's delete is the classic way stale data gets stuck.",
      },
    ],
    tradeOffs: [
      {
        decision: "Invalidate on write versus update the cache on write",
        discussion:
          "Deleting the key is simpler and safer against races; writing the new value keeps hit rate high but two concurrent writers can leave the older value cached. Most systems delete and let the next read refill.",
      },
      {
        decision: "Replicating cache shards versus accepting misses on failure",
        discussion:
          "Replicas keep hit rate up during a node loss but cost memory and make invalidation touch every copy. If the database can survive the miss rate of one lost node, no replication is often the right answer.",
      },
    ],
    followUps: [
      {
        question: "Why not just use hash(key) mod N to pick the cache node?",
        modelAnswer:
          "Because N changes. When a node joins or leaves, mod N sends almost every key to a different node, so the hit rate collapses and the full read load lands on the database. Consistent hashing maps keys and nodes onto a ring, so only keys next to the changed node move; giving each server between 100 and 256 virtual positions keeps the load even.",
        concepts: ["consistent-hashing", "hash-vs-range"],
        fromArticle: false,
      },
      {
        question: "Is a cache read as fast as you think? Put numbers on a hit and a miss.",
        modelAnswer:
          "A hit costs a same-datacenter round trip, about 0.5 ms, plus a memory read of around 100 ns, so the network dominates. A miss adds the database: an SSD read near 150 µs if the row is not in the database's own memory, or about 10 ms on a spinning disk, plus query overhead. A cross-continent round trip is about 150 ms, which is why each region needs its own cache.",
        concepts: ["latency-numbers"],
        fromArticle: false,
      },
      {
        question:
          "A user updates their profile and refreshes; the cache still shows the old name. How do you fix that without turning caching off?",
        modelAnswer:
          "This is read-your-own-writes. Invalidate the key synchronously as part of the write path, and for a short window after a user's own write, read that user's own data from the database or primary. Other users can keep seeing the cached value until the TTL.",
        concepts: ["consistency-models"],
        fromArticle: false,
      },
    ],
    redFlags: [
      "Treats the cache as the source of truth, or forgets what happens to the database when the cache is cold.",
      "No TTL and no invalidation strategy: 'the cache will just be updated'.",
      "Uses mod N placement and does not foresee the mass miss when the cluster resizes.",
    ],
    concepts: [
      "consistent-hashing",
      "hash-vs-range",
      "latency-numbers",
      "consistency-models",
      "named-systems",
    ],
  },
};
