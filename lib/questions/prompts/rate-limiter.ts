import type { TQuestion } from "../schema";

export const rateLimiter: TQuestion = {
  id: "rate-limiter",
  title: "Distributed rate limiter",
  prompt:
    "Design a rate limiter used by an API that runs in several regions. Each customer has a quota per minute; decide how precise the limit must be and what happens when regions can't talk to each other.",
  timeboxMinutes: 45,
  interviewer: {
    requirements: [
      "How precise must the limit be? Is letting a customer exceed the quota by a few percent for a minute acceptable, or is the quota billed and contractual?",
      "Fail open or fail closed: if the limiter cannot decide, do requests pass or get rejected?",
      "Latency budget: the limiter is on every request path, so it may add at most a millisecond or two.",
      "Quota granularity (per customer, per endpoint), window semantics (fixed, sliding) and burst allowance.",
    ],
    highLevelDesign: [
      "Algorithm: token bucket or sliding-window counter per customer; both need only a few numbers per key.",
      "Counters in a regional in-memory store (e.g. Redis) sharded by customer id, checked by the API gateway on each request.",
      "Global quota split across regions: each region gets a share and periodically rebalances shares based on observed traffic, instead of a global counter on the hot path.",
      "Local per-gateway pre-aggregation (count locally, sync every few hundred milliseconds) to keep the hot path in memory.",
    ],
    dataModel: [
      "Key: customer id (and endpoint), hash-partitioned so one big customer does not share a shard with every other big customer by accident.",
      "Value: tokens remaining and last refill time, or counts for the current and previous window; with a TTL so idle customers vanish.",
      "Per-region allocation of each customer's global quota, updated by a background reconciler.",
    ],
    failureScenarios: [
      {
        probe: "The link between two regions partitions for five minutes. What does each region enforce?",
        strongAnswer:
          "AP choice: each region keeps enforcing its local share, so the customer can get at most the sum of shares, maybe a bit over quota if shares had been rebalanced; CP choice: a region that cannot reach the global counter rejects or throttles hard. Most APIs choose AP and accept bounded overage.",
        presetId: "cp-vs-ap-partition",
      },
      {
        probe: "The counter shard for a large customer crashes. What happens to that customer's requests?",
        strongAnswer:
          "Decide fail-open (allow, maybe with a conservative local limit) versus fail-closed. A replica can take over but async replication loses recent counts, which slightly under-counts; that is usually acceptable for rate limiting but would not be for billing.",
        presetId: "async-failover",
      },
    ],
    tradeOffs: [
      {
        decision: "Exact global count versus local shares",
        discussion:
          "A single global counter is exact but puts a cross-region round trip (about 150 ms) on every request and fails during partitions. Local shares answer in well under a millisecond and stay available, at the cost of brief overage.",
      },
      {
        decision: "Fail open versus fail closed",
        discussion:
          "Failing open protects customers from limiter outages but lets abuse through; failing closed protects the backend but turns a limiter failure into an API outage. The answer can differ per endpoint.",
      },
    ],
    followUps: [
      {
        question:
          "The link between two of your data centres goes down. What does the limiter do on each side?",
        modelAnswer:
          "It depends on the choice we made. If the limit must be exact (CP), the side that cannot reach the authoritative counter rejects requests or applies a strict fallback limit, while the other side carries on. If we prefer availability (AP), both sides keep admitting traffic against their local share and we reconcile counts when the link heals, accepting some overage.",
        concepts: ["cap-partition"],
        fromArticle: true,
      },
      {
        question: "Why not check a single global counter in one region on every request?",
        modelAnswer:
          "Latency and availability. A same-datacenter call costs about 0.5 ms, a cross-continent one about 150 ms, so a central counter would add up to 150 ms to every request for distant users and would stop all traffic if its region became unreachable. That is the PACELC trade-off: even without a partition, exactness costs latency.",
        concepts: ["latency-numbers", "pacelc"],
        fromArticle: false,
      },
      {
        question:
          "How do you combine counts from several regions without double counting or losing increments?",
        modelAnswer:
          "Keep one counter per region per window and sum them (a grow-only counter CRDT): each region only increments its own slot, so merges are conflict-free and order-independent. Last-write-wins on a single shared number would drop increments.",
        concepts: ["replication-strategies", "consistency-models"],
        fromArticle: false,
      },
    ],
    redFlags: [
      "Puts a synchronous cross-region call on every API request without noticing the latency.",
      "Never asks how precise the limit must be or what happens when the limiter itself is down.",
      "Merges regional counters with last-write-wins.",
    ],
    concepts: ["cap-partition", "pacelc", "latency-numbers", "replication-strategies", "named-systems"],
  },
};
