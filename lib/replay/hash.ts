import { storedElements } from "../board/reduce";
import type { RoomState } from "../room";
import { hashData } from "../sim/hash";

/**
 * A stable 64-bit hash (16 hex digits) of everything in a room state, `seq` included; two states hash alike
 * iff they are equal as data. The board enters as what it holds (lock, seq and every stored element,
 * tombstones included, in first-seen order), not as its bucket layout, whose counters derive from the
 * elements.
 *
 * What a viewer's state holds depends on what the viewer was sent: a candidate's live client folds only the
 * events the candidate may see (the interviewer's notes and drafts are left out, so its seqs have gaps and
 * its `seq` is its last visible event). A ReplayLog fed the same filtered pages folds exactly the same events,
 * so its states hash exactly like that client's after every event. (A client that joined from a server
 * snapshot holds the room's seq at that snapshot instead, which may be an event it cannot see, until its next
 * visible event; that state hashes differently in between.)
 */
export function stateHash(state: RoomState): string {
  const { board, ...rest } = state;
  return hashData(rest, {
    v: board.v,
    seq: board.seq,
    locked: board.locked,
    elements: storedElements(board),
  });
}
