"use client";

import { formatClock } from "@/lib/room";
import {
  CHECKLIST,
  DIMENSIONS,
  RECOMMENDATIONS,
  summarizeScorecard,
  type TScorecardDraft,
} from "@/lib/rubric";

/** The submitted scorecard, as the candidate (and the interviewer, afterwards) reads it. */
export function ScorecardView({
  card,
  onEvidence,
}: {
  card: TScorecardDraft;
  /** In a replay: jump to the moment a piece of evidence was noted. */
  onEvidence?: (clockMs: number) => void;
}) {
  const summary = summarizeScorecard(card);
  const label = (id: string) => DIMENSIONS.find((d) => d.id === id)?.label ?? id;
  return (
    <section
      aria-labelledby="scorecard-heading"
      className="space-y-2 rounded-lg border border-emerald-300 bg-emerald-50/40 p-3 text-sm dark:border-emerald-800 dark:bg-emerald-950/20"
    >
      <h2 id="scorecard-heading" className="font-medium">
        Scorecard
      </h2>
      <p>
        Recommendation:{" "}
        <strong>{RECOMMENDATIONS.find((r) => r.id === card.recommendation)?.label ?? "—"}</strong>
        {summary.average !== null && (
          <span className="text-slate-500 dark:text-slate-400">
            {" "}
            · average {summary.average} / 4 (target level {card.targetLevel})
          </span>
        )}
      </p>
      <table className="w-full text-left text-xs">
        <tbody>
          {summary.dimensions.map((d) => (
            <tr key={d.id}>
              <th scope="row" className="py-0.5 font-medium">
                {d.label}
              </th>
              <td className={d.belowExpectation ? "text-amber-700 dark:text-amber-400" : ""}>
                {d.score ?? "—"} {d.scoreLabel ? `· ${d.scoreLabel}` : ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="space-y-1 text-xs">
        <p className="font-medium">What went well</p>
        <p className="whitespace-pre-wrap">{card.feedback.wentWell}</p>
        <p className="font-medium">What to work on</p>
        <p className="whitespace-pre-wrap">{card.feedback.toWorkOn}</p>
      </div>
      {summary.timeline.length > 0 && (
        <details className="text-xs" open={onEvidence !== undefined}>
          <summary className="cursor-pointer font-medium">Evidence ({summary.timeline.length})</summary>
          <ol className="mt-1 space-y-0.5">
            {summary.timeline.map((t, i) => (
              <li key={i}>
                {onEvidence ? (
                  <button
                    type="button"
                    className="mr-1 font-mono text-brand-600 underline dark:text-brand-400"
                    aria-label={`Jump to ${formatClock(t.clockMs)}: ${label(t.dimension)}`}
                    onClick={() => onEvidence(t.clockMs)}
                  >
                    {formatClock(t.clockMs)}
                  </button>
                ) : (
                  <span className="mr-1 font-mono text-slate-500 dark:text-slate-400">
                    {formatClock(t.clockMs)}
                  </span>
                )}
                {label(t.dimension)}: {t.text}
              </li>
            ))}
          </ol>
        </details>
      )}
      <p className="text-xs text-slate-500 dark:text-slate-400">
        Concepts shown:{" "}
        {summary.checklist.ticked.map((id) => CHECKLIST.find((c) => c.id === id)?.label).join(", ") ||
          "none ticked"}
      </p>
    </section>
  );
}
