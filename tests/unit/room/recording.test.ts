import { describe, expect, it } from "vitest";
import { decide, recordingActive, visibilityOf } from "../../../lib/room";
import { C, I, RoomBuilder, X } from "./helpers";

type Step = [who: "I" | "C", consent: boolean];
const ids = { I: I.id, C: C.id };

/** Folds the consent steps into a started interview and reports, after each, whether recording is active. */
function activeAfter(steps: Step[]): boolean[] {
  const r = new RoomBuilder().join(I).join(C);
  r.op(I.id, { type: "clock.start" });
  return steps.map(([who, consent]) => {
    r.op(ids[who], { type: "recording.consent", consent });
    return recordingActive(r.state);
  });
}

describe("recording consent", () => {
  it.each<[string, Step[], boolean[]]>([
    ["one consent is not enough", [["I", true]], [false]],
    ["the candidate alone is not enough", [["C", true]], [false]],
    [
      "both consent: active",
      [
        ["I", true],
        ["C", true],
      ],
      [false, true],
    ],
    [
      "the candidate withdraws: stops",
      [
        ["I", true],
        ["C", true],
        ["C", false],
      ],
      [false, true, false],
    ],
    [
      "the interviewer withdraws: stops",
      [
        ["C", true],
        ["I", true],
        ["I", false],
      ],
      [false, true, false],
    ],
    [
      "agreeing again restarts it",
      [
        ["I", true],
        ["C", true],
        ["I", false],
        ["I", true],
      ],
      [false, true, false, true],
    ],
  ])("%s", (_name, steps, expected) => {
    expect(activeAfter(steps)).toEqual(expected);
  });

  it("is off in a new room and folds each seat separately", () => {
    const r = new RoomBuilder().join(I).join(C);
    expect(r.state.recording.consent).toEqual({ interviewer: false, candidate: false });
    r.op(C.id, { type: "recording.consent", consent: true });
    expect(r.state.recording.consent).toEqual({ interviewer: false, candidate: true });
    expect(r.events.at(-1)).toMatchObject({
      kind: "recording.consent",
      payload: { role: "candidate", consent: true },
    });
  });

  it("may be agreed before the start, and records from the start of the clock", () => {
    const r = new RoomBuilder().join(I).join(C);
    r.op(I.id, { type: "recording.consent", consent: true });
    r.op(C.id, { type: "recording.consent", consent: true });
    expect(recordingActive(r.state)).toBe(false);
    r.op(I.id, { type: "clock.start" });
    expect(recordingActive(r.state)).toBe(true);
  });

  it("is visible to both participants", () => {
    expect(visibilityOf("recording.consent")).toBe("all");
  });

  it("refuses strangers, repeats and anything after the end; the end stops recording", () => {
    const r = new RoomBuilder().join(I).join(C);
    r.op(I.id, { type: "clock.start" });
    const op = { type: "recording.consent", consent: true } as const;
    expect(decide(r.state, X.id, op, r.t + 1)).toMatchObject({
      ok: false,
      error: { code: "not_participant" },
    });
    r.op(I.id, op);
    expect(decide(r.state, I.id, op, r.t + 1)).toMatchObject({ ok: false, error: { code: "invalid_state" } });
    expect(decide(r.state, I.id, { type: "recording.consent", consent: false }, r.t + 1)).toMatchObject({
      ok: true,
    });
    r.op(C.id, op);
    expect(recordingActive(r.state)).toBe(true);
    r.op(I.id, { type: "interview.end" });
    expect(recordingActive(r.state)).toBe(false);
    expect(decide(r.state, C.id, { type: "recording.consent", consent: false }, r.t + 1)).toMatchObject({
      ok: false,
      error: { code: "room_ended" },
    });
  });
});

describe("where recording stopped", () => {
  it("is the interview clock when it last went from on to off, by a withdrawal or by the end", () => {
    const r = new RoomBuilder().join(I).join(C);
    r.op(I.id, { type: "clock.start" }, 10_000);
    expect(r.state.recording.stoppedAtClockMs).toBeNull();
    r.op(I.id, { type: "recording.consent", consent: true }, 11_000);
    r.op(C.id, { type: "recording.consent", consent: true }, 12_000);
    r.op(C.id, { type: "recording.consent", consent: false }, 15_000);
    expect(r.state.recording.stoppedAtClockMs).toBe(5_000);
    // Withdrawing again while off changes nothing; the end while off neither.
    r.op(I.id, { type: "recording.consent", consent: false }, 16_000);
    expect(r.state.recording.stoppedAtClockMs).toBe(5_000);
    r.op(I.id, { type: "recording.consent", consent: true }, 17_000);
    r.op(C.id, { type: "recording.consent", consent: true }, 18_000);
    r.op(I.id, { type: "interview.end" }, 20_000);
    expect(r.state.recording.stoppedAtClockMs).toBe(10_000);
  });
});
