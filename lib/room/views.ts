import { canSee, stampEvent, type TEventBody, type TRole, type TRoomEvent, visibilityOf } from "./events";
import { applyEvent, emptyRoom, type RoomState } from "./state";

// Each seat reads its own stream of the room's log. The interviewer's stream is the log itself, numbered as
// stored. The candidate's stream holds only the events everyone may read, numbered 1, 2, 3… in the log's order
// (an event's `pseq`), with nothing else changed. So what the candidate receives says nothing about the
// interviewer's private events: not their content, not how many there are, not when they were written (no gap
// in the numbers, no op id, no timestamp). Each seat's view is the fold of its own stream, which is what its
// client folds too, so a resume ("everything after my seq") and the replay work the same way for both.
//
// Invariant: `candidate` equals foldEvents(emptyRoom, candidateStream(log)); `full` equals foldEvents(emptyRoom, log).

/** The room as each seat sees it. */
export interface RoomViews {
  full: RoomState;
  candidate: RoomState;
}

/** One event as each seat receives it: `candidate` is null when the candidate may not read it. */
export interface StreamedEvent {
  full: TRoomEvent;
  candidate: TRoomEvent | null;
}

export function emptyViews(roomId: string): RoomViews {
  return { full: emptyRoom(roomId), candidate: emptyRoom(roomId) };
}

/** The same event under another number (a reader's own stream). */
export function renumber(e: TRoomEvent, seq: number): TRoomEvent {
  return stampEvent({ seq, opId: e.opId, actorId: e.actorId, at: e.at }, e as TEventBody);
}

/** Folds one event of the log into both views; returns them with the event as each seat receives it. */
export function applyToViews(v: RoomViews, e: TRoomEvent): { views: RoomViews; streamed: StreamedEvent } {
  if (e.seq <= v.full.seq) return { views: v, streamed: { full: e, candidate: null } };
  const full = applyEvent(v.full, e);
  if (!canSee(visibilityOf(e.kind), "candidate"))
    return { views: { full, candidate: v.candidate }, streamed: { full: e, candidate: null } };
  const mine = renumber(e, full.pseq);
  return {
    views: { full, candidate: applyEvent(v.candidate, mine) },
    streamed: { full: e, candidate: mine },
  };
}

/** Folds a stretch of the log (in order, after `v`) into both views, with each event as each seat receives it. */
export function foldToViews(
  v: RoomViews,
  events: readonly TRoomEvent[],
): { views: RoomViews; streamed: StreamedEvent[] } {
  let views = v;
  const streamed: StreamedEvent[] = [];
  for (const e of events) {
    const r = applyToViews(views, e);
    views = r.views;
    streamed.push(r.streamed);
  }
  return { views, streamed };
}

/** The event as `role` receives it, or null when that seat may not read it. */
export function eventFor(s: StreamedEvent, role: TRole): TRoomEvent | null {
  return role === "interviewer" ? s.full : s.candidate;
}

export function viewOf(v: RoomViews, role: TRole): RoomState {
  return role === "interviewer" ? v.full : v.candidate;
}

/**
 * A whole log (from its first event) as the stream `role` reads: the log itself for the interviewer, the
 * events everyone may read, renumbered, for the candidate.
 */
export function streamFor(log: readonly TRoomEvent[], role: TRole): TRoomEvent[] {
  if (role === "interviewer") return [...log];
  const out: TRoomEvent[] = [];
  for (const e of log) if (canSee(visibilityOf(e.kind), "candidate")) out.push(renumber(e, out.length + 1));
  return out;
}

/** `role`'s view of a whole log: the fold of its stream. */
export function viewOfLog(roomId: string, log: readonly TRoomEvent[], role: TRole): RoomState {
  return viewOf(foldToViews(emptyViews(roomId), log).views, role);
}
