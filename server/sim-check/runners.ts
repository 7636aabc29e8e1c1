import type { RoomSim } from "../../lib/room/sim";
import { RoomSimRunner } from "../../lib/room/sim-runner";

/** What a check found: the state hash at `vt`, or, out of time, how far it got (kept for the next check). */
export type RunnerAnswer = { hash: string } | { busy: true; reachedVt: number };

interface Warm {
  epoch: number;
  runner: RoomSimRunner;
  /** Virtual time one slice covers, adapted so a slice takes about `sliceMs` of this room's load. */
  sliceNs: number;
}

const FIRST_SLICE_NS = 1_000_000;
const MIN_SLICE_NS = 1_000;
const MAX_SLICE_NS = 60_000_000_000;

/**
 * The simulator-check thread's rooms: one incremental runner per room (the latest epoch only), so a check
 * costs a step forward, not a rerun, and the least recently checked room is dropped past `maxRooms`.
 *
 * A check simulates in slices and reads the clock between them: once `budgetMs` has gone it stops, keeps the
 * runner where it got to and answers busy, so the next check continues from there. Slicing changes nothing
 * in the result (the runner's invariant: advancing to t1 then t2 ends where advancing to t2 does, as every
 * browser's per-frame advance relies on). Going back to an earlier time is a seek, from the simulator's
 * snapshot before it, and is not sliced.
 */
export class RoomRunners {
  private readonly rooms = new Map<string, Warm>();

  constructor(
    private readonly opts: { maxRooms: number; sliceMs: number },
    private readonly clock: () => number = () => performance.now(),
  ) {}

  check(roomId: string, sim: RoomSim, vt: number, budgetMs: number): RunnerAnswer {
    try {
      return this.run(this.warm(roomId, sim.epoch), sim, vt, this.clock() + budgetMs);
    } catch (err) {
      // A runner that threw part-way is in no known state: the room starts over on its next check.
      this.rooms.delete(roomId);
      throw err;
    }
  }

  /** Rooms held (tests). */
  get size(): number {
    return this.rooms.size;
  }

  private run(warm: Warm, sim: RoomSim, vt: number, deadline: number): RunnerAnswer {
    // Take in the commands that arrived since the last check, without running past where it stands (or
    // past `vt`, when asked for an earlier time).
    let at = warm.runner.advance(sim, Math.min(vt, warm.runner.sim?.now ?? 0))!.now;
    while (at < vt) {
      const started = this.clock();
      if (started >= deadline) return { busy: true, reachedVt: at };
      at = warm.runner.advance(sim, Math.min(vt, at + warm.sliceNs))!.now;
      const took = this.clock() - started;
      if (took < this.opts.sliceMs / 2) warm.sliceNs = Math.min(MAX_SLICE_NS, warm.sliceNs * 2);
      else if (took > this.opts.sliceMs * 2)
        warm.sliceNs = Math.max(MIN_SLICE_NS, Math.floor(warm.sliceNs / 2));
    }
    return { hash: warm.runner.sim!.stateHash() };
  }

  private warm(roomId: string, epoch: number): Warm {
    const hit = this.rooms.get(roomId);
    this.rooms.delete(roomId);
    // A reset (new epoch) starts the room's simulation over.
    const warm =
      hit && hit.epoch === epoch ? hit : { epoch, runner: new RoomSimRunner(), sliceNs: FIRST_SLICE_NS };
    // Map order is insertion order: re-inserting marks the room most recently used.
    this.rooms.set(roomId, warm);
    if (this.rooms.size > this.opts.maxRooms) this.rooms.delete(this.rooms.keys().next().value as string);
    return warm;
  }
}
