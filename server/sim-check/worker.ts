// The body of the simulator-check thread (see thread.ts): it holds the rooms' warm runners and answers each
// check in turn, within the check's budget. Nothing else of the server runs here.
import { setPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { SIM_CHECK } from "../constants";
import { RoomRunners } from "./runners";
import type { SimCheckReply, SimCheckRequest } from "./thread";

const port = parentPort;
if (!port) throw new Error("sim-check/worker.ts runs only as a worker thread");

// Simulation is background work: when the machine is short of cores, the main thread (every room, every
// request) should get the CPU first. On Linux each thread has a nice value of its own; elsewhere setPriority
// would lower the whole process, so there it is left alone.
if (process.platform === "linux") setPriority(SIM_CHECK.niceness);

const runners = new RoomRunners(workerData as { maxRooms: number; sliceMs: number });

port.on("message", (m: SimCheckRequest) => {
  let reply: SimCheckReply;
  try {
    reply = { id: m.id, ...runners.check(m.roomId, m.sim, m.vt, m.budgetMs) };
  } catch (err) {
    // A room whose cluster the simulator refuses (it never should: every command was checked on the way in)
    // fails its own check, not the thread.
    reply = { id: m.id, error: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(reply);
});
