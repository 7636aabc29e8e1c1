import type { Operation } from "../check/history";
import { TIMELINE } from "./constants";
import { formatNs } from "./outcomes";

// What the cluster panel's timeline draws at virtual time `now`: the client operations of the last
// TIMELINE.windowNs, one lane per client process. Pure: (operations, now) in, what to draw or say out.

export type TimelineWindow =
  /** Nothing to draw. "none": no operation had begun by `now`; "idle": some had, none in the window. */
  | { kind: "none" | "idle"; message: string }
  | { kind: "recent"; from: number; span: number; lanes: string[]; ops: Operation[] };

/**
 * The operations to draw at `now`. "No client operations yet" is said only when none had begun: once the
 * workload stops, the window empties while the run's counts still hold every operation, and the panel must
 * not contradict them.
 */
export function timelineWindow(
  ops: readonly Operation[],
  now: number,
  windowNs: number = TIMELINE.windowNs,
): TimelineWindow {
  // Only what had begun by `now` exists at that moment (a list taken later, before a seek back, holds more).
  const begun = ops.filter((o) => o.start <= now);
  if (begun.length === 0) return { kind: "none", message: "No client operations yet." };
  const from = Math.max(0, now - windowNs);
  // An operation with no end (timed out, or still open) is drawn up to `now`, so it is always in the window.
  const visible = begun.filter((o) => (o.end ?? now) >= from);
  if (visible.length === 0) {
    const lastEnd = begun.reduce((m, o) => Math.max(m, o.end ?? now), 0);
    return {
      kind: "idle",
      message: `No client operations in the last ${formatNs(windowNs)}; the last one finished at ${formatNs(lastEnd)}.`,
    };
  }
  return {
    kind: "recent",
    from,
    // Early in a run the window is shorter than windowNs: what there is is spread across the width.
    span: Math.max(now - from, TIMELINE.minSpanNs),
    lanes: [...new Set(visible.map((o) => o.process))].sort(),
    ops: visible,
  };
}
