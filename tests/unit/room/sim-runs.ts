import { ReplayLog } from "../../../lib/replay";
import { type RoomSim, streamFor, upgradeEvent } from "../../../lib/room";
import { RoomSimRunner } from "../../../lib/room/sim-runner";
import { MS } from "../../../lib/sim/constants";
import type { EventLogFixture } from "./event-log-fixture";

/** Where the recorded simulator runs of the event-log fixtures live (scripts/record-sim-runs.ts writes it). */
export const SIM_RUNS_FILE = new URL("../../fixtures/sim-runs/event-log-clusters.json", import.meta.url);

/** Virtual times each cluster is hashed at: every 100 ms for 3 s (failover, elections and repair all happen). */
export const SIM_RUN_TIMES = Array.from({ length: 30 }, (_, i) => (i + 1) * 100 * MS);

/**
 * Every cluster a recorded session held (one per reset, with all the commands it received), run as the replay
 * runs it, hashed at SIM_RUN_TIMES. A session replays its cluster from (seed, config, commands), so this is what
 * a change to the simulator's behaviour would change in an old session.
 */
export function clusterRuns(fixture: EventLogFixture): { epoch: number; hashes: string[] }[] {
  const events = fixture.rows.map((r) => upgradeEvent({ ...r, at: Date.parse(r.at) }));
  const log = new ReplayLog(fixture.roomId);
  log.append(streamFor(events, "interviewer"));
  const last = new Map<number, RoomSim>();
  log.events.forEach((_, i) => {
    const sim = log.stateAtIndex(i).sim;
    if (sim) last.set(sim.epoch, sim);
  });
  return [...last.entries()].map(([epoch, room]) => {
    const runner = new RoomSimRunner();
    return { epoch, hashes: SIM_RUN_TIMES.map((t) => runner.advance(room, t)!.stateHash()) };
  });
}
