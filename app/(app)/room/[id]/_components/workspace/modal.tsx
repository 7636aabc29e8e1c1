"use client";

import { type ReactNode, type RefObject, useEffect, useRef } from "react";

/**
 * A modal dialog on the native <dialog> (the page behind is inert, Escape closes it). Focus goes to `initialFocus`
 * (else the first control) and, once closed, back to where it was when the dialog opened.
 */
export function Modal(props: {
  open: boolean;
  onClose: () => void;
  labelledBy: string;
  initialFocus?: RefObject<HTMLElement | null>;
  children: ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);
  const { open, initialFocus } = props;

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      d.showModal();
      initialFocus?.current?.focus();
    } else if (!open && d.open) d.close();
  }, [open, initialFocus]);

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the backdrop click's keyboard twin is Escape, built into <dialog>
    <dialog
      ref={dialog}
      aria-labelledby={props.labelledBy}
      className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-lg border border-slate-200 bg-white p-4 text-slate-900 shadow-2xl backdrop:bg-slate-950/40 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
      onClose={() => {
        props.onClose();
        const back = returnTo.current;
        returnTo.current = null;
        if (back?.isConnected) back.focus();
      }}
      // A click on the backdrop lands on the dialog element itself.
      onClick={(e) => {
        if (e.target === e.currentTarget) e.currentTarget.close();
      }}
    >
      {props.open && props.children}
    </dialog>
  );
}
