import type { TSimCommand } from "./schema";
import type { DesignMessage, SimEvent } from "./types";

/** A message on its way: the engine's deliver event (its `time` is when it is due). */
export type DeliverEvent = Extract<SimEvent, { k: "deliver" }>;

/** Why a message never reached its target's design. */
export type DropReason = "loss" | "partition" | "down";

/**
 * What the engine tells an observer (trace.ts) as it runs. The observer lives outside the state: it is a
 * nullable field on the Simulation instance, checked once per send, delivery, timer and command, so a run
 * without one does exactly what it did before and hashes the same. Callbacks must not touch the simulation.
 */
export interface SimObserver {
  /** A copy was scheduled for delivery (`dup`: the network's duplicate of the same send). */
  sent(ev: DeliverEvent, sentAt: number, dup: boolean): void;
  /** Lost in transit at send time (random loss); `nominalAt` is when it would have arrived. */
  lost(from: number, to: number, msg: DesignMessage, sentAt: number, nominalAt: number): void;
  delivered(ev: DeliverEvent): void;
  /** Reached its due time but the link was cut or the target was not up. */
  dropped(ev: DeliverEvent, reason: DropReason): void;
  /** A timer fired on a running node (stale timers of an earlier incarnation are not reported). */
  timer(node: number, name: string, at: number): void;
  /** A command ran (crash, partition, heal, client request…); the state already reflects it. */
  command(cmd: TSimCommand): void;
}
