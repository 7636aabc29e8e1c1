"use client";

import type { TInterviewerNotes } from "@/lib/questions/schema";
import { PHASES } from "@/lib/room";
import { SCENARIOS } from "@/lib/sim/scenarios/presets";

/**
 * The interviewer's material for the question, opened at the part that fits the current phase. It is rendered
 * only into the interviewer's page (the server leaves it out of the candidate's).
 */
export function InterviewerGuide(props: {
  guide: TInterviewerNotes;
  phase: number;
  disabled: boolean;
  loadPreset: (presetId: string) => void;
}) {
  const g = props.guide;
  const phaseId = PHASES[props.phase]?.id;
  const sections: { id: string; title: string; phases: string[]; body: React.ReactNode }[] = [
    {
      id: "requirements",
      title: "Requirements to elicit",
      phases: ["requirements"],
      body: <List items={g.requirements} />,
    },
    {
      id: "design",
      title: "Expected high-level design",
      phases: ["high_level"],
      body: <List items={g.highLevelDesign} />,
    },
    { id: "data", title: "Data model", phases: ["data_model"], body: <List items={g.dataModel} /> },
    {
      id: "failures",
      title: "Failure scenarios to probe",
      phases: ["failures"],
      body: (
        <ul className="space-y-2">
          {g.failureScenarios.map((f) => (
            <li key={f.probe}>
              <p className="font-medium">{f.probe}</p>
              <p className="text-slate-600 dark:text-slate-400">Strong answer: {f.strongAnswer}</p>
              {f.presetId && (
                <button
                  type="button"
                  disabled={props.disabled}
                  onClick={() => props.loadPreset(f.presetId!)}
                  className="mt-1 text-xs text-brand-600 underline disabled:opacity-50 dark:text-brand-400"
                >
                  Load the cluster scenario “{SCENARIOS.find((s) => s.id === f.presetId)?.title ?? f.presetId}
                  ”
                </button>
              )}
            </li>
          ))}
        </ul>
      ),
    },
    {
      id: "tradeoffs",
      title: "Trade-offs",
      phases: ["tradeoffs"],
      body: (
        <ul className="space-y-1">
          {g.tradeOffs.map((t) => (
            <li key={t.decision}>
              <span className="font-medium">{t.decision}:</span> {t.discussion}
            </li>
          ))}
        </ul>
      ),
    },
    {
      id: "followups",
      title: "Follow-up questions and model answers",
      phases: [],
      body: (
        <ul className="space-y-2">
          {g.followUps.map((f) => (
            <li key={f.question}>
              <p className="font-medium">{f.question}</p>
              <details>
                <summary className="cursor-pointer text-slate-500 dark:text-slate-400">Model answer</summary>
                <p className="mt-1">{f.modelAnswer}</p>
              </details>
            </li>
          ))}
        </ul>
      ),
    },
    { id: "redflags", title: "Red flags", phases: [], body: <List items={g.redFlags} /> },
  ];
  return (
    <section
      aria-labelledby="guide-heading"
      className="rounded-lg border border-slate-200 p-3 text-sm dark:border-slate-800"
    >
      <h2 id="guide-heading" className="mb-2 font-medium">
        Interviewer guide{" "}
        <span className="font-normal text-slate-500 dark:text-slate-400">(only you see this)</span>
      </h2>
      {sections.map((s) => (
        <details
          key={s.id}
          open={phaseId !== undefined && s.phases.includes(phaseId)}
          className="border-t border-slate-100 py-1.5 dark:border-slate-800"
        >
          <summary className="cursor-pointer font-medium">{s.title}</summary>
          <div className="mt-1.5 text-xs leading-relaxed">{s.body}</div>
        </details>
      ))}
    </section>
  );
}

function List({ items }: { items: readonly string[] }) {
  return (
    <ul className="list-disc space-y-1 pl-4">
      {items.map((i) => (
        <li key={i}>{i}</li>
      ))}
    </ul>
  );
}
