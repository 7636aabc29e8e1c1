import type { TQuestion } from "../schema";

export const kvStore: TQuestion = {
  id: "kv-store",
  title: "Distributed key-value store",
  prompt:
    "Design a key-value store that spreads data over many machines and keeps serving when some of them fail. Decide how keys are placed, how many copies exist, and what a read returns while replicas disagree.",
  timeboxMinutes: 45,
  interviewer: {
    requirements: [
      "API surface: get(key), put(key, value), delete(key); value size limit (say up to 1 MB) and whether range scans are needed (usually not).",
      "Scale: total data (tens of TB), request rate (hundreds of thousands of ops/s) and the read/write mix, so the candidate can size the cluster.",
      "Per operation, how fresh must a read be? Is a stale read acceptable for a few seconds, and must a user at least see their own writes?",
      "Availability target and whether writes must keep succeeding while a datacenter is cut off (this decides CP vs AP).",
      "Durability: once a put is acknowledged, may it ever be lost?",
    ],
    highLevelDesign: [
      "A ring of storage nodes using consistent hashing; any node can act as coordinator for a request, or a thin client library routes to the owner.",
      "Each key is copied to N nodes (typically 3): the owner plus the next distinct physical nodes clockwise, ideally in different racks or zones.",
      "Leaderless replication in the Dynamo style (Cassandra, Riak) with tunable W and R, or single-leader per partition with Raft groups (as in CockroachDB or TiKV) if strong consistency is required.",
      "A membership and failure detector (gossip, or a small etcd/ZooKeeper cluster for the ring map) so every node agrees who owns what.",
      "Background repair: read repair on mismatched reads and anti-entropy with Merkle trees so replicas converge after failures.",
    ],
    dataModel: [
      "Hash partitioning on the key spreads load evenly; range partitioning is only worth it if ordered scans are a requirement, and then hot ranges must split.",
      "Virtual nodes: each machine owns many ring positions (Cassandra defaults to 256), so load is even and a failed machine's keys scatter across many peers.",
      "Each stored value carries version metadata (a vector clock, or a timestamp for last-write-wins) so replicas can tell newer from concurrent writes.",
      "On-disk layout: an append-only log plus a sorted structure (LSM tree) suits write-heavy workloads; tombstones mark deletes until compaction.",
    ],
    failureScenarios: [
      {
        probe:
          "The network splits your five nodes into a group of three and a group of two. What do clients on each side see for reads and writes?",
        strongAnswer:
          "Depends on the declared choice. CP (majority quorums or Raft): the side with three keeps serving, the side with two returns errors for writes. AP (sloppy quorums): both sides accept writes, reads may be stale, and conflicting versions are reconciled after the heal by LWW, vector clocks or a merge.",
        presetId: "cp-vs-ap-partition",
      },
      {
        probe:
          "With N=3, what do W and R need to be so that a read always sees the latest acknowledged write, and what does each choice cost?",
        strongAnswer:
          "Any W + R > N, e.g. W=2 and R=2, makes every read set overlap every write set. W=1/R=1 is fast but can return stale data; W=3 blocks writes when any replica is down. Overlap alone is not full linearizability without read repair or similar.",
        presetId: "quorum-overlap",
      },
      {
        probe:
          "Two clients update the same key on different replicas at almost the same moment, and one server's clock is half a second fast. Which write survives?",
        strongAnswer:
          "With last-write-wins on wall-clock timestamps, the write from the fast clock wins even if it happened first, silently dropping the other. Vector clocks detect the two as concurrent and keep both siblings for the client or a merge to resolve; HLCs keep order close to real time without trusting raw clocks.",
        presetId: "clock-skew-lww",
      },
      {
        probe:
          "You add a sixth node to a five-node cluster. How much data moves, compared with placing keys by hash(key) mod N?",
        strongAnswer:
          "With consistent hashing only the keys on the ranges the new node takes over move, about one sixth of the data, drawn from many peers thanks to virtual nodes. With mod N almost every key changes owner, which would flood the network and the caches.",
        presetId: "ring-rebalance",
      },
    ],
    tradeOffs: [
      {
        decision: "Leaderless quorums versus a consensus group per partition",
        discussion:
          "Leaderless (Cassandra, DynamoDB) stays writable through node loss and can be tuned per request, but needs conflict handling. Raft per range (CockroachDB, TiKV) gives linearizable keys at the price of a leader round trip and unavailability of a range that loses its majority.",
      },
      {
        decision: "Latency versus consistency when nothing is failing (PACELC)",
        discussion:
          "A PA/EL store like DynamoDB's default answers from the nearest replica; a PC/EC store like Spanner waits for coordination on every write. Ask which product operations justify paying the extra round trip.",
      },
      {
        decision: "Last-write-wins versus keeping siblings",
        discussion:
          "LWW is simple and needs no client logic but loses concurrent updates and trusts clocks; siblings with vector clocks never lose data but push merging onto the application (the original Dynamo shopping cart did this).",
      },
    ],
    followUps: [
      {
        question:
          "Your store is eventually consistent. Someone stores a value and, a moment later, fetches it through another node. What stops them getting the old value back?",
        modelAnswer:
          "That is the read-your-own-writes guarantee. Either pin that client's reads to the replica that took the write for a short window (a few seconds), or have the client remember the version or timestamp of its last write and refuse answers from replicas older than that. DynamoDB offers strongly consistent reads for exactly this, at a higher latency.",
        concepts: ["consistency-models", "named-systems"],
        fromArticle: true,
      },
      {
        question:
          "A node dies. How are its keys redistributed, and what happens to reads and writes meanwhile?",
        modelAnswer:
          "Because each machine holds many virtual nodes (256 in Cassandra), its ranges are spread over many survivors, so no single neighbour takes the whole load. The next replicas clockwise already hold copies, so reads keep working. Writes meant for the dead node go to a neighbour as hints (hinted handoff) and are replayed when it comes back.",
        concepts: ["consistent-hashing", "replication-strategies", "named-systems"],
        fromArticle: true,
      },
      {
        question:
          "How do replicas that missed writes while they were down catch up if nobody reads those keys?",
        modelAnswer:
          "Read repair only fixes keys that get read. Anti-entropy compares replicas in the background using Merkle trees: nodes exchange hashes of key ranges and only descend into ranges whose hashes differ, so the amount of data compared is small when replicas mostly agree.",
        concepts: ["replication-strategies", "named-systems"],
        fromArticle: false,
      },
      {
        question: "What would you change to offer a compare-and-set operation?",
        modelAnswer:
          "Compare-and-set needs a single agreed order of writes per key, which quorums with LWW cannot give. Route those keys through a consensus group (Raft or Paxos per partition, as Cassandra's lightweight transactions do with Paxos), accepting extra round trips and unavailability if the group loses its majority.",
        concepts: ["consensus", "consistency-models", "named-systems"],
        fromArticle: false,
      },
    ],
    redFlags: [
      "Places keys with hash(key) mod N and does not see that adding one node moves almost everything.",
      "Claims the store is both always writable during a partition and always returns the latest value.",
      "Resolves conflicts by wall-clock timestamp without acknowledging clock skew or the lost update.",
      "Never states N, W and R, or picks values where W + R ≤ N while promising fresh reads.",
    ],
    concepts: [
      "cap-partition",
      "pacelc",
      "quorum",
      "consistent-hashing",
      "hash-vs-range",
      "clocks",
      "replication-strategies",
      "named-systems",
    ],
  },
};
