import type { Metadata } from "next";
import Link from "next/link";
import { QUESTION_BANK } from "@/lib/questions/bank";
import { currentUser } from "@/server/auth/current-user";
import { listHistory } from "@/server/persistence/history";
import { HistoryTable } from "../history/_components/history-table";
import { FindPartner } from "./_components/find-partner";
import { NewInterviewForm } from "./_components/new-interview-form";

export const metadata: Metadata = { title: "Dashboard" };

/** The latest few; the rest are on /history. */
const DASHBOARD_SESSIONS = 5;

export default async function DashboardPage() {
  // The layout has already redirected anonymous visitors.
  const user = await currentUser();
  const first = user?.name.split(/\s+/)[0] ?? "";
  const sessions = user ? (await listHistory(user.id, { page: 1, pageSize: DASHBOARD_SESSIONS })).rows : [];
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Welcome, {first}</h1>
        <p className="mt-1 text-slate-600 dark:text-slate-400">This is where your interviews will live.</p>
      </div>
      <div className="grid gap-4 md:grid-cols-2">
        <section
          aria-labelledby="next-interview"
          className="rounded-lg border border-slate-200 p-5 dark:border-slate-800"
        >
          <h2 id="next-interview" className="font-medium">
            Start an interview
          </h2>
          <p className="mt-1 mb-4 text-sm text-slate-600 dark:text-slate-400">
            Pick your seat and a question; you get an invite link for your partner, who takes the other seat.
          </p>
          <NewInterviewForm questions={QUESTION_BANK.map((q) => ({ id: q.id, title: q.title }))} />
        </section>
        <section
          aria-labelledby="find-partner"
          className="rounded-lg border border-slate-200 p-5 dark:border-slate-800"
        >
          <h2 id="find-partner" className="font-medium">
            Find a partner
          </h2>
          <p className="mt-1 mb-4 text-sm text-slate-600 dark:text-slate-400">
            No one to practise with? Wait here to be paired with someone at your level.
          </p>
          <FindPartner />
        </section>
        <section
          aria-labelledby="history"
          className="rounded-lg border border-slate-200 p-5 md:col-span-2 dark:border-slate-800"
        >
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 id="history" className="font-medium">
              Your sessions
            </h2>
            <p className="flex gap-4 text-sm">
              <Link href="/history" className="text-brand-600 hover:underline dark:text-brand-400">
                All sessions
              </Link>
              <Link href="/progress" className="text-brand-600 hover:underline dark:text-brand-400">
                Progress
              </Link>
            </p>
          </div>
          {sessions.length === 0 ? (
            <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
              No sessions yet. Start one above, or find a partner.
            </p>
          ) : (
            <div className="mt-2">
              <HistoryTable rows={sessions} caption="Your latest sessions" />
            </div>
          )}
        </section>
      </div>
    </div>
  );
}
