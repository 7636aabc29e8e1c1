import type { TQuestion } from "../schema";

export const urlShortener: TQuestion = {
  id: "url-shortener",
  title: "Global URL shortener",
  prompt:
    "Design a service that turns long links into short codes and redirects billions of clicks a day from users on every continent. Redirects must be fast everywhere; creating a code may be a little slower.",
  timeboxMinutes: 45,
  interviewer: {
    requirements: [
      "Read/write ratio: redirects outnumber creations by 100:1 or more, so the read path dominates the design.",
      "Latency: redirect p99 in tens of milliseconds worldwide; creation may take a cross-region round trip.",
      "Custom aliases? Expiry? Click analytics, and whether analytics may lag behind real time.",
      "A created code must never point at two different URLs; how soon after creation must it redirect everywhere?",
    ],
    highLevelDesign: [
      "Read path: anycast or geo-DNS to the nearest region, an edge/CDN cache, then a regional cache, then a regional read replica of the mapping store.",
      "Write path: allocate a unique code, write the mapping to the primary store, replicate asynchronously to every region.",
      "Unique codes without coordination on every request: each allocator leases a block of IDs from a small consensus-backed counter (etcd or ZooKeeper) and encodes them in base62, or uses random codes with a conditional insert.",
      "Click events go to a log (Kafka-like) and are aggregated asynchronously; analytics are eventually consistent by design.",
    ],
    dataModel: [
      "Mapping table keyed by the short code, hash-partitioned; lookups are single-key so no range partitioning is needed.",
      "Codes are immutable once created, which makes caching them indefinitely safe and makes replication conflicts impossible for a given code.",
      "Analytics stored separately, partitioned by code and time bucket, so hot links do not slow the mapping store.",
    ],
    failureScenarios: [
      {
        probe:
          "A user creates a link and immediately clicks it from another continent, before replication arrives. What happens?",
        strongAnswer:
          "The remote region misses. Options: on a miss, fall back to the home region (slower but correct), return the creator a link that embeds the home region, or let the creating client read from the primary for a short window. Never cache the negative result for long.",
        presetId: "read-your-writes",
      },
      {
        probe:
          "The primary region fails right after acknowledging a new code, before it replicated. What is lost, and could the code be reissued?",
        strongAnswer:
          "With async replication the mapping can be lost and the promoted region may not know the ID block was used. Leasing ID blocks through a consensus store and never reusing a block after failover prevents reissuing a code to a different URL; synchronous replication to one other region (semi-synchronous: one follower waited for, the rest async) avoids losing the mapping, provided failover promotes the replica that has it.",
        presetId: "async-failover",
      },
      {
        probe: "The network between two regions partitions. Which operations keep working on each side?",
        strongAnswer:
          "Redirects keep working everywhere from local replicas and caches, since codes never change. Creation can continue only where an ID lease is held; a region cut off from the allocator's majority stops creating new codes (or uses its remaining leased block) rather than risk duplicates.",
        presetId: "cp-vs-ap-partition",
      },
    ],
    tradeOffs: [
      {
        decision: "Sequential IDs from leased blocks versus random codes",
        discussion:
          "Leased blocks never collide and stay short, but codes are guessable and need a coordination service. Random codes need no coordination on the hot path but require a uniqueness check and grow longer to keep collisions rare.",
      },
      {
        decision: "Strong versus eventual consistency for the mapping",
        discussion:
          "Because a mapping is written once and never changed, eventual replication is safe for redirects; only uniqueness of new codes needs agreement. This is an example of choosing consistency per operation.",
      },
    ],
    followUps: [
      {
        question: "Two of your data centres lose contact with each other. What keeps working, and where?",
        modelAnswer:
          "It depends on what we chose per operation. For code creation we chose CP: the side without a majority of the allocator stops issuing codes or returns errors, while the majority side carries on and picks a new leader when it has to. For redirects we chose AP: both sides keep serving from local copies, and anything written during the split is reconciled when the link heals.",
        concepts: ["cap-partition", "consensus"],
        fromArticle: true,
      },
      {
        question: "Why does the redirect path need regional copies at all? Put numbers on it.",
        modelAnswer:
          "A cross-continent round trip is around 150 ms while a same-datacenter round trip is about 0.5 ms and a memory read about 100 ns. Sending every click to one home region would add roughly 150 ms to each redirect for most users, so the mapping must be replicated to, and cached in, every region.",
        concepts: ["latency-numbers", "replication-strategies"],
        fromArticle: false,
      },
      {
        question: "How many nodes would you run for the ID allocator, and how many failures does it survive?",
        modelAnswer:
          "A Raft group such as etcd with 2f+1 members survives f failures: three members survive one, five survive two. Because allocators lease large blocks, the group is touched rarely, so spreading five members over three regions costs little on the hot path.",
        concepts: ["consensus", "named-systems"],
        fromArticle: false,
      },
    ],
    redFlags: [
      "A single global database that every redirect must reach.",
      "Generates codes by hashing the URL and truncating without handling collisions.",
      "Ignores that the freshly created link may not yet exist in the region where it is first clicked.",
    ],
    concepts: ["cap-partition", "latency-numbers", "replication-strategies", "consensus", "named-systems"],
  },
};
