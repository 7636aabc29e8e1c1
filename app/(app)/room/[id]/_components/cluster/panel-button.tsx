"use client";

import { type ReactNode, useId } from "react";
import type { TRoomOpInput } from "@/lib/room";
import type { PanelButton } from "./commands";

/**
 * One PanelButton: sends its op, or sits disabled with its reason beside it (visible, in the tooltip, and as the
 * button's accessible description). The accessible name is always the label; `children` only changes what is
 * drawn (the node list shows "crash" for "Crash n2").
 */
export function PanelButtonView(props: {
  button: PanelButton;
  disabled: boolean;
  send: (op: TRoomOpInput) => void;
  className: string;
  children?: ReactNode;
}) {
  const { button } = props;
  const reasonId = useId();
  return (
    <span className="inline-flex items-center gap-1">
      <button
        type="button"
        className={props.className}
        disabled={props.disabled || button.op === null}
        aria-label={props.children === undefined ? undefined : button.label}
        aria-describedby={button.reason ? reasonId : undefined}
        title={button.reason ?? undefined}
        onClick={() => button.op && props.send(button.op)}
      >
        {props.children ?? button.label}
      </button>
      {button.reason && (
        <span id={reasonId} className="text-xs text-slate-500 dark:text-slate-400">
          {button.reason}
        </span>
      )}
    </span>
  );
}
