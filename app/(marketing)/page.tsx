import Link from "next/link";
import { primaryButton, secondaryButton } from "@/app/_components/ui/button-styles";
import { Logo } from "@/app/_components/ui/logo";
import { currentUser } from "@/server/auth/current-user";

const FRAMEWORK = [
  ["Requirements", "Pin down how fresh the data must be before drawing a single box."],
  ["High-level design", "Pick a replication strategy and say why it fits."],
  ["Data model", "Hash or range partitioning, and how the ring grows without reshuffling everything."],
  ["Failure handling", "Crashed nodes and split networks: who keeps serving, and what do they return?"],
  ["Trade-offs", "Name the CAP and PACELC choice and what the user notices because of it."],
] as const;

const FEATURES = [
  [
    "A live room for two",
    "Interviewer and candidate share one room in real time, then swap seats for round two.",
  ],
  ["A shared whiteboard", "Sketch load balancers, caches, queues and shards together while you talk."],
  [
    "A cluster you can break",
    "Run a simulated quorum store or Raft group; the interviewer crashes nodes, splits the network and skews clocks, and a checker flags stale reads and lost writes.",
  ],
  [
    "A rubric that means something",
    "Scores follow the five interview steps, with evidence pinned to the moment it happened.",
  ],
  ["Replay", "Watch any past session again on a timeline: board, cluster, chat and scores."],
] as const;

export default async function LandingPage() {
  const user = await currentUser();
  return (
    <div className="mx-auto flex min-h-dvh max-w-5xl flex-col px-6">
      <header className="flex items-center justify-between py-5">
        <Logo />
        <nav aria-label="Account" className="flex items-center gap-3">
          {user ? (
            <Link href="/dashboard" className={primaryButton}>
              Go to dashboard
            </Link>
          ) : (
            <>
              <Link href="/signin" className="text-sm font-medium hover:underline">
                Sign in
              </Link>
              <Link href="/signup" className={primaryButton}>
                Create account
              </Link>
            </>
          )}
        </nav>
      </header>

      <main className="flex-1">
        <section className="py-16 sm:py-24">
          <h1 className="max-w-3xl text-4xl font-bold tracking-tight sm:text-5xl">
            Practise distributed-systems design interviews the way they really go.
          </h1>
          <p className="mt-6 max-w-2xl text-lg text-slate-600 dark:text-slate-300">
            Quorum pairs you with a partner for a mock system-design interview. One of you designs, the other
            probes and breaks things, and a simulated cluster shows what CAP, quorums and consensus actually
            do when a network splits.
          </p>
          <div className="mt-8 flex flex-wrap gap-3">
            <Link href={user ? "/dashboard" : "/signup"} className={primaryButton}>
              {user ? "Open your dashboard" : "Start practising — it's free"}
            </Link>
            {!user && (
              <Link href="/signin" className={secondaryButton}>
                I already have an account
              </Link>
            )}
          </div>
        </section>

        <section aria-labelledby="features" className="py-10">
          <h2 id="features" className="text-2xl font-semibold">
            What you get in a session
          </h2>
          <ul className="mt-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {FEATURES.map(([title, text]) => (
              <li key={title} className="rounded-lg border border-slate-200 p-5 dark:border-slate-800">
                <h3 className="font-medium">{title}</h3>
                <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">{text}</p>
              </li>
            ))}
          </ul>
        </section>

        <section aria-labelledby="framework" className="py-10">
          <h2 id="framework" className="text-2xl font-semibold">
            Five steps, every interview
          </h2>
          <ol className="mt-6 grid gap-3 sm:grid-cols-5">
            {FRAMEWORK.map(([step, text], i) => (
              <li key={step} className="rounded-lg bg-slate-50 p-4 dark:bg-slate-900">
                <p className="text-xs font-semibold text-brand-600 dark:text-brand-400">Step {i + 1}</p>
                <h3 className="mt-1 font-medium">{step}</h3>
                <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">{text}</p>
              </li>
            ))}
          </ol>
        </section>
      </main>

      <footer className="border-t border-slate-200 py-6 text-sm text-slate-500 dark:border-slate-800 dark:text-slate-400">
        Quorum — practice for the interview where the network is allowed to fail.
      </footer>
    </div>
  );
}
