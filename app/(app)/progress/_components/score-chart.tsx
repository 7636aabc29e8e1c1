import type { TDimensionProgress, TScoreSummary } from "@/lib/progress";
import { SCORE_LABELS, SCORE_MAX, SCORE_MIN } from "@/lib/rubric";
import { isoDate, shortDate } from "./session-dates";

// Drawing box, in SVG units; the SVG scales to its card's width.
const W = 320;
const H = 168;
const PAD = { left: 24, right: 14, top: 12, bottom: 28 };
const PLOT_W = W - PAD.left - PAD.right;
const PLOT_H = H - PAD.top - PAD.bottom;
const SCORES = [4, 3, 2, 1] as const;

const y = (score: number) => PAD.top + ((SCORE_MAX - score) / (SCORE_MAX - SCORE_MIN)) * PLOT_H;
// Sessions are spaced evenly (one step per session), not by calendar time, so a burst of practice stays legible.
const x = (i: number, n: number) => (n === 1 ? PAD.left + PLOT_W / 2 : PAD.left + (i * PLOT_W) / (n - 1));

export function trendSentence(s: TScoreSummary): string {
  switch (s.trend) {
    case null:
      return "one session so far";
    case "up":
      return `up from ${s.trendBaseline}`;
    case "down":
      return `down from ${s.trendBaseline}`;
    case "flat":
      return `steady (was ${s.trendBaseline})`;
  }
}

const TREND_ARROW = { up: "↑", down: "↓", flat: "→" } as const;

/** One rubric dimension's scores as a line of dots, with its numbers in a table for anyone not reading the chart. */
export function ScoreChart({
  dimension,
  questionTitles,
}: {
  dimension: TDimensionProgress;
  /** Question title by room id. */
  questionTitles: Record<string, string>;
}) {
  const { points, summary, label } = dimension;
  const n = points.length;
  const headingId = `chart-${dimension.id}`;
  const description =
    n === 0
      ? `${label}: not scored yet.`
      : `${label} scores across ${n} ${n === 1 ? "session" : "sessions"} from ${isoDate(points[0]!.at)} to ${isoDate(points[n - 1]!.at)}: latest ${summary.latest}, average ${summary.average}, ${trendSentence(summary)}.`;
  // Label every point while they fit; past that, the first and last (the table has them all).
  const labelled = new Set(n <= 6 ? points.map((_, i) => i) : [0, n - 1]);

  return (
    <section
      aria-labelledby={headingId}
      className="space-y-2 rounded-lg border border-slate-200 p-4 dark:border-slate-800"
    >
      <div className="flex items-baseline justify-between gap-2">
        <h3 id={headingId} className="font-medium">
          {label}
        </h3>
        {summary.latest !== null && (
          <p className="text-xs text-slate-600 dark:text-slate-400">
            {summary.trend && <span aria-hidden="true">{TREND_ARROW[summary.trend]} </span>}
            {trendSentence(summary)}
          </p>
        )}
      </div>
      {summary.latest !== null && (
        <p className="text-sm">
          Latest <strong className="tabular-nums">{summary.latest}</strong>{" "}
          <span className="text-slate-600 dark:text-slate-400">({SCORE_LABELS[summary.latest]})</span> ·
          average <strong className="tabular-nums">{summary.average}</strong>
        </p>
      )}
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={description} className="h-auto w-full">
        {SCORES.map((s) => (
          <g key={s}>
            <line
              x1={PAD.left}
              x2={W - PAD.right}
              y1={y(s)}
              y2={y(s)}
              className="stroke-slate-200 dark:stroke-slate-800"
              strokeDasharray={s === SCORE_MIN ? undefined : "3 3"}
            />
            <text
              x={PAD.left - 8}
              y={y(s)}
              textAnchor="end"
              dominantBaseline="middle"
              className="fill-slate-500 text-[10px]"
            >
              {s}
            </text>
          </g>
        ))}
        {n > 1 && (
          <polyline
            points={points.map((p, i) => `${x(i, n)},${y(p.score)}`).join(" ")}
            fill="none"
            strokeWidth={2}
            strokeLinejoin="round"
            className="stroke-brand-600 dark:stroke-brand-400"
          />
        )}
        {points.map((p, i) => (
          <g key={p.roomId}>
            <circle
              cx={x(i, n)}
              cy={y(p.score)}
              r={4}
              className="fill-white stroke-brand-600 dark:fill-slate-950 dark:stroke-brand-400"
              strokeWidth={2}
            >
              <title>{`${isoDate(p.at)}: ${p.score} (${SCORE_LABELS[p.score]})`}</title>
            </circle>
            {labelled.has(i) && (
              <text
                x={x(i, n)}
                y={H - 8}
                textAnchor={n > 1 && i === 0 ? "start" : n > 1 && i === n - 1 ? "end" : "middle"}
                className="fill-slate-500 text-[10px]"
              >
                {shortDate(p.at)}
              </text>
            )}
          </g>
        ))}
      </svg>
      {n > 0 && (
        <details className="text-sm">
          <summary className="cursor-pointer text-slate-600 dark:text-slate-400">
            Show the numbers<span className="sr-only"> for {label}</span>
          </summary>
          <table className="mt-2 w-full text-left text-xs">
            <caption className="sr-only">{label} score by session</caption>
            <thead className="text-slate-500 dark:text-slate-400">
              <tr>
                <th scope="col" className="py-1 pr-2 font-medium">
                  Date
                </th>
                <th scope="col" className="py-1 pr-2 font-medium">
                  Question
                </th>
                <th scope="col" className="py-1 font-medium">
                  Score
                </th>
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.roomId} className="border-t border-slate-100 dark:border-slate-800">
                  <td className="py-1 pr-2 tabular-nums">{isoDate(p.at)}</td>
                  <td className="py-1 pr-2">{questionTitles[p.roomId] ?? "—"}</td>
                  <td className="py-1 tabular-nums">
                    {p.score} · {SCORE_LABELS[p.score]}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </section>
  );
}
