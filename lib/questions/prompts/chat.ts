import type { TQuestion } from "../schema";

export const chat: TQuestion = {
  id: "chat",
  title: "Chat and messaging",
  prompt:
    "Design one-to-one and group chat for millions of people. Messages must not be lost, must appear in order within a conversation, and users switch between phone and laptop.",
  timeboxMinutes: 45,
  interviewer: {
    requirements: [
      "Delivery guarantee: once the sender sees 'sent', the message must survive any single failure (durable before acknowledging).",
      "Ordering: a single agreed order per conversation, the same on every device; no global order across conversations is needed.",
      "Group size limits, online presence, read receipts, and history sync when a device reconnects after days offline.",
      "Latency target for delivery to online recipients (well under a second) and the scale of concurrent connections.",
    ],
    highLevelDesign: [
      "Clients hold a persistent connection (WebSocket) to a gateway tier; a session registry maps each user's devices to gateways.",
      "A message service assigns each message a per-conversation sequence number, stores it durably, then fans it out to recipients' gateways or push notifications.",
      "Each conversation has one owner at a time (a partition leader) so sequence numbers are assigned in one place; ownership is managed by consensus or a leased partition map.",
      "Devices sync by asking for 'everything after sequence number s' in each conversation, which makes reconnection and multi-device simple.",
    ],
    dataModel: [
      "Messages partitioned by conversation id (hash), clustered by sequence number within the conversation so history reads are one range scan.",
      "Per-user inbox or conversation list with the last read sequence number per conversation, used for unread counts and receipts.",
      "Client-generated message ids make sending idempotent: a retry after a timeout does not create a duplicate.",
    ],
    failureScenarios: [
      {
        probe:
          "The node that owns a conversation crashes right after acknowledging a message. Is the message lost, and can two messages get the same sequence number?",
        strongAnswer:
          "If the message was only on the leader (async replication) it is lost and the new owner may reuse its sequence number. Acknowledge only after a majority of replicas have it (Raft log) or a synchronous follower does, and make the new leader continue from the highest committed number.",
        presetId: "async-failover",
      },
      {
        probe:
          "Two members send to a group at the same moment from different regions, and one server's clock is ahead. How do you order them?",
        strongAnswer:
          "Not by wall-clock timestamps from different machines: a fast clock would put a later message first. Order by the sequence number assigned by the conversation's single owner; use Lamport or hybrid logical clocks if ordering must be derived across nodes.",
        presetId: "clock-skew-lww",
      },
      {
        probe:
          "A user sends a message on the phone, opens the laptop and the message is not there yet. Why, and what fixes it?",
        strongAnswer:
          "The laptop read from a replica that lags. The device sync should ask the conversation owner, or pass the last known sequence number so a replica that is behind waits or redirects: read-your-writes across devices of the same user.",
        presetId: "read-your-writes",
      },
    ],
    tradeOffs: [
      {
        decision: "One sequencer per conversation versus no sequencer",
        discussion:
          "A single owner gives a clean total order per conversation and simple sync, at the cost of a failover pause when it dies. Without one, messages need causal ordering with vector clocks and the UI must cope with concurrent messages.",
      },
      {
        decision: "Fan-out on write versus on read for large groups",
        discussion:
          "Pushing each message into every member's inbox makes reading cheap but is expensive for groups with thousands of members; large groups are better read from the conversation log directly.",
      },
    ],
    followUps: [
      {
        question:
          "How does the system elect a new owner for a conversation partition, and how many failures can it take?",
        modelAnswer:
          "Keep partition ownership in a Raft-based store such as etcd: leaders hold leases, and when one expires a new owner is chosen by the majority. A group of 2f+1 replicas tolerates f failures, so five tolerate two. Fencing tokens stop an old owner that wakes up from assigning numbers.",
        concepts: ["consensus", "named-systems"],
        fromArticle: false,
      },
      {
        question: "Which consistency model does chat need?",
        modelAnswer:
          "Within a conversation, a single order that every device agrees on (sequential consistency per conversation) plus read-your-writes for the sender. Across conversations eventual consistency is fine; presence and typing indicators can be best-effort. Causal consistency is the minimum if there is no sequencer: a reply must never appear before the message it answers.",
        concepts: ["consistency-models"],
        fromArticle: false,
      },
      {
        question: "What happens when the two datacentres hosting your chat service lose contact?",
        modelAnswer:
          "For conversations whose owner is on the majority side nothing changes. Those owned on the minority side must pause sending (CP) until ownership moves, or accept messages locally and merge orders afterwards (AP), which can reorder what users already saw. Most chat systems pause rather than reorder.",
        concepts: ["cap-partition"],
        fromArticle: true,
      },
    ],
    redFlags: [
      "Orders messages by each client's or server's wall clock.",
      "Acknowledges a message before it is durable on more than one machine.",
      "No story for a device that reconnects after being offline; relies only on push notifications.",
    ],
    concepts: ["consensus", "clocks", "consistency-models", "replication-strategies", "cap-partition"],
  },
};
