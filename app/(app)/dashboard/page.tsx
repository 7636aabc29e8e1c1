import type { Metadata } from "next";
import { currentUser } from "@/server/auth/current-user";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  // The layout has already redirected anonymous visitors.
  const user = await currentUser();
  const first = user?.name.split(/\s+/)[0] ?? "";
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
            Interviews
          </h2>
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
            Live rooms with a partner are being built. When they arrive, you will start one here, pick your
            role and a question, and share an invite link.
          </p>
        </section>
        <section
          aria-labelledby="history"
          className="rounded-lg border border-slate-200 p-5 dark:border-slate-800"
        >
          <h2 id="history" className="font-medium">
            Your sessions
          </h2>
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
            No sessions yet. Past interviews, scores and replays will be listed here.
          </p>
        </section>
      </div>
    </div>
  );
}
