"use client";

import { useEffect, useMemo, useState } from "react";
import { secondaryButton } from "@/app/_components/ui/button-styles";
import type { TCandidateQuestion } from "@/lib/questions/schema";
import {
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
import { QuestionPanel } from "../../_components/question-panel";
import { ScorecardView } from "../../_components/rubric/scorecard-view";
import { RoomHeader } from "../../_components/workspace/room-header";
import type { TRailPanel } from "../../_components/workspace/side-rail";
import { Workspace } from "../../_components/workspace/workspace";
import { ReplayAudio } from "./replay-audio";
import { ReplayStatus, ReplayTimeline } from "./replay-timeline";
import { SharePanel } from "./share-panel";
import { useReplayLog } from "./use-replay-log";
import { useReplayPlayer } from "./use-replay-player";

export interface ReplayViewer {
  /** "guest": someone holding a share link. */
  role: "interviewer" | "candidate" | "guest";
  userId: string | null;
}

const SEAT_LINE: Record<ReplayViewer["role"], string> = {
  interviewer: "Replay · you interviewed",
  candidate: "Replay · you were the candidate",
  guest: "Replay · shared with you",
};
/** A share link's visitor may have no account: the logo goes home, not to a dashboard. */
const GUEST_HOME = { href: "/", label: "Quorum home", title: "Quorum's home page" };

/**
 * A past session, exactly as it was at any moment, in the live room's workspace (the timeline in the header,
 * the board and the cluster in split panes, the chat, notes, scorecard, question and sharing in the side rail),
 * so a moment looks the same live and in replay. The same reducers as the live room fold the stored events
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
    // The checker gets the page's clock so its share is bounded in time too (ANOMALY_CHECK_BUDGET_MS).
    const t = setTimeout(() => setAnomalies(anomalyMarkers(log, () => performance.now())), 50);
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

  const player = useReplayPlayer({ log, progress, timeline, markers: allMarkers, initialT: props.initialT });
  const { pos, seek } = player;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the log grows in place; `version` tracks it
  const state: RoomState | null = useMemo(
    () => (pos === null || log.length === 0 ? null : log.stateAtTime(pos)),
    [log, pos, progress.version],
  );

  if (progress.error && log.length === 0) return <LoadError message={progress.error} onRetry={retry} />;
  if (!state || pos === null)
    return (
      <p role="status" className="py-10 text-center text-slate-500 dark:text-slate-400">
        {player.pendingT !== null && log.length > 0
          ? `Loading the session up to ${formatClock(player.pendingT * 1_000)}…`
          : "Loading the session…"}
      </p>
    );

  const { viewer } = props;
  const clockMs = clockAt(state, pos);
  const phaseStart = state.phaseLog.findLast((p) => p.phase === state.phase)?.clockMs ?? null;
  const names = Object.fromEntries(
    [state.seats.interviewer, state.seats.candidate].filter((x) => x !== null).map((x) => [x.userId, x.name]),
  );
  const boardRole = viewer.role === "interviewer" ? "interviewer" : "candidate";
  // The server sends the notes only to those who may read them; the tab is there for them from the start.
  const mayReadNotes = viewer.role === "interviewer" || props.notesShared;

  const panels: TRailPanel[] = [
    {
      id: "chat",
      label: "Chat",
      fill: true,
      content: (
        <ChatPanel
          messages={state.chat}
          pending={[]}
          names={names}
          meId={viewer.userId ?? ""}
          disabled
          bare
        />
      ),
    },
    ...(mayReadNotes
      ? [
          {
            id: "notes" as const,
            label: "Notes",
            content: (
              <NotesPanel
                notes={state.notes}
                disabled
                audience={
                  viewer.role === "interviewer"
                    ? props.notesShared
                      ? "shared with the candidate"
                      : "only you see these"
                    : "shared by the interviewer"
                }
              />
            ),
          },
        ]
      : []),
    ...(finalCard
      ? [
          {
            id: "scorecard" as const,
            label: "Scorecard",
            content: (
              <ScorecardView
                card={finalCard}
                onEvidence={(ms) => {
                  const at = wallAtClock(log.events, ms);
                  if (at !== null) seek(at);
                }}
              />
            ),
          },
        ]
      : []),
    {
      id: "question",
      label: "Question",
      content: <QuestionPanel prompt={props.question.prompt} phase={state.phase} />,
    },
    ...(viewer.role !== "guest"
      ? [
          {
            id: "share" as const,
            label: "Share",
            content: (
              <SharePanel
                roomId={props.roomId}
                isInterviewer={viewer.role === "interviewer"}
                ended={props.ended}
                notesShared={props.notesShared}
              />
            ),
          },
        ]
      : []),
  ];

  return (
    <Workspace
      place="replay"
      userId={viewer.userId}
      interviewer={viewer.role === "interviewer"}
      header={({ toolbar }) => (
        <RoomHeader
          title={props.question.title}
          seatLine={SEAT_LINE[viewer.role]}
          home={viewer.role === "guest" ? GUEST_HOME : undefined}
          aside={
            <>
              <ReplayAudio
                source={props.source}
                events={log.events}
                loaded={progress.done}
                names={names}
                viewerId={viewer.userId}
                canDelete={viewer.role !== "guest"}
                pos={pos}
                playing={player.playing}
                speed={player.speed}
                onSpans={setSpeech}
              />
              <a
                className="text-xs font-medium whitespace-nowrap text-brand-700 hover:underline dark:text-brand-300"
                href={`${props.source}/export`}
                download
              >
                Download session (JSON)
              </a>
            </>
          }
          toolbar={toolbar}
          phases={
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
              <PhaseBar
                compact
                phase={state.phase}
                phaseStartedAtMs={phaseStart}
                clockMs={clockMs}
                canChange={false}
                onChange={() => {}}
              />
              <ReplayStatus
                loading={progress.done ? null : { seq: progress.seq, lastSeq: progress.lastSeq }}
                loadError={progress.error}
                onRetry={retry}
                checkingAnomalies={progress.done && anomalies === null}
              />
            </div>
          }
          clock={formatClock(clockMs)}
        >
          <ReplayTimeline
            timeline={timeline}
            pos={pos}
            playing={player.playing}
            speed={player.speed}
            skipIdle={player.skipIdle}
            markers={allMarkers}
            onPlay={player.togglePlay}
            onSeek={seek}
            onSpeed={player.setSpeed}
            onSkipIdle={player.setSkipIdle}
            onStep={player.jump}
            onMarker={player.jumpMarker}
          />
        </RoomHeader>
      )}
      board={(actions) => (
        <BoardPanel
          fill
          actions={actions}
          board={state.board}
          role={boardRole}
          disabled
          replay
          send={() => {}}
          connection={null}
        />
      )}
      cluster={(actions) => (
        <ClusterPanel
          actions={actions}
          roomId={props.roomId}
          sim={state.sim}
          role={boardRole}
          serverOffsetMs={0}
          disabled
          send={() => {}}
          replayAt={player.posNow}
        />
      )}
      panels={panels}
      chat={state.chat}
      evidence={null}
      onPlayer={player.onCommand}
    />
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
