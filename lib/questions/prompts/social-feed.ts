import type { TQuestion } from "../schema";

export const socialFeed: TQuestion = {
  id: "social-feed",
  title: "Social feed with like counts",
  prompt:
    "Design the home feed of a social network with hundreds of millions of users: people post, follow each other and like posts, and every post in the feed shows how many likes it has. Some accounts have tens of millions of followers.",
  timeboxMinutes: 45,
  interviewer: {
    requirements: [
      "Feed freshness: how soon must a new post appear in followers' feeds (seconds are fine)?",
      "Like counts: must they be exact at every moment, or can they lag by a few seconds? Must a user always see their own like?",
      "Read-heavy: feed reads vastly outnumber posts; the celebrity case (millions of followers) must not melt the system.",
      "Ordering: chronological or ranked; replies should not show up before the post they answer.",
    ],
    highLevelDesign: [
      "Post service stores posts; a fan-out service writes post ids into followers' precomputed feed lists (fan-out on write) for ordinary accounts.",
      "Celebrity posts are not fanned out; their posts are merged in when the follower reads the feed (hybrid fan-out).",
      "Like counts kept in sharded counters and aggregated asynchronously; the feed shows the cached aggregate.",
      "Caches in front of feed lists and post bodies; regions serve reads locally with async replication.",
    ],
    dataModel: [
      "Feed list per user, keyed by user id (hash partitioned), holding recent post ids ordered by time.",
      "Posts keyed by post id; likes as (post id, user id) rows for idempotence, with a separate counter per post split into several shards so a viral post does not create one hot key.",
      "Follow graph stored both ways (followers and following) because fan-out and profile pages query different directions.",
    ],
    failureScenarios: [
      {
        probe:
          "A user likes a post, the page reloads from a different replica, and their like has vanished. What went wrong and how do you fix it?",
        strongAnswer:
          "Eventual consistency without read-your-writes. Serve that user from the replica that accepted the write for a short window, or carry the write's version and reject older replicas, or overlay the user's own recent likes on the client.",
        presetId: "read-your-writes",
      },
      {
        probe:
          "Two regions accept likes for the same post while they are partitioned. How do the counts merge after the heal?",
        strongAnswer:
          "Last-write-wins on a counter would lose increments. Use a CRDT counter (per-region or per-shard increments that merge by summing per-origin values) or store individual like rows and recount; both converge without losing likes.",
        presetId: "cp-vs-ap-partition",
      },
      {
        probe:
          "A celebrity with 50 million followers posts. What does fan-out on write cost, and what happens to the like counter?",
        strongAnswer:
          "Fanning out to 50 million lists takes minutes and floods storage; pull those posts at read time instead. The like counter becomes a hot key; split it across shards and sum them, and cache the sum for a few seconds.",
      },
    ],
    tradeOffs: [
      {
        decision: "Eventual consistency for like counts",
        discussion:
          "Displaying 4,012 likes while the true figure is 4,013, for a second or two, harms no one, so counts can be eventual and cheap; the user's own like should still appear immediately. Money or inventory would deserve the opposite choice.",
      },
      {
        decision: "Fan-out on write versus on read",
        discussion:
          "Precomputed feeds make reads fast at the cost of write amplification; pulling at read time is cheap to write but slow to read. The hybrid handles celebrities by pulling and everyone else by pushing.",
      },
    ],
    followUps: [
      {
        question: "Which consistency model fits a social feed, and why not strong consistency?",
        modelAnswer:
          "Causal consistency: a reply must not appear before the post it answers, and a user must see their own actions, but unrelated posts can arrive in any order. Strong consistency would require cross-region coordination on every like, adding about a 150 ms round trip for distant users with no visible benefit.",
        concepts: ["consistency-models", "latency-numbers"],
        fromArticle: false,
      },
      {
        question:
          "A user likes a post and immediately reads the feed from another node. How do you make sure they see their like?",
        modelAnswer:
          "That is read-your-own-writes. Send their reads to the same replica that handled the like for a few seconds, or let the client send the timestamp of its last write so only replicas at least that fresh answer. A store like DynamoDB offers strongly consistent reads for this, at extra latency.",
        concepts: ["consistency-models", "named-systems"],
        fromArticle: true,
      },
      {
        question:
          "How would you partition the follow graph and feeds, and what goes wrong with range partitioning by user id?",
        modelAnswer:
          "Hash-partition by user id so load spreads evenly. Range partitioning on sequential user ids would put all new, active users on the last partition, a hot spot, and it brings no benefit because feeds are read one user at a time, not in ranges.",
        concepts: ["hash-vs-range"],
        fromArticle: false,
      },
    ],
    redFlags: [
      "Insists like counts must be strongly consistent without asking what the product needs.",
      "Single counter row per post, updated by every like, with no answer for a viral post.",
      "Fans out celebrity posts to every follower on write.",
    ],
    concepts: [
      "consistency-models",
      "cap-partition",
      "hash-vs-range",
      "latency-numbers",
      "replication-strategies",
    ],
  },
};
