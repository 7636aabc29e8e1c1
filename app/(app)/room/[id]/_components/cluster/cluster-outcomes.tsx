"use client";

import { formatNs, LATENCY_LADDER, type RunOutcome } from "@/lib/sim/outcomes";

function flaggedSummary(outcome: RunOutcome): string {
  const n = outcome.staleReads;
  if (outcome.model === "counter")
    return n === 0 ? "No read off the count" : `${n} read${n === 1 ? "" : "s"} off the count flagged`;
  return n === 0 ? "No stale reads" : `${n} stale read${n === 1 ? "" : "s"} flagged`;
}

/** Counts, anomalies, per-side availability and latency, the CAP verdict, and the latency ladder. */
export function ClusterOutcomes({
  outcome,
  selected,
  onSelect,
}: {
  outcome: RunOutcome | null;
  selected: { key: string; message: string } | null;
  onSelect: (anomaly: { key: string; opIds: number[]; message: string } | null) => void;
}) {
  if (!outcome) return null;
  const p50 = outcome.overall.p50Ns;
  const ladder = [
    ...LATENCY_LADDER.map((l) => ({ ...l, measured: false })),
    ...(p50 !== null ? [{ label: "this cluster's median operation", ns: p50, measured: true }] : []),
  ].sort((a, b) => a.ns - b.ns);
  return (
    <div className="space-y-2 text-xs">
      <output
        aria-label="Outcomes"
        aria-live="polite"
        className="block rounded bg-slate-50 p-2 dark:bg-slate-900"
      >
        {outcome.ok} ok · {outcome.failed} failed · {outcome.timedOut} timed out
        <br />
        <span className={outcome.staleReads > 0 ? "font-semibold text-red-600 dark:text-red-400" : ""}>
          {flaggedSummary(outcome)}
        </span>
        {outcome.model === "counter" && (
          <span className="block text-slate-500 dark:text-slate-400">
            Counter design: a read is flagged when it is below the increments acknowledged before it began, or
            above all those started before it ended.
          </span>
        )}
        {outcome.checkCoverage && (
          <span className="block text-amber-700 dark:text-amber-300">{outcome.checkCoverage}</span>
        )}
        {[
          // The selected anomaly stays listed even after newer ones push it out of the latest three.
          ...(selected && !outcome.staleExamples.some((a) => a.opIds.join("-") === selected.key)
            ? [{ key: selected.key, message: selected.message, opIds: [] as number[] }]
            : []),
          ...outcome.staleExamples.map((a) => ({
            key: a.opIds.join("-"),
            // The plain-language account, built from the operations that prove it (lib/check/explain.ts).
            message: a.explanation,
            opIds: a.opIds,
          })),
        ].map((a) => (
          <button
            key={a.key}
            type="button"
            aria-pressed={selected?.key === a.key}
            onClick={() => onSelect(selected?.key === a.key ? null : a)}
            className={`mt-1 block w-full rounded px-1 text-left ${selected?.key === a.key ? "bg-red-100 text-red-900 dark:bg-red-900/40 dark:text-red-100" : "text-slate-500 hover:bg-slate-100 dark:hover:bg-slate-800 dark:text-slate-400"}`}
          >
            {a.message}
          </button>
        ))}
      </output>
      {/* The article's consistency ladder: the strongest model that holds, and why the next one up does not. */}
      <p data-testid="consistency-ladder" className="rounded bg-slate-50 px-2 py-1 dark:bg-slate-900">
        {outcome.consistency.summary}
      </p>
      {outcome.cap.choice !== null || outcome.sides.length > 0 ? (
        <p
          data-testid="cap-verdict"
          className={`rounded px-2 py-1 font-medium ${outcome.cap.choice === "C" ? "bg-sky-100 text-sky-900 dark:bg-sky-900/40 dark:text-sky-100" : outcome.cap.choice === "A" ? "bg-amber-100 text-amber-900 dark:bg-amber-900/40 dark:text-amber-100" : "bg-slate-100 dark:bg-slate-800"}`}
        >
          {outcome.cap.choice ? `${outcome.cap.choice === "C" ? "CP" : "AP"} · ` : ""}
          {outcome.cap.text}
        </p>
      ) : null}
      {outcome.sides.length > 0 && (
        <table className="w-full text-left">
          <caption className="text-left text-slate-500 dark:text-slate-400">
            {outcome.partition?.to === null ? "Since the partition began" : "During the last partition"}
          </caption>
          <thead>
            <tr>
              <th scope="col">Side</th>
              <th scope="col">Available</th>
              <th scope="col">p50</th>
              <th scope="col">p99</th>
            </tr>
          </thead>
          <tbody>
            {outcome.sides.map((s) => (
              <tr key={s.side}>
                <td className="font-mono">{s.side}</td>
                <td>{s.total === 0 ? "—" : `${Math.round(s.availability * 100)}% of ${s.total}`}</td>
                <td>{s.p50Ns === null ? "—" : formatNs(s.p50Ns)}</td>
                <td>{s.p99Ns === null ? "—" : formatNs(s.p99Ns)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {p50 !== null && (
        <details>
          <summary className="cursor-pointer text-slate-500 dark:text-slate-400">Latency ladder</summary>
          <ol className="mt-1 space-y-0.5">
            {ladder.map((l) => (
              <li
                key={l.label}
                className={l.measured ? "font-semibold text-brand-600 dark:text-brand-400" : ""}
              >
                {formatNs(l.ns)} — {l.label}
              </li>
            ))}
          </ol>
        </details>
      )}
    </div>
  );
}
