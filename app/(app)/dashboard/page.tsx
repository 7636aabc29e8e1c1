import type { Metadata } from "next";
import Link from "next/link";
import { QUESTION_BANK, questionById } from "@/lib/questions/bank";
import { RECOMMENDATIONS } from "@/lib/rubric/recommendation";
import { currentUser } from "@/server/auth/current-user";
import { listSessions } from "@/server/persistence/list-sessions";
import { FindPartner } from "./_components/find-partner";
import { NewInterviewForm } from "./_components/new-interview-form";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  // The layout has already redirected anonymous visitors.
  const user = await currentUser();
  const first = user?.name.split(/\s+/)[0] ?? "";
  const sessions = user ? await listSessions(user.id) : [];
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
          <h2 id="history" className="font-medium">
            Your sessions
          </h2>
          {sessions.length === 0 ? (
            <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
              No sessions yet. Start one above, or find a partner.
            </p>
          ) : (
            <table className="mt-3 w-full text-left text-sm">
              <thead className="text-xs text-slate-500">
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Question</th>
                  <th scope="col">Your role</th>
                  <th scope="col">Partner</th>
                  <th scope="col">Status</th>
                  <th scope="col">Scorecard</th>
                </tr>
              </thead>
              <tbody>
                {sessions.map((row) => (
                  <tr key={row.roomId} className="border-t border-slate-100 dark:border-slate-800">
                    <td className="py-1.5">{row.createdAt.toISOString().slice(0, 10)}</td>
                    <td>
                      <Link
                        href={`/room/${row.roomId}`}
                        className="text-brand-600 hover:underline dark:text-brand-400"
                      >
                        {questionById(row.questionId)?.title ?? row.questionId}
                      </Link>
                    </td>
                    <td>{row.role}</td>
                    <td>{row.partnerName ?? "waiting for a partner"}</td>
                    <td>{row.endedAt ? "ended" : "open"}</td>
                    <td>
                      {row.recommendation
                        ? (RECOMMENDATIONS.find((r) => r.id === row.recommendation)?.label ??
                          row.recommendation)
                        : "—"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
    </div>
  );
}
