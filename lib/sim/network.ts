import { JITTER_PERMILLE as JITTER, LATENCY } from "./constants";
import { nextFloat as prngFloat, nextUint32 as prngUint32, type RngState } from "./prng";

// Local bindings: some module loaders (tsx) turn every call through an import into a getter call on a hot path.
const nextFloat = prngFloat;
const nextUint32 = prngUint32;
const JITTER_PERMILLE = JITTER;

import type { NetworkState, NodeRuntime } from "./types";

/**
 * The simulated network. Link state is per directed pair; a partition is checked when a message is delivered,
 * not when it is sent, so messages already in flight when a partition starts are lost.
 */
export function createNetwork(nodes: readonly NodeRuntime[]): NetworkState {
  const n = nodes.length;
  const net: NetworkState = {
    blocked: new Array(n * n).fill(0),
    delay: [],
    cap: n,
    loss: 0,
    duplicate: 0,
    spikeProbability: 0,
    spikeNs: 0,
    extraNs: 0,
  };
  computeDelays(net, nodes);
  return net;
}

/** Base one-way delays are fixed by placement, so they are computed once per membership change. */
function computeDelays(net: NetworkState, nodes: readonly NodeRuntime[]): void {
  net.delay = new Array(net.cap * net.cap).fill(0);
  for (let i = 0; i < nodes.length; i++) {
    for (let j = 0; j < nodes.length; j++) {
      net.delay[i * net.cap + j] = baseDelayNs(nodes[i] as NodeRuntime, nodes[j] as NodeRuntime);
    }
  }
}

export function growNetwork(net: NetworkState, nodes: readonly NodeRuntime[]): void {
  const nodeCount = nodes.length;
  if (nodeCount <= net.cap) return;
  const next = new Array(nodeCount * nodeCount).fill(0);
  for (let i = 0; i < net.cap; i++) {
    for (let j = 0; j < net.cap; j++) next[i * nodeCount + j] = net.blocked[i * net.cap + j] ?? 0;
  }
  net.blocked = next;
  net.cap = nodeCount;
  computeDelays(net, nodes);
}

export function isLinkUp(net: NetworkState, from: number, to: number): boolean {
  return net.blocked[from * net.cap + to] === 0;
}

/** Nodes in different groups cannot talk in either direction; nodes in no group form one extra group. */
export function partitionNetwork(net: NetworkState, nodes: readonly NodeRuntime[], groups: string[][]): void {
  const groupOf = new Array<number>(nodes.length).fill(groups.length);
  groups.forEach((g, gi) => {
    for (const id of g) {
      const idx = nodes.findIndex((n) => n.id === id);
      if (idx >= 0) groupOf[idx] = gi;
    }
  });
  for (let i = 0; i < nodes.length; i++) {
    for (let j = 0; j < nodes.length; j++) {
      net.blocked[i * net.cap + j] = groupOf[i] === groupOf[j] ? 0 : 1;
    }
  }
}

export function partitionOneWay(net: NetworkState, from: number[], to: number[]): void {
  for (const f of from) for (const t of to) if (f !== t) net.blocked[f * net.cap + t] = 1;
}

export function healNetwork(net: NetworkState): void {
  net.blocked.fill(0);
}

/** One-way base delay: half the article's round trip for the pair's distance. */
export function baseDelayNs(a: NodeRuntime, b: NodeRuntime): number {
  if (a === b) return LATENCY.memoryNs;
  if (a.dc === b.dc) return LATENCY.sameDcRoundTripNs / 2;
  if (a.region === b.region) return LATENCY.crossDcRoundTripNs / 2;
  return LATENCY.crossRegionRoundTripNs / 2;
}

export interface Transit {
  /** Delay of the first copy, or -1 when the message is lost. */
  delayNs: number;
  /** Delay of a duplicate copy, or -1 when there is none. */
  duplicateDelayNs: number;
}

/**
 * Draws exactly five numbers per send whatever the fault settings, so toggling loss or duplication does not
 * shift the rest of the network stream.
 */
export function sampleTransit(net: NetworkState, rng: RngState, base: number, out: Transit): Transit {
  const lossRoll = nextFloat(rng);
  const jitter = nextUint32(rng) % (Math.floor((base * JITTER_PERMILLE) / 1000) + 1);
  const spikeRoll = nextFloat(rng);
  const dupRoll = nextFloat(rng);
  const dupJitter = nextUint32(rng) % (Math.floor((base * JITTER_PERMILLE) / 1000) + 1);
  const spike = (spikeRoll < net.spikeProbability ? net.spikeNs : 0) + net.extraNs;
  out.delayNs = lossRoll < net.loss ? -1 : base + jitter + spike;
  out.duplicateDelayNs = dupRoll < net.duplicate ? base + dupJitter + spike : -1;
  return out;
}
