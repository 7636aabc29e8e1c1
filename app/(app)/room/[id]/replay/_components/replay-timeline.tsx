"use client";

import { memo } from "react";
import { secondaryButton } from "@/app/_components/ui/button-styles";
import type { ReplayMarker, ReplayTimeline as Timeline } from "@/lib/replay";
import { formatClock } from "@/lib/room";

export const SPEEDS = ["1", "2", "4", "8"] as const;
export type Speed = 1 | 2 | 4 | 8;

const small = `${secondaryButton} px-2 py-1 text-xs`;

const KIND_LABEL: Record<ReplayMarker["kind"], string> = {
  phase: "Phase",
  fault: "Fault",
  cluster: "Cluster",
  anomaly: "Anomaly",
  chat: "Chat",
  note: "Note",
  evidence: "Evidence",
  end: "End",
};
const KIND_COLOUR: Record<ReplayMarker["kind"], string> = {
  phase: "bg-brand-600",
  fault: "bg-red-600",
  cluster: "bg-sky-600",
  anomaly: "bg-fuchsia-600",
  chat: "bg-slate-400",
  note: "bg-amber-500",
  evidence: "bg-emerald-600",
  end: "bg-slate-900 dark:bg-slate-100",
};

/** Play/pause, speed, idle skipping, the position slider with its markers, and the list of moments. */
export function ReplayTimeline(props: {
  timeline: Timeline;
  pos: number;
  playing: boolean;
  speed: Speed;
  skipIdle: boolean;
  markers: readonly ReplayMarker[];
  checkingAnomalies: boolean;
  /** While pages are still arriving: how far the log has loaded. */
  loading: { seq: number; lastSeq: number } | null;
  loadError: string | null;
  onRetry: () => void;
  onPlay: () => void;
  onSeek: (ms: number) => void;
  onSpeed: (s: Speed) => void;
  onSkipIdle: (on: boolean) => void;
  onStep: (deltaMs: number) => void;
  onMarker: (dir: 1 | -1) => void;
}) {
  const { startMs, endMs } = props.timeline;
  const span = Math.max(1, endMs - startMs);
  const at = props.pos - startMs;
  const pct = (ms: number) => `${(((ms - startMs) / span) * 100).toFixed(3)}%`;
  return (
    <section
      aria-label="Replay controls"
      className="space-y-2 rounded-lg border border-slate-200 p-3 dark:border-slate-800"
    >
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <button type="button" className={small} onClick={props.onPlay} aria-keyshortcuts="Space">
          {props.playing ? "Pause" : "Play"}
        </button>
        <button
          type="button"
          className={small}
          onClick={() => props.onStep(-5_000)}
          aria-keyshortcuts="ArrowLeft"
        >
          Back 5 s
        </button>
        <button
          type="button"
          className={small}
          onClick={() => props.onStep(5_000)}
          aria-keyshortcuts="ArrowRight"
        >
          Forward 5 s
        </button>
        <button type="button" className={small} onClick={() => props.onMarker(-1)} aria-keyshortcuts="[">
          Previous moment
        </button>
        <button type="button" className={small} onClick={() => props.onMarker(1)} aria-keyshortcuts="]">
          Next moment
        </button>
        <fieldset className="flex items-center gap-1 text-xs">
          <legend className="sr-only">Speed</legend>
          <span aria-hidden="true">Speed</span>
          {SPEEDS.map((s) => (
            <label key={s} className="flex items-center gap-0.5">
              <input
                type="radio"
                name="replay-speed"
                value={s}
                checked={props.speed === Number(s)}
                onChange={() => props.onSpeed(Number(s) as Speed)}
                aria-label={`${s}× speed`}
              />
              {s}×
            </label>
          ))}
        </fieldset>
        <label className="flex items-center gap-1 text-xs">
          <input
            type="checkbox"
            checked={props.skipIdle}
            onChange={(e) => props.onSkipIdle(e.target.checked)}
          />
          Skip idle stretches
        </label>
        <span className="ml-auto font-mono text-xs tabular-nums" data-testid="replay-position">
          {formatClock(at)} / {formatClock(span)}
        </span>
      </div>

      <div className="relative pt-3">
        <div aria-hidden="true" className="absolute inset-x-0 top-0 h-3">
          {props.timeline.idle.map((g) => (
            <span
              key={g.fromMs}
              className="absolute top-1 h-1 bg-slate-200 dark:bg-slate-700"
              style={{ left: pct(g.fromMs), width: `${((g.toMs - g.fromMs) / span) * 100}%` }}
            />
          ))}
        </div>
        <MarkerStrip markers={props.markers} startMs={startMs} span={span} onSeek={props.onSeek} />
        <input
          type="range"
          aria-label="Replay position"
          aria-valuetext={`${formatClock(at)} of ${formatClock(span)}`}
          min={0}
          max={span}
          step={100}
          value={Math.min(span, Math.max(0, at))}
          onChange={(e) => props.onSeek(startMs + Number(e.target.value))}
          className="w-full"
        />
      </div>

      {props.loading && (
        <p role="status" className="text-xs text-slate-500">
          Loading the rest of the session…{" "}
          {Math.round((props.loading.seq / Math.max(1, props.loading.lastSeq)) * 100)}%
        </p>
      )}
      {props.loadError && (
        <p role="alert" className="text-xs text-red-700 dark:text-red-400">
          {props.loadError}{" "}
          <button type="button" className="underline" onClick={props.onRetry}>
            Try again
          </button>
        </p>
      )}
      {props.checkingAnomalies && (
        <p role="status" className="text-xs text-slate-500">
          Checking the cluster's history for anomalies…
        </p>
      )}

      <details>
        <summary className="cursor-pointer text-xs text-slate-500">
          Moments ({props.markers.length}) · keys: space play/pause, ←/→ 5 s, [ ] previous/next moment, 1 2 4
          8 speed
        </summary>
        <MomentList markers={props.markers} startMs={startMs} onSeek={props.onSeek} />
      </details>
    </section>
  );
}

// Long sessions have thousands of moments: these redraw only when the markers change, not on every frame.
const MarkerStrip = memo(function MarkerStrip({
  markers,
  startMs,
  span,
  onSeek,
}: {
  markers: readonly ReplayMarker[];
  startMs: number;
  span: number;
  onSeek: (ms: number) => void;
}) {
  const pct = (ms: number) => `${(((ms - startMs) / span) * 100).toFixed(3)}%`;
  return (
    <div className="absolute inset-x-0 top-0 h-3">
      {markers.map((m, i) => (
        <button
          key={`${m.atMs}-${i}`}
          type="button"
          tabIndex={-1}
          title={`${KIND_LABEL[m.kind]} at ${formatClock(m.atMs - startMs)}: ${m.label}`}
          aria-hidden="true"
          className={`absolute top-0 h-3 w-1 -translate-x-1/2 rounded-sm ${KIND_COLOUR[m.kind]}`}
          style={{ left: pct(m.atMs) }}
          onClick={() => onSeek(m.atMs)}
        />
      ))}
    </div>
  );
});

const MomentList = memo(function MomentList({
  markers,
  startMs,
  onSeek,
}: {
  markers: readonly ReplayMarker[];
  startMs: number;
  onSeek: (ms: number) => void;
}) {
  return (
    <ol aria-label="Moments" className="mt-1 max-h-48 space-y-0.5 overflow-y-auto text-xs">
      {markers.map((m, i) => (
        <li key={`${m.atMs}-${i}`}>
          <button type="button" className="text-left hover:underline" onClick={() => onSeek(m.atMs)}>
            <span className="mr-1 font-mono text-slate-500">{formatClock(m.atMs - startMs)}</span>
            <span className={`mr-1 inline-block h-2 w-2 rounded-sm ${KIND_COLOUR[m.kind]}`} />
            {KIND_LABEL[m.kind]}: {m.label}
          </button>
        </li>
      ))}
    </ol>
  );
});
