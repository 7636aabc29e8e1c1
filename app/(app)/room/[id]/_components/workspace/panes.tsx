"use client";

import { type ReactNode, useRef } from "react";
import type { TLayoutAction, TPane, TWorkspaceLayout } from "./layout-state";
import { Splitter } from "./splitter";

const paneButton =
  "rounded border border-slate-300 bg-white px-2 py-0.5 text-xs font-medium text-slate-700 hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200 dark:hover:bg-slate-800";

const NAMES: Record<TPane, { name: string; key: string }> = {
  board: { name: "whiteboard", key: "B" },
  cluster: { name: "cluster", key: "C" },
};

/** A pane's own button: fill the main area with it, or give the other pane its place back. */
export function MaximiseButton(props: {
  pane: TPane;
  maximised: TPane | null;
  dispatch: (a: TLayoutAction) => void;
}) {
  const on = props.maximised === props.pane;
  const { name, key } = NAMES[props.pane];
  return (
    <button
      type="button"
      className={paneButton}
      aria-label={on ? "Restore the split view" : `Maximise ${name}`}
      aria-keyshortcuts={key.toLowerCase()}
      title={`${on ? "Restore the split view" : `Maximise the ${name}`} (${key})`}
      onClick={() => props.dispatch({ type: "pane.toggleMaximised", pane: props.pane })}
    >
      {on ? "Restore" : "Maximise"}
    </button>
  );
}

/**
 * The main area: the whiteboard and the cluster side by side with a splitter between them, or one of them
 * filling it. A hidden pane stays mounted (the board keeps its scene and undo stack, the cluster its simulation).
 */
export function Panes(props: {
  layout: TWorkspaceLayout;
  dispatch: (a: TLayoutAction) => void;
  board: (actions: ReactNode) => ReactNode;
  cluster: (actions: ReactNode) => ReactNode;
  /** Where the call's video tiles float, over the panes' corner. */
  dockRef: (el: HTMLDivElement | null) => void;
}) {
  const container = useRef<HTMLDivElement>(null);
  const { layout, dispatch } = props;
  const max = layout.maximised;
  return (
    <div ref={container} className="relative flex min-h-0 min-w-0 flex-1 p-2">
      <div
        id="pane-board"
        data-pane="board"
        hidden={max === "cluster"}
        className="flex min-h-0 min-w-0 flex-col"
        style={{ flex: max === "board" ? "1 1 0%" : `0 0 ${layout.split}%` }}
      >
        {props.board(<MaximiseButton pane="board" maximised={max} dispatch={dispatch} />)}
      </div>
      {max === null && (
        <Splitter split={layout.split} container={container} controls="pane-board" dispatch={dispatch} />
      )}
      <div
        id="pane-cluster"
        data-pane="cluster"
        hidden={max === "board"}
        className="min-h-0 min-w-0 flex-1 overflow-y-auto"
      >
        {props.cluster(<MaximiseButton pane="cluster" maximised={max} dispatch={dispatch} />)}
      </div>
      <div ref={props.dockRef} className="pointer-events-none absolute right-4 bottom-4 z-20 flex gap-2" />
    </div>
  );
}
