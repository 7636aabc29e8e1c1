"use client";

import { type RefObject, useRef } from "react";
import { type TLayoutAction, WORKSPACE_LAYOUT } from "./layout-state";

/**
 * The bar between the whiteboard and the cluster (WAI-ARIA window splitter): drag it, or focus it and use the
 * arrow keys (Home and End go as far as it goes); a double click puts it back in the middle.
 */
export function Splitter(props: {
  split: number;
  /** The element both panes share, to turn a pointer position into a share of its width. */
  container: RefObject<HTMLElement | null>;
  controls: string;
  dispatch: (a: TLayoutAction) => void;
}) {
  const dragging = useRef(false);
  const { dispatch } = props;

  const moveTo = (clientX: number) => {
    const box = props.container.current?.getBoundingClientRect();
    if (!box || box.width === 0) return;
    dispatch({ type: "split.set", split: ((clientX - box.left) / box.width) * 100 });
  };

  return (
    // biome-ignore lint/a11y/useSemanticElements: an <hr> can't be focused or dragged; this is the ARIA splitter pattern
    <div
      role="separator"
      tabIndex={0}
      aria-orientation="vertical"
      aria-label="Resize the whiteboard and the cluster"
      aria-controls={props.controls}
      aria-valuenow={Math.round(props.split)}
      aria-valuemin={WORKSPACE_LAYOUT.splitMin}
      aria-valuemax={WORKSPACE_LAYOUT.splitMax}
      aria-valuetext={`Whiteboard ${Math.round(props.split)}% of the width`}
      title="Drag, or focus and use the arrow keys, to resize (double click: reset)"
      className="group relative z-10 flex w-2 shrink-0 cursor-col-resize touch-none items-center justify-center rounded outline-offset-0 hover:bg-brand-100 focus-visible:bg-brand-100 dark:hover:bg-brand-700/30"
      onKeyDown={(e) => {
        const steps = { ArrowLeft: -1, ArrowDown: -1, ArrowRight: 1, ArrowUp: 1 }[e.key];
        if (steps !== undefined) dispatch({ type: "split.nudge", steps });
        else if (e.key === "Home") dispatch({ type: "split.set", split: WORKSPACE_LAYOUT.splitMin });
        else if (e.key === "End") dispatch({ type: "split.set", split: WORKSPACE_LAYOUT.splitMax });
        else if (e.key === "Enter") dispatch({ type: "split.reset" });
        else return;
        e.preventDefault();
      }}
      onDoubleClick={() => dispatch({ type: "split.reset" })}
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        dragging.current = true;
        e.currentTarget.setPointerCapture(e.pointerId);
        e.preventDefault();
      }}
      onPointerMove={(e) => {
        if (dragging.current) moveTo(e.clientX);
      }}
      onPointerUp={(e) => {
        dragging.current = false;
        e.currentTarget.releasePointerCapture(e.pointerId);
      }}
      onPointerCancel={() => {
        dragging.current = false;
      }}
    >
      <span
        aria-hidden="true"
        className="h-10 w-1 rounded-full bg-slate-300 group-hover:bg-brand-500 group-focus-visible:bg-brand-500 dark:bg-slate-700"
      />
    </div>
  );
}
