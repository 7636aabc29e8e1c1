import { describe, expect, it } from "vitest";
import { OwnEventGate } from "../../../server/rooms/peer";

describe("OwnEventGate", () => {
  it("sends at once when nothing of this connection's waits", () => {
    const gate = new OwnEventGate();
    const sent: string[] = [];
    gate.deliver(() => sent.push("e1"));
    gate.answer("refused-op", () => sent.push("refusal"));
    expect(sent).toEqual(["e1", "refusal"]);
  });

  it("sends an own op's answer from the place the op was decided, and what followed it after", () => {
    const gate = new OwnEventGate();
    const sent: string[] = [];
    gate.expect("a"); // seq 5: own
    gate.deliver(() => sent.push("e6")); // seq 6: the partner's
    gate.expect("b"); // seq 7: own
    gate.deliver(() => sent.push("e8"));
    expect(sent).toEqual([]);
    gate.answer("a", () => sent.push("ack a (e5)"));
    expect(sent).toEqual(["ack a (e5)", "e6"]);
    gate.answer("b", () => sent.push("ack b (e7)"));
    expect(sent).toEqual(["ack a (e5)", "e6", "ack b (e7)", "e8"]);
    expect(gate.waiting).toBe(0);
    gate.deliver(() => sent.push("e9"));
    expect(sent.at(-1)).toBe("e9");
  });

  it("holds a later op's answer behind an earlier one that is not ready (answers may come back in any order)", () => {
    const gate = new OwnEventGate();
    const sent: string[] = [];
    gate.expect("a");
    gate.deliver(() => sent.push("e6"));
    gate.expect("b");
    gate.answer("b", () => sent.push("ack b"));
    expect(sent).toEqual([]);
    gate.answer("a", () => sent.push("ack a"));
    expect(sent).toEqual(["ack a", "e6", "ack b"]);
  });

  it("queues an answer it was not told about behind what waits (a resend's, a refusal)", () => {
    const gate = new OwnEventGate();
    const sent: string[] = [];
    gate.expect("a");
    gate.deliver(() => sent.push("e6"));
    gate.answer("x", () => sent.push("refusal x"));
    gate.answer("a", () => sent.push("ack a"));
    gate.answer("a", () => sent.push("ack a (resend)"));
    expect(sent).toEqual(["ack a", "e6", "refusal x", "ack a (resend)"]);
  });
});
