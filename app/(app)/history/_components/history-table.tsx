import Link from "next/link";
import { questionById } from "@/lib/questions/bank";
import { formatClock, PHASES } from "@/lib/room";
import { DIMENSIONS, RECOMMENDATIONS, type TDimensionId } from "@/lib/rubric";
import type { THistoryRow } from "@/server/persistence/history";

// Short enough for six scores to fit one table cell; the full label is read out instead.
const SHORT_LABELS: Record<TDimensionId, string> = {
  requirements: "Req",
  "high-level-design": "HLD",
  "data-model": "Data",
  "failure-handling": "Fail",
  "trade-offs": "Trade",
  communication: "Comm",
};

const linkClass = "text-brand-600 hover:underline dark:text-brand-400";

/** Sessions as rows; used by the history page and, for the latest few, the dashboard. */
export function HistoryTable({ rows, caption }: { rows: THistoryRow[]; caption: string }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="text-xs text-slate-500 dark:text-slate-400">
          <tr>
            <th scope="col" className="py-2 pr-3 font-medium">
              Date
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              Question
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              Your role
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              Partner
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              Duration
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              Phase reached
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              Scorecard
            </th>
            <th scope="col" className="py-2 font-medium">
              <span className="sr-only">Replay</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <HistoryRow key={row.roomId} row={row} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function HistoryRow({ row }: { row: THistoryRow }) {
  const title = questionById(row.questionId)?.title ?? row.questionId;
  const date = row.createdAt.toISOString().slice(0, 10);
  const started = row.durationMs !== null || row.phaseReached > 0;
  return (
    <tr className="border-t border-slate-100 align-top dark:border-slate-800">
      <td className="py-2 pr-3 whitespace-nowrap tabular-nums">
        <time dateTime={row.createdAt.toISOString()}>{date}</time>
      </td>
      <td className="py-2 pr-3">
        <Link href={`/room/${row.roomId}`} className={linkClass}>
          {title}
        </Link>
      </td>
      <td className="py-2 pr-3">{row.role}</td>
      <td className="py-2 pr-3">
        {row.partnerName ?? (
          <span className="text-slate-500 italic dark:text-slate-400">waiting for a partner</span>
        )}
      </td>
      <td className="py-2 pr-3 whitespace-nowrap tabular-nums">
        {row.durationMs === null ? (
          <span className="text-slate-500 dark:text-slate-400">—</span>
        ) : (
          formatClock(row.durationMs)
        )}
        {started && row.endedAt === null && (
          <span className="block text-xs text-slate-500 dark:text-slate-400">not ended</span>
        )}
      </td>
      <td className="py-2 pr-3">
        {started ? (
          <>
            {PHASES[row.phaseReached]?.title ?? `Phase ${row.phaseReached + 1}`}{" "}
            <span className="text-xs text-slate-500 dark:text-slate-400">
              ({row.phaseReached + 1}/{PHASES.length})
            </span>
          </>
        ) : (
          <span className="text-slate-500 dark:text-slate-400">not started</span>
        )}
      </td>
      <td className="py-2 pr-3">
        <ScorecardCell row={row} />
      </td>
      <td className="py-2 whitespace-nowrap">
        <Link href={`/room/${row.roomId}/replay`} className={linkClass}>
          Replay<span className="sr-only">: {`${title}, ${date}`}</span>
        </Link>
      </td>
    </tr>
  );
}

function ScorecardCell({ row }: { row: THistoryRow }) {
  if (!row.scorecard)
    return <span className="text-slate-500 dark:text-slate-400">{row.endedAt ? "not submitted" : "—"}</span>;
  const { recommendation, scores } = row.scorecard;
  return (
    <div className="space-y-0.5">
      <p className="font-medium">
        {RECOMMENDATIONS.find((r) => r.id === recommendation)?.label ?? "No recommendation"}
      </p>
      <ul className="flex flex-wrap gap-x-2 text-xs text-slate-600 dark:text-slate-400">
        {DIMENSIONS.filter((d) => scores[d.id] !== undefined).map((d) => (
          <li key={d.id} className="whitespace-nowrap">
            <span aria-hidden="true" title={d.label}>
              {SHORT_LABELS[d.id]}
            </span>
            <span className="sr-only">{d.label}</span>{" "}
            <span className="font-medium text-slate-900 tabular-nums dark:text-slate-100">
              {scores[d.id]}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
