"use client";

import { type Ref, useEffect, useImperativeHandle, useRef, useState } from "react";
import { primaryButton, secondaryButton } from "@/app/_components/ui/button-styles";
import { formatClock, type TRoomOpInput } from "@/lib/room";
import {
  CHECKLIST,
  DIMENSIONS,
  EVIDENCE_TEXT_MAX,
  emptyScorecard,
  FEEDBACK_TEXT_MAX,
  RECOMMENDATIONS,
  SCORE_LABELS,
  scorecardProblems,
  TARGET_LEVEL_IDS,
  type TDimensionId,
  type TScore,
  type TScorecardDraft,
} from "@/lib/rubric";

const AUTOSAVE_MS = 1_500;

/** What the rest of the room may do to the draft: add a note written elsewhere (the evidence shortcut). */
export interface RubricHandle {
  addEvidence(dimension: TDimensionId, text: string, clockMs: number): void;
}

/**
 * The interviewer's scorecard: scores 1–4 per dimension with the behaviour each score means, evidence notes
 * stamped with the interview clock, the concept checklist, a recommendation and feedback. The draft autosaves
 * to the room (interviewer-only events); submitting sends the final card, the one thing the candidate receives.
 */
export function RubricPanel(props: {
  questionId: string;
  saved: TScorecardDraft | null;
  clockMs: number;
  send: (op: TRoomOpInput) => void;
  ref?: Ref<RubricHandle>;
}) {
  const [card, setCard] = useState<TScorecardDraft>(
    () => props.saved ?? emptyScorecard(props.questionId, "senior"),
  );
  const [notes, setNotes] = useState<Partial<Record<TDimensionId, string>>>({});
  const [problems, setProblems] = useState<string[]>([]);
  const dirty = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const clock = useRef(props.clockMs);
  clock.current = props.clockMs;
  // The parent re-renders four times a second while the clock runs: keep `send` out of the effect's inputs.
  const send = useRef(props.send);
  send.current = props.send;

  // Autosave a moment after the last change (drafts are interviewer-only events in the room's log).
  useEffect(() => {
    if (!dirty.current) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      dirty.current = false;
      if (scorecardProblems(card, "draft").length === 0) send.current({ type: "scorecard.save", card });
    }, AUTOSAVE_MS);
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, [card]);

  const update = (f: (c: TScorecardDraft) => TScorecardDraft) => {
    dirty.current = true;
    setCard((c) => f(structuredClone(c)));
  };

  const entry = (c: TScorecardDraft, id: TDimensionId) =>
    (c.dimensions[id] ??= { score: null, evidence: [] });

  // A note stamped when it was seen can arrive after one typed here later: keep each list in clock order.
  useImperativeHandle(props.ref, () => ({
    addEvidence: (id, text, clockMs) =>
      update((c) => {
        const list = entry(c, id).evidence;
        list.push({ clockMs: Math.max(0, Math.round(clockMs)), text });
        list.sort((a, b) => a.clockMs - b.clockMs);
        return c;
      }),
  }));

  const submit = () => {
    const found = scorecardProblems(card, "submit").map((p) => p.message);
    setProblems(found);
    if (found.length === 0) props.send({ type: "scorecard.submit", card });
  };

  return (
    <section
      aria-labelledby="rubric-heading"
      className="space-y-3 rounded-lg border border-slate-200 p-3 text-sm dark:border-slate-800"
    >
      <div className="flex items-center justify-between gap-2">
        <h2 id="rubric-heading" className="font-medium">
          Scorecard{" "}
          <span className="font-normal text-slate-500 dark:text-slate-400">(private until you submit)</span>
        </h2>
        <label className="flex items-center gap-1 text-xs">
          Target level
          <select
            value={card.targetLevel}
            onChange={(e) =>
              update((c) => ({ ...c, targetLevel: e.target.value as TScorecardDraft["targetLevel"] }))
            }
            className="rounded border border-slate-300 bg-white px-1 py-0.5 dark:border-slate-700 dark:bg-slate-900"
          >
            {TARGET_LEVEL_IDS.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
      </div>

      {DIMENSIONS.map((d) => {
        const e = card.dimensions[d.id];
        return (
          <fieldset key={d.id} className="space-y-1 border-t border-slate-100 pt-2 dark:border-slate-800">
            <legend className="font-medium">{d.label}</legend>
            <p className="text-xs text-slate-500 dark:text-slate-400">{d.question}</p>
            <div className="flex flex-wrap gap-1">
              {([1, 2, 3, 4] as TScore[]).map((score) => (
                <label
                  key={score}
                  title={d.behaviours[score - 1]}
                  className={`flex cursor-pointer items-center gap-1 rounded border px-1.5 py-0.5 text-xs ${e?.score === score ? "border-brand-600 bg-brand-50 dark:bg-brand-700/20" : "border-slate-200 dark:border-slate-700"}`}
                >
                  <input
                    type="radio"
                    name={`score-${d.id}`}
                    aria-label={`${d.label}: ${score} ${SCORE_LABELS[score]}`}
                    checked={e?.score === score}
                    onChange={() =>
                      update((c) => {
                        entry(c, d.id).score = score;
                        return c;
                      })
                    }
                  />
                  {score} {SCORE_LABELS[score]}
                </label>
              ))}
            </div>
            {e?.score ? (
              <p className="text-xs text-slate-600 dark:text-slate-400">{d.behaviours[e.score - 1]}</p>
            ) : null}
            <ul className="space-y-0.5 text-xs">
              {e?.evidence.map((n, i) => (
                <li key={i}>
                  <span className="mr-1 font-mono text-slate-500 dark:text-slate-400">
                    {formatClock(n.clockMs)}
                  </span>
                  {n.text}
                </li>
              ))}
            </ul>
            <form
              className="flex gap-1"
              onSubmit={(ev) => {
                ev.preventDefault();
                const text = (notes[d.id] ?? "").trim();
                if (!text) return;
                update((c) => {
                  entry(c, d.id).evidence.push({ clockMs: Math.max(0, Math.round(clock.current)), text });
                  return c;
                });
                setNotes({ ...notes, [d.id]: "" });
              }}
            >
              <input
                aria-label={`Evidence for ${d.label}`}
                value={notes[d.id] ?? ""}
                maxLength={EVIDENCE_TEXT_MAX}
                onChange={(ev) => setNotes({ ...notes, [d.id]: ev.target.value })}
                placeholder="What did you see? (stamped with the clock)"
                className="min-w-0 flex-1 rounded border border-slate-300 bg-white px-1.5 py-0.5 text-xs dark:border-slate-700 dark:bg-slate-900"
              />
              <button type="submit" className={`${secondaryButton} px-2 py-0.5 text-xs`}>
                Add
              </button>
            </form>
          </fieldset>
        );
      })}

      <fieldset className="border-t border-slate-100 pt-2 dark:border-slate-800">
        <legend className="font-medium">Concepts used correctly</legend>
        <div className="grid grid-cols-1 gap-0.5 text-xs sm:grid-cols-2">
          {CHECKLIST.map((c) => {
            const ticked = card.checklist.some((t) => t.concept === c.id);
            return (
              <label key={c.id} title={c.correctUse} className="flex items-center gap-1">
                <input
                  type="checkbox"
                  checked={ticked}
                  onChange={(ev) =>
                    update((card) => ({
                      ...card,
                      checklist: ev.target.checked
                        ? [
                            ...card.checklist,
                            { concept: c.id, clockMs: Math.max(0, Math.round(clock.current)) },
                          ]
                        : card.checklist.filter((t) => t.concept !== c.id),
                    }))
                  }
                />
                {c.label}
              </label>
            );
          })}
        </div>
      </fieldset>

      <div className="space-y-2 border-t border-slate-100 pt-2 dark:border-slate-800">
        <label className="flex flex-col gap-0.5 text-xs font-medium">
          Recommendation
          <select
            value={card.recommendation ?? ""}
            onChange={(e) =>
              update((c) => ({
                ...c,
                recommendation: (e.target.value || null) as TScorecardDraft["recommendation"],
              }))
            }
            className="rounded border border-slate-300 bg-white px-1 py-1 font-normal dark:border-slate-700 dark:bg-slate-900"
          >
            <option value="">Choose…</option>
            {RECOMMENDATIONS.map((r) => (
              <option key={r.id} value={r.id}>
                {r.label}
              </option>
            ))}
          </select>
        </label>
        {(["wentWell", "toWorkOn"] as const).map((f) => (
          <label key={f} className="flex flex-col gap-0.5 text-xs font-medium">
            {f === "wentWell" ? "What went well" : "What to work on"}
            <textarea
              rows={2}
              maxLength={FEEDBACK_TEXT_MAX}
              value={card.feedback[f]}
              onChange={(e) => update((c) => ({ ...c, feedback: { ...c.feedback, [f]: e.target.value } }))}
              className="rounded border border-slate-300 bg-white px-1.5 py-1 font-normal dark:border-slate-700 dark:bg-slate-900"
            />
          </label>
        ))}
        {problems.length > 0 && (
          // The alert wraps the list: a role on the <ul> itself would hide that its items are a list.
          <div
            role="alert"
            className="rounded border border-red-300 bg-red-50 py-1 pr-2 pl-5 text-xs text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
          >
            <ul className="list-disc">
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </div>
        )}
        <button type="button" className={primaryButton} onClick={submit}>
          Submit scorecard
        </button>
      </div>
    </section>
  );
}
