"use client";

import { type ReactNode, useRef } from "react";
import type { TRailTab } from "./layout-state";

export interface TRailPanel {
  id: TRailTab;
  label: string;
  content: ReactNode;
  /** Stretch the content to the panel's height (the chat keeps its box at the bottom) instead of scrolling it. */
  fill?: boolean;
}

/**
 * The side rail: tabs (the WAI-ARIA tabs pattern, activated as the arrow keys move) over one panel each. Every
 * panel stays mounted while hidden, so drafts, the scorecard's unsaved edits and scroll positions survive.
 * `mode` docked sits beside the panes; drawer floats over them (smaller screens); full takes the whole width.
 */
export function SideRail(props: {
  panels: readonly TRailPanel[];
  active: TRailTab;
  onSelect: (tab: TRailTab) => void;
  unread: number;
  mode: "docked" | "drawer" | "full";
  open: boolean;
  onClose: () => void;
}) {
  const tabs = useRef(new Map<TRailTab, HTMLButtonElement>());
  const select = (i: number) => {
    const n = props.panels.length;
    const next = props.panels[(i + n) % n];
    if (!next) return;
    props.onSelect(next.id);
    tabs.current.get(next.id)?.focus();
  };
  const at = props.panels.findIndex((p) => p.id === props.active);
  const place = {
    docked: "w-[clamp(21rem,26vw,28rem)] shrink-0 border-l",
    drawer: "absolute inset-y-0 right-0 z-30 w-[min(24rem,90vw)] border-l shadow-2xl",
    full: "min-w-0 flex-1",
  }[props.mode];

  return (
    <aside
      id="side-rail"
      aria-label="Side panel"
      hidden={!props.open}
      data-mode={props.mode}
      className={`flex min-h-0 flex-col border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-950 ${place}`}
      onKeyDown={(e) => {
        if (props.mode === "drawer" && e.key === "Escape" && !e.defaultPrevented) props.onClose();
      }}
    >
      <div
        role="tablist"
        aria-label="Side panel tabs"
        className="flex shrink-0 gap-0.5 overflow-x-auto border-b border-slate-200 px-1 pt-1 dark:border-slate-800"
      >
        {props.panels.map((p, i) => {
          const selected = p.id === props.active;
          return (
            <button
              key={p.id}
              ref={(el) => {
                if (el) tabs.current.set(p.id, el);
                else tabs.current.delete(p.id);
              }}
              type="button"
              role="tab"
              id={`rail-tab-${p.id}`}
              aria-selected={selected}
              aria-label={
                p.id === "chat" && props.unread > 0 ? `${p.label}, ${props.unread} unread` : undefined
              }
              aria-controls={`rail-panel-${p.id}`}
              aria-keyshortcuts={i < 5 ? String(i + 1) : undefined}
              tabIndex={selected ? 0 : -1}
              title={`${p.label} (${i + 1})`}
              onClick={() => props.onSelect(p.id)}
              onKeyDown={(e) => {
                const to = { ArrowLeft: at - 1, ArrowRight: at + 1, Home: 0, End: props.panels.length - 1 }[
                  e.key
                ];
                if (to === undefined) return;
                e.preventDefault();
                select(to);
              }}
              className={`-mb-px flex items-center gap-1 rounded-t-md border border-b-0 px-1.5 py-1.5 text-[13px] whitespace-nowrap ${
                selected
                  ? "border-slate-200 bg-white font-medium text-slate-900 dark:border-slate-800 dark:bg-slate-950 dark:text-slate-100"
                  : "border-transparent text-slate-600 hover:bg-slate-100 dark:text-slate-400 dark:hover:bg-slate-900"
              }`}
            >
              {p.label}
              {p.id === "chat" && props.unread > 0 && (
                <span
                  aria-hidden="true"
                  className="min-w-4 rounded-full bg-brand-600 px-1 text-center text-[11px] leading-4 font-semibold text-white"
                >
                  {props.unread}
                </span>
              )}
            </button>
          );
        })}
      </div>
      {props.panels.map((p) => (
        <div
          key={p.id}
          role="tabpanel"
          id={`rail-panel-${p.id}`}
          aria-labelledby={`rail-tab-${p.id}`}
          hidden={p.id !== props.active}
          className={`min-h-0 flex-1 p-2 ${p.fill ? "flex flex-col *:min-h-0 *:flex-1" : "overflow-y-auto"}`}
        >
          {p.content}
        </div>
      ))}
    </aside>
  );
}
