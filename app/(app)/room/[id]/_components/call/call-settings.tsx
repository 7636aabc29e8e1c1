"use client";

import { type ReactNode, useEffect, useId, useRef, useState } from "react";
import type { DeviceOption } from "./media";

/**
 * The call's settings behind one button (device pickers, recording consent), so the header keeps only the
 * controls used during the interview. A disclosure: Escape or a click elsewhere closes it.
 */
export function CallSettings(props: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const onClick = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpen(false);
      if (root.current?.contains(document.activeElement)) button.current?.focus();
    };
    document.addEventListener("mousedown", onClick);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("mousedown", onClick);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);
  return (
    <div ref={root} className="relative">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={id}
        title="Microphone, camera and recording"
        onClick={() => setOpen((o) => !o)}
        className="rounded-md border border-slate-300 px-2 py-1 text-xs font-medium hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800"
      >
        Call settings <span aria-hidden="true">▾</span>
      </button>
      <div
        id={id}
        hidden={!open}
        className="absolute top-full right-0 z-40 mt-1 w-72 space-y-2 rounded-lg border border-slate-200 bg-white p-3 text-sm shadow-xl dark:border-slate-700 dark:bg-slate-900"
      >
        {props.children}
      </div>
    </div>
  );
}

/** A labelled device picker; `placeholder` is an empty first option (nothing found, or nothing chosen yet). */
export function DeviceSelect(props: {
  label: string;
  devices: readonly DeviceOption[];
  value: string | null;
  placeholder?: string;
  onSelect: (deviceId: string) => void;
}) {
  return (
    <label className="block">
      <span className="text-xs text-slate-500 dark:text-slate-400">{props.label}</span>
      <select
        className="mt-0.5 block w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900"
        value={props.value ?? ""}
        onChange={(e) => props.onSelect(e.target.value)}
      >
        {props.placeholder && <option value="">{props.placeholder}</option>}
        {props.devices.map((d) => (
          <option key={d.deviceId} value={d.deviceId}>
            {d.label}
          </option>
        ))}
      </select>
    </label>
  );
}
