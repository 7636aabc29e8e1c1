import { applyEvent, emptyRoom, type RoomState, type TRoomEvent } from "../room";
import { CHECKPOINT_EVERY } from "./constants";

// A past session as a seekable log. The state at any index is, by definition, the fold of the events up to
// it (lib/room/state.ts); checkpoints are only a cache of such folds, so every answer equals a fold from the
// start (the unit tests compare hashes at every index).
//
// Checkpoints are cheap because the reducers are persistent: applyEvent returns a new state sharing every part
// the event did not touch, and the board copies only the bucket list and the touched bucket (lib/board/
// reduce.ts), never writing to an older state (tests deep-freeze every intermediate state to prove it). So a
// checkpoint costs what its events changed, not a copy of the room.
//
// CHECKPOINT_EVERY, measured on the 50,000-event / 60-minute benchmark session (2-core machine, Node 20;
// 100 seeded random seeks; heap = heapUsed growth of the whole log, events excluded):
//   every   checkpoints   seek p50 / p99    heap
//    none             1   141 / 389 ms    1.6 MB
//      50         1,001   0.2 / 1.9 ms     42 MB
//     100           501   0.5 / 1.6–2.3    25 MB
//     250           201   1.0 / 2.4–3.3    13 MB
//     500           101   1.6 / 5.1–5.4     8 MB
//   1,000            51   4.4 / 10 ms       5 MB
//   2,000            26   7.9 / 22 ms     3.5 MB
// Seek cost grows with the interval (~10 µs per event folded); each checkpoint costs ~55 KB here, what its
// events copied (the board's touched buckets, the chat and note lists, the element order). 250 keeps the
// worst seek well inside a frame even on a device several times slower than this one, for ~11 MB of
// checkpoints at the room's event cap (a real interview of a few thousand events needs a few hundred KB).

/**
 * The events of one session as one viewer received them, with checkpoints for seeking. Append pages in seq
 * order (gaps are fine: the server leaves out what the viewer may not see). States returned are shared with
 * the log and with each other: treat them as immutable, as every reducer does.
 */
export class ReplayLog {
  private readonly list: TRoomEvent[] = [];
  /** The largest `at` up to each index: binary search needs it monotonic even if the server's clock stepped back. */
  private readonly atUpTo: number[] = [];
  /** checkpoints[k] is the state after the first k × every events. */
  private readonly checkpoints: RoomState[];
  /** The state after every event appended so far. */
  private tail: RoomState;
  /** The last state handed out, after `n` events: forward playback folds on from it. */
  private cursor: { n: number; state: RoomState };
  private readonly every: number;

  constructor(
    readonly roomId: string,
    opts: { checkpointEvery?: number } = {},
  ) {
    this.every = opts.checkpointEvery ?? CHECKPOINT_EVERY;
    if (!Number.isInteger(this.every) || this.every < 1)
      throw new RangeError("ReplayLog: checkpointEvery must be a positive integer");
    this.tail = emptyRoom(roomId);
    this.checkpoints = [this.tail];
    this.cursor = { n: 0, state: this.tail };
  }

  get length(): number {
    return this.list.length;
  }

  get events(): readonly TRoomEvent[] {
    return this.list;
  }

  /** The state after every event (the session as it ended, for this viewer). */
  get finalState(): RoomState {
    return this.tail;
  }

  get checkpointCount(): number {
    return this.checkpoints.length;
  }

  /**
   * Appends one page of events. Seqs must rise strictly, within the page and from the last event appended;
   * otherwise nothing is appended and a RangeError says where.
   */
  append(events: readonly TRoomEvent[]): void {
    let last = this.list.at(-1)?.seq ?? 0;
    for (const e of events) {
      if (!(e.seq > last))
        throw new RangeError(`ReplayLog.append: seq ${e.seq} does not follow ${last} (pages must ascend)`);
      last = e.seq;
    }
    for (const e of events) {
      this.tail = applyEvent(this.tail, e);
      this.atUpTo.push(Math.max(e.at, this.atUpTo.at(-1) ?? Number.NEGATIVE_INFINITY));
      this.list.push(e);
      if (this.list.length % this.every === 0) this.checkpoints.push(this.tail);
    }
  }

  /** The state after events[0..i]; i = -1 gives the empty room. */
  stateAtIndex(i: number): RoomState {
    if (!Number.isInteger(i) || i < -1 || i >= this.list.length)
      throw new RangeError(`ReplayLog.stateAtIndex: ${i} is outside [-1, ${this.list.length - 1}]`);
    const n = i + 1;
    if (n === this.cursor.n) return this.cursor.state;
    if (n === this.list.length) {
      this.cursor = { n, state: this.tail };
      return this.tail;
    }
    const k = Math.floor(n / this.every);
    const from = k * this.every;
    // Playing forward: fold on from the last answer when no checkpoint lies between it and the target.
    const start =
      this.cursor.n >= from && this.cursor.n < n ? this.cursor : { n: from, state: this.checkpoints[k]! };
    let s = start.state;
    for (let j = start.n; j < n; j++) s = applyEvent(s, this.list[j]!);
    this.cursor = { n, state: s };
    return s;
  }

  /** The last event at or before `wallMs` (server time, epoch ms), or -1 when the session had not begun. */
  indexAtTime(wallMs: number): number {
    let lo = 0;
    let hi = this.atUpTo.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.atUpTo[mid]! <= wallMs) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  stateAtTime(wallMs: number): RoomState {
    return this.stateAtIndex(this.indexAtTime(wallMs));
  }
}
