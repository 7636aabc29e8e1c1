import { describe, expect, it } from "vitest";
import { BOARD_LIMITS } from "../../../lib/board";
import { ReplayLog, stateHash } from "../../../lib/replay";
import {
  applyEvent,
  emptyRoom,
  foldEvents,
  ROOM_LIMITS,
  type RoomState,
  type TRoomEvent,
  ZRoomEvent,
} from "../../../lib/room";
import { RoomSyncClient } from "../../../lib/room/sync-client";
import { deepFreeze } from "../board/helpers";
import { candidateView, logOf, SPEC, session, shuffled } from "./helpers";

/** The hash after each prefix of the log, by folding from the start (index i: after events[0..i]). */
function foldHashes(events: readonly TRoomEvent[], roomId = SPEC.roomId): string[] {
  let s = emptyRoom(roomId);
  return events.map((e) => {
    s = applyEvent(s, e);
    return stateHash(s);
  });
}

describe("the generated session", () => {
  const events = session();

  it("is valid room events, in seq order, that fold without error within the room's limits", () => {
    expect(events).toHaveLength(SPEC.events);
    for (const e of events) expect(ZRoomEvent.safeParse(e).success).toBe(true);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    for (let i = 1; i < events.length; i++) expect(events[i]!.at).toBeGreaterThanOrEqual(events[i - 1]!.at);
    expect(events.at(-1)!.at - events[0]!.at).toBe(SPEC.minutes * 60_000);
    const s = foldEvents(emptyRoom(SPEC.roomId), events);
    expect(s.clock.endedAt).not.toBeNull();
    expect(s.scorecard.submitted).not.toBeNull();
    expect(s.sim?.epoch).toBe(2);
    expect(s.board.liveCount).toBeGreaterThan(20);
    expect(s.board.storedBytes).toBeLessThanOrEqual(BOARD_LIMITS.maxStoredBytes);
    expect(events.length).toBeLessThanOrEqual(ROOM_LIMITS.maxEvents);
  });

  it("is mostly board events, like a real session", () => {
    const board = events.filter((e) => e.kind === "board.changed").length;
    expect(board / events.length).toBeGreaterThan(0.75);
    expect(board / events.length).toBeLessThan(0.92);
  });

  it("is deterministic: the same spec gives the same log", () => {
    expect(JSON.stringify(session({ events: 300 }))).toBe(
      JSON.stringify(session({ events: 300, questionId: SPEC.questionId })),
    );
    expect(stateHash(logOf(session({ seed: 12, events: 300 })).finalState)).not.toBe(
      stateHash(logOf(session({ events: 300 })).finalState),
    );
  });

  it("the reducers never write to an older state (every intermediate state deep-frozen)", () => {
    let s: RoomState = deepFreeze(emptyRoom(SPEC.roomId));
    for (const e of events) s = deepFreeze(applyEvent(s, e));
    expect(stateHash(s)).toBe(foldHashes(events).at(-1));
  });
});

describe("ReplayLog seeking", () => {
  const events = session();
  const expected = foldHashes(events);

  it.each([1, 37, 128])("equals a fold from the start at every index (checkpoint every %i)", (every) => {
    const log = logOf(events, { checkpointEvery: every });
    expect(log.length).toBe(events.length);
    expect(log.checkpointCount).toBe(1 + Math.floor(events.length / every));
    expect(stateHash(log.stateAtIndex(-1))).toBe(stateHash(emptyRoom(SPEC.roomId)));
    // Random order seeks back and forth across checkpoints; then every index backwards.
    const order = shuffled(
      events.map((_, i) => i),
      every,
    );
    for (const i of order) expect(stateHash(log.stateAtIndex(i)), `index ${i}`).toBe(expected[i]);
    for (let i = events.length - 1; i >= 0; i -= 7)
      expect(stateHash(log.stateAtIndex(i)), `index ${i}`).toBe(expected[i]);
    expect(stateHash(log.finalState)).toBe(expected.at(-1));
  });

  it("forward playback reuses the last state: each step folds only the new events", () => {
    // Every fold reads an event's seq first, so the seqs read are the events folded.
    const read = new Set<number>();
    const spied = events.map(
      (e) =>
        new Proxy(e, {
          get(target, key, receiver) {
            if (key === "seq") read.add(target.seq);
            return Reflect.get(target, key, receiver);
          },
        }),
    );
    const every = 100;
    const log = logOf(spied, { checkpointEvery: every });
    const seeking = logOf(events, { checkpointEvery: every });
    let shown = 0; // events folded into the last state handed out
    for (let i = 0; i < events.length - 1; i += 3) {
      read.clear();
      const s = log.stateAtIndex(i);
      // From the last answer when no checkpoint lies in between; otherwise from the checkpoint.
      const checkpoint = Math.floor((i + 1) / every) * every;
      const from = Math.max(shown, checkpoint);
      const folded = Array.from({ length: i + 1 - from }, (_, k) => events[from + k]!.seq);
      expect([...read].sort((a, b) => a - b)).toEqual(folded);
      expect(stateHash(s)).toBe(stateHash(seeking.stateAtIndex(i)));
      expect(stateHash(s)).toBe(expected[i]);
      shown = i + 1;
    }
  });

  it("stateAtTime plays a session forward exactly like seeking to each moment", () => {
    const playing = logOf(events);
    const seeking = logOf(events);
    const start = events[0]!.at;
    const end = events.at(-1)!.at;
    for (let t = start - 1_000; t <= end + 1_000; t += 2_345) {
      const i = playing.indexAtTime(t);
      expect(stateHash(playing.stateAtTime(t))).toBe(i < 0 ? stateHash(emptyRoom(SPEC.roomId)) : expected[i]);
      expect(seeking.indexAtTime(t)).toBe(i);
    }
    for (const t of shuffled([start, end, start + 60_000, end - 60_000], 3))
      expect(stateHash(seeking.stateAtTime(t))).toBe(stateHash(playing.stateAtTime(t)));
  });

  it("refuses out-of-range indexes", () => {
    const log = logOf(events.slice(0, 10));
    for (const i of [-2, 10, 1.5, Number.NaN]) expect(() => log.stateAtIndex(i)).toThrow(RangeError);
    expect(() => new ReplayLog("r", { checkpointEvery: 0 })).toThrow(RangeError);
  });
});

describe("ReplayLog.append", () => {
  const events = session().slice(0, 20);

  it.each([
    ["a repeated seq within a page", [events[0]!, events[1]!, events[1]!]],
    ["a lower seq within a page", [events[0]!, events[2]!, events[1]!]],
  ])("throws on %s and appends nothing", (_, page) => {
    const log = new ReplayLog(SPEC.roomId);
    expect(() => log.append(page)).toThrow(/does not follow/);
    expect(log.length).toBe(0);
    expect(log.finalState.seq).toBe(0);
  });

  it("throws on a page that does not follow the previous one, keeping what it had", () => {
    const log = new ReplayLog(SPEC.roomId);
    log.append(events.slice(0, 10));
    expect(() => log.append(events.slice(9, 15))).toThrow(RangeError);
    expect(() => log.append(events.slice(5, 8))).toThrow(RangeError);
    expect(log.length).toBe(10);
    log.append(events.slice(10));
    expect(log.length).toBe(20);
    expect(log.finalState.seq).toBe(20);
  });

  it("accepts seq gaps (events the viewer may not see)", () => {
    const log = new ReplayLog(SPEC.roomId);
    log.append([events[0]!, events[3]!]);
    log.append([events[7]!]);
    expect(log.length).toBe(3);
    expect(log.finalState.seq).toBe(events[7]!.seq);
  });
});

describe("indexAtTime", () => {
  const at = (seq: number, time: number) =>
    ({
      seq,
      opId: `op-${seq}-xxxx`,
      actorId: null,
      at: time,
      kind: "clock.started",
      payload: {},
    }) as TRoomEvent;
  const log = new ReplayLog("r");
  // Two events share a millisecond; the server clock stepped back once (5 after 7).
  log.append([at(1, 0), at(2, 3), at(3, 3), at(4, 7), at(5, 5), at(6, 9)]);
  it.each([
    [-1, -1],
    [0, 0],
    [2, 0],
    [3, 2],
    // Event 5 (at 5) came after event 4 (at 7): it counts from 7.
    [6, 2],
    [7, 4],
    [8, 4],
    [9, 5],
    [1e15, 5],
  ])("at %i → index %i", (ms, index) => expect(log.indexAtTime(ms)).toBe(index));
});

describe("a candidate's replay", () => {
  const all = session();
  const seen = candidateView(all);

  it("numbers its own stream without gaps: nothing shows where the interviewer's private events were", () => {
    expect(seen.length).toBeLessThan(all.length);
    expect(seen.map((e) => e.seq)).toEqual(seen.map((_, i) => i + 1));
  });

  it("hashes exactly like the candidate's live client at every event", () => {
    const client = new RoomSyncClient(SPEC.roomId, () => "op-00000000");
    client.onConnected();
    client.onJoined({ ok: true, role: "candidate", snapshot: emptyRoom(SPEC.roomId), events: [] });
    const log = logOf(seen, { checkpointEvery: 50 });
    const order = shuffled(
      seen.map((_, i) => i),
      5,
    );
    const live: string[] = [];
    for (const e of seen) {
      client.onEvent(e);
      live.push(stateHash(client.state!));
    }
    for (const i of order) expect(stateHash(log.stateAtIndex(i))).toBe(live[i]);
    const last = log.finalState;
    expect(last.seq).toBe(seen.at(-1)!.seq);
    expect(last.notes).toEqual([]);
    expect(last.scorecard.draft).toBeNull();
    expect(last.scorecard.submitted).not.toBeNull();
  });

  it("differs from the interviewer's replay, which holds the notes", () => {
    const interviewer = logOf(all).finalState;
    expect(interviewer.notes.length).toBeGreaterThan(0);
    expect(stateHash(interviewer)).not.toBe(stateHash(logOf(seen).finalState));
  });
});

describe("stateHash", () => {
  const base = logOf(session({ events: 400 })).finalState;
  const copy = (): RoomState => structuredClone(base);
  const firstElement = (s: RoomState) => {
    const bucket = s.board.buckets.find((b) => Object.keys(b).length > 0)!;
    return bucket[Object.keys(bucket)[0]!]!.el as Record<string, unknown>;
  };

  it("is equal for equal data, whatever the key order, object identity or freezing", () => {
    expect(stateHash(copy())).toBe(stateHash(base));
    expect(stateHash(JSON.parse(JSON.stringify(base)))).toBe(stateHash(base));
    expect(stateHash(deepFreeze(copy()))).toBe(stateHash(base));
    const reordered = Object.fromEntries(Object.entries(copy()).reverse()) as unknown as RoomState;
    expect(stateHash(reordered)).toBe(stateHash(base));
  });

  // Each row changes one visible thing; the hash must change.
  it.each<[string, (s: RoomState) => void]>([
    ["state version", (s) => (s.v += 1)],
    ["room id", (s) => (s.roomId = "other")],
    ["seq", (s) => (s.seq += 1)],
    ["question", (s) => (s.questionId = "chat")],
    ["creator", (s) => (s.createdBy = "someone")],
    ["a seat's name", (s) => (s.seats.candidate!.name = "Casimir")],
    ["an empty seat", (s) => (s.seats.candidate = null)],
    ["clock start", (s) => (s.clock.startedAt! += 1)],
    ["clock running", (s) => (s.clock.runningSince = s.clock.endedAt)],
    ["clock reading", (s) => (s.clock.accumulatedMs += 1)],
    ["clock end", (s) => (s.clock.endedAt = null)],
    ["phase", (s) => (s.phase = 0)],
    ["phase log", (s) => (s.phaseLog[1]!.clockMs += 1)],
    ["chat text", (s) => (s.chat[0]!.text += "!")],
    ["chat author", (s) => (s.chat[0]!.authorId = "x")],
    ["chat order", (s) => s.chat.reverse()],
    ["a note", (s) => (s.notes[0]!.text = "changed")],
    ["no notes", (s) => (s.notes = [])],
    ["cluster epoch", (s) => (s.sim!.epoch += 1)],
    ["cluster seed", (s) => (s.sim!.seed += 1)],
    ["cluster design", (s) => ((s.sim!.config.design as { w: number }).w = 2)],
    ["cluster preset", (s) => (s.sim!.preset = null)],
    ["cluster command", (s) => (s.sim!.commands[0]!.at += 1)],
    ["cluster clock speed", (s) => (s.sim!.clock.speed = 1)],
    ["cluster clock playing", (s) => (s.sim!.clock.playing = !s.sim!.clock.playing)],
    ["no cluster", (s) => (s.sim = null)],
    ["board lock", (s) => (s.board.locked = !s.board.locked)],
    ["board seq", (s) => (s.board.seq += 1)],
    ["an element's position", (s) => ((firstElement(s).x as number) += 1)],
    ["an element's deletion", (s) => (firstElement(s).isDeleted = !firstElement(s).isDeleted)],
    ["an element's version", (s) => ((firstElement(s).version as number) += 1)],
    ["an element's colour", (s) => (firstElement(s).strokeColor = "#ff0000")],
    ["element order", (s) => s.board.order.reverse()],
    ["scorecard recommendation", (s) => (s.scorecard.submitted!.recommendation = "no")],
    [
      "scorecard evidence",
      (s) => (s.scorecard.submitted!.dimensions.requirements!.evidence[0]!.clockMs += 1),
    ],
    ["scorecard draft", (s) => (s.scorecard.draft = null)],
    ["next round", (s) => (s.nextRound = { roomId: "r2", questionId: "chat" })],
  ])("changes with %s", (_, change) => {
    const s = copy();
    change(s);
    expect(stateHash(s)).not.toBe(stateHash(base));
  });
});
