import type { TBoardRejectCode } from "../board/schema";
import { decideBoardOp } from "../board/validate";
import { scorecardProblems, ZScorecardDraft } from "../rubric/scorecard";
import { scenarioById } from "../sim/scenarios/presets";
import { withCurrentEngine, ZSimCommand, ZSimConfig } from "../sim/schema";
import type { TEventBody, TRole, TRoomOp, TRoomOpType } from "./events";
import { ROOM_LIMITS } from "./limits";
import {
  NS_PER_MS,
  SIM_LOOKAHEAD_MS,
  simCommandProblem,
  simCommandRole,
  simConfigProblem,
  simTimeAt,
} from "./sim";
import { clockAt, type RoomState, roleOf, statusOf } from "./state";

export type RejectCode =
  | TBoardRejectCode
  | "forbidden"
  | "not_participant"
  | "not_ready"
  | "invalid_state"
  | "invalid_input"
  | "room_ended"
  | "room_full"
  | "too_many_events";

export interface Rejection {
  code: RejectCode;
  message: string;
}

export type Decision = { ok: true; event: TEventBody } | { ok: false; error: Rejection };

const reject = (code: RejectCode, message: string): Decision => ({ ok: false, error: { code, message } });
const accept = (event: TEventBody): Decision => ({ ok: true, event });

const INTERVIEWER_ONLY: Record<string, string> = {
  "clock.start": "Only the interviewer can start the clock.",
  "clock.pause": "Only the interviewer can pause the clock.",
  "clock.resume": "Only the interviewer can resume the clock.",
  "phase.set": "Only the interviewer can change the phase.",
  "note.add": "Only the interviewer can write private notes.",
  "interview.end": "Only the interviewer can end the interview.",
};

/** What finishes an interview: still accepted from a seat that has used its bulk share (ROOM_LIMITS). */
const FINISHING: ReadonlySet<TRoomOpType> = new Set<TRoomOpType>([
  "clock.start",
  "clock.pause",
  "clock.resume",
  "phase.set",
  "chat.post",
  "note.add",
  "interview.end",
  "scorecard.save",
  "scorecard.submit",
  "recording.consent",
]);

/** Refuses an op that would take `role` past its share of the room (see ROOM_LIMITS.seatBulkEvents). */
function overShare(s: RoomState, role: TRole, type: TRoomOpType): Decision | null {
  const own = s.authored[role];
  if (s.seq >= ROOM_LIMITS.maxEvents || own >= ROOM_LIMITS.seatMaxEvents)
    return reject(
      "too_many_events",
      "You have reached your share of this interview's size limit; your partner can still chat, end and score it.",
    );
  if (own >= ROOM_LIMITS.seatBulkEvents && !FINISHING.has(type))
    return reject(
      "too_many_events",
      "You have added as much drawing and cluster activity as this interview can hold; chat, notes, the clock, ending and scoring still work.",
    );
  return null;
}

/**
 * Decides whether `userId` may apply `op` to the room at server time `at`, and if so which event records it.
 * Pure: the server calls it with the authoritative state; tests call it with tables.
 */
export function decide(s: RoomState, userId: string, op: TRoomOp, at: number): Decision {
  const role = roleOf(s, userId);
  if (!role) return reject("not_participant", "You are not a participant in this interview.");
  const status = statusOf(s);
  // The scorecard is the one thing that may still change after the interview ends (until it is submitted).
  if (op.type === "scorecard.save" || op.type === "scorecard.submit") return decideScorecard(s, role, op);
  if (status === "ended") return reject("room_ended", "The interview has ended; nothing more can be added.");
  const full = overShare(s, role, op.type);
  if (full) return full;
  if (role !== "interviewer" && op.type in INTERVIEWER_ONLY)
    return reject("forbidden", INTERVIEWER_ONLY[op.type]!);
  const clockMs = clockAt(s, at);

  switch (op.type) {
    case "clock.start":
      if (status === "waiting")
        return reject("not_ready", "Wait for the candidate to join before starting the clock.");
      if (status !== "ready") return reject("invalid_state", "The clock has already been started.");
      return accept({ kind: "clock.started", payload: {} });
    case "clock.pause":
      if (status !== "live") return reject("invalid_state", "The clock is not running.");
      return accept({ kind: "clock.paused", payload: { clockMs } });
    case "clock.resume":
      if (status !== "paused") return reject("invalid_state", "The clock is not paused.");
      return accept({ kind: "clock.resumed", payload: { clockMs } });
    case "phase.set":
      if (status !== "live" && status !== "paused")
        return reject("invalid_state", "Start the clock before moving between phases.");
      if (op.phase === s.phase) return reject("invalid_state", "The interview is already in that phase.");
      return accept({ kind: "phase.changed", payload: { phase: op.phase, from: s.phase, clockMs } });
    case "chat.post":
      return accept({ kind: "chat.posted", payload: { text: op.text, clockMs } });
    case "note.add":
      return accept({ kind: "note.added", payload: { text: op.text, clockMs } });
    case "interview.end":
      return accept({ kind: "interview.ended", payload: { clockMs } });
    case "sim.reset": {
      const problem = simConfigProblem(op.config);
      if (problem) return reject("invalid_input", problem);
      // Any 32-bit number will do (it is stored in the event, so replay reproduces it). Derived from what the
      // candidate can see (`pseq`, not `seq`): a seed built on `seq` would let them count private events.
      const seed = (Math.imul(s.pseq + 1, 2_654_435_761) ^ at) >>> 0;
      // The server, not the client, names the engine: a new cluster always runs today's behaviour.
      return accept({ kind: "sim.reset", payload: { seed, config: withCurrentEngine(op.config) } });
    }
    case "sim.preset": {
      const preset = scenarioById(op.presetId);
      const variant = preset?.kind === "simulation" ? preset.variants[op.variant] : undefined;
      if (!preset || !variant) return reject("invalid_input", "Unknown scenario.");
      const config = withCurrentEngine(ZSimConfig.parse(variant.config));
      const commands = variant.commands.map((c) => ZSimCommand.parse(c)).sort((a, b) => a.at - b.at);
      return accept({
        kind: "sim.reset",
        payload: {
          seed: variant.seed,
          config,
          preset: { id: preset.id, variant: op.variant, label: variant.label },
          commands,
        },
      });
    }
    case "sim.command": {
      const sim = s.sim;
      if (!sim) return reject("invalid_state", "Set up a cluster first.");
      const needed = simCommandRole(op.command.type);
      if (needed !== role)
        return reject(
          "forbidden",
          needed === "interviewer"
            ? "Only the interviewer can inject faults."
            : "Only the candidate changes the design and drives the workload.",
        );
      const problem = simCommandProblem(sim, op.command);
      if (problem) return reject("invalid_input", problem);
      const lookahead = sim.clock.playing ? Math.floor(SIM_LOOKAHEAD_MS * sim.clock.speed * NS_PER_MS) : 0;
      const last = sim.commands.at(-1)?.at ?? 0;
      const stamped = Math.max(last, simTimeAt(sim, at) + lookahead);
      return accept({ kind: "sim.command", payload: { command: { ...op.command, at: stamped } } });
    }
    case "board.upsert":
    case "board.lock": {
      const d = decideBoardOp(op, role, s.board);
      return d.ok
        ? accept({ kind: "board.changed", payload: d.payload })
        : reject(d.error.code, d.error.message);
    }
    case "recording.consent":
      if (s.recording.consent[role] === op.consent)
        return reject(
          "invalid_state",
          op.consent ? "You have already agreed to record." : "You haven't agreed to record.",
        );
      return accept({ kind: "recording.consent", payload: { role, consent: op.consent, clockMs } });
    case "sim.clock": {
      const sim = s.sim;
      if (!sim) return reject("invalid_state", "Set up a cluster first.");
      // Pausing lets commands stamped a moment ahead (the look-ahead) take effect first: a clock frozen before
      // them would hold them, and every later command (stamped no earlier), back until someone pressed play.
      // A preset's script, far in the future, stays in the future.
      const now = simTimeAt(sim, at);
      const ahead = sim.clock.playing ? Math.floor(SIM_LOOKAHEAD_MS * sim.clock.speed * NS_PER_MS) : 0;
      const stamped = sim.commands.reduce((m, c) => (c.at <= now + ahead ? Math.max(m, c.at) : m), now);
      return accept({
        kind: "sim.clock",
        payload: { playing: op.playing, speed: op.speed, vt: op.playing ? now : stamped },
      });
    }
  }
}

/** Decides a join: the user keeps a seat they already hold, else takes the free one; a full room refuses. */
export function decideJoin(
  s: RoomState,
  user: { id: string; name: string },
): { ok: true; role: TRole; event: TEventBody | null } | { ok: false; error: Rejection } {
  const existing = roleOf(s, user.id);
  if (existing) return { ok: true, role: existing, event: null };
  if (statusOf(s) === "ended")
    return { ok: false, error: { code: "room_ended", message: "This interview has already ended." } };
  const free: TRole | null =
    s.seats.interviewer === null ? "interviewer" : s.seats.candidate === null ? "candidate" : null;
  if (!free)
    return {
      ok: false,
      error: {
        code: "room_full",
        message: "This interview already has an interviewer and a candidate, so you can't join it.",
      },
    };
  return {
    ok: true,
    role: free,
    event: { kind: "participant.joined", payload: { userId: user.id, name: user.name, role: free } },
  };
}

function decideScorecard(
  s: RoomState,
  role: TRole,
  op: Extract<TRoomOp, { type: "scorecard.save" | "scorecard.submit" }>,
): Decision {
  if (role !== "interviewer") return reject("forbidden", "Only the interviewer scores the interview.");
  if (s.scorecard.submitted)
    return reject("invalid_state", "The scorecard has been submitted; it can't change any more.");
  const full = overShare(s, role, op.type);
  if (full) return full;
  const stage = op.type === "scorecard.submit" ? "submit" : "draft";
  const problems = scorecardProblems(op.card, stage);
  if (problems.length > 0) return reject("invalid_input", problems.map((p) => p.message).join(" "));
  const card = ZScorecardDraft.parse(op.card);
  if (card.questionId !== s.questionId)
    return reject("invalid_input", "This scorecard is for another question.");
  return accept({
    kind: op.type === "scorecard.submit" ? "scorecard.submitted" : "scorecard.saved",
    payload: { card },
  });
}

/**
 * Whether `userId` may start round two from this room with `questionId`: the interview has ended, there is no
 * round two yet, both seats are filled and the question is a new one. (The server creates the new room.)
 */
export function decideNextRound(
  s: RoomState,
  userId: string,
  questionId: string,
): { ok: true } | { ok: false; error: Rejection } {
  if (!roleOf(s, userId))
    return {
      ok: false,
      error: { code: "not_participant", message: "You are not a participant in this interview." },
    };
  if (statusOf(s) !== "ended")
    return {
      ok: false,
      error: { code: "invalid_state", message: "Finish round one before starting round two." },
    };
  if (s.nextRound)
    return { ok: false, error: { code: "invalid_state", message: "Round two has already started." } };
  if (!s.seats.interviewer || !s.seats.candidate)
    return { ok: false, error: { code: "invalid_state", message: "Round two needs both of you." } };
  if (questionId === s.questionId)
    return {
      ok: false,
      error: { code: "invalid_input", message: "Pick a different question for round two." },
    };
  return { ok: true };
}
