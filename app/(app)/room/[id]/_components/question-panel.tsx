import { PHASES } from "@/lib/room";

/** The question's prompt, and what the current phase is for (the header's phase bar has room for titles only). */
export function QuestionPanel(props: { prompt: string; phase: number }) {
  const current = PHASES[props.phase];
  return (
    <div className="space-y-3 text-sm">
      <section
        aria-labelledby="prompt-heading"
        className="rounded-lg border border-slate-200 p-3 dark:border-slate-800"
      >
        <h2 id="prompt-heading" className="font-medium text-slate-500 dark:text-slate-400">
          The question
        </h2>
        <p className="mt-1.5 leading-relaxed">{props.prompt}</p>
      </section>
      {current && (
        <section
          aria-labelledby="phase-focus-heading"
          className="rounded-lg bg-slate-50 p-3 dark:bg-slate-900"
        >
          <h2 id="phase-focus-heading" className="font-medium text-slate-500 dark:text-slate-400">
            Now: {current.title} ({current.budgetMinutes} min)
          </h2>
          <p className="mt-1.5">{current.focus}</p>
        </section>
      )}
    </div>
  );
}
