import type { GossipMetrics } from "@/lib/sim/designs/gossip";

const seconds = (ns: number) => `${(ns / 1e9).toFixed(2)} s`;

/**
 * The failure detector's score card for the gossip design, as numbers: per crash, how long until the first node
 * and until every live node suspected it; and how often, and for how long, a node that was up was suspected.
 */
export function GossipMetricsView({ metrics }: { metrics: GossipMetrics }) {
  return (
    <section aria-label="Failure detector" className="space-y-0.5 text-sm" data-testid="gossip-metrics">
      <p className="font-medium">Failure detector (suspect at phi &gt; {metrics.phiThreshold})</p>
      {metrics.crashes.length === 0 && (
        <p className="text-slate-600 dark:text-slate-400">
          No crash yet: crash a node to time its detection.
        </p>
      )}
      <ul>
        {metrics.crashes.map((c) => (
          <li key={`${c.node}@${c.at}`} className="tabular-nums">
            {c.node} crashed at {seconds(c.at)}: first suspected after{" "}
            {c.firstSuspectNs === null ? "—" : seconds(c.firstSuspectNs)}, by every live node after{" "}
            {c.allSuspectNs === null
              ? c.restartedAt === null
                ? "— (not yet)"
                : "— (it came back first)"
              : seconds(c.allSuspectNs)}
          </li>
        ))}
      </ul>
      <p className="tabular-nums">
        False suspicions (node was up): {metrics.falseSuspicions}, {seconds(metrics.falseSuspectedNs)}{" "}
        suspected in total
      </p>
      <p className="tabular-nums text-slate-600 dark:text-slate-400">
        Suspected now:{" "}
        {metrics.suspectedNow.length === 0
          ? "none"
          : metrics.suspectedNow.map((s) => `${s.observer}→${s.peer}`).join(", ")}
      </p>
    </section>
  );
}
