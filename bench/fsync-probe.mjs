// Loaded by the live-room benchmark as a worker thread: writes one byte to a scratch file and fdatasyncs it
// every 20 ms, and keeps the slowest sync. Quorum's ack waits for Postgres's commit, and the commit for the
// disk's sync; on a virtual disk that stalls now and then, this shows the stall beside the ack p99 it caused.
// Plain JavaScript, so it runs as a worker without a loader. Answers "take" with the slowest sync since the
// last "take" (ms), and closes on "stop".
import { closeSync, fdatasyncSync, openSync, rmSync, writeSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { parentPort, workerData } from "node:worker_threads";

const file = /** @type {string} */ (workerData.file);
const fd = openSync(file, "w");
let worst = 0;
const timer = setInterval(() => {
  const t = performance.now();
  writeSync(fd, "x", 0);
  fdatasyncSync(fd);
  worst = Math.max(worst, performance.now() - t);
}, 20);
parentPort?.on("message", (m) => {
  if (m === "take") {
    parentPort?.postMessage(worst);
    worst = 0;
  } else if (m === "stop") {
    clearInterval(timer);
    closeSync(fd);
    rmSync(file, { force: true });
    parentPort?.close();
  }
});
