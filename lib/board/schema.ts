import { z } from "zod";
import { BOARD_LIMITS as L } from "./limits";

// The board's vocabulary. An *element* is one Excalidraw element as JSON (a shape, an arrow, a text, a
// stroke); a client sends *ops* that carry whole elements, and the room records each accepted op as an event.
// The schema is written to accept what Excalidraw 0.18 emits (and older exports), field by field, and to
// refuse what must never reach another participant's screen: images and embeds, non-http(s) links, file
// data, non-finite numbers, oversized arrays and strings.

/** Element types a board holds. Images, embeds and iframes are refused: they fetch or run remote content. */
export const BOARD_ELEMENT_TYPES = [
  "rectangle",
  "ellipse",
  "diamond",
  "arrow",
  "line",
  "text",
  "freedraw",
  "frame",
] as const;
export type TBoardElementType = (typeof BOARD_ELEMENT_TYPES)[number];

/** Excalidraw types that exist but are refused here, so the reason can be named. */
export const FORBIDDEN_ELEMENT_TYPES: ReadonlySet<string> = new Set([
  "image",
  "embeddable",
  "iframe",
  "magicframe",
  "selection",
]);

/** Keys that only image/embed elements carry, or that smuggle content in; refused on any element. */
export const FORBIDDEN_KEYS = ["fileId", "dataURL", "src", "srcdoc", "href", "url", "html", "files"] as const;

// Keys of a plain object that would reach its prototype if an id were used as a property name.
const RESERVED_IDS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/** C0 controls and DEL; tab, line feed and carriage return count only when `allowLineBreaks` is false. */
function hasControlChar(text: string, allowLineBreaks: boolean): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7f) return true;
    if (c < 0x20 && !(allowLineBreaks && (c === 0x09 || c === 0x0a || c === 0x0d))) return true;
  }
  return false;
}

const SCRIPT_SCHEME = /^\s*(javascript|vbscript|data|file|blob):/i;

/** Why the board refuses an op. The room maps these onto its own error codes. */
export type TBoardRejectCode =
  | "malformed_op"
  | "malformed_element"
  | "duplicate_element"
  | "forbidden_element_type"
  | "forbidden_content"
  | "unsafe_link"
  | "text_too_long"
  | "invalid_text"
  | "too_many_points"
  | "op_too_large"
  | "too_many_elements"
  | "scene_too_large"
  | "forbidden"
  | "board_locked";

export interface TBoardRejection {
  code: TBoardRejectCode;
  message: string;
}

const problem = (code: TBoardRejectCode, message: string): TBoardRejection => ({ code, message });

/** Why a link is refused, or null. Only absolute http(s) URLs without credentials or whitespace pass. */
export function linkProblem(link: string): TBoardRejection | null {
  const unsafe = (m: string) => problem("unsafe_link", m);
  if (link.length > L.maxLinkChars) return unsafe(`A link is longer than ${L.maxLinkChars} characters.`);
  if (/\s/.test(link) || hasControlChar(link, false))
    return unsafe("A link contains spaces or control characters.");
  if (SCRIPT_SCHEME.test(link))
    return unsafe("Links may not run scripts or embed data; use an http(s) address.");
  if (!/^https?:\/\//i.test(link)) return unsafe("Links must be absolute http:// or https:// addresses.");
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return unsafe("A link is not a valid address.");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return unsafe("Links must be absolute http:// or https:// addresses.");
  if (url.username || url.password) return unsafe("Links may not carry a user name or password.");
  return null;
}

/** Why a text is refused, or null. Text is plain: stored verbatim, never interpreted as HTML. */
export function textProblem(text: string): TBoardRejection | null {
  if (text.length > L.maxTextChars)
    return problem("text_too_long", `A text is longer than ${L.maxTextChars} characters.`);
  if (hasControlChar(text, true)) return problem("invalid_text", "A text contains control characters.");
  return null;
}

/**
 * Why an unknown field's value is refused, or null. Unknown fields (`customData`, fields a newer Excalidraw
 * adds) are kept so the editor round-trips them, but only as small, finite, script-free JSON.
 */
export function extraFieldProblem(value: unknown): TBoardRejection | null {
  const p = extraFieldReason(value);
  if (!p) return null;
  return problem(p.startsWith("!") ? "forbidden_content" : "malformed_element", p.replace(/^!/, ""));
}

// Reasons that start with "!" are about content (scripts, data addresses), the rest about shape.
function extraFieldReason(value: unknown): string | null {
  let budget = L.maxExtraJsonBytes;
  const walk = (v: unknown, depth: number): string | null => {
    if (depth > L.maxExtraJsonDepth) return "An extra field is nested too deeply.";
    if (v === null || typeof v === "boolean") {
      budget -= 5;
    } else if (typeof v === "number") {
      if (!Number.isFinite(v)) return "An extra field holds a non-finite number.";
      budget -= 8;
    } else if (typeof v === "string") {
      if (SCRIPT_SCHEME.test(v)) return "!An extra field holds a script or data address.";
      budget -= v.length + 2;
    } else if (Array.isArray(v)) {
      budget -= 2;
      for (const item of v) {
        const p = walk(item, depth + 1);
        if (p) return p;
        if (budget < 0) break;
      }
    } else if (typeof v === "object") {
      budget -= 2;
      for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
        if (RESERVED_IDS.has(k)) return "An extra field uses a reserved key.";
        budget -= k.length + 3;
        const p = walk(item, depth + 1);
        if (p) return p;
        if (budget < 0) break;
      }
    } else {
      return "An extra field is not JSON.";
    }
    return budget < 0 ? `An extra field is larger than ${L.maxExtraJsonBytes} bytes.` : null;
  };
  return walk(value, 0);
}

// A refinement that records the board's reason code on the issue, so validateBoardOp can report it.
const refineWith =
  <T>(check: (v: T) => TBoardRejection | null) =>
  (v: T, ctx: z.RefinementCtx): void => {
    const p = check(v);
    if (p) ctx.addIssue({ code: "custom", message: p.message, params: { boardCode: p.code } });
  };

export const ZElementId = z
  .string()
  .min(1)
  .max(L.maxIdChars)
  .regex(/^[A-Za-z0-9_.:-]+$/, "element ids use letters, digits, '_', '-', '.' and ':' only")
  .refine((id) => !RESERVED_IDS.has(id), "reserved element id");

const coordinate = z.number().min(-L.maxCoordinate).max(L.maxCoordinate);
const point = z.tuple([coordinate, coordinate]);
/** Enum-like strings (fill style, alignment, arrowheads): kept open so a newer Excalidraw still passes. */
const token = z
  .string()
  .max(L.maxShortString)
  .regex(/^[a-z][a-z0-9_-]*$/, "expected a lowercase keyword");
const colour = z
  .string()
  .max(L.maxShortString)
  .regex(/^[#A-Za-z0-9(),.% ]*$/, "expected a colour");
const plainText = z.string().superRefine(refineWith(textProblem));
const link = z.string().superRefine(refineWith(linkProblem));
const extraField = z.unknown().superRefine(refineWith(extraFieldProblem));
const forbidden = z
  .undefined({ error: "This field carries files or remote content and is not accepted." })
  .optional();

/** An object whose unknown keys are kept, within the extra-field budget (Excalidraw adds keys over time). */
const open = <T extends z.core.$ZodLooseShape>(shape: T) => z.object(shape).catchall(extraField);

const ZBinding = open({
  elementId: ZElementId,
  focus: z.number().min(-L.maxCoordinate).max(L.maxCoordinate).optional(),
  gap: z.number().min(-L.maxCoordinate).max(L.maxCoordinate).optional(),
  fixedPoint: point.nullable().optional(),
  mode: token.optional(),
});

/** Fields every Excalidraw element has (those added in later versions are optional, for older exports). */
const base = {
  id: ZElementId,
  x: coordinate,
  y: coordinate,
  width: coordinate,
  height: coordinate,
  angle: coordinate,
  strokeColor: colour,
  backgroundColor: colour,
  fillStyle: token,
  strokeWidth: z.number().min(0).max(1_000),
  strokeStyle: token,
  roughness: z.number().min(0).max(100),
  opacity: z.number().min(0).max(100),
  groupIds: z.array(ZElementId).max(L.maxGroupIds),
  seed: z.int(),
  /** Bumped by the editor on every change; the merge rule's first key. */
  version: z.int().min(0),
  /** Random per change; the merge rule's tie-break (lower wins). */
  versionNonce: z.int(),
  isDeleted: z.boolean(),
  frameId: ZElementId.nullable().optional(),
  /** Excalidraw's fractional z-index (base-62 digits). */
  index: z
    .string()
    .max(L.maxShortString)
    .regex(/^[A-Za-z0-9]+$/, "expected a fractional index")
    .nullable()
    .optional(),
  roundness: open({ type: z.int().min(0).max(100), value: z.number().optional() })
    .nullable()
    .optional(),
  boundElements: z
    .array(open({ id: ZElementId, type: z.enum(["arrow", "text"]) }))
    .max(L.maxBoundElements)
    .nullable()
    .optional(),
  updated: z.number().min(0).optional(),
  link: link.nullable().optional(),
  locked: z.boolean().optional(),
  customData: extraField.optional(),
  // FORBIDDEN_KEYS, spelled out so the inferred type stays exact.
  fileId: forbidden,
  dataURL: forbidden,
  src: forbidden,
  srcdoc: forbidden,
  href: forbidden,
  url: forbidden,
  html: forbidden,
  files: forbidden,
} satisfies Record<(typeof FORBIDDEN_KEYS)[number], unknown> & Record<string, unknown>;

const element = <T extends z.core.$ZodLooseShape>(shape: T) =>
  z.object({ ...base, ...shape }).catchall(extraField);

const linear = {
  points: z.array(point).max(L.maxPoints),
  lastCommittedPoint: point.nullable().optional(),
  startBinding: ZBinding.nullable().optional(),
  endBinding: ZBinding.nullable().optional(),
  startArrowhead: token.nullable().optional(),
  endArrowhead: token.nullable().optional(),
};

export const ZBoardElement = z.discriminatedUnion("type", [
  element({ type: z.literal("rectangle") }),
  element({ type: z.literal("ellipse") }),
  element({ type: z.literal("diamond") }),
  element({ type: z.literal("frame"), name: plainText.nullable().optional() }),
  element({ type: z.literal("arrow"), ...linear, elbowed: z.boolean().optional() }),
  element({ type: z.literal("line"), ...linear, polygon: z.boolean().optional() }),
  element({
    type: z.literal("freedraw"),
    points: z.array(point).max(L.maxPoints),
    pressures: z.array(z.number().min(0).max(1)).max(L.maxPoints).optional(),
    simulatePressure: z.boolean().optional(),
    lastCommittedPoint: point.nullable().optional(),
  }),
  element({
    type: z.literal("text"),
    text: plainText,
    originalText: plainText.optional(),
    fontSize: z.number().min(1).max(1_000),
    fontFamily: z.int().min(0).max(1_000),
    textAlign: token,
    verticalAlign: token,
    containerId: ZElementId.nullable().optional(),
    autoResize: z.boolean().optional(),
    lineHeight: z.number().min(0).max(100).optional(),
    baseline: z.number().min(-L.maxCoordinate).max(L.maxCoordinate).optional(),
  }),
]);
export type TBoardElement = z.infer<typeof ZBoardElement>;

/**
 * What a participant may ask of the board. `board.upsert` adds or replaces whole elements (a deletion is an
 * element with `isDeleted: true`, as in Excalidraw); `history` marks an op sent by undo or redo, naming the
 * event it reverses, so each participant's undo stack can be rebuilt from the log. `board.lock` makes the
 * board view-only for the candidate.
 */
export const ZBoardOp = z.discriminatedUnion("type", [
  z
    .object({
      type: z.literal("board.upsert"),
      elements: z.array(ZBoardElement).min(1).max(L.maxElementsPerOp),
      history: z
        .object({ kind: z.enum(["undo", "redo"]), seq: z.int().positive() })
        .strict()
        .optional(),
    })
    .strict(),
  z.object({ type: z.literal("board.lock"), locked: z.boolean() }).strict(),
]);
export type TBoardOp = z.infer<typeof ZBoardOp>;
export type TBoardUpsert = Extract<TBoardOp, { type: "board.upsert" }>;

/**
 * Loose shapes of the two board ops, for the room's `ZRoomOp` union: the protocol boundary only recognises a
 * board op, and decideBoardOp then parses it fully, so a refusal names its reason (`unsafe_link`, …) rather
 * than a generic bad request.
 */
export const ZBoardOpEnvelopes = [
  z.looseObject({ type: z.literal("board.upsert") }),
  z.looseObject({ type: z.literal("board.lock") }),
] as const;

/**
 * The payload of the room's `board.changed` event: the accepted op. Its shape is versioned with every other
 * event's (lib/room/event-versions.ts): a change to board ops is an event schema version and an upgrade step.
 */
export const ZBoardEventPayload = z.object({ op: ZBoardOp }).strict();
export type TBoardEventPayload = z.infer<typeof ZBoardEventPayload>;

/** One board event as the reducer sees it: the room's sequence number, who sent it, and the op. */
export interface TBoardEvent {
  seq: number;
  actorId: string | null;
  op: TBoardOp;
}
