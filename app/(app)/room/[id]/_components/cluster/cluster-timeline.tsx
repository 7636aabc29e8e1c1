"use client";

import type { Operation } from "@/lib/check/history";
import { formatNs } from "@/lib/sim/outcomes";
import { timelineWindow } from "@/lib/sim/timeline";

const W = 640;
const LANE = 18;

/**
 * Each client's operations on the virtual clock (invoke → complete), the last two seconds of them. Operations an
 * anomaly names are outlined in red when that anomaly is selected.
 */
export function ClusterTimeline({
  ops,
  now,
  highlight,
}: {
  ops: Operation[];
  now: number;
  highlight: ReadonlySet<number>;
}) {
  const shown = timelineWindow(ops, now);
  if (shown.kind !== "recent")
    return <p className="text-xs text-slate-500 dark:text-slate-400">{shown.message}</p>;
  const { from, span, lanes, ops: visible } = shown;
  const x = (t: number) => 70 + ((t - from) / span) * (W - 80);
  const h = lanes.length * LANE + 18;
  return (
    <svg
      viewBox={`0 0 ${W} ${h}`}
      className="h-auto w-full"
      role="img"
      aria-label={`Operation timeline: ${visible.length} operations over the last ${formatNs(span)}`}
    >
      {lanes.map((lane, i) => (
        <text key={lane} x={0} y={i * LANE + 13} fontSize="10" fill="currentColor">
          {lane.length > 11 ? `${lane.slice(0, 10)}…` : lane}
        </text>
      ))}
      {visible.map((o) => {
        const lane = lanes.indexOf(o.process);
        const x1 = x(Math.max(o.start, from));
        const x2 = Math.max(x1 + 2, x(o.end ?? now));
        const color =
          o.status === "ok"
            ? o.f === "write"
              ? "#2563eb"
              : "#059669"
            : o.status === "fail"
              ? "#dc2626"
              : "#d97706";
        const marked = highlight.has(o.opId);
        return (
          <rect
            key={o.opId}
            x={x1}
            y={lane * LANE + 4}
            width={x2 - x1}
            height={10}
            rx={2}
            fill={color}
            fillOpacity={marked ? 1 : 0.55}
            stroke={marked ? "#dc2626" : "none"}
            strokeWidth={marked ? 2 : 0}
          >
            <title>{`#${o.opId} ${o.f} ${o.key}${o.value !== null ? ` = ${o.value}` : ""} (${o.status}) on ${o.node}`}</title>
          </rect>
        );
      })}
      <text x={70} y={h - 2} fontSize="9" fill="currentColor" opacity={0.6}>
        {formatNs(from)}
      </text>
      <text x={W - 10} y={h - 2} fontSize="9" fill="currentColor" opacity={0.6} textAnchor="end">
        {formatNs(now)} · blue write, green read, red failed, amber timed out
      </text>
    </svg>
  );
}
