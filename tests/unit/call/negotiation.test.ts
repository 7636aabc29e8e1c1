import { describe, expect, it } from "vitest";
import { isPolite, type NegotiationFlags, onRemoteDescription } from "../../../lib/call";

describe("isPolite", () => {
  it.each([
    ["a", "b"],
    ["cm1", "cm2"],
    ["zz", "aa"],
  ])("exactly one of %s and %s is polite", (x, y) => {
    expect(isPolite(x, y)).not.toBe(isPolite(y, x));
  });
});

describe("onRemoteDescription (perfect negotiation)", () => {
  const f = (over: Partial<NegotiationFlags>): NegotiationFlags => ({
    polite: false,
    makingOffer: false,
    signalingState: "stable",
    settingRemoteAnswer: false,
    ...over,
  });
  // [what, flags, incoming type, verdict]
  const cases: [string, NegotiationFlags, "offer" | "answer", ReturnType<typeof onRemoteDescription>][] = [
    ["an offer when stable is applied", f({}), "offer", { apply: true, collision: false }],
    [
      "an offer while ours is being made: impolite ignores it",
      f({ makingOffer: true }),
      "offer",
      { apply: false, reason: "glare_impolite" },
    ],
    [
      "an offer while ours is being made: polite yields",
      f({ makingOffer: true, polite: true }),
      "offer",
      { apply: true, collision: true },
    ],
    [
      "an offer while ours is out: impolite ignores it",
      f({ signalingState: "have-local-offer" }),
      "offer",
      { apply: false, reason: "glare_impolite" },
    ],
    [
      "an offer while ours is out: polite rolls back and answers",
      f({ signalingState: "have-local-offer", polite: true }),
      "offer",
      { apply: true, collision: true },
    ],
    [
      "an offer while an answer is being applied is no collision",
      f({ signalingState: "have-local-offer", settingRemoteAnswer: true }),
      "offer",
      { apply: true, collision: false },
    ],
    [
      "an answer to our offer is applied",
      f({ signalingState: "have-local-offer" }),
      "answer",
      { apply: true, collision: false },
    ],
    [
      "an answer to no offer (left from a rollback) is dropped",
      f({ signalingState: "stable" }),
      "answer",
      { apply: false, reason: "unexpected_answer" },
    ],
    [
      "an answer while we hold their offer is dropped",
      f({ signalingState: "have-remote-offer", polite: true }),
      "answer",
      { apply: false, reason: "unexpected_answer" },
    ],
    [
      "nothing is applied to a closed connection",
      f({ signalingState: "closed" }),
      "offer",
      { apply: false, reason: "closed" },
    ],
  ];
  it.each(cases)("%s", (_what, flags, type, verdict) => {
    expect(onRemoteDescription(flags, type)).toEqual(verdict);
  });

  it("in glare exactly one side applies the other's offer", () => {
    for (const [x, y] of [
      ["u1", "u2"],
      ["u2", "u1"],
    ] as const) {
      const glare = {
        makingOffer: false,
        signalingState: "have-local-offer",
        settingRemoteAnswer: false,
      } as const;
      const a = onRemoteDescription({ ...glare, polite: isPolite(x, y) }, "offer").apply;
      const b = onRemoteDescription({ ...glare, polite: isPolite(y, x) }, "offer").apply;
      expect(a !== b).toBe(true);
    }
  });
});
