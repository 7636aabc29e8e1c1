"use client";

import { memo } from "react";
import {
  REPLAY_SPEEDS,
  REPLAY_STEP_MS,
  type ReplayMarker,
  type ReplayTimeline as Timeline,
  type TReplaySpeed,
} from "@/lib/replay";
import { formatClock } from "@/lib/room";

// Own sizes rather than secondaryButton plus overrides: which of two conflicting utilities wins is the
// stylesheet's order, not the class list's.
const base = "inline-flex items-center rounded-md border py-0.5 text-xs font-medium whitespace-nowrap";
const plain =
  "border-slate-300 bg-white text-slate-800 hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800";
const small = `${base} px-2 ${plain}`;
const iconButton = `${base} px-1.5 ${plain}`;
const play = `${base} w-14 justify-center px-2 border-brand-600 bg-brand-600 text-white hover:bg-brand-700`;
const STEP_S = REPLAY_STEP_MS / 1_000;
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

/**
 * The player in one line of the workspace's header: play/pause, a step back and forward, the position slider
 * with its markers and idle stretches, the position, the previous/next moment and the list of moments (a
 * dropdown, so opening it never moves the panes), the speed and idle skipping.
 */
export function ReplayTimeline(props: {
  timeline: Timeline;
  pos: number;
  playing: boolean;
  speed: TReplaySpeed;
  skipIdle: boolean;
  markers: readonly ReplayMarker[];
  onPlay: () => void;
  onSeek: (ms: number) => void;
  onSpeed: (s: TReplaySpeed) => void;
  onSkipIdle: (on: boolean) => void;
  onStep: (deltaMs: number) => void;
  onMarker: (dir: 1 | -1) => void;
}) {
  const { startMs, endMs } = props.timeline;
  const span = Math.max(1, endMs - startMs);
  const at = props.pos - startMs;
  const pct = (ms: number) => `${(((ms - startMs) / span) * 100).toFixed(3)}%`;
  return (
    <section aria-label="Replay controls" className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs">
      <button
        type="button"
        className={play}
        onClick={props.onPlay}
        aria-keyshortcuts="Space"
        title={`${props.playing ? "Pause" : "Play"} (Space)`}
      >
        {props.playing ? "Pause" : "Play"}
      </button>
      <IconButton
        label={`Back ${STEP_S} s`}
        keys="ArrowLeft"
        hint="←"
        onClick={() => props.onStep(-REPLAY_STEP_MS)}
        path="M9.5 4 3 10l6.5 6V4Zm8 0L11 10l6.5 6V4Z"
      />
      <IconButton
        label={`Forward ${STEP_S} s`}
        keys="ArrowRight"
        hint="→"
        onClick={() => props.onStep(REPLAY_STEP_MS)}
        path="M10.5 4 17 10l-6.5 6V4Zm-8 0L9 10l-6.5 6V4Z"
      />

      <div className="relative min-w-48 flex-1 pt-3">
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
          className="block w-full"
        />
      </div>
      <span className="font-mono whitespace-nowrap tabular-nums" data-testid="replay-position">
        {formatClock(at)} / {formatClock(span)}
      </span>

      <IconButton
        label="Previous moment"
        keys="["
        hint="["
        onClick={() => props.onMarker(-1)}
        path="M3.5 4h2v12h-2V4Zm13 0L8 10l8.5 6V4Z"
      />
      <IconButton
        label="Next moment"
        keys="]"
        hint="]"
        onClick={() => props.onMarker(1)}
        path="M14.5 4h2v12h-2V4Zm-11 0L12 10l-8.5 6V4Z"
      />
      <details className="relative">
        <summary className={`${small} cursor-pointer`} title="Every moment of the session, to jump to">
          Moments ({props.markers.length})
          <span aria-hidden="true" className="ml-1">
            ▾
          </span>
        </summary>
        <MomentList markers={props.markers} startMs={startMs} onSeek={props.onSeek} />
      </details>

      <fieldset className="flex items-center gap-1" title="Speed (< slower, > faster)">
        <legend className="sr-only">Speed</legend>
        <span aria-hidden="true">Speed</span>
        {REPLAY_SPEEDS.map((s) => (
          <label key={s} className="flex items-center gap-0.5">
            <input
              type="radio"
              name="replay-speed"
              value={s}
              checked={props.speed === s}
              onChange={() => props.onSpeed(s)}
              aria-label={`${s}× speed`}
            />
            {s}×
          </label>
        ))}
      </fieldset>
      <label
        className="flex items-center gap-1 whitespace-nowrap"
        title="Skip the stretches where nothing happens"
      >
        <input
          type="checkbox"
          checked={props.skipIdle}
          onChange={(e) => props.onSkipIdle(e.target.checked)}
        />
        Skip idle stretches
      </label>
    </section>
  );
}

/** A player button drawn as its icon; its name (and tooltip, with its key) says what it does. */
function IconButton(props: { label: string; keys: string; hint: string; path: string; onClick: () => void }) {
  return (
    <button
      type="button"
      className={iconButton}
      aria-label={props.label}
      aria-keyshortcuts={props.keys}
      title={`${props.label} (${props.hint})`}
      onClick={props.onClick}
    >
      <svg viewBox="0 0 20 20" className="size-4" aria-hidden="true">
        <path d={props.path} fill="currentColor" />
      </svg>
    </button>
  );
}

/** How the loading goes: the rest of the log arriving, a page that failed (with a retry), the anomaly scan. */
export function ReplayStatus(props: {
  /** While pages are still arriving: how far the log has loaded. */
  loading: { seq: number; lastSeq: number } | null;
  loadError: string | null;
  onRetry: () => void;
  checkingAnomalies: boolean;
}) {
  return (
    <>
      {props.loading && (
        <p role="status" className="text-xs whitespace-nowrap text-slate-500 dark:text-slate-400">
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
        <p role="status" className="text-xs whitespace-nowrap text-slate-500 dark:text-slate-400">
          Checking the cluster's history for anomalies…
        </p>
      )}
    </>
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
    <ol
      aria-label="Moments"
      className="absolute top-full right-0 z-40 mt-1 max-h-72 w-[min(28rem,90vw)] space-y-0.5 overflow-y-auto rounded-md border border-slate-200 bg-white p-2 text-xs shadow-lg dark:border-slate-700 dark:bg-slate-900"
    >
      {markers.map((m, i) => (
        <li key={`${m.atMs}-${i}`}>
          <button type="button" className="text-left hover:underline" onClick={() => onSeek(m.atMs)}>
            <span className="mr-1 font-mono text-slate-500 dark:text-slate-400">
              {formatClock(m.atMs - startMs)}
            </span>
            <span className={`mr-1 inline-block h-2 w-2 rounded-sm ${KIND_COLOUR[m.kind]}`} />
            {KIND_LABEL[m.kind]}: {m.label}
          </button>
        </li>
      ))}
    </ol>
  );
});
