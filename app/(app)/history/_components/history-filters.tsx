import Link from "next/link";
import { secondaryButton } from "@/app/_components/ui/button-styles";
import type { THistorySearch } from "./search-params";

const selectClass =
  "block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-900";

/**
 * A plain GET form: submitting it loads /history?role=…&question=…, so a filtered view is a link and needs no
 * JavaScript. The page number is left out on purpose: new filters start at page 1.
 */
export function HistoryFilters({
  search,
  questions,
}: {
  search: THistorySearch;
  questions: { id: string; title: string }[];
}) {
  // A question no longer in the bank can still be in the URL (and in old sessions): keep it selectable.
  const options =
    search.question && !questions.some((q) => q.id === search.question)
      ? [...questions, { id: search.question, title: search.question }]
      : questions;
  return (
    <form
      method="get"
      action="/history"
      aria-label="Filter sessions"
      className="flex flex-wrap items-end gap-4 rounded-lg border border-slate-200 p-4 dark:border-slate-800"
    >
      <div className="space-y-1">
        <label htmlFor="history-role" className="block text-sm font-medium">
          Your role
        </label>
        <select id="history-role" name="role" defaultValue={search.role ?? ""} className={selectClass}>
          <option value="">Any role</option>
          <option value="interviewer">Interviewer</option>
          <option value="candidate">Candidate</option>
        </select>
      </div>
      <div className="space-y-1">
        <label htmlFor="history-question" className="block text-sm font-medium">
          Question
        </label>
        <select
          id="history-question"
          name="question"
          defaultValue={search.question ?? ""}
          className={selectClass}
        >
          <option value="">Any question</option>
          {options.map((q) => (
            <option key={q.id} value={q.id}>
              {q.title}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className={secondaryButton}>
        Apply filters
      </button>
      {(search.role || search.question) && (
        <Link href="/history" className="py-2 text-sm text-brand-600 hover:underline dark:text-brand-400">
          Clear filters
        </Link>
      )}
    </form>
  );
}
