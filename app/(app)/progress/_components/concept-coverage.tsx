import type { TProgress } from "@/lib/progress";
import { CHECKLIST, conceptById } from "@/lib/rubric";
import { isoDate, shortDate } from "./session-dates";

/** Sessions shown as columns; older ones still count toward "shown so far" and the never-shown list. */
const MAX_COLUMNS = 12;

/** Which checklist concepts the candidate showed in each session, how many so far, and which never. */
export function ConceptCoverage({
  coverage,
  questionTitles,
}: {
  coverage: TProgress["coverage"];
  questionTitles: Record<string, string>;
}) {
  const { steps, neverShown } = coverage;
  const columns = steps.slice(-MAX_COLUMNS);
  const hidden = steps.length - columns.length;
  const shownCount = CHECKLIST.length - neverShown.length;
  return (
    <div className="space-y-4">
      <p>
        You have shown <strong>{shownCount}</strong> of {CHECKLIST.length} checklist concepts
        {steps.length > 1 ? ` across ${steps.length} sessions` : ""}.
      </p>
      <section
        aria-label="Concepts by session (scrolls sideways)"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
        tabIndex={0}
        className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800"
      >
        <table className="w-full text-left text-sm">
          <caption className="px-3 pt-3 text-left text-xs text-slate-500 dark:text-slate-400">
            ● first time shown · ✓ shown again
            {hidden > 0
              ? ` · your latest ${columns.length} sessions (${hidden} earlier ones count in the totals)`
              : ""}
          </caption>
          <thead className="text-xs text-slate-500 dark:text-slate-400">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">
                Concept
              </th>
              {columns.map((s) => (
                <th
                  key={s.roomId}
                  scope="col"
                  title={questionTitles[s.roomId]}
                  className="px-2 py-2 text-center font-medium whitespace-nowrap"
                >
                  <time dateTime={isoDate(s.at)}>{shortDate(s.at)}</time>
                  <span className="sr-only">, {questionTitles[s.roomId]}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {CHECKLIST.map((c) => (
              <tr key={c.id} className="border-t border-slate-100 dark:border-slate-800">
                <th scope="row" className="px-3 py-1.5 font-normal">
                  {c.label}
                </th>
                {columns.map((s) => {
                  const first = s.firstShown.includes(c.id);
                  const shown = first || s.shown.includes(c.id);
                  return (
                    <td
                      key={s.roomId}
                      className={`px-2 py-1.5 text-center ${first ? "text-brand-600 dark:text-brand-400" : "text-slate-500 dark:text-slate-400"}`}
                    >
                      <span aria-hidden="true">{first ? "●" : shown ? "✓" : ""}</span>
                      <span className="sr-only">
                        {first ? "shown, first time" : shown ? "shown" : "not shown"}
                      </span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="border-t border-slate-200 font-medium dark:border-slate-700">
              <th scope="row" className="px-3 py-2">
                Shown so far
              </th>
              {columns.map((s) => (
                <td key={s.roomId} className="px-2 py-2 text-center tabular-nums">
                  {s.cumulative.length}
                  <span className="sr-only"> of {CHECKLIST.length}</span>
                </td>
              ))}
            </tr>
          </tfoot>
        </table>
      </section>
      <div>
        <h3 className="font-medium">Never shown yet</h3>
        {neverShown.length === 0 ? (
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            Nothing: you have shown every concept on the checklist at least once.
          </p>
        ) : (
          <ul className="mt-2 space-y-2 text-sm">
            {neverShown.map((c) => (
              <li key={c.id}>
                <span className="font-medium">{c.label}</span>
                <span className="block text-slate-600 dark:text-slate-400">
                  {conceptById(c.id).correctUse}
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
