"use client";

import { useRef } from "react";
import { useNow, useRoom } from "@/app/_components/room/use-room";
import { primaryButton } from "@/app/_components/ui/button-styles";
import type { TIceServer } from "@/lib/protocol/call";
import type { TCandidateQuestion, TInterviewerNotes } from "@/lib/questions/schema";
import { clockAt, formatClock, recordingActive, statusOf, type TRoomOpInput } from "@/lib/room";
import { DIMENSION_IDS } from "@/lib/rubric";
import { BoardPanel } from "./board/board-panel";
import { CallPanel } from "./call/call-panel";
import { ChatPanel } from "./chat-panel";
import { ClusterPanel } from "./cluster/cluster-panel";
import { InterviewerGuide } from "./interviewer-guide";
import { InvitePanel } from "./invite-panel";
import { NextRound } from "./next-round";
import { NotesPanel } from "./notes-panel";
import { PhaseBar } from "./phase-bar";
import { PresenceList } from "./presence-list";
import { QuestionPanel } from "./question-panel";
import { RoomBanners } from "./room-banners";
import { type RubricHandle, RubricPanel } from "./rubric/rubric-panel";
import { ScorecardView } from "./rubric/scorecard-view";
import { ClockControls } from "./workspace/clock-controls";
import { RoomHeader } from "./workspace/room-header";
import type { TRailPanel } from "./workspace/side-rail";
import { Workspace } from "./workspace/workspace";

const STATUS_TEXT = {
  waiting: "Waiting for your partner",
  ready: "Ready to start",
  live: "In progress",
  paused: "Paused",
  ended: "Ended",
} as const;

export function RoomView(props: {
  roomId: string;
  me: { id: string; name: string };
  question: TCandidateQuestion;
  /** Every question's id and title (for round two). */
  questions: { id: string; title: string }[];
  /** The interviewer-only material of the question (null for the candidate). */
  guide: TInterviewerNotes | null;
  isCreator: boolean;
  initialInviteUrl: string | null;
  /** STUN/TURN servers for the call (ICE_SERVERS; empty: host candidates only). */
  iceServers: TIceServer[];
}) {
  const { view, connection } = useRoom(props.roomId);
  const rubric = useRef<RubricHandle>(null);
  const s = view.state;
  const status = s ? statusOf(s) : null;
  const now = useNow(status === "live");

  if (view.fatal?.code === "protocol_mismatch") {
    // A deploy happened while this tab was open: what was typed and not yet sent is kept for the reload.
    return (
      <div role="alert" className="mx-auto max-w-lg space-y-3 py-10">
        <h1 className="text-2xl font-semibold">{view.fatal.message}</h1>
        <p className="text-slate-600 dark:text-slate-400">
          Your unsent messages and notes are kept and go out once the page has reloaded.
        </p>
        <button type="button" className={primaryButton} onClick={() => window.location.reload()}>
          Reload
        </button>
      </div>
    );
  }
  if (view.fatal) {
    return (
      <div role="alert" className="mx-auto max-w-lg space-y-2 py-10">
        <h1 className="text-2xl font-semibold">Can't open this interview</h1>
        <p className="text-slate-600 dark:text-slate-400">{view.fatal.message}</p>
      </div>
    );
  }
  if (!s || !status || !view.role) {
    return (
      <p role="status" className="py-10 text-center text-slate-500 dark:text-slate-400">
        Connecting to the interview…
      </p>
    );
  }

  const role = view.role;
  const isInterviewer = role === "interviewer";
  const submit = (op: TRoomOpInput) => connection?.submit(op);
  const clockMs = clockAt(s, now + view.serverOffsetMs);
  const clockNow = () => clockAt(s, Date.now() + view.serverOffsetMs);
  const phaseStart = s.phaseLog.findLast((p) => p.phase === s.phase)?.clockMs ?? null;
  const names = Object.fromEntries(
    [s.seats.interviewer, s.seats.candidate].filter((x) => x !== null).map((x) => [x.userId, x.name]),
  );
  const ended = status === "ended";
  const partnerSeat =
    [s.seats.interviewer, s.seats.candidate].find((x) => x && x.userId !== props.me.id) ?? null;
  const rubricOpen =
    isInterviewer && !s.scorecard.submitted && (status === "live" || status === "paused" || ended);

  const scorecard = s.scorecard.submitted ? (
    <ScorecardView card={s.scorecard.submitted} />
  ) : rubricOpen ? (
    <RubricPanel
      ref={rubric}
      questionId={s.questionId}
      saved={s.scorecard.draft}
      clockMs={clockMs}
      send={submit}
    />
  ) : (
    <p className="p-2 text-sm text-slate-500 dark:text-slate-400">
      The scorecard opens when you start the clock.
    </p>
  );
  const chat: TRailPanel = {
    id: "chat",
    label: "Chat",
    fill: true,
    content: (
      <ChatPanel
        messages={s.chat}
        pending={view.pending}
        names={names}
        meId={props.me.id}
        disabled={ended}
        onSend={(text) => submit({ type: "chat.post", text })}
        draftKey={`chat:${props.roomId}`}
        bare
      />
    ),
  };
  const question: TRailPanel = {
    id: "question",
    label: "Question",
    content: <QuestionPanel prompt={props.question.prompt} phase={s.phase} />,
  };
  const panels: TRailPanel[] = isInterviewer
    ? [
        chat,
        {
          id: "notes",
          label: "Notes",
          content: (
            <NotesPanel
              notes={s.notes}
              disabled={ended}
              onAdd={(text) => submit({ type: "note.add", text })}
              draftKey={`note:${props.roomId}`}
            />
          ),
        },
        { id: "scorecard", label: "Scorecard", content: scorecard },
        ...(props.guide
          ? [
              {
                id: "guide" as const,
                label: "Guide",
                content: (
                  <InterviewerGuide
                    guide={props.guide}
                    phase={s.phase}
                    disabled={ended}
                    loadPreset={(presetId) => submit({ type: "sim.preset", presetId, variant: 0 })}
                  />
                ),
              },
            ]
          : []),
        question,
      ]
    : [
        chat,
        question,
        ...(s.scorecard.submitted
          ? [{ id: "scorecard" as const, label: "Scorecard", content: scorecard }]
          : []),
      ];

  const banners = (
    <RoomBanners
      view={view}
      onDismiss={(id) => connection?.dismissNotice(id)}
      invite={
        props.isCreator && !ended && (!s.seats.interviewer || !s.seats.candidate) ? (
          <InvitePanel roomId={props.roomId} initialUrl={props.initialInviteUrl} />
        ) : null
      }
      ended={
        ended ? (
          <>
            <p role="status">
              The interview has ended after {formatClock(s.clock.accumulatedMs)}. The room is now read-only
              (the interviewer can still finish the scorecard).
            </p>
            <NextRound
              roomId={props.roomId}
              currentQuestionId={s.questionId}
              next={s.nextRound}
              questions={props.questions}
            />
          </>
        ) : null
      }
    />
  );

  return (
    <Workspace
      place="room"
      userId={props.me.id}
      interviewer={isInterviewer}
      header={({ toolbar, videoDock }) => (
        <RoomHeader
          title={props.question.title}
          seatLine={`${isInterviewer ? "You are interviewing" : "You are the candidate"} · ${STATUS_TEXT[status]}`}
          clock={formatClock(clockMs)}
          phases={
            <PhaseBar
              compact
              phase={s.phase}
              phaseStartedAtMs={phaseStart}
              clockMs={clockMs}
              canChange={isInterviewer && (status === "live" || status === "paused")}
              onChange={(phase) => submit({ type: "phase.set", phase })}
            />
          }
          aside={
            <>
              <PresenceList compact state={s} presence={view.presence} meId={props.me.id} />
              <CallPanel
                connection={connection}
                roomJoined={view.connection === "connected"}
                me={props.me}
                partner={partnerSeat}
                partnerPresence={
                  partnerSeat
                    ? (view.presence.find((p) => p.userId === partnerSeat.userId)?.state ?? "absent")
                    : null
                }
                iceServers={props.iceServers}
                roomId={props.roomId}
                myRole={role}
                recording={{ consent: s.recording.consent, active: recordingActive(s), ended }}
                onRecordingConsent={(consent) => submit({ type: "recording.consent", consent })}
                clockMs={clockNow}
                videoDock={videoDock}
              />
            </>
          }
          controls={
            isInterviewer && !ended ? <ClockControls status={status} phase={s.phase} submit={submit} /> : null
          }
          toolbar={toolbar}
        />
      )}
      banners={banners}
      board={(actions) => (
        <BoardPanel
          fill
          actions={actions}
          board={s.board}
          role={role}
          disabled={ended}
          send={submit}
          connection={connection}
        />
      )}
      cluster={(actions) => (
        <ClusterPanel
          actions={actions}
          roomId={props.roomId}
          sim={s.sim}
          role={role}
          serverOffsetMs={view.serverOffsetMs}
          disabled={ended}
          send={submit}
        />
      )}
      panels={panels}
      chat={s.chat}
      evidence={
        isInterviewer
          ? {
              available: rubricOpen,
              clockMs: clockNow,
              dimension: DIMENSION_IDS[Math.min(s.phase, DIMENSION_IDS.length - 1)]!,
              add: (dimension, text, at) => rubric.current?.addEvidence(dimension, text, at),
            }
          : null
      }
    />
  );
}
