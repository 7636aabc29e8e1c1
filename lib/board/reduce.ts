import { fnv1a32 } from "../sim/hash";
import { BOARD_STATE_VERSION } from "./limits";
import type { TBoardElement, TBoardEvent } from "./schema";

// The board as a pure fold of the room's board events.
//
// Merge rule (per element id, the same on every client, on the server and in replay):
//   an incoming element replaces the stored one iff
//     1. its `version` is higher; or
//     2. the versions are equal and the incoming one is a deletion and the stored one is not; or
//     3. the versions are equal, both are deletions or both are not, and its `versionNonce` is lower.
//   Otherwise the incoming element is dropped (an exact re-delivery is therefore a no-op).
// This is Excalidraw's reconcile rule (higher version, then lower nonce) with one addition: on a version tie a
// deletion wins, so a concurrent edit made from the same version cannot bring a deleted element back. A
// deletion is a tombstone (`isDeleted: true`) that stays in the state; only an element with a strictly higher
// version (an undo of the deletion, say) replaces it.
//
// Because the rule picks the maximum of a total order on (version, isDeleted, -versionNonce), the elements
// after a set of upserts do not depend on the order they were folded in (whenever two distinct elements never
// share all three keys, which random nonces make so). The server's total order still matters for the lock and
// for z-order ties, and it makes every fold identical anyway.
//
// Z-order: elements with Excalidraw's fractional `index` render in (index, id) order, compared by UTF-16 code
// units as Excalidraw does; elements without one (older exports) follow, in the order the board first saw them.

/** How stored elements are spread: one change copies the bucket list and one bucket, never the whole table. */
export const BOARD_BUCKETS = 128;

/** A stored element with its serialised size (so replacing it needs no second serialisation). */
export interface StoredElement {
  el: TBoardElement;
  bytes: number;
}

export interface BoardState {
  v: number;
  /** The last board event folded in (the room's sequence number; gaps are the room's other events). */
  seq: number;
  /** View-only for the candidate. */
  locked: boolean;
  /**
   * Every element ever seen, deletions included (as tombstones), in BOARD_BUCKETS buckets keyed by a hash of
   * the id. Structural sharing: a new state shares every bucket its event did not touch, so applying one
   * event costs O(elements in the event), not O(elements on the board). Read with `elementOf`.
   */
  buckets: Record<string, StoredElement>[];
  /** Element ids in the order the board first saw them (append-only, tombstones included). */
  order: string[];
  /** Elements that are not deleted. */
  liveCount: number;
  /** UTF-8 bytes of the live elements as JSON. */
  sceneBytes: number;
  /** UTF-8 bytes of every stored element as JSON, tombstones included. */
  storedBytes: number;
}

const EMPTY_BUCKETS: readonly Record<string, StoredElement>[] = Object.freeze(
  Array.from({ length: BOARD_BUCKETS }, () => Object.freeze({})),
);

export function emptyBoard(): BoardState {
  return {
    v: BOARD_STATE_VERSION,
    seq: 0,
    locked: false,
    buckets: EMPTY_BUCKETS.slice(),
    order: [],
    liveCount: 0,
    sceneBytes: 0,
    storedBytes: 0,
  };
}

const bucketOf = (id: string): number => fnv1a32(id) & (BOARD_BUCKETS - 1);

/** The stored element with this id, tombstone or not. Own properties only: ids are never prototype keys. */
export function elementOf(s: BoardState, id: string): TBoardElement | undefined {
  const bucket = s.buckets[bucketOf(id)]!;
  return Object.hasOwn(bucket, id) ? bucket[id]!.el : undefined;
}

/** Every stored element, tombstones included, in first-seen order. */
export function storedElements(s: BoardState): TBoardElement[] {
  return s.order.map((id) => elementOf(s, id)!);
}

/** The fields the merge rule reads (an Excalidraw element has them, typed its own way). */
export interface Versioned {
  version: number;
  versionNonce: number;
  isDeleted: boolean;
}

/** Whether `incoming` replaces `stored` under the merge rule above. */
export function supersedes(incoming: Versioned, stored: Versioned): boolean {
  if (incoming.version !== stored.version) return incoming.version > stored.version;
  if (incoming.isDeleted !== stored.isDeleted) return incoming.isDeleted;
  return incoming.versionNonce < stored.versionNonce;
}

/** UTF-8 length of a string (JSON.stringify never emits lone surrogates, so pairs are always whole). */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

export function elementBytes(el: TBoardElement): number {
  return utf8Length(JSON.stringify(el));
}

/**
 * A state being changed by one fold. The bucket list, each touched bucket and the order are copied on first
 * write, so the input state is never touched and a fold of many events copies each of them at most once.
 */
class BoardDraft {
  private bucketsCopied = false;
  private readonly copied = new Set<number>();
  private orderCopied = false;
  readonly s: BoardState;

  constructor(from: BoardState) {
    this.s = { ...from };
  }

  put(incoming: TBoardElement): boolean {
    const s = this.s;
    const b = bucketOf(incoming.id);
    const stored = Object.hasOwn(s.buckets[b]!, incoming.id) ? s.buckets[b]![incoming.id] : undefined;
    if (stored && !supersedes(incoming, stored.el)) return false;
    if (!this.bucketsCopied) {
      s.buckets = s.buckets.slice();
      this.bucketsCopied = true;
    }
    if (!this.copied.has(b)) {
      s.buckets[b] = { ...s.buckets[b] };
      this.copied.add(b);
    }
    const bytes = elementBytes(incoming);
    if (stored) {
      s.storedBytes += bytes - stored.bytes;
      if (!stored.el.isDeleted) {
        s.liveCount -= 1;
        s.sceneBytes -= stored.bytes;
      }
    } else {
      if (!this.orderCopied) {
        s.order = s.order.slice();
        this.orderCopied = true;
      }
      s.order.push(incoming.id);
      s.storedBytes += bytes;
    }
    if (!incoming.isDeleted) {
      s.liveCount += 1;
      s.sceneBytes += bytes;
    }
    s.buckets[b]![incoming.id] = { el: incoming, bytes };
    return true;
  }

  apply(e: TBoardEvent): void {
    if (e.seq <= this.s.seq) return;
    this.s.seq = e.seq;
    switch (e.op.type) {
      case "board.upsert":
        for (const el of e.op.elements) this.put(el);
        return;
      case "board.lock":
        this.s.locked = e.op.locked;
        return;
    }
  }
}

/**
 * Folds one board event. Pure: returns a new state and leaves the old one untouched. Events must arrive in
 * sequence order; one at or below `seq` was folded already and is ignored, so re-delivery is harmless.
 */
export function applyBoardEvent(s: BoardState, e: TBoardEvent): BoardState {
  if (e.seq <= s.seq) return s;
  const d = new BoardDraft(s);
  d.apply(e);
  return d.s;
}

/** Folds events in order (each touched bucket is copied once for the whole batch). */
export function foldBoard(s: BoardState, events: Iterable<TBoardEvent>): BoardState {
  const d = new BoardDraft(s);
  for (const e of events) d.apply(e);
  return d.s;
}

/** What an upsert would change, without changing anything: the validator's view of its effect. */
export function previewUpsert(
  s: BoardState,
  elements: readonly TBoardElement[],
): {
  accepted: TBoardElement[];
  liveCount: number;
  sceneBytes: number;
  storedCount: number;
  storedBytes: number;
} {
  const d = new BoardDraft(s);
  const accepted = elements.filter((el) => d.put(el));
  return {
    accepted,
    liveCount: d.s.liveCount,
    sceneBytes: d.s.sceneBytes,
    storedCount: d.s.order.length,
    storedBytes: d.s.storedBytes,
  };
}

const byIndexThenId = (a: TBoardElement, b: TBoardElement): number => {
  const ai = a.index as string;
  const bi = b.index as string;
  if (ai !== bi) return ai < bi ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
};

/**
 * The elements in render (z) order, as a client passes them to Excalidraw's `updateScene`. Tombstones are
 * left out unless asked for (Excalidraw's reconcile wants them; rendering does not).
 */
export function sceneElements(s: BoardState, opts: { includeDeleted?: boolean } = {}): TBoardElement[] {
  const indexed: TBoardElement[] = [];
  const unindexed: TBoardElement[] = [];
  for (const id of s.order) {
    const el = elementOf(s, id)!;
    if (el.isDeleted && !opts.includeDeleted) continue;
    (typeof el.index === "string" ? indexed : unindexed).push(el);
  }
  indexed.sort(byIndexThenId);
  return indexed.concat(unindexed);
}
