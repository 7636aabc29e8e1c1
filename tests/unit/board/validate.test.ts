import { describe, expect, it } from "vitest";
import {
  applyBoardEvent,
  BOARD_LIMITS,
  type BoardState,
  boardHash,
  canApply,
  decideBoardOp,
  emptyBoard,
  foldBoard,
  type TBoardElement,
  type TBoardOp,
  validateBoardOp,
  ZBoardElement,
} from "../../../lib/board";
import { deepFreeze, REAL_EXCALIDRAW, rect, upsert } from "./helpers";

const withFields = (over: Record<string, unknown>) => ({ type: "board.upsert", elements: [rect("A", over)] });
const text = (over: Record<string, unknown>) => ({ ...REAL_EXCALIDRAW.text, ...over });
const textOp = (over: Record<string, unknown>) => ({ type: "board.upsert", elements: [text(over)] });

describe("real Excalidraw elements pass", () => {
  for (const [name, el] of Object.entries(REAL_EXCALIDRAW)) {
    it(name, () => {
      const r = validateBoardOp({ type: "board.upsert", elements: [el] }, emptyBoard());
      expect(r.ok ? "ok" : r.error).toBe("ok");
      // Unknown fields (an older export's strokeSharpness) survive the round trip.
      expect(ZBoardElement.parse(el)).toEqual(el);
    });
  }

  it("a __proto__ key in the JSON is dropped, never turned into a prototype", () => {
    const raw = JSON.parse(JSON.stringify(rect("A")).replace('{"id"', '{"__proto__":{"polluted":1},"id"'));
    const r = validateBoardOp({ type: "board.upsert", elements: [raw] }, emptyBoard());
    expect(r.ok).toBe(true);
    if (r.ok && r.op.type === "board.upsert") {
      expect(Object.getPrototypeOf(r.op.elements[0])).toBe(Object.prototype);
      expect((r.op.elements[0] as Record<string, unknown>).polluted).toBeUndefined();
    }
  });

  it("text is stored verbatim as plain text, markup included (it is never rendered as HTML)", () => {
    const markup = `<img src=x onerror="alert(1)"> & <script>alert(2)</script>\nline two`;
    const r = validateBoardOp(textOp({ text: markup, originalText: markup }), emptyBoard());
    expect(r.ok).toBe(true);
    if (r.ok && r.op.type === "board.upsert")
      expect((r.op.elements[0] as { text: string }).text).toBe(markup);
  });
});

// [what, op, code, message fragment]
const badInputs: [string, unknown, string, RegExp][] = [
  ["not an object", "board.upsert", "malformed_op", /not a board change/],
  ["unknown op", { type: "board.erase" }, "malformed_op", /not a board change/],
  ["no elements", { type: "board.upsert", elements: [] }, "malformed_op", /non-empty list/],
  ["lock without flag", { type: "board.lock" }, "malformed_op", /malformed/],
  ["extra op field", { type: "board.lock", locked: true, as: "admin" }, "malformed_op", /malformed/],
  [
    "element not an object",
    { type: "board.upsert", elements: [42] },
    "malformed_element",
    /Element 1 is not/,
  ],
  ["missing version", withFields({ version: undefined }), "malformed_element", /Element 1 \(A\): version/],
  ["NaN coordinate", withFields({ x: Number.NaN }), "malformed_element", /x:/],
  ["infinite width", withFields({ width: Number.POSITIVE_INFINITY }), "malformed_element", /width:/],
  ["coordinate off the map", withFields({ y: 1e12 }), "malformed_element", /y:/],
  ["unknown element type", withFields({ type: "hexagon" }), "malformed_element", /type/],
  ["bad id", { type: "board.upsert", elements: [rect("a b")] }, "malformed_element", /id:/],
  ["prototype id", { type: "board.upsert", elements: [rect("__proto__")] }, "malformed_element", /reserved/],
  ["colour with markup", withFields({ strokeColor: '"><script>' }), "malformed_element", /strokeColor/],
  [
    "image element",
    withFields({ type: "image", fileId: "f1" }),
    "forbidden_element_type",
    /"image" elements/,
  ],
  [
    "embeddable",
    withFields({ type: "embeddable", link: "https://evil.example" }),
    "forbidden_element_type",
    /embeds/,
  ],
  ["iframe", withFields({ type: "iframe" }), "forbidden_element_type", /iframes/],
  ["fileId on a shape", withFields({ fileId: "abc" }), "forbidden_content", /"fileId"/],
  [
    "dataURL on a shape",
    withFields({ dataURL: "data:image/png;base64,AAAA" }),
    "forbidden_content",
    /"dataURL"/,
  ],
  ["javascript: link", withFields({ link: "javascript:alert(1)" }), "unsafe_link", /may not run scripts/],
  ["JavaScript: with spaces", withFields({ link: " JavaScript:alert(1)" }), "unsafe_link", /spaces/],
  [
    "data: link",
    withFields({ link: "data:text/html,<script>x</script>" }),
    "unsafe_link",
    /may not run scripts/,
  ],
  ["relative link", withFields({ link: "/rooms/abc" }), "unsafe_link", /absolute http/],
  ["ftp link", withFields({ link: "ftp://files.example/x" }), "unsafe_link", /absolute http/],
  ["link with credentials", withFields({ link: "https://user:pw@example.com" }), "unsafe_link", /password/],
  ["link with a newline", withFields({ link: "https://a.example/\nx" }), "unsafe_link", /spaces/],
  [
    "script in customData",
    withFields({ customData: { href: "javascript:x" } }),
    "forbidden_content",
    /script/,
  ],
  ["unknown field holding a script", withFields({ onClick: "vbscript:x" }), "forbidden_content", /script/],
  ["huge unknown field", withFields({ blob: "x".repeat(5000) }), "malformed_element", /larger than/],
  ["text too long", textOp({ text: "x".repeat(2001) }), "text_too_long", /longer than 2000/],
  ["original text too long", textOp({ originalText: "y".repeat(2001) }), "text_too_long", /longer than 2000/],
  ["text with a NUL", textOp({ text: "a\u0000b" }), "invalid_text", /control characters/],
  [
    "too many points",
    { type: "board.upsert", elements: [{ ...REAL_EXCALIDRAW.freedraw, points: Array(10_001).fill([1, 2]) }] },
    "too_many_points",
    /more than 10000 points/,
  ],
  [
    "too many elements in one op",
    { type: "board.upsert", elements: Array.from({ length: 201 }, (_, i) => rect(`e${i}`)) },
    "op_too_large",
    /at most 200 elements/,
  ],
  [
    "op bytes",
    {
      type: "board.upsert",
      elements: Array.from({ length: 60 }, (_, i) => ({
        ...REAL_EXCALIDRAW.freedraw,
        id: `s${i}`,
        points: Array(1000).fill([123.456, 789.012]),
      })),
    },
    "op_too_large",
    /at most 512 KB/,
  ],
  ["version jump", withFields({ version: 1_000_002 }), "malformed_element", /jumps too far past 0/],
  [
    "duplicate id",
    { type: "board.upsert", elements: [rect("A"), rect("A", { version: 2 })] },
    "duplicate_element",
    /twice/,
  ],
];

describe("validation rejects bad input with a reason and leaves the board unchanged", () => {
  const board = deepFreeze(applyBoardEvent(emptyBoard(), { seq: 1, actorId: "a", op: upsert(rect("Z")) }));
  const before = boardHash(board);
  for (const [what, op, code, message] of badInputs) {
    it(`${what} → ${code}`, () => {
      const r = validateBoardOp(op, board);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe(code);
        expect(r.error.message).toMatch(message);
      }
      const d = decideBoardOp(op, "interviewer", board);
      expect(d.ok ? "ok" : d.error.code).toBe(code);
      expect(boardHash(board)).toBe(before);
    });
  }
});

describe("scene caps", () => {
  const full = (n: number, make: (i: number) => TBoardElement): BoardState => {
    const events = [];
    for (let i = 0; i < n; i += 200)
      events.push({
        seq: events.length + 1,
        actorId: "a",
        op: upsert(...Array.from({ length: Math.min(200, n - i) }, (_, j) => make(i + j))),
      });
    return foldBoard(emptyBoard(), events);
  };

  it(`refuses element ${BOARD_LIMITS.maxLiveElements + 1}, but still accepts edits and deletions`, () => {
    const s = full(BOARD_LIMITS.maxLiveElements, (i) => rect(`e${i}`));
    expect(s.liveCount).toBe(5000);
    const more = validateBoardOp(upsert(rect("new")), s);
    expect(more.ok ? "ok" : more.error.code).toBe("too_many_elements");
    expect(validateBoardOp(upsert(rect("e1", { version: 2, x: 5 })), s).ok).toBe(true);
    expect(validateBoardOp(upsert(rect("e1", { version: 2, isDeleted: true })), s).ok).toBe(true);
  });

  it("refuses growth past 2 MB of scene", () => {
    const points = Array.from({ length: 1000 }, (_, i) => [i + 0.123456, i + 0.654321] as [number, number]);
    const stroke = (i: number) =>
      ({ ...REAL_EXCALIDRAW.freedraw, id: `s${i}`, points }) as unknown as TBoardElement;
    const s = full(80, stroke);
    expect(s.sceneBytes).toBeGreaterThan(1_900_000);
    expect(s.sceneBytes).toBeLessThan(BOARD_LIMITS.maxSceneBytes);
    const r = validateBoardOp(upsert(stroke(100), stroke(101), stroke(102), stroke(103)), s);
    expect(r.ok ? "ok" : r.error).toMatchObject({ code: "scene_too_large", message: /2 MB/ });
    expect(
      validateBoardOp(upsert({ ...stroke(5), version: 4, isDeleted: true } as TBoardElement), s).ok,
    ).toBe(true);
  });

  it("reports how many elements would change (0 for a stale edit)", () => {
    const s = applyBoardEvent(emptyBoard(), { seq: 1, actorId: "a", op: upsert(rect("A", { version: 3 })) });
    const stale = validateBoardOp(upsert(rect("A", { version: 2 })), s);
    expect(stale.ok && stale.changes).toBe(0);
    const fresh = validateBoardOp(upsert(rect("A", { version: 4 }), rect("B")), s);
    expect(fresh.ok && fresh.changes).toBe(2);
  });
});

describe("who may send what", () => {
  const open = emptyBoard();
  const locked = applyBoardEvent(open, { seq: 1, actorId: "i", op: { type: "board.lock", locked: true } });
  const draw: TBoardOp = upsert(rect("A"));
  const lock: TBoardOp = { type: "board.lock", locked: true };
  const unlock: TBoardOp = { type: "board.lock", locked: false };
  // [role, board, op] → ok or code
  const table: ["interviewer" | "candidate", string, BoardState, TBoardOp, string][] = [
    ["interviewer", "open", open, draw, "ok"],
    ["candidate", "open", open, draw, "ok"],
    ["interviewer", "locked", locked, draw, "ok"],
    ["candidate", "locked", locked, draw, "board_locked"],
    ["interviewer", "open", open, lock, "ok"],
    ["candidate", "open", open, lock, "forbidden"],
    ["interviewer", "locked", locked, unlock, "ok"],
    ["candidate", "locked", locked, unlock, "forbidden"],
  ];
  for (const [role, name, board, op, expected] of table) {
    it(`${role} · ${name} board · ${op.type}${op.type === "board.lock" ? `(${op.locked})` : ""} → ${expected}`, () => {
      const c = canApply(op.type, role, board);
      expect(c.ok ? "ok" : c.error.code).toBe(expected);
      const d = decideBoardOp(op, role, board);
      expect(d.ok ? "ok" : d.error.code).toBe(expected);
      if (d.ok) expect(d.payload).toEqual({ op });
    });
  }
});
