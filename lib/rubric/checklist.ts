import { z } from "zod";

/** Sections of the seed article, so every concept on the checklist can be traced back to its source. */
export const ARTICLE_SECTION_IDS = [
  "key-takeaways",
  "cap-theorem",
  "pacelc",
  "consistency-models",
  "replication",
  "partitioning",
  "consistent-hashing",
  "consensus",
  "clocks",
  "latency-numbers",
  "interview-framework",
] as const;
export const ZArticleSection = z.enum(ARTICLE_SECTION_IDS);
export type TArticleSection = z.infer<typeof ZArticleSection>;

export const CONCEPT_IDS = [
  "cap-partition",
  "pacelc",
  "consistency-models",
  "replication-strategies",
  "quorum",
  "hash-vs-range",
  "consistent-hashing",
  "consensus",
  "clocks",
  "latency-numbers",
  "named-systems",
] as const;
export const ZConceptId = z.enum(CONCEPT_IDS);
export type TConceptId = z.infer<typeof ZConceptId>;

export const ZConcept = z.strictObject({
  id: ZConceptId,
  label: z.string().min(1).max(60),
  /** One line: what the interviewer must hear before ticking the box. Naming the concept is not enough. */
  correctUse: z.string().min(30).max(300),
  section: ZArticleSection,
});
export type TConcept = z.infer<typeof ZConcept>;

export const CHECKLIST: readonly TConcept[] = [
  {
    id: "cap-partition",
    label: "CAP and partition behaviour",
    correctUse:
      "Treats partitions as a given and says what each side returns while split (CP: minority refuses or errors; AP: both sides answer, reconcile later), not just 'we pick CP'.",
    section: "cap-theorem",
  },
  {
    id: "pacelc",
    label: "PACELC",
    correctUse:
      "Notes that even with no partition the design trades latency for consistency, and places the system (e.g. DynamoDB PA/EL, Spanner PC/EC).",
    section: "pacelc",
  },
  {
    id: "consistency-models",
    label: "Consistency models",
    correctUse:
      "Picks a point on the spectrum (linearizable, sequential, causal, eventual, or read-your-writes) per operation and ties it to what the user would notice.",
    section: "consistency-models",
  },
  {
    id: "replication-strategies",
    label: "Single-, multi-leader, leaderless replication",
    correctUse:
      "Chooses who accepts writes and whether the leader waits for one follower (synchronous), every follower or none (asynchronous), and states the cost: write latency, data loss on failover, or conflict resolution.",
    section: "replication",
  },
  {
    id: "quorum",
    label: "Quorum W + R > N",
    correctUse:
      "Sizes N, W and R so read and write sets overlap (e.g. N=3, W=2, R=2) and knows what is lost when W + R ≤ N or when a sloppy quorum is used.",
    section: "replication",
  },
  {
    id: "hash-vs-range",
    label: "Hash vs range partitioning",
    correctUse:
      "Chooses hash partitioning for even spread or range partitioning for range scans from the actual queries, and names the hot-spot risk of the choice.",
    section: "partitioning",
  },
  {
    id: "consistent-hashing",
    label: "Consistent hashing with virtual nodes",
    correctUse:
      "Explains that only neighbouring keys move when a node joins or leaves (unlike key mod N) and that virtual nodes (Cassandra: 256 per node) even out the load.",
    section: "consistent-hashing",
  },
  {
    id: "consensus",
    label: "Consensus (Raft/Paxos, 2f+1)",
    correctUse:
      "Uses consensus where a single agreed value is needed (leader election, config, locks) and sizes it: 2f+1 nodes survive f failures, so 5 nodes survive 2.",
    section: "consensus",
  },
  {
    id: "clocks",
    label: "Clocks (Lamport, vector, HLC)",
    correctUse:
      "Does not order events by wall clock across machines; picks Lamport for order, vector clocks to detect concurrency, or HLC for ordering close to real time.",
    section: "clocks",
  },
  {
    id: "latency-numbers",
    label: "Latency numbers",
    correctUse:
      "Uses orders of magnitude to justify a decision: memory ~100 ns, SSD read ~150 µs, disk seek ~10 ms, same-DC round trip ~0.5 ms, cross-continent ~150 ms.",
    section: "latency-numbers",
  },
  {
    id: "named-systems",
    label: "Named real systems",
    correctUse:
      "Backs a choice with a production system that makes it and says what that system does (e.g. etcd runs Raft, Cassandra is leaderless with vnodes, Spanner uses TrueTime).",
    section: "key-takeaways",
  },
];

export function conceptById(id: TConceptId): TConcept {
  const concept = CHECKLIST.find((c) => c.id === id);
  if (concept === undefined) throw new Error(`no concept ${id}`);
  return concept;
}
