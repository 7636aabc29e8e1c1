import { BOARD_LIMITS } from "./limits";
import { type BoardState, elementOf, supersedes, utf8Length, type Versioned } from "./reduce";
import type { TBoardElement, TBoardUpsert } from "./schema";

// The browser's side of the bridge from Excalidraw's onChange to board ops, kept pure so it is tested here.
// Excalidraw bumps an element's `version` on every change, so "what changed locally" is "what supersedes both
// the board (the server's fold) and what this client has already sent".

/**
 * Elements of the local scene to send: those that win the merge against the board and against the last copy
 * this client sent (`sent`, by id; the client drops entries once the board has caught up). Compares versions
 * only, so it is cheap enough to run on every onChange; validate just the result.
 */
export function unsentChanges<E extends Versioned & { id: string }>(
  scene: readonly E[],
  board: BoardState,
  sent: ReadonlyMap<string, Versioned>,
): E[] {
  const out: E[] = [];
  for (const el of scene) {
    const held = elementOf(board, el.id);
    if (held && !supersedes(el, held)) continue;
    const last = sent.get(el.id);
    // An element created and deleted before it ever travelled need not travel at all.
    if (!held && !last && el.isDeleted) continue;
    if (last && !supersedes(el, last)) continue;
    out.push(el);
  }
  return out;
}

/**
 * Splits elements into upserts within a byte and element budget (the room's message limit, say), keeping
 * their order. An element larger than the budget on its own travels alone (and is refused if over the cap).
 */
export function splitUpsert(
  elements: readonly TBoardElement[],
  budget: { maxBytes?: number; maxElements?: number } = {},
): TBoardUpsert[] {
  const maxBytes = budget.maxBytes ?? BOARD_LIMITS.maxOpBytes;
  const maxElements = Math.min(
    budget.maxElements ?? BOARD_LIMITS.maxElementsPerOp,
    BOARD_LIMITS.maxElementsPerOp,
  );
  const ops: TBoardUpsert[] = [];
  let batch: TBoardElement[] = [];
  // JSON of the op around the elements: {"type":"board.upsert","elements":[...]} plus commas.
  const envelope = 40;
  let bytes = envelope;
  for (const el of elements) {
    const size = utf8Length(JSON.stringify(el)) + 1;
    if (batch.length > 0 && (bytes + size > maxBytes || batch.length >= maxElements)) {
      ops.push({ type: "board.upsert", elements: batch });
      batch = [];
      bytes = envelope;
    }
    batch.push(el);
    bytes += size;
  }
  if (batch.length > 0) ops.push({ type: "board.upsert", elements: batch });
  return ops;
}
