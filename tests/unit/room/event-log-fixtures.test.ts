import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ReplayLog, stateHash } from "../../../lib/replay";
import {
  EVENT_SCHEMA_VERSION,
  StoredEventError,
  streamFor,
  type TEventKind,
  type TStoredEvent,
  UPGRADE_STEP_COUNT,
  upgradeEvent,
  visibilityOf,
} from "../../../lib/room";
import { v1ToV2 } from "../../../lib/room/upgrades/v1-to-v2";
import { EVENT_LOG_FIXTURES, type EventLogFixture } from "./event-log-fixture";
import { clusterRuns, SIM_RUNS_FILE } from "./sim-runs";

// Old sessions replay for ever: every recorded log (rows exactly as Postgres stored them, from the schema version
// of its day) is read through today's upgrade steps and replayed, and each reader's replay must show, after every
// event, the state it showed when the log was recorded (scripts/record-event-log.ts). A change to an event's
// shape that lacks its upgrade step, or a step that changes what a session shows, fails here.

const files = readdirSync(EVENT_LOG_FIXTURES).filter((f) => f.endsWith(".json"));
const fixtures = files.map((f) => ({
  file: f,
  fixture: JSON.parse(readFileSync(path.join(EVENT_LOG_FIXTURES, f), "utf8")) as EventLogFixture,
}));

const read = (f: EventLogFixture) => f.rows.map((r) => upgradeEvent({ ...r, at: Date.parse(r.at) }));

describe("recorded event logs", () => {
  it("include one recorded in today's schema version, and the upgrade steps lead there", () => {
    expect(fixtures.length).toBeGreaterThan(0);
    expect(fixtures.map((f) => f.fixture.recordedWith.eventSchemaVersion)).toContain(EVENT_SCHEMA_VERSION);
    expect(UPGRADE_STEP_COUNT).toBe(EVENT_SCHEMA_VERSION - 1);
  });

  it("cover a whole interview: every kind of event but round two's link", () => {
    const kinds = new Set(fixtures.flatMap((f) => f.fixture.rows.map((r) => r.kind)));
    const all: TEventKind[] = [
      "room.created",
      "participant.joined",
      "clock.started",
      "clock.paused",
      "clock.resumed",
      "phase.changed",
      "chat.posted",
      "note.added",
      "interview.ended",
      "sim.reset",
      "sim.command",
      "sim.clock",
      "board.changed",
      "scorecard.saved",
      "scorecard.submitted",
      "recording.consent",
    ];
    expect([...kinds].sort()).toEqual([...all].sort());
  });

  for (const { file, fixture } of fixtures) {
    describe(file, () => {
      it("was written by writers that all name the version they write", () => {
        expect(new Set(fixture.rows.map((r) => r.v))).toEqual(
          new Set([fixture.recordedWith.eventSchemaVersion]),
        );
      });

      it("reads every row, as stored, into today's events", () => {
        const events = read(fixture);
        expect(events.map((e) => e.seq)).toEqual(fixture.rows.map((r) => r.seq));
        // The visibility stored with each row is still the one its kind has.
        expect(fixture.rows.map((r, i) => visibilityOf(events[i]!.kind) === r.visibility)).not.toContain(
          false,
        );
      });

      for (const role of ["interviewer", "candidate"] as const) {
        it(`replays to the same state after every event of the ${role}'s stream`, () => {
          const log = new ReplayLog(fixture.roomId);
          log.append(streamFor(read(fixture), role));
          const hashes = log.events.map((_, i) => stateHash(log.stateAtIndex(i)));
          expect(hashes).toEqual(fixture.hashes[role]);
        });
      }

      it("replays its clusters as they ran when the simulator was first versioned (engine 1)", () => {
        const recorded = JSON.parse(readFileSync(SIM_RUNS_FILE, "utf8")) as Record<string, unknown>;
        expect(recorded[file]).toBeDefined();
        expect(clusterRuns(fixture)).toEqual(recorded[file]);
      });
    });
  }
});

describe("version 1 → 2: a board payload loses its own version", () => {
  const op = { type: "board.lock", locked: true };
  const board = (payload: unknown, v = 1): TStoredEvent => ({
    seq: 3,
    opId: "op-3",
    actorId: "u1",
    at: 1_700_000_000_000,
    kind: "board.changed",
    payload,
    v,
  });

  it("reads a version 1 board event as today's", () => {
    expect(upgradeEvent(board({ v: 1, op })).payload).toEqual({ op });
    expect(v1ToV2({ kind: "board.changed", payload: { v: 1, op } })).toEqual({
      kind: "board.changed",
      payload: { op },
    });
  });

  it("leaves every other event as it is", () => {
    const chat = { kind: "chat.posted", payload: { text: "v: 1", clockMs: 5 } };
    expect(v1ToV2(chat)).toBe(chat);
  });

  it("refuses what neither version wrote: a version 1 board payload without v: 1, a version 2 one with a v", () => {
    expect(() => upgradeEvent(board({ v: 2, op }))).toThrow(/can't be read/);
    expect(() => upgradeEvent(board({ op }))).toThrow(/can't be read/);
    expect(() => upgradeEvent(board({ v: 1, op }, 2))).toThrow(/can't be read/);
    expect(upgradeEvent(board({ op }, 2)).payload).toEqual({ op });
  });
});

describe("upgradeEvent", () => {
  const row = (over: Partial<TStoredEvent>): TStoredEvent => ({
    seq: 7,
    opId: "op-7",
    actorId: "u1",
    at: 1_700_000_000_000,
    kind: "chat.posted",
    payload: { text: "hi", clockMs: 1000 },
    v: EVENT_SCHEMA_VERSION,
    ...over,
  });

  it("refuses an event from a newer version with a reason a person can act on", () => {
    const err = (() => {
      try {
        upgradeEvent(row({ v: EVENT_SCHEMA_VERSION + 1 }));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(StoredEventError);
    expect((err as StoredEventError).reason).toBe("newer_version");
    expect((err as StoredEventError).message).toMatch(/newer version of Quorum/);
    expect((err as StoredEventError).message).toContain(`version ${EVENT_SCHEMA_VERSION + 1}`);
  });

  it("refuses a row that is not valid in its own version, naming the event and the field", () => {
    expect(() => upgradeEvent(row({ payload: { text: 5, clockMs: 1000 } }))).toThrow(
      /Event 7 \(chat\.posted, version \d+\) can't be read: payload\.text/,
    );
    expect(() => upgradeEvent(row({ kind: "telepathy.sent" }))).toThrow(StoredEventError);
    expect(() => upgradeEvent(row({ v: 0 }))).toThrow(/never existed/);
  });

  it("reads a valid row of today's version as it is", () => {
    expect(upgradeEvent(row({}))).toEqual({
      seq: 7,
      opId: "op-7",
      actorId: "u1",
      at: 1_700_000_000_000,
      kind: "chat.posted",
      payload: { text: "hi", clockMs: 1000 },
    });
  });
});
