import type { Metadata } from "next";
import Link from "next/link";
import { buildProgress, TREND_WINDOW } from "@/lib/progress";
import { questionById } from "@/lib/questions/bank";
import { currentUser } from "@/server/auth/current-user";
import { progressFor } from "@/server/persistence/history";
import { ConceptCoverage } from "./_components/concept-coverage";
import { ScoreChart } from "./_components/score-chart";

export const metadata: Metadata = { title: "Progress" };

const linkClass = "text-brand-600 hover:underline dark:text-brand-400";

export default async function ProgressPage() {
  // The layout has already redirected anonymous visitors.
  const user = await currentUser();
  const sessions = user ? await progressFor(user.id) : [];

  if (sessions.length === 0) {
    return (
      <div className="space-y-3">
        <h1 className="text-2xl font-semibold">Your progress</h1>
        <p className="text-slate-600 dark:text-slate-400">
          Your progress appears after your first scored interview as a candidate.
        </p>
        <p>
          <Link href="/dashboard" className={linkClass}>
            Find a partner or start an interview
          </Link>
        </p>
      </div>
    );
  }

  const progress = buildProgress(sessions);
  const questionTitles = Object.fromEntries(
    progress.sessions.map((s) => [s.roomId, questionById(s.questionId)?.title ?? s.questionId]),
  );
  const n = progress.sessions.length;

  return (
    <div className="space-y-10">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <div>
          <h1 className="text-2xl font-semibold">Your progress</h1>
          <p className="mt-1 text-slate-600 dark:text-slate-400">
            From the {n === 1 ? "scorecard" : `${n} scorecards`} you received as a candidate, oldest on the
            left.
          </p>
        </div>
        <Link href="/history?role=candidate" className={`text-sm ${linkClass}`}>
          Your sessions as a candidate
        </Link>
      </div>

      <section aria-labelledby="scores-heading" className="space-y-4">
        <div>
          <h2 id="scores-heading" className="text-lg font-medium">
            Scores by rubric dimension
          </h2>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            1 = not shown, 4 = outstanding. The trend compares your latest score with the average of up to{" "}
            {TREND_WINDOW} sessions before it.
          </p>
        </div>
        <div className="grid gap-4 md:grid-cols-2 lg:grid-cols-3">
          {progress.dimensions.map((d) => (
            <ScoreChart key={d.id} dimension={d} questionTitles={questionTitles} />
          ))}
        </div>
      </section>

      <section aria-labelledby="coverage-heading" className="space-y-4">
        <h2 id="coverage-heading" className="text-lg font-medium">
          Concept checklist coverage
        </h2>
        <ConceptCoverage coverage={progress.coverage} questionTitles={questionTitles} />
      </section>
    </div>
  );
}
