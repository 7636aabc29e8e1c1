// Records the simulator runs of every event-log fixture's clusters (tests/fixtures/sim-runs/), so that
// tests/unit/room/event-log-fixtures.test.ts can check a stored session's cluster still behaves as it did.
// Recorded once, before the simulator's behaviour first changed (engine 2); never re-record: a change that
// makes these differ is a change to what old sessions show (gate it on the engine version instead).
//
//   npx tsx scripts/record-sim-runs.ts
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { EVENT_LOG_FIXTURES, type EventLogFixture } from "../tests/unit/room/event-log-fixture";
import { clusterRuns, SIM_RUNS_FILE } from "../tests/unit/room/sim-runs";

const out: Record<string, { epoch: number; hashes: string[] }[]> = {};
for (const file of readdirSync(EVENT_LOG_FIXTURES)
  .filter((f) => f.endsWith(".json"))
  .sort()) {
  const fixture = JSON.parse(readFileSync(path.join(EVENT_LOG_FIXTURES, file), "utf8")) as EventLogFixture;
  out[file] = clusterRuns(fixture);
}
writeFileSync(SIM_RUNS_FILE, `${JSON.stringify(out, null, 2)}\n`);
console.log(`wrote ${Object.keys(out).length} fixtures' clusters to ${SIM_RUNS_FILE.pathname}`);
