import type { HistoryEvent, Operation } from "./history";
import { asOperations, toOperations } from "./history";

/**
 * Availability (share of operations that succeeded) and latency percentiles, overall or per side of a
 * partition: the numbers that make "CP refuses, AP answers" visible.
 */
export interface SideSummary {
  side: string;
  total: number;
  ok: number;
  fail: number;
  info: number;
  /** ok / total; 1 when there were no operations. */
  availability: number;
  p50Ns: number | null;
  p99Ns: number | null;
}

/** Nearest-rank percentile over sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

export function summarize(side: string, ops: readonly Operation[]): SideSummary {
  let ok = 0;
  let fail = 0;
  let info = 0;
  const latencies: number[] = [];
  for (const op of ops) {
    if (op.status === "ok") {
      ok++;
      if (op.end !== null) latencies.push(op.end - op.start);
    } else if (op.status === "fail") fail++;
    else info++;
  }
  latencies.sort((a, b) => a - b);
  const total = ops.length;
  return {
    side,
    total,
    ok,
    fail,
    info,
    availability: total === 0 ? 1 : ok / total,
    p50Ns: percentile(latencies, 50),
    p99Ns: percentile(latencies, 99),
  };
}

export interface Window {
  from?: number;
  to?: number;
}

/** `sides` maps a side's name to the nodes on it; an op counts for the side its client's node is on. */
export function summarizeBySide(
  history: readonly HistoryEvent[] | readonly Operation[],
  sides: Readonly<Record<string, readonly string[]>>,
  window: Window = {},
): SideSummary[] {
  const ops = asOperations(history);
  const inWindow = ops.filter((o) => o.start >= (window.from ?? 0) && o.start < (window.to ?? Infinity));
  return Object.keys(sides).map((side) => {
    const members = new Set(sides[side]);
    return summarize(
      side,
      inWindow.filter((o) => members.has(o.node)),
    );
  });
}
