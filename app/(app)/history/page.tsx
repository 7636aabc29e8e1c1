import type { Metadata } from "next";
import Link from "next/link";
import { QUESTION_BANK } from "@/lib/questions/bank";
import { currentUser } from "@/server/auth/current-user";
import { HISTORY_PAGE_SIZE, listHistory } from "@/server/persistence/history";
import { HistoryFilters } from "./_components/history-filters";
import { HistoryTable } from "./_components/history-table";
import { Pagination } from "./_components/pagination";
import { ZHistorySearch } from "./_components/search-params";

export const metadata: Metadata = { title: "Session history" };

const linkClass = "text-brand-600 hover:underline dark:text-brand-400";
// A link inside a sentence is underlined: its colour alone doesn't set it apart from the text (WCAG 1.4.1).
const proseLink = "text-brand-600 underline dark:text-brand-400";

export default async function HistoryPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const search = ZHistorySearch.parse(await searchParams);
  // The layout has already redirected anonymous visitors.
  const user = await currentUser();
  const history = user
    ? await listHistory(user.id, { role: search.role, questionId: search.question, page: search.page })
    : { rows: [], total: 0, page: 1, pageCount: 1 };
  const filtered = Boolean(search.role || search.question);
  const first = (history.page - 1) * HISTORY_PAGE_SIZE + 1;
  const last = first + history.rows.length - 1;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <div>
          <h1 className="text-2xl font-semibold">Session history</h1>
          <p className="mt-1 text-slate-600 dark:text-slate-400">
            Every interview you took part in, newest first.
          </p>
        </div>
        <Link href="/progress" className={`text-sm ${linkClass}`}>
          See your progress
        </Link>
      </div>

      <HistoryFilters search={search} questions={QUESTION_BANK.map((q) => ({ id: q.id, title: q.title }))} />

      <section aria-labelledby="sessions-heading" className="space-y-4">
        <h2 id="sessions-heading" className="sr-only">
          Sessions
        </h2>
        {history.total === 0 ? (
          filtered ? (
            <p className="text-slate-600 dark:text-slate-400">
              No sessions match these filters.{" "}
              <Link href="/history" className={proseLink}>
                Show all sessions
              </Link>
              .
            </p>
          ) : (
            <p className="text-slate-600 dark:text-slate-400">
              You have no sessions yet. Start an interview or find a partner on your{" "}
              <Link href="/dashboard" className={proseLink}>
                dashboard
              </Link>
              .
            </p>
          )
        ) : (
          <>
            <p className="text-sm text-slate-600 dark:text-slate-400">
              {first === last ? `Session ${first}` : `Sessions ${first}–${last}`} of {history.total}
              {filtered ? " matching these filters" : ""}.
            </p>
            <HistoryTable rows={history.rows} caption="Your sessions, newest first" />
            {history.pageCount > 1 && (
              <Pagination search={search} page={history.page} pageCount={history.pageCount} />
            )}
          </>
        )}
      </section>
    </div>
  );
}
