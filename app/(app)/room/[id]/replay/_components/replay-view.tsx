"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { secondaryButton } from "@/app/_components/ui/button-styles";
import type { TCandidateQuestion } from "@/lib/questions/schema";
import {
  advancePlayhead,
  anomalyMarkers,
  buildTimeline,
  keepBusy,
  type ReplayMarker,
  replayMarkers,
  wallAtClock,
} from "@/lib/replay";
import { clockAt, formatClock, type RoomState } from "@/lib/room";
import { BoardPanel } from "../../_components/board/board-panel";
import { ChatPanel } from "../../_components/chat-panel";
import { ClusterPanel } from "../../_components/cluster/cluster-panel";
import { NotesPanel } from "../../_components/notes-panel";
import { PhaseBar } from "../../_components/phase-bar";
import { ScorecardView } from "../../_components/rubric/scorecard-view";
import { ReplayAudio } from "./replay-audio";
import { ReplayTimeline, SPEEDS, type Speed } from "./replay-timeline";
import { SharePanel } from "./share-panel";
import { useReplayLog } from "./use-replay-log";

/** How often the page redraws while playing (the cluster animates every frame on its own). */
const RENDER_EVERY_MS = 100;
const STEP_MS = 5_000;

export interface ReplayViewer {
  /** "guest": someone holding a share link. */
  role: "interviewer" | "candidate" | "guest";
  userId: string | null;
}

/**
 * A past session, exactly as it was at any moment: the same reducers as the live room fold the stored events
 * (lib/replay keeps checkpoints so a seek folds only a few hundred events), and the cluster is re-simulated to
 * the moment's virtual time. `source` is the API base the events come from (a room, or a share link).
 */
export function ReplayView(props: {
  roomId: string;
  source: string;
  question: TCandidateQuestion;
  viewer: ReplayViewer;
  /** ?t= in seconds from the session's start (to the millisecond). */
  initialT: number | null;
  ended: boolean;
  notesShared: boolean;
}) {
  const { log, progress, retry } = useReplayLog(props.roomId, props.source);
  // Recorded speech is not idle: skipping an idle stretch never skips someone talking.
  const [speech, setSpeech] = useState<{ fromMs: number; toMs: number }[]>([]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the log is mutable; `version` changes with each page
  const timeline = useMemo(
    () => keepBusy(buildTimeline(log.events), speech),
    [log, progress.version, speech],
  );
  const markers = useMemo(() => (progress.done ? replayMarkers(log) : []), [log, progress.done]);
  const [anomalies, setAnomalies] = useState<ReplayMarker[] | null>(null);
  useEffect(() => {
    if (!progress.done) return;
    // Re-simulating the cluster takes a moment on long sessions: after the first frame, off the input path.
    const t = setTimeout(() => setAnomalies(anomalyMarkers(log)), 50);
    return () => clearTimeout(t);
  }, [log, progress.done]);
  const allMarkers = useMemo(
    () => [...markers, ...(anomalies ?? [])].sort((a, b) => a.atMs - b.atMs),
    [markers, anomalies],
  );

  const finalCard = useMemo(
    () => (progress.done && log.length > 0 ? log.stateAtIndex(log.length - 1).scorecard.submitted : null),
    [log, progress.done],
  );

  const [pos, setPos] = useState<number | null>(null);
  const posRef = useRef(0);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<Speed>(1);
  const [skipIdle, setSkipIdle] = useState(true);
  const [pendingT, setPendingT] = useState<number | null>(props.initialT);

  const seek = useCallback((ms: number) => {
    posRef.current = ms;
    setPos(ms);
  }, []);

  // The first frame: the start, or the ?t= moment once the pages up to it have arrived.
  useEffect(() => {
    if (log.length === 0) return;
    if (pendingT === null) {
      if (pos === null) seek(timeline.startMs);
      return;
    }
    const target = timeline.startMs + pendingT * 1_000;
    if (target <= timeline.endMs || progress.done) {
      seek(Math.min(target, timeline.endMs));
      setPendingT(null);
    }
  }, [log, timeline, pendingT, pos, progress.done, seek]);

  // Playback: the playhead moves every frame; React redraws ten times a second.
  useEffect(() => {
    if (!playing) return;
    let raf = 0;
    let last = performance.now();
    let lastRender = 0;
    const tick = (now: number) => {
      raf = requestAnimationFrame(tick);
      const next = advancePlayhead(timeline, posRef.current, now - last, speed, skipIdle);
      last = now;
      posRef.current = next;
      if (next >= timeline.endMs && progress.done) {
        setPlaying(false);
        setPos(next);
        return;
      }
      if (now - lastRender >= RENDER_EVERY_MS) {
        lastRender = now;
        setPos(next);
      }
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, [playing, timeline, speed, skipIdle, progress.done]);

  // The address names the moment, so a paused replay can be shared or reloaded where it is.
  useEffect(() => {
    if (playing || pos === null || log.length === 0) return;
    const url = new URL(window.location.href);
    // Whole milliseconds: a reload lands on exactly this moment.
    url.searchParams.set("t", String(Math.floor(pos - timeline.startMs) / 1_000));
    window.history.replaceState(null, "", url);
  }, [playing, pos, log, timeline.startMs]);

  const jump = useCallback(
    (delta: number) => seek(Math.max(timeline.startMs, Math.min(timeline.endMs, posRef.current + delta))),
    [seek, timeline],
  );
  const jumpMarker = useCallback(
    (dir: 1 | -1) => {
      const here = posRef.current;
      const m =
        dir > 0 ? allMarkers.find((x) => x.atMs > here + 1) : allMarkers.findLast((x) => x.atMs < here - 1);
      if (m) seek(m.atMs);
    },
    [allMarkers, seek],
  );

  // Keyboard: space/k play-pause, ←/→ five seconds, [ and ] the previous/next moment, 1/2/4/8 speed.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (t?.closest("input, textarea, select, [contenteditable], .excalidraw")) return;
      if (e.metaKey || e.ctrlKey || e.altKey) return;
      if (e.key === " " || e.key === "k") {
        if (t?.closest("button")) return; // the focused button handles its own space
        e.preventDefault();
        setPlaying((p) => !p);
      } else if (e.key === "ArrowLeft") jump(-STEP_MS);
      else if (e.key === "ArrowRight") jump(STEP_MS);
      else if (e.key === "[") jumpMarker(-1);
      else if (e.key === "]") jumpMarker(1);
      else if ((SPEEDS as readonly string[]).includes(e.key)) setSpeed(Number(e.key) as Speed);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [jump, jumpMarker]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the log grows in place; `version` tracks it
  const state: RoomState | null = useMemo(
    () => (pos === null || log.length === 0 ? null : log.stateAtTime(pos)),
    [log, pos, progress.version],
  );

  if (progress.error && log.length === 0) return <LoadError message={progress.error} onRetry={retry} />;
  if (!state || pos === null)
    return (
      <p role="status" className="py-10 text-center text-slate-500">
        {pendingT !== null && log.length > 0
          ? `Loading the session up to ${formatClock(pendingT * 1_000)}…`
          : "Loading the session…"}
      </p>
    );

  const clockMs = clockAt(state, pos);
  const phaseStart = state.phaseLog.findLast((p) => p.phase === state.phase)?.clockMs ?? null;
  const names = Object.fromEntries(
    [state.seats.interviewer, state.seats.candidate].filter((x) => x !== null).map((x) => [x.userId, x.name]),
  );
  const boardRole = props.viewer.role === "interviewer" ? "interviewer" : "candidate";

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <div>
          <p className="text-xs font-medium tracking-wide text-slate-500 uppercase">
            Replay
            {props.viewer.role === "guest"
              ? " · shared with you"
              : props.viewer.role === "interviewer"
                ? " · you interviewed"
                : " · you were the candidate"}
          </p>
          <h1 className="text-xl font-semibold">{props.question.title}</h1>
        </div>
        <output aria-label="Interview clock" className="font-mono text-3xl tabular-nums">
          {formatClock(clockMs)}
        </output>
      </div>

      <ReplayTimeline
        timeline={timeline}
        pos={pos}
        playing={playing}
        speed={speed}
        skipIdle={skipIdle}
        markers={allMarkers}
        checkingAnomalies={progress.done && anomalies === null}
        loading={progress.done ? null : { seq: progress.seq, lastSeq: progress.lastSeq }}
        loadError={progress.error}
        onRetry={retry}
        onPlay={() => {
          if (posRef.current >= timeline.endMs && progress.done) seek(timeline.startMs);
          setPlaying((p) => !p);
        }}
        onSeek={seek}
        onSpeed={setSpeed}
        onSkipIdle={setSkipIdle}
        onStep={jump}
        onMarker={jumpMarker}
      />

      <PhaseBar
        phase={state.phase}
        phaseStartedAtMs={phaseStart}
        clockMs={clockMs}
        canChange={false}
        onChange={() => {}}
      />

      <div className="grid gap-4 lg:grid-cols-[1fr_22rem]">
        <div className="flex min-w-0 flex-col gap-4">
          <section
            aria-labelledby="prompt-heading"
            className="rounded-lg border border-slate-200 p-4 dark:border-slate-800"
          >
            <h2 id="prompt-heading" className="text-sm font-medium text-slate-500">
              The question
            </h2>
            <p className="mt-2 leading-relaxed">{props.question.prompt}</p>
          </section>
          <BoardPanel
            board={state.board}
            role={boardRole}
            disabled
            replay
            send={() => {}}
            connection={null}
          />
          <ClusterPanel
            roomId={props.roomId}
            sim={state.sim}
            role={boardRole}
            serverOffsetMs={0}
            disabled
            send={() => {}}
            replayAt={() => posRef.current}
          />
        </div>
        <aside className="flex flex-col gap-4">
          <ChatPanel
            messages={state.chat}
            pending={[]}
            names={names}
            meId={props.viewer.userId ?? ""}
            disabled
          />
          {state.notes.length > 0 && (
            <NotesPanel
              notes={state.notes}
              disabled
              audience={
                props.viewer.role === "interviewer"
                  ? props.notesShared
                    ? "shared with the candidate"
                    : "only you see these"
                  : "shared by the interviewer"
              }
            />
          )}
          {finalCard && (
            <ScorecardView
              card={finalCard}
              onEvidence={(ms) => {
                const at = wallAtClock(log.events, ms);
                if (at !== null) seek(at);
              }}
            />
          )}
          <ReplayAudio
            source={props.source}
            events={log.events}
            loaded={progress.done}
            names={names}
            viewerId={props.viewer.userId}
            canDelete={props.viewer.role !== "guest"}
            pos={pos}
            playing={playing}
            speed={speed}
            onSpans={setSpeech}
          />
          {props.viewer.role !== "guest" && (
            <SharePanel
              roomId={props.roomId}
              isInterviewer={props.viewer.role === "interviewer"}
              ended={props.ended}
              notesShared={props.notesShared}
            />
          )}
          <a className={secondaryButton} href={`${props.source}/export`} download>
            Download session (JSON)
          </a>
        </aside>
      </div>
    </div>
  );
}

function LoadError(props: { message: string; onRetry: () => void }) {
  return (
    <div role="alert" className="mx-auto max-w-lg space-y-3 py-10">
      <h1 className="text-2xl font-semibold">Can't load this session</h1>
      <p className="text-slate-600 dark:text-slate-400">{props.message}</p>
      <button type="button" className={secondaryButton} onClick={props.onRetry}>
        Try again
      </button>
    </div>
  );
}
