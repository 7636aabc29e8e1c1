import { type Hlc, hlcNow, hlcReceive, lamportReceive, lamportTick, type VectorClock } from "./clocks";

/**
 * Clocks as a view over any design: when `trackClocks` is on, every node keeps a Lamport clock, a vector clock
 * and a hybrid logical clock, ticked on each send and merged on each delivery, whatever protocol is running.
 * The room can then show why wall-clock order and causal order differ. Off by default: it costs an
 * allocation per message.
 */
export interface ClockStamp {
  lamport: number;
  vector: VectorClock;
  hlc: Hlc;
}

export type NodeClocks = ClockStamp;

export function initialClocks(): NodeClocks {
  return { lamport: 0, vector: {}, hlc: { l: 0, c: 0 } };
}

/** A send is an event: tick all three clocks and stamp the message with the result (frozen: shared). */
export function stampSend(c: NodeClocks, nodeId: string, physical: number): ClockStamp {
  c.lamport = lamportTick(c.lamport);
  c.vector = { ...c.vector, [nodeId]: (c.vector[nodeId] ?? 0) + 1 };
  c.hlc = hlcNow(c.hlc, physical);
  return Object.freeze({ lamport: c.lamport, vector: Object.freeze(c.vector), hlc: Object.freeze(c.hlc) });
}

/** A delivery merges the sender's stamp: Lamport jumps past it, vectors take the pointwise max, HLC merges. */
export function stampReceive(c: NodeClocks, nodeId: string, stamp: ClockStamp, physical: number): void {
  c.lamport = lamportReceive(c.lamport, stamp.lamport);
  const v: Record<string, number> = { ...c.vector };
  for (const k of Object.keys(stamp.vector)) v[k] = Math.max(v[k] ?? 0, stamp.vector[k] ?? 0);
  v[nodeId] = (v[nodeId] ?? 0) + 1;
  c.vector = v;
  c.hlc = hlcReceive(c.hlc, stamp.hlc, physical);
}
