import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  applyBoardEvent,
  BOARD_LIMITS,
  decideBoardOp,
  emptyBoard,
  splitUpsert,
  unsentChanges,
  utf8Length,
  type Versioned,
  ZBoardOpEnvelopes,
} from "../../../lib/board";
import { REAL_EXCALIDRAW, rect, upsert } from "./helpers";

describe("unsentChanges: what the local scene must send", () => {
  const board = applyBoardEvent(emptyBoard(), {
    seq: 1,
    actorId: "a",
    op: upsert(rect("A", { version: 3 }), rect("B", { version: 2 })),
  });
  // [local scene, already sent] → ids to send
  const table: [string, ReturnType<typeof rect>[], [string, Versioned][], string[]][] = [
    ["unchanged scene", [rect("A", { version: 3 }), rect("B", { version: 2 })], [], []],
    ["a local edit", [rect("A", { version: 4 }), rect("B", { version: 2 })], [], ["A"]],
    ["an edit already sent", [rect("A", { version: 4 })], [["A", rect("A", { version: 4 })]], []],
    [
      "a newer edit than the one sent",
      [rect("A", { version: 5 })],
      [["A", rect("A", { version: 4 })]],
      ["A"],
    ],
    ["a stale local copy (the board moved on)", [rect("B", { version: 1 })], [], []],
    ["a new element", [rect("N")], [], ["N"]],
    ["a new element deleted before sending", [rect("N", { isDeleted: true })], [], []],
    [
      "a sent element deleted before the board saw it",
      [rect("N", { version: 2, isDeleted: true })],
      [["N", rect("N")]],
      ["N"],
    ],
    ["a local deletion", [rect("B", { version: 3, isDeleted: true })], [], ["B"]],
  ];
  for (const [what, scene, sent, ids] of table) {
    it(`${what} → [${ids.join(", ")}]`, () => {
      expect(unsentChanges(scene, board, new Map(sent)).map((e) => e.id)).toEqual(ids);
    });
  }
});

describe("splitUpsert", () => {
  it("keeps each op within the byte budget and the element cap, in order", () => {
    const els = Array.from({ length: 450 }, (_, i) => rect(`e${i}`));
    const ops = splitUpsert(els, { maxBytes: 16 * 1024 });
    expect(ops.flatMap((o) => o.elements)).toEqual(els);
    for (const op of ops) {
      expect(utf8Length(JSON.stringify(op))).toBeLessThanOrEqual(16 * 1024);
      expect(op.elements.length).toBeLessThanOrEqual(BOARD_LIMITS.maxElementsPerOp);
      expect(decideBoardOp(op, "candidate", emptyBoard()).ok).toBe(true);
    }
    expect(splitUpsert(els).map((o) => o.elements.length)).toEqual([200, 200, 50]);
  });

  it("sends an element larger than the budget on its own", () => {
    const big = { ...REAL_EXCALIDRAW.freedraw, points: Array(2000).fill([1.5, 2.5]) } as never;
    const ops = splitUpsert([rect("a"), big, rect("b")], { maxBytes: 4096 });
    expect(ops.map((o) => o.elements.length)).toEqual([1, 1, 1]);
  });
});

describe("wiring into the room's op union", () => {
  // The room's ZRoomOp is a discriminated union of strict objects; the board's envelopes join it as they are.
  const ZRoomOpLike = z.discriminatedUnion("type", [
    z.object({ type: z.literal("chat.post"), text: z.string() }).strict(),
    ...ZBoardOpEnvelopes,
  ]);

  it("lets a board op through the boundary untouched, for decideBoardOp to judge with a precise reason", () => {
    const bad = { type: "board.upsert", elements: [rect("A", { link: "javascript:alert(1)" })] };
    const parsed = ZRoomOpLike.parse(bad);
    expect(parsed).toEqual(bad);
    const d = decideBoardOp(parsed, "candidate", emptyBoard());
    expect(d.ok ? "ok" : d.error.code).toBe("unsafe_link");
    expect(ZRoomOpLike.safeParse({ type: "board.erase" }).success).toBe(false);
  });
});
