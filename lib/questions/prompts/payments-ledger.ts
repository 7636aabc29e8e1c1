import type { TQuestion } from "../schema";

export const paymentsLedger: TQuestion = {
  id: "payments-ledger",
  title: "Payments ledger",
  prompt:
    "Design the ledger behind a payments product: accounts hold balances, transfers move money between accounts, and customers in several countries see their balance and history. Money must never be created or destroyed, even when machines fail.",
  timeboxMinutes: 45,
  interviewer: {
    requirements: [
      "Invariants: a transfer debits and credits atomically; balances never go negative (or only within an overdraft limit); every entry is auditable forever.",
      "Exactly-once effect: a client retrying a timed-out transfer must not move the money twice.",
      "Consistency: balance checks must see every committed transfer (strong consistency), even at the cost of latency.",
      "Throughput and latency targets; whether cross-region transfers are common; regulatory data residency.",
    ],
    highLevelDesign: [
      "An append-only ledger of double-entry records; balances are derived (or maintained transactionally alongside the entries).",
      "A strongly consistent, replicated store: a consensus-replicated database (Spanner, CockroachDB) or a single-leader database with a synchronous replica.",
      "Transfers between accounts on different partitions use a distributed transaction (two-phase commit over consensus groups) or a saga with a holding account.",
      "An idempotency-key table checked in the same transaction as the transfer.",
    ],
    dataModel: [
      "Entries keyed by account id and a monotonically increasing sequence per account, so history is one range scan and ordering is unambiguous.",
      "Partition by account id (hash) for balance checks; a hot merchant account may need sub-accounts to spread writes.",
      "Idempotency keys stored with the transaction result so a retry returns the original outcome.",
    ],
    failureScenarios: [
      {
        probe:
          "The leader acknowledges a transfer and crashes before any follower has it. A follower is promoted. Where is the money?",
        strongAnswer:
          "With asynchronous replication the transfer is gone although the customer was told it succeeded. A ledger must not acknowledge until a majority (Raft/Paxos) or a synchronous replica has the entry; that costs latency but rules out this loss.",
        presetId: "async-failover",
      },
      {
        probe:
          "Your ledger runs on a five-node consensus group. Two nodes fail, then a third. What works at each step?",
        strongAnswer:
          "Five nodes is 2f+1 with f=2, so after two failures the remaining three still form a majority and keep committing. After the third failure no majority exists: the group refuses writes rather than risk divergence, which is the correct behaviour for money.",
        presetId: "raft-majority",
      },
      {
        probe:
          "A network partition separates two regions that both hold replicas of the ledger. Can both sides keep accepting transfers?",
        strongAnswer:
          "No: accepting on both sides could spend the same balance twice. The ledger is CP; the minority side rejects writes (and may serve clearly-labelled stale balances), while the majority side continues.",
        presetId: "cp-vs-ap-partition",
      },
    ],
    tradeOffs: [
      {
        decision: "Consistency over availability and latency (PC/EC)",
        discussion:
          "Like Spanner, the ledger pays coordination cost even when healthy: a single-region commit around 7 ms, a cross-region one 100 ms or more. For money that cost is worth it; for the balance display on a marketing page it might not be.",
      },
      {
        decision: "Distributed transaction versus saga",
        discussion:
          "Two-phase commit over consensus groups keeps transfers atomic but blocks if the coordinator stalls; a saga with compensating entries stays available but exposes intermediate states, which the ledger must model explicitly.",
      },
    ],
    followUps: [
      {
        question: "Paxos or Raft for the ledger's replication: which one, and why?",
        modelAnswer:
          "Raft, in practice: it gives the same safety as Paxos but is far easier to implement and operate correctly, which is why etcd, Consul and CockroachDB chose it. Paxos would only be worth it for a specialised variant such as Flexible Paxos, which lets read and write quorums have different sizes.",
        concepts: ["consensus", "named-systems"],
        fromArticle: true,
      },
      {
        question: "How does Spanner order transactions across regions without trusting each server's clock?",
        modelAnswer:
          "TrueTime relies on GPS receivers and atomic clocks so the uncertainty of any clock reading stays within about 7 ms, and a transaction waits out that uncertainty before committing, so timestamps respect real-time order. Without such hardware, CockroachDB uses hybrid logical clocks to get serializable transactions.",
        concepts: ["clocks", "named-systems"],
        fromArticle: false,
      },
      {
        question:
          "A client's transfer request times out. It retries. How do you guarantee the money moves exactly once?",
        modelAnswer:
          "The client sends an idempotency key with the request. The ledger records the key and the result in the same transaction as the transfer, so a retry finds the key and returns the stored result instead of transferring again.",
        concepts: ["consistency-models"],
        fromArticle: false,
      },
      {
        question: "Why is strong consistency worth its cost here but not for a like counter?",
        modelAnswer:
          "Because a stale read causes real harm: a balance check that misses a recent debit lets the same money be spent twice. For a like count, showing a slightly old number harms nobody, so eventual consistency and its lower latency win there.",
        concepts: ["consistency-models", "pacelc"],
        fromArticle: false,
      },
    ],
    redFlags: [
      "Updates a balance column in place with no ledger of entries to audit or rebuild it.",
      "Uses asynchronous replication and acknowledges transfers before they are replicated.",
      "Makes the ledger writable on both sides of a partition.",
      "Has no answer for client retries (no idempotency).",
    ],
    concepts: ["consensus", "cap-partition", "pacelc", "clocks", "consistency-models", "named-systems"],
  },
};
