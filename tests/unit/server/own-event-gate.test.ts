import { describe, expect, it } from "vitest";
import { OwnEventGate } from "../../../server/rooms/peer";

/** A gate and what it sent, in order: "eN" for events, "eN (own)" for released own events, "ack x" for answers. */
function harness() {
  const gate = new OwnEventGate();
  const sent: string[] = [];
  const expect_ = (opId: string, seq: number) => gate.expect(opId, () => sent.push(`e${seq} (own)`));
  const answer = (opId: string, seq?: number) =>
    gate.answer(opId, (carry) => sent.push(carry && seq ? `ack ${opId} (e${seq})` : `ack ${opId}`));
  return { gate, sent, expect: expect_, answer };
}

describe("OwnEventGate", () => {
  it("sends at once when nothing of this connection's waits", () => {
    const { gate, sent, answer } = harness();
    gate.deliver(() => sent.push("e1"));
    answer("refused-op");
    expect(sent).toEqual(["e1", "ack refused-op"]);
  });

  it("puts an own op's event in its answer when nothing else is due meanwhile", () => {
    const { gate, sent, expect: own, answer } = harness();
    own("a", 5);
    own("b", 6);
    expect(sent).toEqual([]);
    answer("a", 5);
    answer("b", 6);
    expect(sent).toEqual(["ack a (e5)", "ack b (e6)"]);
    expect(gate.waiting).toBe(0);
  });

  it("sends the partner's event at once, after this connection's own events, when their commits are slow", () => {
    const { gate, sent, expect: own, answer } = harness();
    own("a", 5); // seq 5: own, its commit still pending
    gate.deliver(() => sent.push("e6")); // seq 6: the partner's, must not wait for a's commit
    expect(sent).toEqual(["e5 (own)", "e6"]);
    expect(gate.waiting).toBe(0);
    answer("a", 5); // the event already went: the answer does not repeat it
    expect(sent).toEqual(["e5 (own)", "e6", "ack a"]);
  });

  it("keeps sequence order when an own op's answer is ready before an earlier one's and a partner event comes", () => {
    const { gate, sent, expect: own, answer } = harness();
    own("a", 5);
    own("b", 6);
    answer("b", 6); // ready, but a (seq 5) has not been answered: b waits with its event
    expect(sent).toEqual([]);
    gate.deliver(() => sent.push("e7"));
    expect(sent).toEqual(["e5 (own)", "ack b (e6)", "e7"]);
    answer("a", 5);
    expect(sent).toEqual(["e5 (own)", "ack b (e6)", "e7", "ack a"]);
    expect(gate.waiting).toBe(0);
  });

  it("holds a later op's answer behind an earlier one that is not ready (answers may come back in any order)", () => {
    const { sent, expect: own, answer } = harness();
    own("a", 5);
    own("b", 6);
    answer("b", 6);
    expect(sent).toEqual([]);
    answer("a", 5);
    expect(sent).toEqual(["ack a (e5)", "ack b (e6)"]);
  });

  it("queues an answer it was not told about behind what waits (a resend's, a refusal)", () => {
    const { sent, expect: own, answer } = harness();
    own("a", 5);
    answer("x");
    expect(sent).toEqual([]);
    answer("a", 5);
    answer("a", 5); // a resend's answer, after the first: carries the event again (the client ignores it)
    expect(sent).toEqual(["ack a (e5)", "ack x", "ack a (e5)"]);
  });

  it("answers a released op without its event only once (a resend's later answer is as usual)", () => {
    const { gate, sent, expect: own, answer } = harness();
    own("a", 5);
    gate.deliver(() => sent.push("e6"));
    answer("a", 5);
    answer("a", 5);
    expect(sent).toEqual(["e5 (own)", "e6", "ack a", "ack a (e5)"]);
  });
});
