"use client";

import { formatClock, PHASES } from "@/lib/room";

/**
 * The five steps with their time budgets; the interviewer can jump to one, the candidate only watches. `compact`
 * is one line for the room's header (the phase's focus moves into a tooltip and the Question tab).
 */
export function PhaseBar(props: {
  phase: number;
  phaseStartedAtMs: number | null;
  clockMs: number;
  canChange: boolean;
  onChange: (phase: number) => void;
  compact?: boolean;
}) {
  const inPhase = props.phaseStartedAtMs === null ? 0 : props.clockMs - props.phaseStartedAtMs;
  const current = PHASES[props.phase]!;
  const over = inPhase > current.budgetMinutes * 60_000;
  return (
    <nav
      aria-label="Interview phases"
      className={props.compact ? "flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1" : "space-y-2"}
    >
      <ol className={props.compact ? "flex min-w-0 flex-wrap gap-1" : "grid grid-cols-5 gap-1.5"}>
        {PHASES.map((p, i) => {
          const active = i === props.phase;
          const done = i < props.phase;
          const cls = active
            ? "border-brand-600 bg-brand-50 text-brand-700 dark:bg-brand-700/20 dark:text-brand-100"
            : done
              ? "border-slate-300 bg-slate-100 text-slate-600 dark:border-slate-700 dark:bg-slate-800 dark:text-slate-300"
              : "border-slate-200 text-slate-500 dark:border-slate-800 dark:text-slate-400";
          // Compact: the budget is in the tooltip (and the current one beside the bar), to keep one line.
          const content = props.compact ? (
            <span
              className="text-xs font-semibold whitespace-nowrap"
              title={`${p.title}, ${p.budgetMinutes} min`}
            >
              {i + 1}
              {/* Below 1440 px only the current phase is named (the others by number, their names in the
                  tooltip and for screen readers), so the header stays two lines on a laptop. */}
              <span className={active ? "" : "max-[90rem]:sr-only"}>. {p.title}</span>
              <span className="sr-only"> {p.budgetMinutes} min</span>
              {active && <span className="sr-only">(current phase)</span>}
            </span>
          ) : (
            <>
              <span className="block text-xs font-semibold">
                {i + 1}. {p.title}
              </span>
              <span className="block text-xs opacity-80">{p.budgetMinutes} min</span>
              {active && <span className="sr-only">(current phase)</span>}
            </>
          );
          const box = props.compact ? "px-1.5 py-0.5" : "px-2 py-1.5";
          return (
            <li
              key={p.id}
              aria-current={active ? "step" : undefined}
              className={props.compact ? "shrink-0" : ""}
            >
              {props.canChange ? (
                <button
                  type="button"
                  onClick={() => props.onChange(i)}
                  disabled={active}
                  aria-label={`Phase ${i + 1}: ${p.title}${active ? " (current)" : ""}`}
                  className={`w-full rounded-md border-2 ${box} text-left hover:border-brand-400 disabled:cursor-default ${cls}`}
                >
                  {content}
                </button>
              ) : (
                <div className={`rounded-md border-2 ${box} ${cls}`}>{content}</div>
              )}
            </li>
          );
        })}
      </ol>
      {props.compact ? (
        <p
          className={`text-xs whitespace-nowrap tabular-nums ${over ? "font-medium text-amber-700 dark:text-amber-400" : "text-slate-500 dark:text-slate-400"}`}
          title={`${current.title}: ${current.focus}`}
        >
          {props.phaseStartedAtMs !== null
            ? `${formatClock(inPhase)} of ${current.budgetMinutes}:00${over ? ", over budget" : ""}`
            : `${current.budgetMinutes}:00 budget`}
        </p>
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          <span className="font-medium text-slate-900 dark:text-slate-100">{current.title}:</span>{" "}
          {current.focus}{" "}
          {props.phaseStartedAtMs !== null && (
            <span className={over ? "font-medium text-amber-700 dark:text-amber-400" : ""}>
              ({formatClock(inPhase)} of {current.budgetMinutes}:00{over ? ", over budget" : ""})
            </span>
          )}
        </p>
      )}
    </nav>
  );
}
