import type { AnomalyKind } from "../check/anomalies";
import { checkHistory, describeCoverage } from "../check/check-history";
import { type Operation, toOperations } from "../check/history";
import { RoomSimRunner } from "../room/sim-runner";
import { dataModelOf } from "../sim/outcomes";
import { type ClusterEpoch, clusterEpochs, simTimeInEpoch, wallAtSimTime } from "./cluster";
import {
  ANOMALY_CHECK_BUDGET_MS,
  ANOMALY_GROUP_MS,
  ANOMALY_SCAN_LIMITS,
  type TAnomalyScanLimits,
} from "./constants";
import type { ReplayLog } from "./log";
import type { ReplayMarker } from "./markers";

// Where the cluster misbehaved, on the replay's timeline. The live panel checks its history with the per-read
// checks of checkHistory (lib/sim/outcomes.ts, runOutcome: stale reads for a register, reads off the count for
// a counter); the replay re-runs each epoch's cluster exactly as every browser did (same seed, config and
// commands, so the same history) and applies the same check, then places each flagged read at the wall time
// its read completed, by inverting the epoch's virtual clock.
//
// This runs in the browser after the replay has loaded, never on the first frame; its work is bounded by
// ANOMALY_SCAN_LIMITS (simulator events and client operations across the session, checked every `stepNs` of
// virtual time), so a session whose cluster ran for hours costs about a second and says it stopped early; and,
// given a clock, the checker by ANOMALY_CHECK_BUDGET_MS.

/** One flagged read: the read, where it completed on the timeline, and the checker's words for it. */
export interface StaleReadAt {
  atMs: number;
  epoch: number;
  read: Operation;
  kind: AnomalyKind;
  message: string;
  /** The same in plain words, from the operations that prove it. */
  explanation: string;
}

export interface AnomalyScan {
  markers: ReplayMarker[];
  /** Every stale read found, by time (the markers group them). */
  staleReads: StaleReadAt[];
  /**
   * False when a limit stopped the scan: stale reads after `scannedUntilMs` are not known; or when the
   * checker's time ran out (`checkCoverage` says which keys it did not finish).
   */
  complete: boolean;
  checkCoverage: string | null;
  /** Wall time up to which the cluster was checked (null: the session had no cluster). */
  scannedUntilMs: number | null;
  simEvents: number;
  operations: number;
}

const SINGLE_LABEL: Partial<Record<AnomalyKind, string>> = {
  "illegal-siblings": "Impossible versions read from",
  "counter-read-range": "Counter read off the count of",
  "counter-monotonic-reads": "Counter went down reading",
};

function labelOf(group: readonly StaleReadAt[]): string {
  const first = group[0]!;
  if (group.length === 1)
    return `${SINGLE_LABEL[first.kind] ?? "Stale read of"} ${first.read.key} on ${first.read.node}`;
  const keys = [...new Set(group.map((f) => f.read.key))].sort();
  const counter = group.some((f) => f.kind.startsWith("counter-"));
  return `${group.length} ${counter ? "bad counter reads" : "stale reads"} of ${keys.join(", ")}`;
}

/** Stale reads within ANOMALY_GROUP_MS of a group's first become one marker (at 0.1× a second is many reads). */
function groupMarkers(found: readonly StaleReadAt[]): ReplayMarker[] {
  const out: ReplayMarker[] = [];
  for (let i = 0; i < found.length; ) {
    let j = i + 1;
    while (j < found.length && found[j]!.atMs - found[i]!.atMs <= ANOMALY_GROUP_MS) j++;
    out.push({ atMs: found[i]!.atMs, kind: "anomaly", label: labelOf(found.slice(i, j)) });
    i = j;
  }
  return out;
}

/** Runs one epoch to its end or until the budget runs out; returns the virtual time reached. */
function runEpoch(
  epoch: ClusterEpoch,
  runner: RoomSimRunner,
  budget: { events: number; operations: number },
  stepNs: number,
): { reachedVt: number; stopped: boolean } {
  const endVt = simTimeInEpoch(epoch, epoch.toMs);
  let vt = 0;
  let sim = runner.advance(epoch.sim, 0)!;
  while (vt < endVt) {
    vt = Math.min(endVt, vt + stepNs);
    sim = runner.advance(epoch.sim, vt)!;
    const over =
      sim.state.stats.events > budget.events || Math.ceil(sim.history().length / 2) > budget.operations;
    if (over && vt < endVt) return { reachedVt: vt, stopped: true };
  }
  return { reachedVt: vt, stopped: false };
}

/**
 * Stale reads of every cluster epoch in the session, as timeline markers, within `limits`; and, when `now` (a
 * clock in ms, e.g. `performance.now`) is given, within ANOMALY_CHECK_BUDGET_MS of checking.
 */
export function scanAnomalies(
  log: ReplayLog,
  limits: TAnomalyScanLimits = ANOMALY_SCAN_LIMITS,
  now?: () => number,
): AnomalyScan {
  // Time spent checking so far (not simulating: the limits above bound that).
  let checkMs = 0;
  const markers: ReplayMarker[] = [];
  const staleReads: StaleReadAt[] = [];
  let simEvents = 0;
  let operations = 0;
  let scannedUntilMs: number | null = null;
  for (const epoch of clusterEpochs(log)) {
    const runner = new RoomSimRunner();
    const { reachedVt, stopped } = runEpoch(
      epoch,
      runner,
      { events: limits.maxSimEvents - simEvents, operations: limits.maxOperations - operations },
      limits.stepNs,
    );
    const sim = runner.sim!;
    const ops = toOperations(sim.history());
    simEvents += sim.state.stats.events;
    operations += ops.length;
    const byId = new Map(ops.map((o) => [o.opId, o]));
    const found: StaleReadAt[] = [];
    const checkStart = now?.() ?? 0;
    const check = checkHistory(ops, {
      model: dataModelOf(sim.state.design),
      checks: ["stale-reads"],
      ...(now === undefined ? {} : { now, budgetMs: ANOMALY_CHECK_BUDGET_MS - checkMs }),
    });
    checkMs += (now?.() ?? 0) - checkStart;
    for (const a of check.anomalies) {
      const read = byId.get(a.opIds[0]!);
      if (read === undefined || read.f !== "read") continue; // a counter's final value: not one read
      const atMs = read.end === null ? null : wallAtSimTime(epoch, read.end);
      if (atMs !== null)
        found.push({
          atMs,
          epoch: epoch.epoch,
          read,
          kind: a.kind,
          message: a.message,
          explanation: a.explanation,
        });
    }
    found.sort((a, b) => a.atMs - b.atMs || a.read.opId - b.read.opId);
    staleReads.push(...found);
    markers.push(...groupMarkers(found));
    scannedUntilMs = stopped ? wallAtSimTime(epoch, reachedVt) : epoch.toMs;
    const checkCoverage = describeCoverage(check);
    if (stopped || checkCoverage !== null)
      return { markers, staleReads, complete: false, checkCoverage, scannedUntilMs, simEvents, operations };
  }
  return { markers, staleReads, complete: true, checkCoverage: null, scannedUntilMs, simEvents, operations };
}

/** The anomaly markers alone (see scanAnomalies for the limits and whether the scan finished). */
export function anomalyMarkers(log: ReplayLog, now?: () => number): ReplayMarker[] {
  return scanAnomalies(log, ANOMALY_SCAN_LIMITS, now).markers;
}
