import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { surelyLonger } from "../../../server/realtime/messages";

// The socket handlers refuse an oversized message without encoding it when its strings alone are past the limit
// (server/realtime/messages.ts). It must never refuse one that fits, and must catch a long text at once.

const value = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: "small" },
    fc.string({ unit: "binary" }),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("v"), { maxLength: 5 }),
    fc.dictionary(fc.string(), tie("v"), { maxKeys: 5 }),
  ),
})).v;

describe("surelyLonger", () => {
  it("never calls a message longer than it is (as JSON)", () => {
    fc.assert(
      fc.property(value, fc.nat(400), (v, limit) => {
        if (surelyLonger(v, limit)) expect(JSON.stringify(v).length).toBeGreaterThan(limit);
      }),
      { numRuns: 3_000, seed: 29 },
    );
  });

  it("catches a long text, however deep in the message", () => {
    expect(surelyLonger({ op: { type: "chat.post", text: "x".repeat(20_000) } }, 16_384)).toBe(true);
    expect(surelyLonger([{ a: [[{ b: "y".repeat(9_000) }]] }, "z".repeat(9_000)], 16_384)).toBe(true);
    expect(surelyLonger({ op: { type: "chat.post", text: "x".repeat(16_000) } }, 16_384)).toBe(false);
  });

  it("looks at a bounded number of values, and never reads past the point it is sure", () => {
    const rest = {};
    Object.defineProperty(rest, "b", {
      enumerable: true,
      get() {
        throw new Error("read past the limit");
      },
    });
    // The stack is worked from the end: the long text comes last in the array, so it is seen first.
    expect(surelyLonger([rest, { a: "x".repeat(20_000) }], 16_384)).toBe(true);
    expect(
      surelyLonger(
        Array.from({ length: 1e6 }, () => 1),
        16_384,
      ),
    ).toBe(false); // not sure: encode it
  });
});
