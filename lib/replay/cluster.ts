import { NS_PER_MS, type RoomSim, simTimeAt } from "../room";
import type { ReplayLog } from "./log";

// The shared cluster over a session, one *epoch* per `sim.reset`. Within an epoch, virtual time is a
// piecewise-linear, non-decreasing function of wall time: each `sim.reset` and `sim.clock` starts a piece
// (playing at some speed, or paused). The RoomSim as it stood after each of those events (read from the log,
// so the reducer stays the one authority on the clock) gives the piece; simTimeAt reads it.

export interface ClusterEpoch {
  epoch: number;
  /** Index in log.events of the `sim.reset` that began it. */
  resetIndex: number;
  fromMs: number;
  /** Where the epoch stops counting: the next reset, the interview's end, or the log's last event. */
  toMs: number;
  /** The cluster as of its last event in the epoch: every command it received, its last clock. */
  sim: RoomSim;
  /** The cluster right after each event that set its clock (the reset first), in order. */
  clocks: RoomSim[];
}

/** Every cluster epoch of the session, in order. Costs one seek per reset and per clock change. */
export function clusterEpochs(log: ReplayLog): ClusterEpoch[] {
  const events = log.events;
  if (events.length === 0) return [];
  const ended = events.find((e) => e.kind === "interview.ended");
  const endMs = ended?.at ?? events.at(-1)!.at;
  const out: ClusterEpoch[] = [];
  let open: { resetIndex: number; fromMs: number; clocks: RoomSim[] } | null = null;
  const close = (lastIndex: number, toMs: number) => {
    if (!open) return;
    const sim = log.stateAtIndex(lastIndex).sim!;
    out.push({ epoch: sim.epoch, ...open, toMs: Math.max(open.fromMs, Math.min(toMs, endMs)), sim });
    open = null;
  };
  events.forEach((e, i) => {
    if (e.kind === "sim.reset") {
      close(i - 1, e.at);
      open = { resetIndex: i, fromMs: e.at, clocks: [log.stateAtIndex(i).sim!] };
    } else if (e.kind === "sim.clock" && open) {
      open.clocks.push(log.stateAtIndex(i).sim!);
    }
  });
  close(events.length - 1, endMs);
  return out;
}

/** The piece of the epoch's clock in force at `wallMs` (the first piece before the epoch began). */
function pieceAt(epoch: ClusterEpoch, wallMs: number): RoomSim {
  let piece = epoch.clocks[0]!;
  for (const c of epoch.clocks) {
    if (c.clock.wallBase <= wallMs) piece = c;
    else break;
  }
  return piece;
}

/** Virtual time (ns) of the epoch's cluster at server time `wallMs`, clamped to the epoch's span. */
export function simTimeInEpoch(epoch: ClusterEpoch, wallMs: number): number {
  const w = Math.min(epoch.toMs, Math.max(epoch.fromMs, wallMs));
  return simTimeAt(pieceAt(epoch, w), w);
}

/**
 * The first whole wall ms at which the epoch's virtual time reached `vt`, or null if it never did before the
 * epoch ended. Inverts simTimeInEpoch piece by piece; the float division is corrected against simTimeAt so
 * the answer is exact.
 */
export function wallAtSimTime(epoch: ClusterEpoch, vt: number): number | null {
  if (vt > simTimeInEpoch(epoch, epoch.toMs)) return null;
  const pieces = epoch.clocks;
  for (let k = 0; k < pieces.length; k++) {
    const p = pieces[k]!;
    const from = p.clock.wallBase;
    const to = Math.min(epoch.toMs, pieces[k + 1]?.clock.wallBase ?? epoch.toMs);
    if (vt > simTimeAt(p, to)) continue;
    if (vt <= p.clock.vtBase || !p.clock.playing) return from;
    const vtAt = (w: number) => simTimeAt(p, w);
    let w = from + Math.ceil((vt - p.clock.vtBase) / (p.clock.speed * NS_PER_MS));
    while (w > from && vtAt(w - 1) >= vt) w--;
    while (vtAt(w) < vt) w++;
    return w;
  }
  return null;
}
