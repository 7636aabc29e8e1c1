"use client";

import { useEffect, useRef, useState } from "react";
import type { TRole } from "@/lib/room";
import { CallRecorder } from "./call-recorder";

/** How long a clicked box waits for the room to confirm the choice before showing the stored one again. */
const PENDING_CONSENT_MS = 5_000;

/**
 * "Record this call": each person's agreement (stored in the room's log) and who has agreed so far. Unchecking
 * is how either of them stops it. (The indicator while both agree is in the call's bar, always in view.)
 */
export function RecordingControl(props: {
  consent: { interviewer: boolean; candidate: boolean };
  myRole: TRole;
  partnerName: string;
  disabled: boolean;
  onConsent: (consent: boolean) => void;
}) {
  const agreed = props.consent[props.myRole];
  // The box follows a click at once; the room's log confirms it a moment later (or, if refused, it reverts).
  const [pending, setPending] = useState<boolean | null>(null);
  useEffect(() => {
    if (pending === null) return;
    if (pending === agreed) return setPending(null);
    const t = setTimeout(() => setPending(null), PENDING_CONSENT_MS);
    return () => clearTimeout(t);
  }, [pending, agreed]);
  const mine = pending ?? agreed;
  const theirs = props.consent[props.myRole === "interviewer" ? "candidate" : "interviewer"];
  return (
    <div className="space-y-1 border-t border-slate-200 pt-2 text-sm dark:border-slate-800">
      <label className="flex items-center gap-2">
        <input
          type="checkbox"
          checked={mine}
          disabled={props.disabled}
          onChange={(e) => {
            setPending(e.target.checked);
            props.onConsent(e.target.checked);
          }}
        />
        Record this call
      </label>
      <p className="text-xs text-slate-500 dark:text-slate-400" data-testid="recording-consent">
        {agreed ? "You agreed" : "You haven't agreed"} ·{" "}
        {theirs ? `${props.partnerName} agreed` : `${props.partnerName} hasn't yet`}
      </p>
    </div>
  );
}

/**
 * Runs a CallRecorder on `stream` while `active`: a new run (a new track) each time recording starts or the
 * microphone changes; stopping flushes the last chunk.
 */
export function useCallRecorder(opts: {
  active: boolean;
  roomId: string;
  stream: MediaStream | null;
  clockMs: () => number;
}): string | null {
  const clock = useRef(opts.clockMs);
  clock.current = opts.clockMs;
  const [error, setError] = useState<string | null>(null);
  const track = opts.stream?.getAudioTracks()[0] ?? null;
  const { active, roomId, stream } = opts;
  useEffect(() => {
    if (!active || !stream || !track || typeof MediaRecorder === "undefined") return;
    setError(null);
    let recorder: CallRecorder | null = null;
    try {
      recorder = new CallRecorder(roomId, stream, () => clock.current(), setError);
    } catch {
      setError("This browser can't record audio.");
    }
    return () => void recorder?.stop();
  }, [active, roomId, stream, track]);
  return error;
}
