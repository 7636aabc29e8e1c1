"use client";

import Link from "next/link";
import type { ReactNode } from "react";

/**
 * What must always be in view, in two lines: who you are in this interview and its question, the people, the
 * call and the workspace's own buttons; then the phases, the clock and its controls.
 */
export function RoomHeader(props: {
  title: string;
  /** "You are interviewing · In progress". */
  seatLine: string;
  clock: string;
  phases: ReactNode;
  presence: ReactNode;
  call: ReactNode;
  /** The interviewer's clock controls (null for the candidate, and once the interview has ended). */
  controls: ReactNode;
  toolbar: ReactNode;
}) {
  return (
    <header className="shrink-0 space-y-1 border-b border-slate-200 bg-white px-3 py-1.5 dark:border-slate-800 dark:bg-slate-950">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1">
        <Link
          href="/dashboard"
          aria-label="Quorum dashboard"
          title="Back to your dashboard"
          className="shrink-0 text-brand-500"
        >
          <svg viewBox="0 0 24 24" className="size-6" aria-hidden="true">
            <circle cx="12" cy="5" r="2.6" fill="currentColor" />
            <circle cx="5" cy="17" r="2.6" fill="currentColor" />
            <circle cx="19" cy="17" r="2.6" fill="currentColor" />
            <path d="M12 5 5 17h14Z" fill="none" stroke="currentColor" strokeWidth="1.4" />
          </svg>
        </Link>
        <div className="min-w-48 flex-1">
          <p className="text-[11px] leading-tight font-medium tracking-wide text-slate-500 uppercase">
            {props.seatLine}
          </p>
          <h1 className="truncate text-base leading-snug font-semibold" title={props.title}>
            {props.title}
          </h1>
        </div>
        {props.presence}
        {props.call}
        {props.toolbar}
      </div>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        {/* Sized by its content, so the clock moves to a line of its own before the phases squeeze. */}
        <div className="min-w-0 flex-auto">{props.phases}</div>
        <output aria-label="Interview clock" className="font-mono text-2xl leading-none tabular-nums">
          {props.clock}
        </output>
        {props.controls}
      </div>
    </header>
  );
}
