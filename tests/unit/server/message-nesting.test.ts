import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_MESSAGE_NESTING, nestedDeeperThan } from "../../../server/realtime/parser";

// The socket's parser refuses over-nested text before JSON.parse (server/realtime/parser.ts): the scan must
// measure nesting exactly as the parsed value has it, strings and escapes included.

function depthOf(v: unknown): number {
  if (v === null || typeof v !== "object") return 0;
  const kids = Array.isArray(v) ? v : Object.values(v);
  return 1 + kids.reduce<number>((m, k) => Math.max(m, depthOf(k)), 0);
}

const tricky = fc.constantFrom('"', "\\", '\\"', "[", "{", "]", "}", '\\\\"', "\u2028");
const text = fc.oneof(
  fc.string(),
  fc.array(tricky).map((a) => a.join("")),
);
const value = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: "medium" },
    text,
    fc.integer(),
    fc.constant(null),
    fc.array(tie("v"), { maxLength: 3 }),
    fc.dictionary(text, tie("v"), { maxKeys: 3 }),
  ),
})).v;

describe("nestedDeeperThan", () => {
  it("agrees with the parsed value's depth, whatever brackets, quotes and backslashes its strings hold", () => {
    fc.assert(
      fc.property(value, fc.nat(8), (v, max) => {
        const json = JSON.stringify(["room:op", v]);
        expect(nestedDeeperThan(json, max)).toBe(depthOf(["room:op", v]) > max);
      }),
      { numRuns: 3_000, seed: 64 },
    );
  });

  it.each([
    ['["room:op",{"text":"[[[[[[[[[["}]', 2, false],
    ['["room:op",{"text":"\\"[[[["}]', 2, false],
    ['["a",[[["b"]]]]', 3, true],
    ['["a",[[["b"]]]]', 4, false],
    ['["unterminated', 1, false],
  ] as const)("%s deeper than %i: %s", (json, max, expected) =>
    expect(nestedDeeperThan(json, max)).toBe(expected),
  );

  it("lets every real message through and stops the attacks the fuzz sends", () => {
    const board = JSON.stringify([
      "room:op",
      {
        roomId: "r",
        opId: "o",
        op: { type: "board.upsert", elements: [{ points: [[0, 1]], groupIds: ["g"] }] },
      },
    ]);
    expect(nestedDeeperThan(board, MAX_MESSAGE_NESTING)).toBe(false);
    expect(
      nestedDeeperThan(`["room:op",${"[".repeat(200_000)}${"]".repeat(200_000)}]`, MAX_MESSAGE_NESTING),
    ).toBe(true);
    expect(
      nestedDeeperThan(`["room:op",${'{"a":'.repeat(100)}1${"}".repeat(100)}]`, MAX_MESSAGE_NESTING),
    ).toBe(true);
  });
});
