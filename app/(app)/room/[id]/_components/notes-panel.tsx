"use client";

import { useSessionDraft } from "@/app/_components/use-session-draft";
import { formatClock, type Note, ROOM_LIMITS } from "@/lib/room";

/** Interviewer-only notes, each stamped with the interview clock. The server never sends these to the candidate. */
export function NotesPanel(props: {
  notes: Note[];
  disabled: boolean;
  /** Absent in a replay (read-only). */
  onAdd?: (text: string) => void;
  /** Heading note; defaults to the live room's "only you see these". */
  audience?: string;
  /** Keeps the unsent draft across a reload of the tab, under this key. */
  draftKey?: string;
}) {
  const [draft, setDraft] = useSessionDraft(props.draftKey);
  return (
    <section
      aria-labelledby="notes-heading"
      className="rounded-lg border border-amber-300 bg-amber-50/50 dark:border-amber-800 dark:bg-amber-950/20"
    >
      <h2
        id="notes-heading"
        className="border-b border-amber-200 px-3 py-2 text-sm font-medium dark:border-amber-900"
      >
        Private notes{" "}
        <span className="font-normal text-slate-500 dark:text-slate-400">
          ({props.audience ?? "only you see these"})
        </span>
      </h2>
      <ol aria-label="Private notes" className="max-h-40 space-y-1.5 overflow-y-auto px-3 py-2 text-sm">
        {props.notes.length === 0 && <li className="text-slate-500 dark:text-slate-400">No notes yet.</li>}
        {props.notes.map((n) => (
          <li key={n.seq}>
            <span className="mr-2 font-mono text-xs text-slate-500 dark:text-slate-400">
              {formatClock(n.clockMs)}
            </span>
            <span className="break-words whitespace-pre-wrap">{n.text}</span>
          </li>
        ))}
      </ol>
      {props.onAdd && (
        <form
          className="space-y-2 border-t border-amber-200 p-2 dark:border-amber-900"
          onSubmit={(e) => {
            e.preventDefault();
            const text = draft.trim();
            if (!text) return;
            props.onAdd?.(text);
            setDraft("");
          }}
        >
          <label htmlFor="note-input" className="sr-only">
            Private note
          </label>
          <textarea
            id="note-input"
            rows={2}
            value={draft}
            maxLength={ROOM_LIMITS.noteMaxChars}
            disabled={props.disabled}
            onChange={(e) => setDraft(e.target.value)}
            placeholder="What did the candidate just do well or miss?"
            className="block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900"
          />
          <button
            type="submit"
            disabled={props.disabled || !draft.trim()}
            className="rounded-md bg-amber-600 px-3 py-1 text-sm font-medium text-white disabled:opacity-50"
          >
            Add note
          </button>
        </form>
      )}
    </section>
  );
}
