import type { TQuestion } from "../schema";

export const leaderboard: TQuestion = {
  id: "leaderboard",
  title: "Real-time game leaderboard",
  prompt:
    "Design a leaderboard for an online game with 50 million players. Players finish matches and their scores change; anyone can view the global top 100 and their own rank, and scores should feel live.",
  timeboxMinutes: 45,
  interviewer: {
    requirements: [
      "How live is live: may the top 100 lag by a few seconds? Must a player see their new score right after their own match?",
      "Exact rank for every player, or exact for the top and approximate (percentile) further down?",
      "Write rate at peak (matches finishing per second) and read rate of the top-100 page.",
      "Are scores monotonic (best score) or can they go down? Seasonal resets?",
    ],
    highLevelDesign: [
      "Match results go to a durable log; a scoring service applies them idempotently to the score store.",
      "A sorted structure (e.g. Redis sorted sets) holds rankings; the top 100 is cached and refreshed every second or two.",
      "Exact global ranks for the head; for the long tail, per-score-bucket counts give a rank or percentile cheaply.",
      "Regional read replicas for the top-100 page; writes go to one primary per partition.",
    ],
    dataModel: [
      "Scores keyed by player id for updates (hash partitioned) plus a rank structure ordered by score.",
      "Range partitioning by score makes 'who is near me' a range scan but concentrates writes on the popular score ranges; hash partitioning spreads writes but needs a scatter-gather for the top N.",
      "A histogram of score buckets (count per bucket) to compute anyone's approximate rank without scanning.",
    ],
    failureScenarios: [
      {
        probe:
          "The primary of a scoring partition fails and a follower is promoted. Some acknowledged score updates were not yet replicated. What happens?",
        strongAnswer:
          "With async replication those updates are lost from the store. Because results are first written to the durable log, the new primary can replay from the last applied offset; idempotent updates (by match id) make the replay safe.",
        presetId: "async-failover",
      },
      {
        probe:
          "A player finishes a match and their rank page, served by a lagging replica, still shows the old score. Is that acceptable?",
        strongAnswer:
          "Not for their own score: give read-your-writes by reading the player's own row from the primary (or passing the last applied version) while the global top 100 may stay a few seconds stale.",
        presetId: "read-your-writes",
      },
    ],
    tradeOffs: [
      {
        decision: "Exact ranks versus approximate ranks for the long tail",
        discussion:
          "Exact rank for player 31,415,926 needs counting everyone above them; a bucket histogram answers in constant time with small error. Few players care whether they are 31,415,926th or 31,416,000th.",
      },
      {
        decision: "Hash versus range partitioning of the ranking",
        discussion:
          "Range by score keeps neighbours together but creates hot partitions where most players score; hash spreads writes but needs each partition's top N merged for the global board.",
      },
    ],
    followUps: [
      {
        question: "How do you compute the global top 100 if scores are hash-partitioned over 20 shards?",
        modelAnswer:
          "Each shard keeps its own sorted set; take the top 100 from each and merge the 2,000 candidates, which is cheap. Cache the result for a second or two since the page is read far more often than it changes.",
        concepts: ["hash-vs-range"],
        fromArticle: false,
      },
      {
        question:
          "With three replicas per shard, how do you configure reads and writes so a player's new score is never read stale?",
        modelAnswer:
          "Either read the player's own score from the leader, or use quorums with W + R > N: with N=3, W=2 and R=2 every read overlaps the latest write. The top-100 page can read from one replica (R=1) because a second of staleness there is fine.",
        concepts: ["quorum", "consistency-models"],
        fromArticle: false,
      },
      {
        question:
          "Is eventual consistency acceptable for the leaderboard? Justify it in terms a player would notice.",
        modelAnswer:
          "For the global board, yes: seeing a rival's new score one or two seconds late changes nothing for anyone. For the player's own score, no: if they finish a match and the page shows the old score they will think the game lost it, so their own reads need read-your-writes.",
        concepts: ["consistency-models"],
        fromArticle: false,
      },
    ],
    redFlags: [
      "Sorts the whole player table on every request for the top 100.",
      "Applies match results non-idempotently, so a retried message double-counts a score.",
      "Never distinguishes the player's own view from the global view.",
    ],
    concepts: ["hash-vs-range", "quorum", "consistency-models", "replication-strategies", "named-systems"],
  },
};
