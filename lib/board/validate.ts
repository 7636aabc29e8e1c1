import type { z } from "zod";
import { BOARD_LIMITS as L } from "./limits";
import { type BoardState, elementOf, previewUpsert, utf8Length } from "./reduce";
import {
  FORBIDDEN_ELEMENT_TYPES,
  FORBIDDEN_KEYS,
  type TBoardEventPayload,
  type TBoardOp,
  type TBoardRejectCode,
  type TBoardRejection,
  ZBoardOp,
} from "./schema";

// Deciding whether an op may join the log. Pure: the server calls it with the authoritative board before
// sequencing the op, the browser may call it for instant feedback, tests call it with tables. A rejected op
// changes nothing (the caller simply does not record it).

export type TBoardRole = "interviewer" | "candidate";

/** `changes`: how many elements would win the merge (0: a harmless no-op, e.g. a stale edit). */
export type TBoardValidation =
  | { ok: true; op: TBoardOp; changes: number }
  | { ok: false; error: TBoardRejection };

const reject = (code: TBoardRejectCode, message: string): { ok: false; error: TBoardRejection } => ({
  ok: false,
  error: { code, message },
});

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const TEXT_KEYS = new Set(["text", "originalText", "name"]);
const POINT_KEYS = new Set(["points", "pressures"]);
const FORBIDDEN_KEY_SET: ReadonlySet<string> = new Set(FORBIDDEN_KEYS);

/** Names the element an issue is about: "Element 3 (id abc)". */
function whichElement(raw: unknown, index: number): string {
  const id = isRecord(raw) && typeof raw.id === "string" ? ` (${raw.id.slice(0, L.maxIdChars)})` : "";
  return `Element ${index + 1}${id}`;
}

/** Turns the first schema issue into the board's reason code and a message that names the field. */
function classify(issue: z.core.$ZodIssue, elements: unknown[]): TBoardRejection {
  const [root, index, key] = issue.path;
  const boardCode = (issue as { params?: { boardCode?: TBoardRejectCode } }).params?.boardCode;
  if (root !== "elements" || typeof index !== "number") {
    return { code: "malformed_op", message: `The board change is malformed: ${issue.message}` };
  }
  const where = whichElement(elements[index], index);
  const field = issue.path.slice(2).join(".");
  if (boardCode) return { code: boardCode, message: `${where}: ${issue.message}` };
  if (typeof key === "string" && FORBIDDEN_KEY_SET.has(key))
    return {
      code: "forbidden_content",
      message: `${where}: "${key}" (files or remote content) is not accepted.`,
    };
  if (typeof key === "string" && POINT_KEYS.has(key) && issue.code === "too_big")
    return { code: "too_many_points", message: `${where}: more than ${L.maxPoints} points.` };
  if (typeof key === "string" && TEXT_KEYS.has(key) && issue.code === "too_big")
    return {
      code: "text_too_long",
      message: `${where}: a text is longer than ${L.maxTextChars} characters.`,
    };
  return { code: "malformed_element", message: `${where}: ${field ? `${field}: ` : ""}${issue.message}` };
}

/**
 * Checks an op against the schema, the caps and the current board. On success the op is returned as parsed
 * (the form to record). Checks run cheapest first, and the caps are checked against the board as it would be
 * after the op, so a deletion is never refused for a board that is already large.
 */
export function validateBoardOp(input: unknown, s: BoardState): TBoardValidation {
  if (!isRecord(input) || (input.type !== "board.upsert" && input.type !== "board.lock"))
    return reject("malformed_op", "This is not a board change.");
  if (input.type === "board.upsert") {
    const elements = input.elements;
    if (!Array.isArray(elements) || elements.length === 0)
      return reject("malformed_op", "A board change needs a non-empty list of elements.");
    if (elements.length > L.maxElementsPerOp)
      return reject("op_too_large", `One change may carry at most ${L.maxElementsPerOp} elements.`);
    for (let i = 0; i < elements.length; i++) {
      const raw: unknown = elements[i];
      if (!isRecord(raw)) return reject("malformed_element", `${whichElement(raw, i)} is not an element.`);
      if (typeof raw.type === "string" && FORBIDDEN_ELEMENT_TYPES.has(raw.type))
        return reject(
          "forbidden_element_type",
          `${whichElement(raw, i)}: "${raw.type}" elements are not allowed on the board (no images, embeds or iframes).`,
        );
    }
    let bytes: number;
    try {
      bytes = utf8Length(JSON.stringify(elements));
    } catch {
      return reject("malformed_op", "The board change is not JSON.");
    }
    if (bytes > L.maxOpBytes)
      return reject("op_too_large", `One change may be at most ${Math.round(L.maxOpBytes / 1000)} KB.`);
  }

  const parsed = ZBoardOp.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, error: classify(issue, Array.isArray(input.elements) ? input.elements : []) };
  }
  const op = parsed.data;
  if (op.type === "board.lock") return { ok: true, op, changes: op.locked === s.locked ? 0 : 1 };

  const seen = new Set<string>();
  for (const el of op.elements) {
    if (seen.has(el.id))
      return reject("duplicate_element", `Element ${el.id} appears twice in one change; send it once.`);
    seen.add(el.id);
    const stored = elementOf(s, el.id)?.version ?? 0;
    if (el.version > stored + L.maxVersionJump)
      return reject(
        "malformed_element",
        `Element ${el.id}: version ${el.version} jumps too far past ${stored} (at most ${L.maxVersionJump} per change).`,
      );
  }

  const after = previewUpsert(s, op.elements);
  const grows = (next: number, now: number, cap: number) => next > cap && next > now;
  if (grows(after.liveCount, s.liveCount, L.maxLiveElements))
    return reject("too_many_elements", `The board is full: it holds at most ${L.maxLiveElements} elements.`);
  if (grows(after.storedCount, s.order.length, L.maxStoredElements))
    return reject(
      "too_many_elements",
      `The board has seen ${L.maxStoredElements} elements (deleted ones included) and takes no new ones.`,
    );
  if (grows(after.sceneBytes, s.sceneBytes, L.maxSceneBytes))
    return reject(
      "scene_too_large",
      `The board is full: its scene is limited to ${L.maxSceneBytes / 1e6} MB.`,
    );
  if (grows(after.storedBytes, s.storedBytes, L.maxStoredBytes))
    return reject(
      "scene_too_large",
      `The board's history is full: it keeps at most ${L.maxStoredBytes / 1e6} MB of elements.`,
    );
  return { ok: true, op, changes: after.accepted.length };
}

/**
 * Who may send what: only the interviewer locks or unlocks; while the board is locked only the interviewer
 * draws. Both participants may draw on an unlocked board.
 */
export function canApply(
  opType: TBoardOp["type"],
  role: TBoardRole,
  s: BoardState,
): { ok: true } | { ok: false; error: TBoardRejection } {
  switch (opType) {
    case "board.lock":
      return role === "interviewer"
        ? { ok: true }
        : reject("forbidden", "Only the interviewer can lock or unlock the board.");
    case "board.upsert":
      return role === "interviewer" || !s.locked
        ? { ok: true }
        : reject("board_locked", "The interviewer has locked the board; it is view-only for now.");
  }
}

/**
 * The room's one call: permission, then validation; on success the payload of the `board.changed` event to
 * record. An op with `changes: 0` is harmless; recording it anyway keeps the sender's acknowledgement simple.
 */
export function decideBoardOp(
  input: unknown,
  role: TBoardRole,
  s: BoardState,
): { ok: true; payload: TBoardEventPayload; changes: number } | { ok: false; error: TBoardRejection } {
  if (isRecord(input) && (input.type === "board.upsert" || input.type === "board.lock")) {
    const allowed = canApply(input.type, role, s);
    if (!allowed.ok) return allowed;
  }
  const v = validateBoardOp(input, s);
  if (!v.ok) return v;
  return { ok: true, payload: { op: v.op }, changes: v.changes };
}
