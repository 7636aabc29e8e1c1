import { describe, expect, it } from "vitest";
import {
  canSee,
  clockAt,
  emptyRoom,
  emptyViews,
  foldEvents,
  foldToViews,
  formatClock,
  INTERVIEW_MINUTES,
  statusOf,
  streamFor,
  viewOfLog,
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

  it("the candidate's view is the fold of its own stream: the events everyone reads, numbered 1, 2, 3…", () => {
    const r = fullSession();
    let views = emptyViews("r1");
    for (const e of r.events) {
      const step = foldToViews(views, [e]);
      views = step.views;
      const prefix = r.events.slice(0, e.seq);
      expect(views.full).toEqual(foldEvents(emptyRoom("r1"), prefix));
      expect(views.candidate).toEqual(foldEvents(emptyRoom("r1"), streamFor(prefix, "candidate")));
      expect(views.candidate).toEqual(viewOfLog("r1", prefix, "candidate"));
      // What the candidate is sent for this event: nothing for a private one, else the next number in its stream.
      const sent = step.streamed[0]!.candidate;
      if (e.kind === "note.added" || e.kind === "scorecard.saved") expect(sent).toBeNull();
      else expect(sent).toEqual({ ...e, seq: views.candidate.seq });
    }
    const stream = streamFor(r.events, "candidate");
    expect(stream.map((e) => e.seq)).toEqual(stream.map((_, i) => i + 1));
    expect(stream.map((e) => e.kind)).not.toContain("note.added");
    expect(stream.map((e) => e.kind)).not.toContain("scorecard.saved");
    expect(r.state.notes.map((n) => n.text)).toEqual(["strong start", "missed quorum overlap"]);
    expect(views.candidate.notes).toEqual([]);
    expect(views.candidate.scorecard).toEqual({ draft: null, submitted: fullCard() });
    // Nothing in the candidate's view counts or dates the private events.
    expect(views.candidate.seq).toBe(r.state.pseq);
    // (A seat counts what its person did once seated: not the room's creation nor their own arrival.)
    const seated = (e: { kind: string }) => e.kind !== "room.created" && e.kind !== "participant.joined";
    expect(views.candidate.authored.interviewer).toBe(
      stream.filter((e) => e.actorId === I.id && seated(e)).length,
    );
    expect(views.full.authored.interviewer).toBe(
      r.events.filter((e) => e.actorId === I.id && seated(e)).length,
    );
  });

  it.each([
    ["all", "candidate", true],
    ["interviewer", "candidate", false],
    ["interviewer", "interviewer", true],
    ["all", "interviewer", true],
  ] as const)("canSee(%s, %s) = %s", (v, role, expected) => expect(canSee(v, role)).toBe(expected));

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
