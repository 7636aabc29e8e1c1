import { applyBoardEvent, type BoardState, emptyBoard } from "../board/reduce";
import type { TScorecardDraft } from "../rubric/scorecard";
import { type TRole, type TRoomEvent, visibilityOf } from "./events";
import { ROOM_STATE_VERSION } from "./limits";
import { DEFAULT_SIM_SPEED, type RoomSim } from "./sim";

export interface Seat {
  userId: string;
  name: string;
}

export interface ChatMessage {
  seq: number;
  authorId: string;
  text: string;
  at: number;
  clockMs: number;
}

export interface Note {
  seq: number;
  text: string;
  at: number;
  clockMs: number;
}

/**
 * A room as both participants see it (the interviewer's view also has `notes`). Invariants:
 * - `seq` is the last event folded in;
 * - the interview clock reads `accumulatedMs` plus, while running, the time since `runningSince`;
 * - once `endedAt` is set, nothing but the rubric's events may follow.
 */
export interface RoomState {
  v: number;
  roomId: string;
  seq: number;
  /**
   * How many events everyone may read have been folded: an event's number in the candidate's stream
   * (lib/room/views.ts). In the candidate's own view it equals `seq`.
   */
  pseq: number;
  /** Events each seat's person caused, counted against the room's per-seat budget (ROOM_LIMITS). */
  authored: { interviewer: number; candidate: number };
  questionId: string;
  createdBy: string;
  seats: { interviewer: Seat | null; candidate: Seat | null };
  clock: {
    startedAt: number | null;
    runningSince: number | null;
    accumulatedMs: number;
    endedAt: number | null;
  };
  phase: number;
  /** When each phase began, on the interview clock. */
  phaseLog: { phase: number; clockMs: number }[];
  chat: ChatMessage[];
  notes: Note[];
  /** The shared cluster, once someone has set one up. */
  sim: RoomSim | null;
  /** The shared whiteboard (lib/board). */
  board: BoardState;
  /** The interviewer's scorecard: the latest draft (interviewer only) and, once submitted, the final card. */
  scorecard: { draft: TScorecardDraft | null; submitted: TScorecardDraft | null };
  /** Set when the pair started round two (roles swapped) in another room. */
  nextRound: { roomId: string; questionId: string } | null;
  /**
   * Who currently agrees to record the call (recording is active only while both do: recordingActive), and the
   * interview clock when recording last stopped (a recorder's closing chunk began before it).
   */
  recording: { consent: { interviewer: boolean; candidate: boolean }; stoppedAtClockMs: number | null };
}

export type RoomStatus = "waiting" | "ready" | "live" | "paused" | "ended";

export function emptyRoom(roomId: string): RoomState {
  return {
    v: ROOM_STATE_VERSION,
    roomId,
    seq: 0,
    pseq: 0,
    authored: { interviewer: 0, candidate: 0 },
    questionId: "",
    createdBy: "",
    seats: { interviewer: null, candidate: null },
    clock: { startedAt: null, runningSince: null, accumulatedMs: 0, endedAt: null },
    phase: 0,
    phaseLog: [],
    chat: [],
    notes: [],
    sim: null,
    board: emptyBoard(),
    scorecard: { draft: null, submitted: null },
    nextRound: null,
    recording: { consent: { interviewer: false, candidate: false }, stoppedAtClockMs: null },
  };
}

export function statusOf(s: RoomState): RoomStatus {
  if (s.clock.endedAt !== null) return "ended";
  if (s.clock.startedAt === null) return s.seats.interviewer && s.seats.candidate ? "ready" : "waiting";
  return s.clock.runningSince === null ? "paused" : "live";
}

/**
 * Whether the call is being recorded: both participants agree and the interview is under way (its clock has
 * started and it has not ended). Consent may be given before the start; recording waits for the clock, which
 * is what places the audio on the replay's timeline.
 */
export function recordingActive(s: Pick<RoomState, "clock" | "recording">): boolean {
  const { interviewer, candidate } = s.recording.consent;
  return s.clock.startedAt !== null && s.clock.endedAt === null && interviewer && candidate;
}

/** The interview clock at server time `at` (ms since the interviewer started it, pauses excluded). */
export function clockAt(s: RoomState, at: number): number {
  const running = s.clock.runningSince === null ? 0 : Math.max(0, at - s.clock.runningSince);
  return s.clock.accumulatedMs + running;
}

export function roleOf(s: RoomState, userId: string): TRole | null {
  if (s.seats.interviewer?.userId === userId) return "interviewer";
  if (s.seats.candidate?.userId === userId) return "candidate";
  return null;
}

/**
 * Folds one event into the state. Pure; returns a new state and leaves the old one untouched. Events must
 * arrive in sequence order: an event at or below `seq` is ignored (it was folded already), which makes
 * re-delivery after a reconnect harmless.
 */
export function applyEvent(s: RoomState, e: TRoomEvent): RoomState {
  if (e.seq <= s.seq) return s;
  const next: RoomState = { ...s, seq: e.seq };
  if (visibilityOf(e.kind) === "all") next.pseq = s.pseq + 1;
  const author = e.actorId === null ? null : roleOf(s, e.actorId);
  if (author) next.authored = { ...s.authored, [author]: s.authored[author] + 1 };
  switch (e.kind) {
    case "room.created":
      next.questionId = e.payload.questionId;
      next.createdBy = e.payload.createdBy;
      return next;
    case "participant.joined":
      next.seats = { ...s.seats, [e.payload.role]: { userId: e.payload.userId, name: e.payload.name } };
      return next;
    case "clock.started":
      next.clock = { ...s.clock, startedAt: e.at, runningSince: e.at, accumulatedMs: 0 };
      next.phaseLog = [{ phase: s.phase, clockMs: 0 }];
      return next;
    case "clock.paused":
      next.clock = { ...s.clock, runningSince: null, accumulatedMs: e.payload.clockMs };
      return next;
    case "clock.resumed":
      next.clock = { ...s.clock, runningSince: e.at, accumulatedMs: e.payload.clockMs };
      return next;
    case "phase.changed":
      next.phase = e.payload.phase;
      next.phaseLog = [...s.phaseLog, { phase: e.payload.phase, clockMs: e.payload.clockMs }];
      return next;
    case "chat.posted":
      next.chat = [
        ...s.chat,
        { seq: e.seq, authorId: e.actorId ?? "", text: e.payload.text, at: e.at, clockMs: e.payload.clockMs },
      ];
      return next;
    case "note.added":
      next.notes = [...s.notes, { seq: e.seq, text: e.payload.text, at: e.at, clockMs: e.payload.clockMs }];
      return next;
    case "interview.ended":
      next.clock = { ...s.clock, runningSince: null, accumulatedMs: e.payload.clockMs, endedAt: e.at };
      if (recordingActive(s)) next.recording = { ...s.recording, stoppedAtClockMs: e.payload.clockMs };
      return next;
    case "sim.reset":
      next.sim = {
        epoch: (s.sim?.epoch ?? 0) + 1,
        seed: e.payload.seed,
        config: e.payload.config,
        preset: e.payload.preset ?? null,
        commands: e.payload.commands ?? [],
        clock: { vtBase: 0, wallBase: e.at, playing: true, speed: s.sim?.clock.speed ?? DEFAULT_SIM_SPEED },
      };
      return next;
    case "sim.command":
      if (!s.sim) return next;
      next.sim = { ...s.sim, commands: [...s.sim.commands, e.payload.command] };
      return next;
    case "round.next":
      next.nextRound = e.payload;
      return next;
    case "scorecard.saved":
      next.scorecard = { ...s.scorecard, draft: e.payload.card };
      return next;
    case "scorecard.submitted":
      // Only the submitted card: the candidate, who never sees drafts, folds exactly this.
      next.scorecard = { ...s.scorecard, submitted: e.payload.card };
      return next;
    case "board.changed":
      next.board = applyBoardEvent(s.board, { seq: e.seq, actorId: e.actorId, op: e.payload.op });
      return next;
    case "recording.consent":
      next.recording = {
        consent: { ...s.recording.consent, [e.payload.role]: e.payload.consent },
        stoppedAtClockMs: s.recording.stoppedAtClockMs ?? null,
      };
      if (recordingActive(s) && !recordingActive(next)) next.recording.stoppedAtClockMs = clockAt(s, e.at);
      return next;
    case "sim.clock":
      if (!s.sim) return next;
      next.sim = {
        ...s.sim,
        clock: { vtBase: e.payload.vt, wallBase: e.at, playing: e.payload.playing, speed: e.payload.speed },
      };
      return next;
  }
}

export function foldEvents(s: RoomState, events: readonly TRoomEvent[]): RoomState {
  let out = s;
  for (const e of events) out = applyEvent(out, e);
  return out;
}
