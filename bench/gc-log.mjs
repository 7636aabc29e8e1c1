// Loaded with `--import` into the Quorum server and the bare relay by the live-room benchmark: prints one JSON
// line per garbage-collection pause of the process's main thread, stamped with the wall clock, so that the
// benchmark can charge each pause to the turn it fell in. Plain JavaScript, so any Node process can load it.
// Stamped with the pid too: the Quorum server's pages process inherits NODE_OPTIONS, so it loads this as well
// and prints to the same output.
import { constants, PerformanceObserver, performance } from "node:perf_hooks";

const KIND = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: "minor",
  [constants.NODE_PERFORMANCE_GC_MAJOR]: "major",
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: "incremental",
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: "weakcb",
};

new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const kind = KIND[/** @type {{ kind?: number }} */ (e.detail)?.kind ?? -1] ?? "other";
    process.stdout.write(
      `${JSON.stringify({ msg: "gc", pid: process.pid, kind, ms: e.duration, at: performance.timeOrigin + e.startTime })}\n`,
    );
  }
}).observe({ entryTypes: ["gc"] });
