import { z } from "zod";
import { SCORE_MAX, SCORE_MIN } from "./limits";

// The first five dimensions are the article's interview framework, in its order; Communication runs across
// all of them. Order matters: the scorecard form and the summary list dimensions in this order.
export const DIMENSION_IDS = [
  "requirements",
  "high-level-design",
  "data-model",
  "failure-handling",
  "trade-offs",
  "communication",
] as const;
export const ZDimensionId = z.enum(DIMENSION_IDS);
export type TDimensionId = z.infer<typeof ZDimensionId>;

export const ZScore = z.number().int().min(SCORE_MIN).max(SCORE_MAX);
export type TScore = z.infer<typeof ZScore>;

export const SCORE_LABELS: Readonly<Record<TScore, string>> = {
  1: "Not shown",
  2: "Partial",
  3: "Solid",
  4: "Outstanding",
};

const ZBehaviour = z.string().min(30).max(400);

export const ZRubricDimension = z.strictObject({
  id: ZDimensionId,
  label: z.string().min(1),
  /** Framework step number (1–5); Communication has none. */
  step: z.number().int().min(1).max(5).nullable(),
  /** What the interviewer is judging, in one sentence. */
  question: z.string().min(10),
  /** What a candidate who earns each score does: index 0 is score 1, index 3 is score 4. */
  behaviours: z.tuple([ZBehaviour, ZBehaviour, ZBehaviour, ZBehaviour]),
  /** What each target level is expected to show on this dimension. */
  expectations: z.strictObject({ mid: ZBehaviour, senior: ZBehaviour, staff: ZBehaviour }),
});
export type TRubricDimension = z.infer<typeof ZRubricDimension>;

export const DIMENSIONS: readonly TRubricDimension[] = [
  {
    id: "requirements",
    label: "Requirements",
    step: 1,
    question:
      "Did the candidate find out what the system must do, at what scale, and how fresh its data must be?",
    behaviours: [
      "Starts drawing boxes straight away; never asks about scale, read/write mix or how stale data may be.",
      "Asks about functional features and rough scale, but treats consistency as an afterthought or assumes one answer for the whole system.",
      "Pins down scale, read/write ratio, latency targets and, per operation, whether a stale or lost result is acceptable; writes them down.",
      "Separates operations that need strong guarantees from those that can be eventual, states numbers and turns them into a capacity estimate that later drives the design.",
    ],
    expectations: {
      mid: "Asks about the main features, scale and whether reads may be stale, perhaps after a nudge, and keeps the answers in view.",
      senior:
        "Unprompted, splits operations by the guarantee they need and states measurable targets (QPS, p99 latency, durability).",
      staff:
        "Challenges the brief itself: spots which requirement makes the design expensive and proposes a cheaper one the product would accept.",
    },
  },
  {
    id: "high-level-design",
    label: "High-level design",
    step: 2,
    question: "Is there a coherent set of components, and a deliberate choice of replication strategy?",
    behaviours: [
      "No end-to-end picture, or components named without explaining how a request flows through them.",
      "A plausible request path, but replication is 'we keep copies' without saying who accepts writes or how copies stay in sync.",
      "A clear request path and an explicit replication choice (single-leader, multi-leader or leaderless; sync or async) justified by the requirements.",
      "Compares two replication strategies against the requirements, names production systems that use each, and shows where caches, queues and regions sit and why.",
    ],
    expectations: {
      mid: "Produces a working end-to-end design and picks a replication strategy with a reason, even if alternatives are not weighed.",
      senior:
        "Justifies the replication choice with its write-latency and consistency consequences and places components across regions deliberately.",
      staff:
        "Compares alternatives from named systems, reasons about cost and operability, and keeps the design as simple as the requirements allow.",
    },
  },
  {
    id: "data-model",
    label: "Data model",
    step: 3,
    question: "Are the entities, keys and partitioning scheme right for the access patterns?",
    behaviours: [
      "No schema or keys; data 'goes in the database'.",
      "Lists entities and fields but picks a partition key without checking it against the queries or the hot spots.",
      "Chooses hash or range partitioning from the access pattern, names the partition key, and explains how data rebalances when nodes join (consistent hashing).",
      "Anticipates hot keys and skew, explains virtual nodes and how many, and designs secondary access paths (indexes, fan-out tables) with their consistency cost.",
    ],
    expectations: {
      mid: "Names the entities and a sensible partition key; knows consistent hashing exists and roughly why.",
      senior:
        "Picks hash vs range partitioning from the queries, explains consistent hashing with virtual nodes, and handles at least one hot-key case.",
      staff: "Designs for skew and growth up front and explains how resharding happens without downtime.",
    },
  },
  {
    id: "failure-handling",
    label: "Failure handling",
    step: 4,
    question:
      "Does the candidate know what happens to requests when nodes crash, links partition and clocks drift?",
    behaviours: [
      "Assumes machines and networks do not fail, or says 'we add replicas' without saying what a request sees.",
      "Handles a single node crash but cannot say what happens to writes during a partition or a failover.",
      "Walks through node failure, failover and a network partition, stating for each what reads and writes return and how the system recovers afterwards.",
      "Also covers the subtle cases (acknowledged writes lost by async failover, split brain, clock skew with last-write-wins) and names the mechanism that prevents each (quorums, fencing, consensus, hinted handoff).",
    ],
    expectations: {
      mid: "Explains node failure and failover; with a hint, says what the minority side of a partition does.",
      senior:
        "Without prompting, describes partition behaviour for the chosen CAP side, leader election with a majority (2f+1), and recovery.",
      staff:
        "Brings up the subtle failure modes before being asked and ties each to detection, mitigation and an operational alarm.",
    },
  },
  {
    id: "trade-offs",
    label: "Trade-offs",
    step: 5,
    question: "Are the CAP/PACELC and cost trade-offs stated in terms the product would feel?",
    behaviours: [
      "Presents the design as having no downsides, or recites CAP without connecting it to the system.",
      "Names a trade-off (e.g. 'we chose AP') but not its consequence for users or operators.",
      "States the CAP choice during partitions and the latency/consistency choice in normal operation (PACELC), each tied to a user-visible consequence.",
      "Weighs trade-offs per operation, quantifies them with latency numbers, and says which requirement change would flip the decision.",
    ],
    expectations: {
      mid: "States the main consistency/availability choice and one consequence for users.",
      senior: "Uses CAP and PACELC per operation and quantifies the latency cost with real numbers.",
      staff:
        "Frames trade-offs as product decisions, names what would change them, and balances them against cost and team complexity.",
    },
  },
  {
    id: "communication",
    label: "Communication",
    step: null,
    question:
      "Could the interviewer follow the reasoning, and did the candidate use the time and the hints well?",
    behaviours: [
      "Hard to follow: long silences, jumps between topics, or ignores the interviewer's hints and questions.",
      "Understandable but reactive: explains when asked, loses track of time or of earlier decisions.",
      "Thinks aloud in a clear order (roughly the five steps), checks in with the interviewer, and uses the board to make decisions visible.",
      "Structures the whole hour, summarises decisions and open questions, and turns hints into better designs without losing the thread.",
    ],
    expectations: {
      mid: "Explains clearly enough to follow and responds to hints.",
      senior: "Drives a clear structure, manages the time, and states assumptions explicitly.",
      staff:
        "Leads the conversation like a design review: frames options, invites pushback, and closes with a summary of risks.",
    },
  },
];

export function dimensionById(id: TDimensionId): TRubricDimension {
  const dimension = DIMENSIONS.find((d) => d.id === id);
  if (dimension === undefined) throw new Error(`no dimension ${id}`);
  return dimension;
}
