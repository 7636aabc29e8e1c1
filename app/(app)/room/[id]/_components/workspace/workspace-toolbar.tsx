"use client";

import type { RefObject } from "react";

const tool =
  "inline-flex items-center gap-1 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm font-medium whitespace-nowrap text-slate-800 hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-60 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800";
const kbd = "rounded border border-slate-300 px-1 font-mono text-[11px] text-slate-500 dark:border-slate-600";

/** The header's workspace buttons: an evidence note (interviewer), the shortcut sheet and the side panel. */
export function WorkspaceToolbar(props: {
  evidence: { available: boolean; open: () => void } | null;
  onHelp: () => void;
  rail: {
    open: boolean;
    toggle: () => void;
    ref: RefObject<HTMLButtonElement | null>;
    unread: number;
    disabled: boolean;
  };
}) {
  const { rail } = props;
  return (
    <div className="flex items-center gap-1.5">
      {props.evidence && (
        <button
          type="button"
          className={tool}
          aria-keyshortcuts="e"
          title={
            props.evidence.available
              ? "Write an evidence note for a rubric dimension (E)"
              : "Evidence notes need a scorecard draft: from the start of the clock until you submit it"
          }
          disabled={!props.evidence.available}
          onClick={props.evidence.open}
        >
          Evidence note <kbd className={kbd}>E</kbd>
        </button>
      )}
      <button
        type="button"
        className={tool}
        aria-label="Keyboard shortcuts"
        aria-keyshortcuts="Shift+?"
        title="Keyboard shortcuts (?)"
        onClick={props.onHelp}
      >
        <kbd className={kbd}>?</kbd>
      </button>
      {!rail.disabled && (
        <button
          ref={rail.ref}
          type="button"
          className={`${tool} relative`}
          aria-expanded={rail.open}
          aria-controls="side-rail"
          aria-keyshortcuts="s"
          aria-label={rail.unread > 0 ? `Side panel, ${rail.unread} unread in chat` : "Side panel"}
          title={`${rail.open ? "Hide" : "Show"} the side panel (S)`}
          onClick={rail.toggle}
        >
          <svg viewBox="0 0 20 20" className="size-4" aria-hidden="true">
            <rect x="2.5" y="3.5" width="15" height="13" rx="2" fill="none" stroke="currentColor" />
            <rect x="12" y="4" width="5" height="12" fill="currentColor" opacity={rail.open ? 0.6 : 0.15} />
          </svg>
          {rail.unread > 0 && (
            <span
              aria-hidden="true"
              className="absolute -top-1.5 -right-1.5 min-w-4 rounded-full bg-brand-600 px-1 text-[10px] leading-4 font-semibold text-white"
            >
              {rail.unread}
            </span>
          )}
        </button>
      )}
    </div>
  );
}
