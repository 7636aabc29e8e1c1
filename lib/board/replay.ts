import { z } from "zod";
import { canonicalJson, hashText } from "../sim/hash";
import { BOARD_STATE_VERSION, BOARD_LIMITS as L } from "./limits";
import { type BoardState, emptyBoard, foldBoard, storedElements } from "./reduce";
import { type TBoardEvent, type TBoardEventPayload, type TBoardRejection, ZBoardElement } from "./schema";

// Replay and snapshots. The board at sequence number n is, by definition, the fold of the log's board events
// up to n; a snapshot is only a cache of such a fold, so restoring one and folding the rest must give the
// same board (and the same hash) as folding from the start.

/** The room event kind that carries a board op (payload: ZBoardEventPayload). */
export const BOARD_EVENT_KIND = "board.changed";

/**
 * The board events in a room log, in order. The log is trusted (every payload was parsed by decideBoardOp
 * before it was recorded); parse with ZBoardEventPayload first when reading it from anywhere else.
 */
export function boardEventsOf(
  events: readonly { seq: number; actorId: string | null; kind: string; payload: unknown }[],
): TBoardEvent[] {
  const out: TBoardEvent[] = [];
  for (const e of events)
    if (e.kind === BOARD_EVENT_KIND)
      out.push({ seq: e.seq, actorId: e.actorId, op: (e.payload as TBoardEventPayload).op });
  return out;
}

/**
 * The board as it was right after event `seq`: the fold of every event with `e.seq <= seq`, starting from
 * `from` (a restored snapshot at or before `seq`; the empty board by default). Events must be in seq order.
 */
export function boardAt(
  events: readonly TBoardEvent[],
  seq: number,
  from: BoardState = emptyBoard(),
): BoardState {
  if (from.seq > seq) throw new RangeError(`boardAt: the starting board (seq ${from.seq}) is after ${seq}`);
  let end = 0;
  while (end < events.length && events[end]!.seq <= seq) end++;
  return foldBoard(from, events.slice(0, end));
}

export const ZBoardSnapshot = z
  .object({
    v: z.literal(BOARD_STATE_VERSION),
    seq: z.int().min(0),
    locked: z.boolean(),
    /** Every stored element, tombstones included, in the order the board first saw them. */
    elements: z.array(ZBoardElement).max(L.maxStoredElements),
  })
  .strict();
export type TBoardSnapshot = z.infer<typeof ZBoardSnapshot>;

/** The board as plain JSON (what the room stores in its snapshots and sends to a late joiner). */
export function boardSnapshot(s: BoardState): TBoardSnapshot {
  return {
    v: BOARD_STATE_VERSION,
    seq: s.seq,
    locked: s.locked,
    elements: storedElements(s),
  };
}

/**
 * A board from a snapshot, parsed as untrusted input. A snapshot of another state version is refused: the
 * caller then rebuilds the board from the log.
 */
export function restoreBoard(
  json: unknown,
): { ok: true; state: BoardState } | { ok: false; error: TBoardRejection } {
  const parsed = ZBoardSnapshot.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return {
      ok: false,
      error: {
        code: "malformed_op",
        message: `Not a board snapshot: ${issue.path.join(".")}: ${issue.message}`,
      },
    };
  }
  const snap = parsed.data;
  const ids = new Set<string>();
  for (const el of snap.elements) {
    if (ids.has(el.id))
      return { ok: false, error: { code: "duplicate_element", message: `Snapshot holds ${el.id} twice.` } };
    ids.add(el.id);
  }
  // Distinct ids, so folding them as one upsert stores each as it is, in snapshot order.
  const s = foldBoard(emptyBoard(), [
    { seq: 1, actorId: null, op: { type: "board.upsert", elements: snap.elements } },
  ]);
  s.seq = snap.seq;
  s.locked = snap.locked;
  return { ok: true, state: s };
}

/**
 * A stable 64-bit hash (FNV-1a, as 16 hex digits) of the board's content: the lock and every stored element in
 * first-seen order, with object keys sorted. `seq` is left out, so two folds that reach the same board through
 * different amounts of unrelated room traffic hash the same.
 */
export function boardHash(s: BoardState): string {
  return hashText(canonicalJson({ locked: s.locked, elements: storedElements(s) }));
}
