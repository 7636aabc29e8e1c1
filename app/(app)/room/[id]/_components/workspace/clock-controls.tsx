"use client";

import { useState } from "react";
import { PHASES, type RoomStatus, type TRoomOpInput } from "@/lib/room";

const base =
  "rounded-md px-2.5 py-1 text-sm font-medium whitespace-nowrap disabled:cursor-not-allowed disabled:opacity-60";
const primary = `${base} bg-brand-600 text-white hover:bg-brand-700`;
const secondary = `${base} border border-slate-300 bg-white text-slate-800 hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800`;

/** The interviewer's clock: start, pause or resume it, move to the next phase, and end the interview. */
export function ClockControls(props: {
  status: RoomStatus;
  phase: number;
  submit: (op: TRoomOpInput) => void;
}) {
  const [confirmEnd, setConfirmEnd] = useState(false);
  const { status, submit } = props;
  return (
    <div className="flex items-center gap-1.5">
      {status === "ready" || status === "waiting" ? (
        <button
          type="button"
          className={primary}
          disabled={status === "waiting"}
          title={status === "waiting" ? "Your partner hasn't joined yet" : undefined}
          onClick={() => submit({ type: "clock.start" })}
        >
          Start clock
        </button>
      ) : status === "live" ? (
        <button type="button" className={secondary} onClick={() => submit({ type: "clock.pause" })}>
          Pause
        </button>
      ) : (
        <button type="button" className={primary} onClick={() => submit({ type: "clock.resume" })}>
          Resume
        </button>
      )}
      {(status === "live" || status === "paused") && props.phase < PHASES.length - 1 && (
        <button
          type="button"
          className={secondary}
          onClick={() => submit({ type: "phase.set", phase: props.phase + 1 })}
        >
          Next phase
        </button>
      )}
      {confirmEnd ? (
        <>
          <button
            type="button"
            className={`${base} bg-red-600 text-white hover:bg-red-700`}
            onClick={() => {
              submit({ type: "interview.end" });
              setConfirmEnd(false);
            }}
          >
            Yes, end it
          </button>
          <button type="button" className={secondary} onClick={() => setConfirmEnd(false)}>
            Cancel
          </button>
        </>
      ) : (
        <button type="button" className={secondary} onClick={() => setConfirmEnd(true)}>
          End interview
        </button>
      )}
    </div>
  );
}
