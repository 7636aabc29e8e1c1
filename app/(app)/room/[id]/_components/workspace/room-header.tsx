"use client";

import Link from "next/link";
import type { ReactNode } from "react";

const DASHBOARD = { href: "/dashboard", label: "Quorum dashboard", title: "Back to your dashboard" };

/**
 * What must always be in view, in two lines (down to 1024 px wide): who you are in this interview and its
 * question, and what goes beside them (the people and the call live; the recorded audio in a replay); then the
 * phases, the clock and its controls, and the workspace's own buttons. A replay adds a third line, its timeline,
 * as `children`.
 */
export function RoomHeader(props: {
  title: string;
  /** "You are interviewing · In progress". */
  seatLine: string;
  /** The first line's, after the question. */
  aside: ReactNode;
  toolbar: ReactNode;
  phases: ReactNode;
  clock: string;
  /** The interviewer's clock controls (null for the candidate, once the interview has ended, and in a replay). */
  controls?: ReactNode;
  /** Where the logo goes: the dashboard, or home for someone with no account (a share link's visitor). */
  home?: { href: string; label: string; title: string };
  children?: ReactNode;
}) {
  const home = props.home ?? DASHBOARD;
  return (
    <header className="shrink-0 space-y-1 border-b border-slate-200 bg-white px-3 py-1.5 dark:border-slate-800 dark:bg-slate-950">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1">
        <Link href={home.href} aria-label={home.label} title={home.title} className="shrink-0 text-brand-500">
          <svg viewBox="0 0 24 24" className="size-6" aria-hidden="true">
            <circle cx="12" cy="5" r="2.6" fill="currentColor" />
            <circle cx="5" cy="17" r="2.6" fill="currentColor" />
            <circle cx="19" cy="17" r="2.6" fill="currentColor" />
            <path d="M12 5 5 17h14Z" fill="none" stroke="currentColor" strokeWidth="1.4" />
          </svg>
        </Link>
        <div className="min-w-48 flex-1">
          <p className="text-[11px] leading-tight font-medium tracking-wide text-slate-500 uppercase dark:text-slate-400">
            {props.seatLine}
          </p>
          <h1 className="truncate text-base leading-snug font-semibold" title={props.title}>
            {props.title}
          </h1>
        </div>
        {props.aside}
      </div>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        {/* Sized by its content, so the clock moves to a line of its own before the phases squeeze. */}
        <div className="min-w-0 flex-auto">{props.phases}</div>
        <output aria-label="Interview clock" className="font-mono text-2xl leading-none tabular-nums">
          {props.clock}
        </output>
        {props.controls}
        {props.toolbar}
      </div>
      {props.children}
    </header>
  );
}
