"use client";

import { useRef } from "react";
import type { ClusterView } from "@/lib/sim/view";

type Ranges = NonNullable<ClusterView["ranges"]>;

/** "k2–k3", "k1", or "k8 and up" for the last (open-ended) range. */
function span(ranges: Ranges, i: number): string {
  const start = ranges[i]!.start;
  const next = ranges[i + 1]?.start;
  if (next === undefined) return `k${start} and up`;
  return next - start === 1 ? `k${start}` : `k${start}–k${next - 1}`;
}

/** What the last join or leave did to the table: a join splits one range, a leave hands one to a neighbour. */
function describeChange(before: Ranges, after: Ranges): string | null {
  const joined = after.findIndex((r) => !before.some((b) => b.node === r.node));
  if (joined >= 0) {
    const from = after[joined - 1]?.node;
    return `${after[joined]!.node} joined: ${span(after, joined)} moved from ${from} to ${after[joined]!.node}; every other key stayed put.`;
  }
  const left = before.findIndex((r) => !after.some((a) => a.node === r.node));
  if (left >= 0) {
    const to = (left > 0 ? before[left - 1] : before[left + 1])?.node;
    return `${before[left]!.node} left: ${span(before, left)} moved to ${to}; every other key stayed put.`;
  }
  return null;
}

/**
 * A range-partitioned quorum store's placement as text: which keys each node owns, in key order, and which keys
 * the last join or leave moved. (The hash ring picture does not apply: keys sit in order, not at hashed points.)
 */
export function RangeMap({ ranges, n }: { ranges: Ranges; n: number }) {
  const previous = useRef<Ranges | null>(null);
  const change = useRef<string | null>(null);
  const key = ranges.map((r) => `${r.node}@${r.start}`).join(",");
  const before = previous.current;
  if (before && before.map((r) => `${r.node}@${r.start}`).join(",") !== key) {
    change.current = describeChange(before, ranges) ?? change.current;
  }
  previous.current = ranges;
  const more = Math.max(0, Math.min(n, ranges.length) - 1);

  return (
    <div className="space-y-1 text-xs text-slate-600 dark:text-slate-400">
      <p data-testid="range-map">
        Range partitioning, keys in order (k2 before k10):{" "}
        {ranges.map((r, i) => `${span(ranges, i)} → ${r.node}`).join(" · ")}. A key's replicas: its range's
        owner
        {more === 0 ? " only" : ` and the next ${more === 1 ? "node" : `${more} nodes`} in this order`}.
      </p>
      <p data-testid="range-moves">{change.current ?? "Add or remove a node to see which range moves."}</p>
    </div>
  );
}
