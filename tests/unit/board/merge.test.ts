import { describe, expect, it } from "vitest";
import {
  applyBoardEvent,
  type BoardState,
  boardHash,
  elementOf,
  emptyBoard,
  foldBoard,
  sceneElements,
  storedElements,
  supersedes,
} from "../../../lib/board";
import { deepFreeze, parseEl, rect, upsert } from "./helpers";

// The merge rule as a table, in Excalidraw's reconcile-test notation: the board holds `stored` (origin S), one
// event brings `incoming` (origin I), and `expected` says, per element, whose copy the board keeps.
// "A:2" = element A at version 2 (nonce 10); "A:2~5" = nonce 5; "A:2x" = deleted.
const S = 1;
const I = 2;

function merge(stored: string[], incoming: string[]): BoardState {
  let s = emptyBoard();
  if (stored.length > 0)
    s = applyBoardEvent(s, { seq: 1, actorId: "a", op: upsert(...stored.map((x) => parseEl(x, S))) });
  return applyBoardEvent(s, { seq: 2, actorId: "b", op: upsert(...incoming.map((x) => parseEl(x, I))) });
}

const test = (stored: string[], incoming: string[], expected: string[]) => {
  it(`${JSON.stringify(stored)} ← ${JSON.stringify(incoming)} keeps ${JSON.stringify(expected)}`, () => {
    const s = merge(stored, incoming);
    const got = s.order.map((id) => `${id}:${elementOf(s, id)!.x === S ? "S" : "I"}`);
    expect(got).toEqual(expected);
  });
};

describe("merge rule: higher version, then deletion, then lower versionNonce", () => {
  // new elements
  test([], ["A:1"], ["A:I"]);
  test([], ["A:1x"], ["A:I"]); // a tombstone is stored even for an element never seen alive
  test(["A:1"], ["B:1"], ["A:S", "B:I"]);
  // version
  test(["A:1"], ["A:2"], ["A:I"]);
  test(["A:2"], ["A:1"], ["A:S"]); // stale edit dropped
  test(["A:1", "B:1"], ["B:2"], ["A:S", "B:I"]);
  test(["A:1", "B:3"], ["A:2", "B:2", "C:1"], ["A:I", "B:S", "C:I"]);
  // tie on version: lower nonce wins
  test(["A:1~5"], ["A:1~3"], ["A:I"]);
  test(["A:1~3"], ["A:1~5"], ["A:S"]);
  test(["A:1~5"], ["A:1~5"], ["A:S"]); // exact re-delivery is a no-op
  // deletions are tombstones
  test(["A:2x"], ["A:1"], ["A:S"]); // a stale update cannot resurrect
  test(["A:2x~9"], ["A:2~1"], ["A:S"]); // nor a concurrent one from the same version, whatever its nonce
  test(["A:2~1"], ["A:2x~9"], ["A:I"]); // a concurrent deletion wins a version tie
  test(["A:2x~5"], ["A:2x~3"], ["A:I"]); // two deletions: lower nonce, as for edits
  test(["A:2x"], ["A:3"], ["A:I"]); // a newer version (e.g. undo of the delete) restores it
  test(["A:3"], ["A:2x"], ["A:S"]); // a stale deletion does not delete a newer edit
});

describe("merge rule is order-independent (a max over a total order)", () => {
  const specs = ["A:1", "A:2~7", "A:2~3", "A:2x~9", "A:3~4", "A:3~4", "B:1", "B:1x", "B:2~1"];
  it("every permutation of single-element events ends with the same elements", () => {
    const results = new Set<string>();
    const perms = (xs: string[]): string[][] =>
      xs.length <= 1
        ? [xs]
        : xs.flatMap((x, i) => perms([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
    for (const p of perms(specs.slice(0, 7))) {
      const s = foldBoard(
        emptyBoard(),
        p.map((spec, i) => ({ seq: i + 1, actorId: "x", op: upsert(parseEl(spec)) })),
      );
      results.add(JSON.stringify(["A", "B"].map((id) => elementOf(s, id) ?? null)));
    }
    expect(results.size).toBe(1);
  });

  it("supersedes is a strict order: never both ways", () => {
    for (const a of specs)
      for (const b of specs) {
        const x = parseEl(a);
        const y = parseEl(b);
        expect(supersedes(x, y) && supersedes(y, x)).toBe(false);
      }
  });
});

describe("fold", () => {
  it("ignores an event at or below the board's seq (re-delivery after a reconnect)", () => {
    const s1 = applyBoardEvent(emptyBoard(), { seq: 5, actorId: "a", op: upsert(rect("A")) });
    const again = applyBoardEvent(s1, { seq: 5, actorId: "a", op: upsert(rect("A", { version: 9 })) });
    expect(again).toBe(s1);
    expect(applyBoardEvent(s1, { seq: 3, actorId: "a", op: upsert(rect("B")) })).toBe(s1);
  });

  it("never writes to its input", () => {
    const s1 = deepFreeze(applyBoardEvent(emptyBoard(), { seq: 1, actorId: "a", op: upsert(rect("A")) }));
    const before = boardHash(s1);
    const s2 = applyBoardEvent(s1, {
      seq: 2,
      actorId: "b",
      op: upsert(rect("A", { version: 2 }), rect("B")),
    });
    expect(boardHash(s1)).toBe(before);
    expect(s2.order).toEqual(["A", "B"]);
    expect(s1.order).toEqual(["A"]);
  });

  it("keeps counts of live elements and bytes in step with the elements", () => {
    let s = emptyBoard();
    s = applyBoardEvent(s, { seq: 1, actorId: "a", op: upsert(rect("A"), rect("B"), rect("C")) });
    s = applyBoardEvent(s, { seq: 2, actorId: "a", op: upsert(rect("B", { version: 2, isDeleted: true })) });
    s = applyBoardEvent(s, { seq: 3, actorId: "a", op: upsert(rect("C", { version: 2, x: 9999 })) });
    const live = storedElements(s).filter((e) => !e.isDeleted);
    expect(s.liveCount).toBe(2);
    expect(s.sceneBytes).toBe(new TextEncoder().encode(live.map((e) => JSON.stringify(e)).join("")).length);
    expect(s.storedBytes).toBeGreaterThan(s.sceneBytes);
  });

  it("locks and unlocks", () => {
    let s = applyBoardEvent(emptyBoard(), { seq: 1, actorId: "i", op: { type: "board.lock", locked: true } });
    expect(s.locked).toBe(true);
    s = applyBoardEvent(s, { seq: 2, actorId: "i", op: { type: "board.lock", locked: false } });
    expect(s.locked).toBe(false);
  });

  it("treats an id that names an Object.prototype key as plain data", () => {
    const s = applyBoardEvent(emptyBoard(), { seq: 1, actorId: "a", op: upsert(rect("constructor")) });
    expect(elementOf(s, "constructor")?.id).toBe("constructor");
    expect(elementOf(emptyBoard(), "constructor")).toBeUndefined();
    expect(elementOf(s, "toString")).toBeUndefined();
  });
});

describe("z-order", () => {
  const fold = (...els: ReturnType<typeof rect>[][]) =>
    foldBoard(
      emptyBoard(),
      els.map((e, i) => ({ seq: i + 1, actorId: "a", op: upsert(...e) })),
    );
  const ids = (s: BoardState) => sceneElements(s).map((e) => e.id);

  it("orders by fractional index, then id, by code units (as Excalidraw does)", () => {
    const s = fold([
      rect("C", { index: "a1" }),
      rect("A", { index: "a2" }),
      rect("B", { index: "a1" }),
      rect("D", { index: "Zz" }),
    ]);
    expect(ids(s)).toEqual(["D", "B", "C", "A"]);
  });

  it("puts unindexed elements after indexed ones, in the order first seen", () => {
    const s = fold([rect("U2"), rect("X", { index: "a5" })], [rect("U1")]);
    expect(ids(s)).toEqual(["X", "U2", "U1"]);
  });

  it("bring-to-front (a new index, version bumped) moves an element to the top on every fold", () => {
    const s = fold(
      [rect("A", { index: "a0" }), rect("B", { index: "a1" })],
      [rect("A", { index: "a2", version: 2 })],
    );
    expect(ids(s)).toEqual(["B", "A"]);
  });

  it("a deleted element is not rendered, and a restored one keeps its place", () => {
    let s = fold([rect("A"), rect("B"), rect("C")], [rect("B", { version: 2, isDeleted: true })]);
    expect(ids(s)).toEqual(["A", "C"]);
    expect(sceneElements(s, { includeDeleted: true }).map((e) => e.id)).toEqual(["A", "B", "C"]);
    s = applyBoardEvent(s, { seq: 9, actorId: "a", op: upsert(rect("B", { version: 3 })) });
    expect(ids(s)).toEqual(["A", "B", "C"]);
  });
});
