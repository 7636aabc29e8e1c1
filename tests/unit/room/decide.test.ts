import { describe, expect, it } from "vitest";
import {
  decide,
  decideJoin,
  decideNextRound,
  ROOM_LIMITS,
  type RoomState,
  type TRoomOp,
} from "../../../lib/room";
import { ZSimConfig } from "../../../lib/sim/schema";
import { C, draftCard, fullCard, I, RoomBuilder, X } from "./helpers";

const waiting = () => new RoomBuilder().join(I);
const ready = () => waiting().join(C);
const live = () => ready().op(I.id, { type: "clock.start" });
const paused = () => live().op(I.id, { type: "clock.pause" });
const ended = () => live().op(I.id, { type: "interview.end" });

const ops: Record<string, TRoomOp> = {
  start: { type: "clock.start" },
  pause: { type: "clock.pause" },
  resume: { type: "clock.resume" },
  phase2: { type: "phase.set", phase: 1 },
  phase1: { type: "phase.set", phase: 0 },
  chat: { type: "chat.post", text: "hi" },
  note: { type: "note.add", text: "n" },
  end: { type: "interview.end" },
};

// [room, who, op] → accepted event kind, or the rejection code.
const table: [string, () => RoomBuilder, string, keyof typeof ops, string][] = [
  ["waiting", waiting, I.id, "start", "not_ready"],
  ["ready", ready, I.id, "start", "clock.started"],
  ["ready", ready, C.id, "start", "forbidden"],
  ["ready", ready, X.id, "chat", "not_participant"],
  ["ready", ready, C.id, "chat", "chat.posted"],
  ["ready", ready, I.id, "pause", "invalid_state"],
  ["ready", ready, I.id, "phase2", "invalid_state"],
  ["live", live, I.id, "start", "invalid_state"],
  ["live", live, I.id, "pause", "clock.paused"],
  ["live", live, I.id, "resume", "invalid_state"],
  ["live", live, I.id, "phase2", "phase.changed"],
  ["live", live, I.id, "phase1", "invalid_state"],
  ["live", live, C.id, "phase2", "forbidden"],
  ["live", live, C.id, "note", "forbidden"],
  ["live", live, I.id, "note", "note.added"],
  ["live", live, C.id, "end", "forbidden"],
  ["live", live, I.id, "end", "interview.ended"],
  ["paused", paused, I.id, "resume", "clock.resumed"],
  ["paused", paused, I.id, "pause", "invalid_state"],
  ["paused", paused, I.id, "phase2", "phase.changed"],
  ["ended", ended, I.id, "chat", "room_ended"],
  ["ended", ended, C.id, "chat", "room_ended"],
  ["ended", ended, I.id, "end", "room_ended"],
];

describe("decide", () => {
  it.each(table)("%s room: %s sends %s → %s", (_label, build, who, opName, expected) => {
    const room = build();
    const d = decide(room.state, who, ops[opName]!, room.t + 1000);
    expect(d.ok ? d.event.kind : d.error.code).toBe(expected);
    if (!d.ok) expect(d.error.message.length).toBeGreaterThan(10);
  });

  it("stamps chat, notes and phase changes with the interview clock, pauses excluded", () => {
    const r = ready();
    r.op(I.id, { type: "clock.start" }, 10_000); // clock 0
    r.op(I.id, { type: "clock.pause" }, 70_000); // clock 60 s
    r.op(I.id, { type: "clock.resume" }, 1_000_000); // paused ~15 min, still 60 s
    const d = decide(r.state, C.id, { type: "chat.post", text: "x" }, 1_030_000);
    expect(d.ok && d.event.kind === "chat.posted" && d.event.payload.clockMs).toBe(90_000);
  });
});

describe("each seat's share of the room", () => {
  const { seatBulkEvents: bulk, seatMaxEvents: max } = ROOM_LIMITS;
  // A live room where each seat has already authored this many events (only the counters matter here).
  const used = (interviewer: number, candidate: number): RoomState => {
    const s = live().state;
    return { ...s, seq: s.seq + interviewer + candidate, authored: { interviewer, candidate } };
  };
  const sim: TRoomOp = {
    type: "sim.reset",
    config: ZSimConfig.parse({
      nodes: [
        { id: "n1", region: "eu", dc: "eu-1" },
        { id: "n2", region: "eu", dc: "eu-2" },
        { id: "n3", region: "us", dc: "us-1" },
      ],
      design: { kind: "quorum", n: 3, w: 2, r: 2 },
    }),
  };
  const card = (r: RoomState) => decide(r, I.id, { type: "scorecard.save", card: draftCard() }, 1e13);

  // [interviewer's events, candidate's events, who, op] → accepted or the rejection code.
  it.each([
    [0, bulk - 1, C.id, sim, "ok"],
    [0, bulk, C.id, sim, "too_many_events"],
    [0, bulk, C.id, ops.chat!, "ok"],
    [0, max - 1, C.id, ops.chat!, "ok"],
    [0, max, C.id, ops.chat!, "too_many_events"],
    // The flooding candidate's share is theirs: the interviewer can still do everything.
    [0, max, I.id, sim, "ok"],
    [0, max, I.id, ops.chat!, "ok"],
    [0, max, I.id, ops.note!, "ok"],
    [0, max, I.id, ops.end!, "ok"],
    // A flooding interviewer can still finish: chat, end and score, but not draw or run the cluster.
    [bulk, 0, I.id, sim, "too_many_events"],
    [bulk, 0, I.id, ops.end!, "ok"],
    [bulk, 0, C.id, sim, "ok"],
  ] as const)("interviewer %i, candidate %i: %s sends %j → %s", (i, c, who, op, expected) => {
    const d = decide(used(i, c), who, op, 1e13);
    expect(d.ok ? "ok" : d.error.code).toBe(expected);
    if (!d.ok) expect(d.error.message).toMatch(/share|can hold/);
  });

  it("lets the interviewer score past the bulk share, until the seat's own maximum", () => {
    expect(card(used(bulk, 0)).ok).toBe(true);
    expect(card(used(max, 0))).toMatchObject({ ok: false, error: { code: "too_many_events" } });
  });

  it("adds up to less than the room's hard cap, so the cap itself is never what stops a pair", () => {
    expect(2 * max + 10).toBeLessThan(ROOM_LIMITS.maxEvents);
  });
});

describe("decideJoin", () => {
  it.each([
    [
      "first user of an empty room takes the interviewer seat",
      () => new RoomBuilder(),
      I,
      { ok: true, role: "interviewer", joins: true },
    ],
    ["second takes the free seat", waiting, C, { ok: true, role: "candidate", joins: true }],
    [
      "a seated user keeps their seat (no new event)",
      ready,
      C,
      { ok: true, role: "candidate", joins: false },
    ],
    ["a third user is refused", ready, X, { ok: false, code: "room_full" }],
    [
      "nobody joins an ended room",
      () => new RoomBuilder().join(I).join(C).op(I.id, { type: "interview.end" }),
      X,
      { ok: false, code: "room_ended" },
    ],
  ] as const)("%s", (_label, build, user, expected) => {
    const d = decideJoin(build().state, user);
    if (expected.ok) {
      expect(d).toMatchObject({ ok: true, role: expected.role });
      expect(d.ok && d.event !== null).toBe(expected.joins);
    } else {
      expect(d.ok ? "ok" : d.error.code).toBe(expected.code);
    }
  });
});

describe("the scorecard", () => {
  it.each([
    ["candidate saves", () => live(), C.id, "save", () => draftCard(), "forbidden"],
    ["interviewer saves a draft", () => live(), I.id, "save", () => draftCard(), "scorecard.saved"],
    [
      "interviewer submits an incomplete card",
      () => ended(),
      I.id,
      "submit",
      () => draftCard(),
      "invalid_input",
    ],
    [
      "interviewer submits after the end",
      () => ended(),
      I.id,
      "submit",
      () => fullCard(),
      "scorecard.submitted",
    ],
    [
      "a draft for another question",
      () => live(),
      I.id,
      "save",
      () => ({ ...draftCard(), questionId: "chat" }),
      "invalid_input",
    ],
    ["garbage", () => live(), I.id, "save", () => ({ nope: 1 }), "invalid_input"],
    [
      "save after submit",
      () => ended().op(I.id, { type: "scorecard.submit", card: fullCard() }),
      I.id,
      "save",
      () => draftCard(),
      "invalid_state",
    ],
  ] as const)("%s", (_label, build, who, kind, card, expected) => {
    const r = build();
    const d = decide(
      r.state,
      who,
      { type: kind === "save" ? "scorecard.save" : "scorecard.submit", card: card() },
      r.t + 1000,
    );
    expect(d.ok ? d.event.kind : d.error.code).toBe(expected);
    if (!d.ok) expect(d.error.message.length).toBeGreaterThan(10);
  });

  it("names what is missing when a card can't be submitted", () => {
    const d = decide(ended().state, I.id, { type: "scorecard.submit", card: draftCard() }, 99_000);
    expect(d.ok).toBe(false);
    if (!d.ok) expect(d.error.message).toMatch(/needs a score before submitting/);
  });
});

describe("round two", () => {
  it.each([
    ["before the end", () => live(), I.id, "chat", "invalid_state"],
    ["an outsider", () => ended(), X.id, "chat", "not_participant"],
    ["the same question", () => ended(), C.id, "kv-store", "invalid_input"],
    ["either participant, after the end, new question", () => ended(), C.id, "chat", "ok"],
  ] as const)("%s", (_label, build, who, questionId, expected) => {
    const d = decideNextRound(build().state, who, questionId);
    expect(d.ok ? "ok" : d.error.code).toBe(expected);
  });

  it("happens once", () => {
    const r = ended();
    r.push({ kind: "round.next", payload: { roomId: "r2", questionId: "chat" } }, C.id);
    expect(r.state.nextRound).toEqual({ roomId: "r2", questionId: "chat" });
    const d = decideNextRound(r.state, I.id, "chat");
    expect(d.ok ? "ok" : d.error.code).toBe("invalid_state");
  });
});
