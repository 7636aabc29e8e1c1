import { createSimulation, type Simulation } from "../sim";
import type { RoomSim } from "./sim";

/**
 * Keeps a local simulator in step with a room's shared cluster. Every browser uses one; so do the server's
 * hash endpoint and the replay. Invariant: after `advance(sim, t)`, the local state equals a fresh simulation
 * of (seed, config, all commands) run to `t`, whatever order the commands arrived in relative to local time
 * (a command stamped in the local past makes the runner seek back and replay).
 */
export class RoomSimRunner {
  sim: Simulation | null = null;
  private epoch = -1;
  private applied = 0;
  /** How many times a late command forced a seek backwards (shown in diagnostics, checked in tests). */
  rewinds = 0;

  advance(room: RoomSim | null, targetVt: number): Simulation | null {
    if (!room) {
      this.sim = null;
      this.epoch = -1;
      return null;
    }
    if (!this.sim || room.epoch !== this.epoch) {
      this.sim = createSimulation({ seed: room.seed, config: room.config });
      this.epoch = room.epoch;
      this.applied = 0;
    }
    const sim = this.sim;
    for (; this.applied < room.commands.length; this.applied++) {
      const cmd = room.commands[this.applied]!;
      if (cmd.at < sim.state.now) {
        sim.seekTo(cmd.at);
        this.rewinds += 1;
      }
      sim.applyCommand(cmd);
    }
    // runUntil also runs commands stamped exactly at `now` (a command sent while the clock is paused).
    if (targetVt >= sim.state.now) sim.runUntil(targetVt);
    else sim.seekTo(targetVt);
    return sim;
  }
}
