import { z } from "zod";
import { BOARD_EVENT_KIND } from "../board/replay";
import { ZBoardEventPayload, ZBoardOpEnvelopes } from "../board/schema";
import { ZScorecardDraft } from "../rubric/scorecard";
import { ZSimCommand, ZSimConfig } from "../sim/schema";
import { ROOM_LIMITS } from "./limits";
import { PHASES } from "./phases";
import { ZSimCommandRequest, ZSimSpeed } from "./sim";

// The room's vocabulary. Clients send *ops* (intentions); the server turns an accepted op into an *event*
// (a fact, with the room's next sequence number) and every client folds the same events into the same state.

export const ZRole = z.enum(["interviewer", "candidate"]);
export type TRole = z.infer<typeof ZRole>;

export const ZOpId = z
  .string()
  .min(ROOM_LIMITS.opIdMinChars)
  .max(ROOM_LIMITS.opIdMaxChars)
  .regex(/^[A-Za-z0-9_-]+$/, "op ids use letters, digits, '-' and '_' only");

const ZPhaseIndex = z
  .number()
  .int()
  .min(0)
  .max(PHASES.length - 1);

const text = (max: number, what: string) =>
  z.string().trim().min(1, `${what} is empty`).max(max, `${what} is longer than ${max} characters`);

/** What a participant may ask for. */
export const ZRoomOp = z.discriminatedUnion("type", [
  z.object({ type: z.literal("clock.start") }).strict(),
  z.object({ type: z.literal("clock.pause") }).strict(),
  z.object({ type: z.literal("clock.resume") }).strict(),
  z.object({ type: z.literal("phase.set"), phase: ZPhaseIndex }).strict(),
  z.object({ type: z.literal("chat.post"), text: text(ROOM_LIMITS.chatMaxChars, "The message") }).strict(),
  z.object({ type: z.literal("note.add"), text: text(ROOM_LIMITS.noteMaxChars, "The note") }).strict(),
  z.object({ type: z.literal("interview.end") }).strict(),
  z.object({ type: z.literal("sim.reset"), config: ZSimConfig }).strict(),
  z
    .object({
      type: z.literal("sim.preset"),
      presetId: z.string().max(64),
      variant: z.number().int().min(0).max(9),
    })
    .strict(),
  z.object({ type: z.literal("sim.command"), command: ZSimCommandRequest }).strict(),
  z.object({ type: z.literal("sim.clock"), playing: z.boolean(), speed: ZSimSpeed }).strict(),
  // The scorecard travels whole (the interviewer's client autosaves its draft) and is checked by lib/rubric.
  z.object({ type: z.literal("scorecard.save"), card: z.unknown() }).strict(),
  z.object({ type: z.literal("scorecard.submit"), card: z.unknown() }).strict(),
  /** A participant agrees to record the call (or withdraws); it records only while both agree. */
  z.object({ type: z.literal("recording.consent"), consent: z.boolean() }).strict(),
  // Board ops are recognised here and parsed in full by decideBoardOp, so a refusal names its reason.
  ...ZBoardOpEnvelopes,
]);
export type TRoomOp = z.infer<typeof ZRoomOp>;
/**
 * An op as a client builds it: the schema's input type (fields with defaults may be left out). The server parses
 * it into a TRoomOp. Clients type what they send with this, so no UI code needs a cast.
 */
export type TRoomOpInput = z.input<typeof ZRoomOp>;
export type TRoomOpType = TRoomOp["type"];

/** Facts, as stored and broadcast. `at` is the server's clock (epoch ms) when the event was accepted. */
export const ZEventBody = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("room.created"),
    payload: z.object({ questionId: z.string(), createdBy: z.string(), creatorRole: ZRole }),
  }),
  z.object({
    kind: z.literal("participant.joined"),
    payload: z.object({ userId: z.string(), name: z.string(), role: ZRole }),
  }),
  z.object({ kind: z.literal("clock.started"), payload: z.object({}) }),
  z.object({ kind: z.literal("clock.paused"), payload: z.object({ clockMs: z.number().int() }) }),
  z.object({ kind: z.literal("clock.resumed"), payload: z.object({ clockMs: z.number().int() }) }),
  z.object({
    kind: z.literal("phase.changed"),
    payload: z.object({ phase: ZPhaseIndex, from: ZPhaseIndex, clockMs: z.number().int() }),
  }),
  z.object({
    kind: z.literal("chat.posted"),
    payload: z.object({ text: z.string(), clockMs: z.number().int() }),
  }),
  z.object({
    kind: z.literal("note.added"),
    payload: z.object({ text: z.string(), clockMs: z.number().int() }),
  }),
  z.object({ kind: z.literal("interview.ended"), payload: z.object({ clockMs: z.number().int() }) }),
  z.object({
    kind: z.literal("sim.reset"),
    payload: z.object({
      seed: z.number().int(),
      config: ZSimConfig,
      /** Set when a scenario preset was loaded: which one, and its scripted commands. */
      preset: z.object({ id: z.string(), variant: z.number().int(), label: z.string() }).optional(),
      commands: z.array(ZSimCommand).optional(),
    }),
  }),
  z.object({ kind: z.literal("sim.command"), payload: z.object({ command: ZSimCommand }) }),
  z.object({ kind: z.literal(BOARD_EVENT_KIND), payload: ZBoardEventPayload }),
  z.object({ kind: z.literal("scorecard.saved"), payload: z.object({ card: ZScorecardDraft }) }),
  /** The pair moved on to round two, with roles swapped, in another room (its own session). */
  z.object({
    kind: z.literal("round.next"),
    payload: z.object({ roomId: z.string(), questionId: z.string() }),
  }),
  z.object({ kind: z.literal("scorecard.submitted"), payload: z.object({ card: ZScorecardDraft }) }),
  z.object({
    kind: z.literal("sim.clock"),
    payload: z.object({ playing: z.boolean(), speed: z.number(), vt: z.number().int().nonnegative() }),
  }),
  /** `role` is the seat that agreed or withdrew (kept in the event so the fold needs no seat lookup). */
  z.object({
    kind: z.literal("recording.consent"),
    payload: z.object({ role: ZRole, consent: z.boolean(), clockMs: z.number().int() }),
  }),
]);
export type TEventBody = z.infer<typeof ZEventBody>;
export type TEventKind = TEventBody["kind"];

export const ZRoomEvent = z.intersection(
  z.object({
    seq: z.number().int().positive(),
    opId: z.string(),
    actorId: z.string().nullable(),
    at: z.number().int(),
  }),
  ZEventBody,
);
export type TRoomEvent = z.infer<typeof ZRoomEvent>;

/** What the server stamps on an event body when it accepts it. */
export interface EventStamp {
  seq: number;
  opId: string;
  actorId: string | null;
  at: number;
}

/**
 * Builds an event with one fixed shape. Build events here, not with `{ ...body, seq, ... }` or a zod
 * intersection: in V8 both give every object a hidden class of its own. Events are kept (the resume ring, the
 * fold, replay), so a hidden class per event costs memory and garbage-collection time on every op, and leaves
 * the code that reads events with a different shape each time.
 */
export function stampEvent(stamp: EventStamp, body: TEventBody): TRoomEvent {
  return {
    seq: stamp.seq,
    opId: stamp.opId,
    actorId: stamp.actorId,
    at: stamp.at,
    kind: body.kind,
    payload: body.payload,
  } as TRoomEvent;
}

/**
 * Who may read an event: both participants, or the interviewer only. (There is no "after the end" class: an event
 * that changed class at the end would renumber the candidate's stream after the fact; see lib/room/views.ts.)
 */
export type TVisibility = "all" | "interviewer";

export function visibilityOf(kind: TEventKind): TVisibility {
  switch (kind) {
    case "note.added":
    case "scorecard.saved":
      return "interviewer";
    // The submitted scorecard is what the candidate receives.
    case "scorecard.submitted":
    case "round.next":
    case "room.created":
    case "participant.joined":
    case "clock.started":
    case "clock.paused":
    case "clock.resumed":
    case "phase.changed":
    case "chat.posted":
    case "interview.ended":
    case "sim.reset":
    case "sim.command":
    case "sim.clock":
    case "board.changed":
    case "recording.consent":
      return "all";
  }
}

/** Whether a participant in `role` may read an event of this visibility. */
export function canSee(visibility: TVisibility, role: TRole): boolean {
  return visibility === "all" || role === "interviewer";
}

/**
 * Names one event instance: its op id and the server time it was accepted. A retried op keeps its id but gets
 * a new time, so a client that saw an attempt that was never committed can tell it from the committed one.
 */
export function eventRef(e: { opId: string; at: number }): string {
  return `${e.opId}@${e.at}`;
}

export const ZEventRef = z
  .string()
  .max(ROOM_LIMITS.opIdMaxChars + 20)
  .regex(/^[A-Za-z0-9_-]+@\d+$/, "not an event reference");

/** Who reads a stored session: one of its participants, or anyone holding a share link. */
export type TReader = { kind: "participant"; role: TRole } | { kind: "share" };

/**
 * What a reader of a stored session may receive: the interviewer everything; the candidate and share links the
 * events everyone may read, plus the interviewer's notes once the interviewer has shared them (after the end).
 * Scorecard drafts stay with the interviewer. `everything`: the reader's stream is the whole log (numbered as stored).
 */
export function readableBy(
  reader: TReader,
  session: { ended: boolean; notesShared: boolean },
): { everything: boolean; visibilities: TVisibility[]; alsoKinds: TEventKind[] } {
  if (reader.kind === "participant" && reader.role === "interviewer")
    return { everything: true, visibilities: ["all", "interviewer"], alsoKinds: [] };
  return {
    everything: false,
    visibilities: ["all"],
    alsoKinds: session.ended && session.notesShared ? ["note.added"] : [],
  };
}
