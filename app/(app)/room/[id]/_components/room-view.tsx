"use client";

import { useState } from "react";
import { useNow, useRoom } from "@/app/_components/room/use-room";
import { primaryButton, secondaryButton } from "@/app/_components/ui/button-styles";
import type { TIceServer } from "@/lib/protocol/call";
import type { TCandidateQuestion, TInterviewerNotes } from "@/lib/questions/schema";
import { clockAt, formatClock, PHASES, recordingActive, statusOf } from "@/lib/room";
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
import { RubricPanel } from "./rubric/rubric-panel";
import { ScorecardView } from "./rubric/scorecard-view";

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
  const [confirmEnd, setConfirmEnd] = useState(false);
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
      <p role="status" className="py-10 text-center text-slate-500">
        Connecting to the interview…
      </p>
    );
  }

  const isInterviewer = view.role === "interviewer";
  const clockMs = clockAt(s, now + view.serverOffsetMs);
  const phaseStart = s.phaseLog.findLast((p) => p.phase === s.phase)?.clockMs ?? null;
  const names = Object.fromEntries(
    [s.seats.interviewer, s.seats.candidate].filter((x) => x !== null).map((x) => [x.userId, x.name]),
  );
  const ended = status === "ended";
  const partnerSeat =
    [s.seats.interviewer, s.seats.candidate].find((x) => x && x.userId !== props.me.id) ?? null;

  return (
    <div className="space-y-4">
      {(view.connection !== "connected" || (view.stalled && view.pending.length > 0)) && (
        <div
          role="status"
          className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
        >
          {view.connection !== "connected"
            ? "Reconnecting… your actions are kept and will be sent when the connection is back"
            : "The server can't save right now; retrying… your actions are kept"}
          {view.pending.length > 0 ? ` (${view.pending.length} waiting)` : ""}.
        </div>
      )}
      {view.notices.map((n) => (
        <div
          key={n.id}
          role="alert"
          className="flex items-center justify-between rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
        >
          {n.message}
          <button type="button" className="text-xs underline" onClick={() => connection?.dismissNotice(n.id)}>
            Dismiss
          </button>
        </div>
      ))}

      <div className="flex flex-wrap items-center justify-between gap-4">
        <div>
          <p className="text-xs font-medium tracking-wide text-slate-500 uppercase">
            {isInterviewer ? "You are interviewing" : "You are the candidate"} · {STATUS_TEXT[status]}
          </p>
          <h1 className="text-xl font-semibold">{props.question.title}</h1>
        </div>
        <div className="flex items-center gap-3">
          <output aria-label="Interview clock" className="font-mono text-3xl tabular-nums">
            {formatClock(clockMs)}
          </output>
          {isInterviewer && !ended && (
            <div className="flex gap-2">
              {status === "ready" || status === "waiting" ? (
                <button
                  type="button"
                  className={primaryButton}
                  disabled={status === "waiting"}
                  title={status === "waiting" ? "Your partner hasn't joined yet" : undefined}
                  onClick={() => connection?.submit({ type: "clock.start" })}
                >
                  Start clock
                </button>
              ) : status === "live" ? (
                <button
                  type="button"
                  className={secondaryButton}
                  onClick={() => connection?.submit({ type: "clock.pause" })}
                >
                  Pause
                </button>
              ) : (
                <button
                  type="button"
                  className={primaryButton}
                  onClick={() => connection?.submit({ type: "clock.resume" })}
                >
                  Resume
                </button>
              )}
              {(status === "live" || status === "paused") && s.phase < PHASES.length - 1 && (
                <button
                  type="button"
                  className={secondaryButton}
                  onClick={() => connection?.submit({ type: "phase.set", phase: s.phase + 1 })}
                >
                  Next phase
                </button>
              )}
              {confirmEnd ? (
                <>
                  <button
                    type="button"
                    className="rounded-md bg-red-600 px-3 py-2 text-sm font-medium text-white hover:bg-red-700"
                    onClick={() => {
                      connection?.submit({ type: "interview.end" });
                      setConfirmEnd(false);
                    }}
                  >
                    Yes, end it
                  </button>
                  <button type="button" className={secondaryButton} onClick={() => setConfirmEnd(false)}>
                    Cancel
                  </button>
                </>
              ) : (
                <button type="button" className={secondaryButton} onClick={() => setConfirmEnd(true)}>
                  End interview
                </button>
              )}
            </div>
          )}
        </div>
      </div>

      {ended && (
        <div
          role="status"
          className="rounded-md border border-slate-300 bg-slate-50 px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-900"
        >
          The interview has ended after {formatClock(s.clock.accumulatedMs)}. The room is now read-only (the
          interviewer can still finish the scorecard).
        </div>
      )}
      {ended && (
        <NextRound
          roomId={props.roomId}
          currentQuestionId={s.questionId}
          next={s.nextRound}
          questions={props.questions}
        />
      )}

      <PhaseBar
        phase={s.phase}
        phaseStartedAtMs={phaseStart}
        clockMs={clockMs}
        canChange={isInterviewer && (status === "live" || status === "paused")}
        onChange={(phase) => connection?.submit({ type: "phase.set", phase })}
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
            board={s.board}
            role={view.role}
            disabled={ended}
            send={(op) => connection?.submit(op)}
            connection={connection}
          />
          <ClusterPanel
            roomId={props.roomId}
            sim={s.sim}
            role={view.role}
            serverOffsetMs={view.serverOffsetMs}
            disabled={ended}
            send={(op) => connection?.submit(op)}
          />
        </div>
        <aside className="flex flex-col gap-4">
          <PresenceList state={s} presence={view.presence} meId={props.me.id} />
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
            myRole={view.role}
            recording={{ consent: s.recording.consent, active: recordingActive(s), ended }}
            onRecordingConsent={(consent) => connection?.submit({ type: "recording.consent", consent })}
            clockMs={() => clockAt(s, Date.now() + view.serverOffsetMs)}
          />
          {props.isCreator && !ended && (!s.seats.interviewer || !s.seats.candidate) && (
            <InvitePanel roomId={props.roomId} initialUrl={props.initialInviteUrl} />
          )}
          <ChatPanel
            messages={s.chat}
            pending={view.pending}
            names={names}
            meId={props.me.id}
            disabled={ended}
            onSend={(text) => connection?.submit({ type: "chat.post", text })}
            draftKey={`chat:${props.roomId}`}
          />
          {isInterviewer && (
            <NotesPanel
              notes={s.notes}
              disabled={ended}
              onAdd={(text) => connection?.submit({ type: "note.add", text })}
              draftKey={`note:${props.roomId}`}
            />
          )}
          {s.scorecard.submitted ? (
            <ScorecardView card={s.scorecard.submitted} />
          ) : (
            isInterviewer &&
            (status === "live" || status === "paused" || ended) && (
              <RubricPanel
                questionId={s.questionId}
                saved={s.scorecard.draft}
                clockMs={clockMs}
                send={(op) => connection?.submit(op)}
              />
            )
          )}
          {isInterviewer && props.guide && (
            <InterviewerGuide
              guide={props.guide}
              phase={s.phase}
              disabled={ended}
              loadPreset={(presetId) => connection?.submit({ type: "sim.preset", presetId, variant: 0 })}
            />
          )}
        </aside>
      </div>
    </div>
  );
}
