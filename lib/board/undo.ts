import { canonicalJson, fnv1a32 } from "../sim/hash";
import { type BoardState, elementOf, emptyBoard, supersedes } from "./reduce";
import type { TBoardElement, TBoardEvent, TBoardUpsert } from "./schema";

// Undo and redo that affect only your own changes, computed from the log so every client agrees on them.
//
// Each participant's history is rebuilt from their own `board.upsert` events: a plain change is pushed on the
// undo stack (and clears the redo stack); an op marked `history: {kind: "undo", seq}` moves that change to the
// redo stack; `{kind: "redo", seq}` moves it back. The inverse of a change restores, for each element it
// changed, the element as it was just before; an element the change created is deleted. The result is an
// ordinary upsert (versions bumped past the current ones) that the client sends like any other op.
//
// Invariant: undo never overwrites someone else's work. An element whose content (ignoring version, nonce
// and `updated`) is no longer what this change left is skipped and reported, not reverted.

export interface BoardHistory {
  /** Seqs of this participant's changes that can be undone, oldest first (the next undo takes the last). */
  undoable: number[];
  /** Seqs of this participant's undo/redo events that can be reversed by a redo, oldest first. */
  redoable: number[];
}

export interface UndoOptions {
  /** The board the events start from (a snapshot); changes before it cannot be undone. Default: empty. */
  base?: BoardState;
  /** `updated` for the restored elements (the caller's clock); left as restored when omitted. */
  now?: number;
  /** versionNonce for a restored element; default: a hash of user, target seq, id and new version. */
  nonce?: (id: string, version: number) => number;
}

export interface HistoryStep {
  op: TBoardUpsert;
  /** The event this op reverses. */
  target: number;
  /** Elements left alone because someone changed them after the target event. */
  skipped: string[];
}

const remove = (stack: number[], seq: number) => {
  const i = stack.lastIndexOf(seq);
  if (i >= 0) stack.splice(i, 1);
};

export function historyOf(events: readonly TBoardEvent[], userId: string): BoardHistory {
  const undoable: number[] = [];
  let redoable: number[] = [];
  for (const e of events) {
    if (e.actorId !== userId || e.op.type !== "board.upsert") continue;
    const h = e.op.history;
    if (!h) {
      undoable.push(e.seq);
      redoable = [];
    } else if (h.kind === "undo") {
      remove(undoable, h.seq);
      redoable.push(e.seq);
    } else {
      remove(redoable, h.seq);
      undoable.push(e.seq);
    }
  }
  return { undoable, redoable };
}

/** The stored value of each of `ids` after the events up to `seq` (the merge rule is per element, so this is exact). */
function elementsAt(
  base: BoardState,
  events: readonly TBoardEvent[],
  ids: ReadonlySet<string>,
  seq: number,
): Map<string, TBoardElement> {
  const out = new Map<string, TBoardElement>();
  for (const id of ids) {
    const el = elementOf(base, id);
    if (el) out.set(id, el);
  }
  for (const e of events) {
    if (e.seq > seq) break;
    if (e.seq <= base.seq || e.op.type !== "board.upsert") continue;
    for (const el of e.op.elements) {
      if (!ids.has(el.id)) continue;
      const cur = out.get(el.id);
      if (!cur || supersedes(el, cur)) out.set(el.id, el);
    }
  }
  return out;
}

/** The element's content, without the bookkeeping an undo or a re-save changes. */
const contentOf = (el: TBoardElement): string => {
  const { version: _v, versionNonce: _n, updated: _u, ...rest } = el;
  return canonicalJson(rest);
};

/** The upsert that reverses event `target` as far as nobody has changed its elements since. */
function inverseOf(
  events: readonly TBoardEvent[],
  target: TBoardEvent & { op: TBoardUpsert },
  current: BoardState,
  userId: string,
  kind: "undo" | "redo",
  opts: UndoOptions,
): HistoryStep {
  const base = opts.base ?? emptyBoard();
  const ids = new Set(target.op.elements.map((el) => el.id));
  const before = elementsAt(base, events, ids, target.seq - 1);
  const after = elementsAt(base, events, ids, target.seq);
  const nonce = opts.nonce ?? ((id, v) => fnv1a32(`${userId}:${target.seq}:${id}:${v}`) >>> 1);
  const elements: TBoardElement[] = [];
  const skipped: string[] = [];
  for (const sent of target.op.elements) {
    const left = after.get(sent.id);
    // The change lost the merge for this element: there is nothing of it to reverse.
    if (!left || left.version !== sent.version || left.versionNonce !== sent.versionNonce) continue;
    const now = elementOf(current, sent.id);
    if (!now || contentOf(now) !== contentOf(left)) {
      skipped.push(sent.id);
      continue;
    }
    const prev = before.get(sent.id);
    const restored: TBoardElement = prev ? { ...prev } : { ...left, isDeleted: true };
    restored.version = now.version + 1;
    restored.versionNonce = nonce(sent.id, restored.version);
    if (opts.now !== undefined) restored.updated = opts.now;
    elements.push(restored);
  }
  return {
    op: { type: "board.upsert", elements, history: { kind, seq: target.seq } },
    target: target.seq,
    skipped,
  };
}

function step(
  kind: "undo" | "redo",
  events: readonly TBoardEvent[],
  userId: string,
  current: BoardState,
  opts: UndoOptions,
): HistoryStep | null {
  const h = historyOf(events, userId);
  const stack = kind === "undo" ? h.undoable : h.redoable;
  const bySeq = new Map(events.map((e) => [e.seq, e]));
  // From the top down, the first entry that still has something of its own to reverse.
  for (let i = stack.length - 1; i >= 0; i--) {
    const target = bySeq.get(stack[i]!);
    if (target?.op.type !== "board.upsert") continue;
    const s = inverseOf(events, target as TBoardEvent & { op: TBoardUpsert }, current, userId, kind, opts);
    if (s.op.elements.length > 0) return s;
  }
  return null;
}

/**
 * The op that undoes `userId`'s latest change still standing, or null when there is nothing to undo.
 * `events` are the board events in seq order (after `opts.base`); `current` is the board after all of them.
 */
export function undoStep(
  events: readonly TBoardEvent[],
  userId: string,
  current: BoardState,
  opts: UndoOptions = {},
): HistoryStep | null {
  return step("undo", events, userId, current, opts);
}

/** The op that redoes `userId`'s latest undo (or redo-able step), or null. */
export function redoStep(
  events: readonly TBoardEvent[],
  userId: string,
  current: BoardState,
  opts: UndoOptions = {},
): HistoryStep | null {
  return step("redo", events, userId, current, opts);
}
