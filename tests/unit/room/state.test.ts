import { describe, expect, it } from "vitest";
import {
  canSee,
  clockAt,
  emptyRoom,
  foldEvents,
  formatClock,
  INTERVIEW_MINUTES,
  statusOf,
  viewFor,
  visibilityOf,
} from "../../../lib/room";
import { C, draftCard, fullCard, I, RoomBuilder } from "./helpers";

function fullSession() {
  const r = new RoomBuilder().join(I).join(C);
  r.op(C.id, { type: "chat.post", text: "hello" });
  r.op(I.id, { type: "clock.start" });
  r.op(I.id, { type: "note.add", text: "strong start" });
  r.op(I.id, { type: "phase.set", phase: 1 });
  r.op(I.id, { type: "clock.pause" });
  r.op(I.id, { type: "clock.resume" });
  r.op(I.id, { type: "note.add", text: "missed quorum overlap" });
  r.op(C.id, { type: "chat.post", text: "W + R > N" });
  r.op(I.id, { type: "scorecard.save", card: draftCard() });
  r.op(I.id, { type: "interview.end" });
  r.op(I.id, { type: "scorecard.save", card: fullCard() });
  r.op(I.id, { type: "scorecard.submit", card: fullCard() });
  return r;
}

describe("room state", () => {
  it("walks through the statuses", () => {
    const r = new RoomBuilder();
    const seen = [statusOf(r.state)];
    r.join(I);
    seen.push(statusOf(r.state));
    r.join(C);
    seen.push(statusOf(r.state));
    r.op(I.id, { type: "clock.start" });
    seen.push(statusOf(r.state));
    r.op(I.id, { type: "clock.pause" });
    seen.push(statusOf(r.state));
    r.op(I.id, { type: "clock.resume" });
    seen.push(statusOf(r.state));
    r.op(I.id, { type: "interview.end" });
    seen.push(statusOf(r.state));
    expect(seen).toEqual(["waiting", "waiting", "ready", "live", "paused", "live", "ended"]);
  });

  it("reads the clock from events, not from a timer", () => {
    const r = new RoomBuilder().join(I).join(C);
    r.op(I.id, { type: "clock.start" }, 100_000);
    expect(clockAt(r.state, 100_000)).toBe(0);
    expect(clockAt(r.state, 160_000)).toBe(60_000);
    r.op(I.id, { type: "clock.pause" }, 190_000);
    expect(clockAt(r.state, 999_999)).toBe(90_000);
    r.op(I.id, { type: "clock.resume" }, 500_000);
    expect(clockAt(r.state, 510_000)).toBe(100_000);
    r.op(I.id, { type: "interview.end" }, 520_000);
    expect(clockAt(r.state, 9_999_999)).toBe(110_000);
  });

  it("is a pure fold: same events, same state; re-delivered events change nothing", () => {
    const r = fullSession();
    const again = foldEvents(emptyRoom("r1"), r.events);
    expect(again).toEqual(r.state);
    expect(foldEvents(again, r.events.slice(3))).toBe(again);
  });

  it("the candidate's view equals folding only the events the candidate may see", () => {
    const r = fullSession();
    for (let k = 1; k <= r.events.length; k++) {
      const prefix = r.events.slice(0, k);
      const full = foldEvents(emptyRoom("r1"), prefix);
      const ended = statusOf(full) === "ended";
      const visible = prefix.filter((e) => canSee(visibilityOf(e.kind), "candidate", ended));
      const candidate = { ...foldEvents(emptyRoom("r1"), visible), seq: full.seq };
      expect(viewFor(full, "candidate")).toEqual(candidate);
      expect(viewFor(full, "interviewer")).toBe(full);
    }
    expect(r.state.notes.map((n) => n.text)).toEqual(["strong start", "missed quorum overlap"]);
    expect(viewFor(r.state, "candidate").notes).toEqual([]);
    expect(viewFor(r.state, "candidate").scorecard).toEqual({ draft: null, submitted: fullCard() });
  });

  it.each([
    ["all", "candidate", false, true],
    ["interviewer", "candidate", true, false],
    ["interviewer", "interviewer", false, true],
    ["after_end", "candidate", false, false],
    ["after_end", "candidate", true, true],
  ] as const)("canSee(%s, %s, ended=%s) = %s", (v, role, ended, expected) =>
    expect(canSee(v, role, ended)).toBe(expected),
  );

  it("budgets the five phases to a 45-minute interview and formats the clock", () => {
    expect(INTERVIEW_MINUTES).toBe(45);
    expect([0, 999, 61_000, 725_000, 75 * 60_000].map(formatClock)).toEqual([
      "00:00",
      "00:00",
      "01:01",
      "12:05",
      "75:00",
    ]);
  });
});
