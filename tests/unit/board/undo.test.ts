import { describe, expect, it } from "vitest";
import {
  type BoardState,
  boardAt,
  elementOf,
  emptyBoard,
  foldBoard,
  historyOf,
  redoStep,
  type TBoardEvent,
  type TBoardOp,
  undoStep,
  validateBoardOp,
} from "../../../lib/board";
import { rect, upsert } from "./helpers";

const ANA = "ana";
const BO = "bo";

/** A board log built the way the room builds it: every op is validated, then sequenced and folded. */
class Log {
  events: TBoardEvent[] = [];
  state: BoardState = emptyBoard();

  send(actorId: string, op: TBoardOp): this {
    const v = validateBoardOp(op, this.state);
    if (!v.ok) throw new Error(`${v.error.code}: ${v.error.message}`);
    const e = { seq: this.events.length + 1, actorId, op: v.op };
    this.events.push(e);
    this.state = foldBoard(this.state, [e]);
    return this;
  }

  undo(userId: string) {
    const s = undoStep(this.events, userId, this.state);
    if (s) this.send(userId, s.op);
    return s;
  }

  redo(userId: string) {
    const s = redoStep(this.events, userId, this.state);
    if (s) this.send(userId, s.op);
    return s;
  }

  x(id: string): number | "deleted" | "absent" {
    const el = elementOf(this.state, id);
    return !el ? "absent" : el.isDeleted ? "deleted" : el.x;
  }
}

describe("undo affects only your own changes", () => {
  it("undoing a creation deletes the element; redo brings it back", () => {
    const log = new Log().send(ANA, upsert(rect("A", { x: 1 })));
    expect(log.undo(ANA)?.op.history).toEqual({ kind: "undo", seq: 1 });
    expect(log.x("A")).toBe("deleted");
    expect(elementOf(log.state, "A")!.version).toBe(2);
    log.redo(ANA);
    expect(log.x("A")).toBe(1);
    expect(elementOf(log.state, "A")!.version).toBe(3);
  });

  it("undo restores the element as it was before your change, and leaves the other person's changes", () => {
    const log = new Log()
      .send(ANA, upsert(rect("A", { x: 1 }), rect("B", { x: 1 })))
      .send(ANA, upsert(rect("A", { x: 2, version: 2 })))
      .send(BO, upsert(rect("B", { x: 7, version: 2 })));
    log.undo(ANA);
    expect([log.x("A"), log.x("B")]).toEqual([1, 7]);
    // Bo's undo takes back Bo's move only.
    log.undo(BO);
    expect([log.x("A"), log.x("B")]).toEqual([1, 1]);
  });

  it("walks back through several changes, and a new change clears the redo stack", () => {
    const log = new Log()
      .send(ANA, upsert(rect("A", { x: 1 })))
      .send(ANA, upsert(rect("A", { x: 2, version: 2 })))
      .send(ANA, upsert(rect("A", { x: 3, version: 3 })));
    log.undo(ANA);
    expect(log.x("A")).toBe(2);
    log.undo(ANA);
    expect(log.x("A")).toBe(1);
    log.redo(ANA);
    expect(log.x("A")).toBe(2);
    // Seq 6 (the redo of undo 5) is now undoable in place of change 2; undo 4 can still be redone.
    expect(historyOf(log.events, ANA)).toEqual({ undoable: [1, 6], redoable: [4] });
    log.send(ANA, upsert(rect("A", { x: 9, version: elementOf(log.state, "A")!.version + 1 })));
    expect(historyOf(log.events, ANA).redoable).toEqual([]);
    expect(log.redo(ANA)).toBeNull();
    log.undo(ANA);
    expect(log.x("A")).toBe(2);
  });

  it("skips an element someone else changed since, and says so", () => {
    const log = new Log()
      .send(ANA, upsert(rect("A", { x: 1 }), rect("B", { x: 1 })))
      .send(ANA, upsert(rect("A", { x: 2, version: 2 }), rect("B", { x: 2, version: 2 })))
      .send(BO, upsert(rect("B", { x: 5, version: 3 })));
    const step = log.undo(ANA);
    expect(step?.skipped).toEqual(["B"]);
    expect([log.x("A"), log.x("B")]).toEqual([1, 5]);
  });

  it("returns null when every element of your last change was taken over by the other person", () => {
    const log = new Log()
      .send(ANA, upsert(rect("A", { x: 1 })))
      .send(BO, upsert(rect("A", { x: 4, version: 2 })));
    expect(undoStep(log.events, ANA, log.state)).toBeNull();
    expect(log.undo(BO)).not.toBeNull();
    expect(log.x("A")).toBe(1);
  });

  it("has nothing to undo for a change that lost the merge", () => {
    const log = new Log()
      .send(BO, upsert(rect("A", { x: 1, version: 5 })))
      .send(ANA, upsert(rect("A", { x: 2, version: 3 })));
    expect(undoStep(log.events, ANA, log.state)).toBeNull();
  });

  it("undoing an earlier change still works after undoing a later one (content, not version, is compared)", () => {
    const log = new Log()
      .send(ANA, upsert(rect("A", { x: 1 })))
      .send(ANA, upsert(rect("A", { x: 2, version: 2 })))
      .send(ANA, upsert(rect("A", { x: 3, version: 3 })));
    log.undo(ANA);
    log.undo(ANA);
    log.undo(ANA);
    expect(log.x("A")).toBe("deleted");
    expect(log.undo(ANA)).toBeNull();
  });

  it("undo of a deletion restores the element", () => {
    const log = new Log()
      .send(ANA, upsert(rect("A", { x: 1 })))
      .send(BO, upsert(rect("A", { x: 1, version: 2, isDeleted: true })));
    log.undo(BO);
    expect(log.x("A")).toBe(1);
  });

  it("works from a snapshot base: changes after it are undoable, the element's earlier value comes from it", () => {
    const log = new Log().send(ANA, upsert(rect("A", { x: 1 })));
    const base = boardAt(log.events, 1);
    log.send(ANA, upsert(rect("A", { x: 2, version: 2 })));
    const after = log.events.slice(1);
    const s = undoStep(after, ANA, log.state, { base, now: 123, nonce: () => 7 });
    expect(s?.op.elements[0]).toMatchObject({ x: 1, version: 3, versionNonce: 7, updated: 123 });
    expect(undoStep(after.slice(0, 0), ANA, base, { base })).toBeNull();
  });

  it("is deterministic: both clients compute the same undo op", () => {
    const log = new Log()
      .send(ANA, upsert(rect("A", { x: 1 })))
      .send(ANA, upsert(rect("A", { x: 2, version: 2 })));
    const copy = structuredClone(log.events);
    expect(undoStep(copy, ANA, foldBoard(emptyBoard(), copy))).toEqual(undoStep(log.events, ANA, log.state));
  });
});
