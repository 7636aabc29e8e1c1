import { CASSANDRA_VNODES, MS, SECOND } from "../constants";
import { PROMOTION_RULES, REPLICATION_MODES } from "../designs/single-leader-modes";
import type { TDesignInput, TNodeSpec, TSimCommandInput } from "../schema";
import { COORDINATOR_CRASH_PRESET } from "./coordinator-crash";
import { MERKLE_REPAIR_PRESET } from "./merkle-repair";
import { PAUSED_LEASE_HOLDER_PRESET } from "./paused-lease-holder";
import { SUSPICION_THRESHOLD_PRESET } from "./suspicion-threshold";
import type { ScenarioPreset, ScenarioVariant } from "./types";

/**
 * Presets that reproduce the seed article's claims. Each is data (config + stamped commands) so the room can
 * replay it, and each has a test asserting the outcome the article predicts.
 */
const node = (id: string, region: string, dc: string): TNodeSpec => ({ id, region, dc });

const SPLIT_CLUSTER = [
  node("n1", "eu", "eu-1"),
  node("n2", "eu", "eu-1"),
  node("n3", "eu", "eu-1"),
  node("n4", "eu", "eu-2"),
  node("n5", "eu", "eu-2"),
];

const everyNode = (nodes: TNodeSpec[], keys: number, meanIntervalNs: number): TSimCommandInput => ({
  type: "startWorkload",
  at: 0,
  workload: {
    clients: nodes.map((n) => ({ id: `c-${n.id}`, node: n.id })),
    keys,
    readRatio: 0.5,
    meanIntervalNs,
  },
});

const finalReads = (at: number, nodeId: string, keys: number): TSimCommandInput[] =>
  Array.from({ length: keys }, (_, i) => ({
    type: "clientRead",
    at: at + i * MS,
    node: nodeId,
    key: `k${i}`,
  }));

function variant(
  label: string,
  design: TDesignInput,
  nodes: TNodeSpec[],
  commands: TSimCommandInput[],
  untilNs: number,
): ScenarioVariant {
  return { label, seed: 1, config: { nodes, design }, commands, untilNs };
}

const partitionRun: TSimCommandInput[] = [
  everyNode(SPLIT_CLUSTER, 3, 4 * MS),
  {
    type: "partition",
    at: 1 * SECOND,
    groups: [
      ["n1", "n2", "n3"],
      ["n4", "n5"],
    ],
  },
  { type: "heal", at: 3 * SECOND },
  { type: "stopWorkload", at: 4 * SECOND },
  ...finalReads(5 * SECOND, "n1", 3),
];

const WORLD = [node("n1", "eu", "eu-1"), node("n2", "us", "us-1"), node("n3", "ap", "ap-1")];
const overlapRun: TSimCommandInput[] = [
  everyNode(WORLD, 3, 3 * MS),
  { type: "stopWorkload", at: 3 * SECOND },
];

const RAFT_FIVE = SPLIT_CLUSTER.map((n, i) => ({ ...n, dc: `eu-${(i % 3) + 1}` }));
const crashes = (ids: string[]): TSimCommandInput[] => [
  everyNode(RAFT_FIVE.slice(0, 2), 3, 4 * MS),
  ...ids.map((id): TSimCommandInput => ({ type: "crash", at: 1 * SECOND, node: id })),
  { type: "stopWorkload", at: 3 * SECOND },
];

const crashAt = (at: number, ids: string[]): TSimCommandInput[] =>
  ids.map((id): TSimCommandInput => ({ type: "crash", at, node: id }));
const restartAt = (at: number, ids: string[]): TSimCommandInput[] =>
  ids.map((id): TSimCommandInput => ({ type: "restart", at, node: id }));
/** When the split comes in raft-minority-leader, and how long it lasts. */
const MINORITY_SPLIT = { from: 3 * SECOND, to: 5 * SECOND };
const minorityLeaderRun: TSimCommandInput[] = [
  // Setting the stage so that n3 leads whatever the seed: n4 and n5 are down while n1–n3 elect a leader and
  // commit its first entry; then n1 and n2 go down and n4, n5 come back with empty logs, so only n3 has the
  // log a leader needs. By 2 s all five are up and following n3.
  ...crashAt(0, ["n4", "n5"]),
  ...crashAt(1 * SECOND, ["n1", "n2"]),
  ...restartAt(1 * SECOND, ["n4", "n5"]),
  ...restartAt(2 * SECOND, ["n1", "n2"]),
  { ...everyNode(RAFT_FIVE, 3, 4 * MS), at: 2.5 * SECOND },
  // The split that matters: the leader and one follower lose the other three.
  {
    type: "partition",
    at: MINORITY_SPLIT.from,
    groups: [
      ["n3", "n4"],
      ["n1", "n2", "n5"],
    ],
  },
  { type: "heal", at: MINORITY_SPLIT.to },
  { type: "stopWorkload", at: 5.5 * SECOND },
];

/** Paxos: clients on all five nodes, so without a leader five proposers compete for every slot. */
const duelRun: TSimCommandInput[] = [
  everyNode(RAFT_FIVE, 3, 4 * MS),
  { type: "stopWorkload", at: 3 * SECOND },
];

const TRIO = [node("n1", "eu", "eu-1"), node("n2", "eu", "eu-2"), node("n3", "eu", "eu-3")];
const skewRun: TSimCommandInput[] = [
  // n1's clock runs half a second fast (a bad NTP sync).
  { type: "setClock", at: 0, node: "n1", offsetNs: 500 * MS, driftPpm: 0 },
  { type: "clientWrite", at: 100 * MS, node: "n1", key: "k0", value: 1, session: "alice" },
  // Bob writes later in real time, after alice's write was acknowledged and replicated.
  { type: "clientWrite", at: 300 * MS, node: "n2", key: "k0", value: 2, session: "bob" },
  { type: "clientRead", at: 600 * MS, node: "n3", key: "k0", session: "carol" },
];

const failoverRun: TSimCommandInput[] = [
  // n2, first in line to take over, has fallen behind: the leader's change stream no longer reaches it.
  { type: "partitionOneWay", at: 0, from: ["n1"], to: ["n2"] },
  // With one synchronous follower, n3's copy is what lets the leader acknowledge this write.
  { type: "clientWrite", at: 10 * MS, node: "n1", key: "k0", value: 1, session: "alice" },
  // The leader dies moments after acknowledging.
  { type: "crash", at: 20 * MS, node: "n1" },
  // Failover is over by now (n2 or n3 leads); the link comes back so a restarted n1 would rejoin cleanly.
  { type: "heal", at: 600 * MS },
  { type: "clientRead", at: 1 * SECOND, node: "n2", key: "k0", session: "bob" },
  { type: "clientRead", at: 1 * SECOND + MS, node: "n3", key: "k0", session: "carol" },
];

const LAGGING = [node("n1", "eu", "eu-1"), node("n2", "us", "us-1"), node("n3", "us", "us-2")];
const rywRun: TSimCommandInput[] = [
  { type: "clientWrite", at: 100 * MS, node: "n1", key: "k0", value: 1, session: "alice" },
  // The load balancer sends alice's next request to a follower on another continent.
  { type: "clientRead", at: 120 * MS, node: "n2", key: "k0", session: "alice" },
  { type: "clientWrite", at: 400 * MS, node: "n1", key: "k0", value: 2, session: "alice" },
  { type: "clientRead", at: 420 * MS, node: "n3", key: "k0", session: "alice" },
];

export const SCENARIOS: ScenarioPreset[] = [
  {
    kind: "simulation",
    id: "cp-vs-ap-partition",
    title: "CP or AP when the datacenters split",
    question:
      "The link between the two datacenters goes down for two seconds. What do clients on the smaller side see?",
    variants: [
      variant("CP: Raft", { kind: "raft", checkQuorum: true }, SPLIT_CLUSTER, partitionRun, 6 * SECOND),
      variant(
        "AP: sloppy quorum N=3 W=2 R=2",
        {
          kind: "quorum",
          n: 3,
          w: 2,
          r: 2,
          sloppy: true,
          hintedHandoff: true,
          readRepair: true,
          antiEntropy: true,
        },
        SPLIT_CLUSTER,
        partitionRun,
        6 * SECOND,
      ),
    ],
    sides: { majority: ["n1", "n2", "n3"], minority: ["n4", "n5"] },
    window: { from: 1.5 * SECOND, to: 3 * SECOND },
  },
  {
    kind: "simulation",
    id: "quorum-overlap",
    title: "Read and write quorums that overlap",
    question:
      "Three replicas on three continents. Which W and R let a read always see the last acknowledged write?",
    variants: [
      variant(
        "N=3 W=2 R=2",
        { kind: "quorum", n: 3, w: 2, r: 2, readRepair: false },
        WORLD,
        overlapRun,
        4 * SECOND,
      ),
      variant(
        "N=3 W=1 R=1",
        { kind: "quorum", n: 3, w: 1, r: 1, readRepair: false },
        WORLD,
        overlapRun,
        4 * SECOND,
      ),
    ],
    sides: { all: ["n1", "n2", "n3"] },
    window: {},
  },
  {
    kind: "simulation",
    id: "raft-majority",
    title: "How many failures can five Raft nodes take?",
    question:
      "A five-node Raft cluster loses machines. At what point does it stop accepting writes, and why?",
    variants: [
      variant(
        "2 of 5 crashed",
        { kind: "raft", checkQuorum: true },
        RAFT_FIVE,
        crashes(["n4", "n5"]),
        4 * SECOND,
      ),
      variant(
        "3 of 5 crashed",
        { kind: "raft", checkQuorum: true },
        RAFT_FIVE,
        crashes(["n3", "n4", "n5"]),
        4 * SECOND,
      ),
    ],
    sides: { survivors: ["n1", "n2"] },
    window: { from: 1.5 * SECOND, to: 3 * SECOND },
  },
  {
    kind: "simulation",
    id: "raft-minority-leader",
    title: "A leader in the minority",
    question:
      "The Raft leader and one follower lose touch with the other three nodes. What do clients of the old leader see, and how soon?",
    variants: [
      variant(
        "check-quorum on: the cut-off leader steps down",
        { kind: "raft", checkQuorum: true },
        RAFT_FIVE,
        minorityLeaderRun,
        6 * SECOND,
      ),
      variant(
        "check-quorum off: the cut-off leader keeps its role",
        { kind: "raft", checkQuorum: false },
        RAFT_FIVE,
        minorityLeaderRun,
        6 * SECOND,
      ),
    ],
    sides: { minority: ["n3", "n4"], majority: ["n1", "n2", "n5"] },
    // From a moment after the split (check-quorum needs an election timeout to notice) until the heal.
    window: { from: MINORITY_SPLIT.from + 500 * MS, to: MINORITY_SPLIT.to },
  },
  {
    kind: "simulation",
    id: "raft-minority-reads",
    title: "Reads on the minority side",
    question:
      "While the datacenters are split, should the two cut-off nodes still answer reads, and what might they return?",
    variants: [
      variant(
        "reads through the leader's log",
        { kind: "raft", checkQuorum: true },
        SPLIT_CLUSTER,
        partitionRun,
        6 * SECOND,
      ),
      variant(
        "local reads (ZooKeeper-style)",
        { kind: "raft", checkQuorum: true, readFrom: "local" },
        SPLIT_CLUSTER,
        partitionRun,
        6 * SECOND,
      ),
    ],
    sides: { majority: ["n1", "n2", "n3"], minority: ["n4", "n5"] },
    window: { from: 1.5 * SECOND, to: 3 * SECOND },
  },
  {
    kind: "simulation",
    id: "paxos-duelling-proposers",
    title: "Duelling Paxos proposers",
    question:
      "Five Paxos proposers each retry at once when a higher ballot pre-empts them: why can the cluster stop making progress with every node up, and what fixes it?",
    variants: [
      variant(
        "no leader, no backoff",
        { kind: "paxos", leader: "none", backoff: false },
        RAFT_FIVE,
        duelRun,
        4 * SECOND,
      ),
      variant(
        "no leader, random backoff",
        { kind: "paxos", leader: "none", backoff: true },
        RAFT_FIVE,
        duelRun,
        4 * SECOND,
      ),
      variant(
        "distinguished leader (Multi-Paxos)",
        { kind: "paxos", leader: "distinguished" },
        RAFT_FIVE,
        duelRun,
        4 * SECOND,
      ),
    ],
    sides: { all: RAFT_FIVE.map((n) => n.id) },
    // After the distinguished leader's first election (at most one leader timeout).
    window: { from: 500 * MS, to: 3 * SECOND },
  },
  {
    kind: "placement",
    id: "ring-rebalance",
    title: "Adding a sixth node: consistent hashing vs hash mod N",
    question:
      "You add one server to five. Roughly what share of keys has to move, and how would you limit it?",
    keys: 20_000,
    nodes: 5,
    vnodes: CASSANDRA_VNODES,
  },
  {
    kind: "simulation",
    id: "clock-skew-lww",
    title: "A fast clock silently wins",
    question:
      "One replica's clock is half a second ahead. Two users update the same key in turn. Whose write survives?",
    variants: [
      variant(
        "last-write-wins (wall clock)",
        { kind: "quorum", n: 3, w: 2, r: 2, conflict: "lww" },
        TRIO,
        skewRun,
        1 * SECOND,
      ),
      variant(
        "hybrid logical clock",
        { kind: "quorum", n: 3, w: 2, r: 2, conflict: "hlc" },
        TRIO,
        skewRun,
        1 * SECOND,
      ),
      variant(
        "vector clocks",
        { kind: "quorum", n: 3, w: 2, r: 2, conflict: "vector" },
        TRIO,
        skewRun,
        1 * SECOND,
      ),
    ],
    sides: { all: ["n1", "n2", "n3"] },
    window: {},
  },
  {
    kind: "simulation",
    id: "async-failover",
    title: "Failover after an acknowledged write",
    question:
      "The leader acknowledges a write and crashes a moment later; the follower first in line had fallen behind. After failover, is the write still there?",
    // The id predates the synchronous variants; stored sessions and the question bank name it.
    variants: [
      variant(
        REPLICATION_MODES.async.name,
        { kind: "single-leader", replication: "async", promote: "freshest" },
        TRIO,
        failoverRun,
        2 * SECOND,
      ),
      variant(
        `${REPLICATION_MODES["semi-sync"].name}, promoting the ${PROMOTION_RULES.first.name.toLowerCase()}`,
        { kind: "single-leader", replication: "semi-sync", promote: "first" },
        TRIO,
        failoverRun,
        2 * SECOND,
      ),
      variant(
        `${REPLICATION_MODES["semi-sync"].name}, promoting the ${PROMOTION_RULES.freshest.name.toLowerCase()}`,
        { kind: "single-leader", replication: "semi-sync", promote: "freshest" },
        TRIO,
        failoverRun,
        2 * SECOND,
      ),
      variant(
        REPLICATION_MODES.sync.name,
        { kind: "single-leader", replication: "sync", promote: "freshest" },
        TRIO,
        failoverRun,
        2 * SECOND,
      ),
    ],
    sides: { all: ["n1", "n2", "n3"] },
    window: {},
  },
  {
    kind: "simulation",
    id: "read-your-writes",
    title: "Reading your own write from a lagging follower",
    question:
      "A user saves a change, refreshes, and the change is gone. What happened, and how do you prevent it?",
    variants: [
      variant(
        "read from any replica",
        { kind: "single-leader", replication: "async", readFrom: "local", promote: "freshest" },
        LAGGING,
        rywRun,
        1 * SECOND,
      ),
      variant(
        "read from the leader",
        { kind: "single-leader", replication: "async", readFrom: "leader", promote: "freshest" },
        LAGGING,
        rywRun,
        1 * SECOND,
      ),
    ],
    sides: { all: ["n1", "n2", "n3"] },
    window: {},
  },
  SUSPICION_THRESHOLD_PRESET,
  COORDINATOR_CRASH_PRESET,
  PAUSED_LEASE_HOLDER_PRESET,
  MERKLE_REPAIR_PRESET,
];

export function scenarioById(id: string): ScenarioPreset | undefined {
  return SCENARIOS.find((s) => s.id === id);
}
