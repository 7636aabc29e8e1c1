// Records a whole interview as Postgres stores it, for the event-log fixtures (tests/fixtures/event-logs/):
// the real server (production build) on a scratch database, two real socket.io participants, then the
// RoomEvent rows exactly as stored (schema version included) and, for each reader, the state hash after every
// event of their stream as the replay folds it today. tests/unit/room/event-log-fixtures.test.ts replays every
// fixture through the upgrade steps and expects the same hashes, so a change that would make an old session
// replay differently fails there.
//
//   npx tsx scripts/record-event-log.ts [name]     (default name: interview-v<EVENT_SCHEMA_VERSION>)
//
// Needs a production build (node scripts/ensure-build.mjs) and a Postgres to create the scratch database on:
// DATABASE_URL, else TEST_DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/postgres. Record a new
// fixture whenever EVENT_SCHEMA_VERSION changes; never re-record an old one.
import { writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { ReplayLog, stateHash } from "../lib/replay";
import { EVENT_SCHEMA_VERSION, streamFor, upgradeEvent } from "../lib/room";
import { applyMigrations } from "../server/db/migrate";
import { createScratchDatabase } from "../tests/fixtures/database";
import { openPairedRoom, THREE_NODES } from "../tests/fixtures/room-client";
import { startTestServer } from "../tests/fixtures/server";
import { rect } from "../tests/unit/board/helpers";
import {
  EVENT_LOG_FIXTURES,
  type EventLogFixture,
  type StoredRow,
} from "../tests/unit/room/event-log-fixture";
import { fullCard } from "../tests/unit/room/helpers";

const name = process.argv[2] ?? `interview-v${EVENT_SCHEMA_VERSION}`;
const adminUrl =
  process.env.DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  "postgresql://postgres@127.0.0.1:5432/postgres";

const db = await createScratchDatabase(adminUrl, "quorum_fixture");
await applyMigrations(db.url);
const server = await startTestServer({
  DATABASE_URL: db.url,
  NEXTAUTH_SECRET: "event-log-fixture-0123456789abcdef",
});
try {
  const { roomId, int, cand } = await openPairedRoom(server.url, "fixture");
  const settle = (what: string) => int.until(() => int.settled() && cand.settled(), 20_000, what);

  // Requirements: the clock starts, both talk, both agree to record the call.
  int.submit({ type: "clock.start" });
  cand.submit({
    type: "chat.post",
    text: "Requirements first: 10k writes/s, reads dominate 10:1, p99 under 50 ms.",
  });
  int.submit({ type: "chat.post", text: "Good. What consistency do readers need?" });
  int.submit({ type: "recording.consent", consent: true });
  cand.submit({ type: "recording.consent", consent: true });
  await settle("requirements");

  // High-level design on the board, then the interviewer locks it for a moment and unlocks it.
  int.submit({ type: "phase.set", phase: 1 });
  cand.submit({
    type: "board.upsert",
    elements: [rect("api"), rect("store", { x: 320 }), rect("cache", { y: 260 })],
  });
  cand.submit({ type: "board.upsert", elements: [rect("api", { version: 2, x: 60 })] });
  await settle("drawing");
  int.submit({ type: "board.lock", locked: true });
  int.submit({ type: "note.add", text: "Named the read/write ratio before drawing anything." });
  int.submit({ type: "board.lock", locked: false });
  await settle("board unlocked");
  cand.submit({ type: "board.upsert", elements: [rect("cache", { version: 2, isDeleted: true })] });
  await settle("design");

  // Data model and the cluster: a leader with semi-synchronous followers, a workload, a preset.
  int.submit({ type: "phase.set", phase: 2 });
  cand.submit({
    type: "sim.reset",
    config: {
      nodes: THREE_NODES,
      design: { kind: "single-leader", replication: "semi-sync", readFrom: "local" },
    },
  });
  await int.until(() => cand.settled() && int.sync.state?.sim != null, 20_000, "cluster exists");
  cand.submit({
    type: "sim.command",
    command: { type: "startWorkload", workload: { clients: [{ id: "c1", node: "n1" }], keys: 4 } },
  });
  cand.submit({ type: "sim.clock", playing: true, speed: 0.25 });
  await settle("cluster running");

  // Failure handling: the interviewer crashes the leader and partitions the rest; then a quorum design.
  int.submit({ type: "phase.set", phase: 3 });
  int.submit({ type: "sim.command", command: { type: "crash", node: "n1" } });
  int.submit({ type: "sim.command", command: { type: "partition", groups: [["n2"], ["n3"]] } });
  int.submit({ type: "sim.command", command: { type: "heal" } });
  cand.submit({
    type: "chat.post",
    text: "With n1 down a follower takes over; a semi-sync write may be lost.",
  });
  cand.submit({
    type: "sim.reset",
    config: { nodes: THREE_NODES, design: { kind: "quorum", n: 3, w: 2, r: 2 } },
  });
  await settle("failure handling");
  int.submit({ type: "sim.preset", presetId: "quorum-overlap", variant: 0 });
  await settle("preset");

  // Trade-offs, the draft scorecard, the end, the submitted scorecard, round two.
  int.submit({ type: "phase.set", phase: 4 });
  const draft = fullCard();
  draft.dimensions.requirements!.evidence = [{ clockMs: 0, text: "Asked for the read/write ratio first." }];
  int.submit({ type: "scorecard.save", card: draft });
  cand.submit({ type: "recording.consent", consent: false });
  int.submit({ type: "clock.pause" });
  int.submit({ type: "clock.resume" });
  await settle("trade-offs");
  int.submit({ type: "interview.end" });
  int.submit({ type: "scorecard.submit", card: fullCard() });
  await settle("the end");
  const refused = [...int.refused.values(), ...cand.refused.values()];
  if (refused.length > 0) throw new Error(`ops were refused: ${JSON.stringify(refused)}`);
  int.close();
  cand.close();

  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  const r = await c.query(
    `SELECT seq, "opId", kind, "actorId", visibility, at, payload, v FROM "RoomEvent" WHERE "roomId" = $1 ORDER BY seq`,
    [roomId],
  );
  await c.end();
  const rows: StoredRow[] = r.rows.map((x) => ({ ...x, at: (x.at as Date).toISOString() }));
  const events = rows.map((x) => upgradeEvent({ ...x, at: Date.parse(x.at) }));
  const hashes = (role: "interviewer" | "candidate") => {
    const log = new ReplayLog(roomId);
    log.append(streamFor(events, role));
    return log.events.map((_, i) => stateHash(log.stateAtIndex(i)));
  };
  const fixture: EventLogFixture = {
    recordedWith: { eventSchemaVersion: EVENT_SCHEMA_VERSION, date: new Date().toISOString().slice(0, 10) },
    roomId,
    rows,
    hashes: { interviewer: hashes("interviewer"), candidate: hashes("candidate") },
  };
  const file = path.join(EVENT_LOG_FIXTURES, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(fixture, null, 1)}\n`);
  console.log(`${file}: ${rows.length} events (kinds: ${[...new Set(rows.map((x) => x.kind))].join(", ")})`);
} finally {
  await server.stop();
  await db.drop();
}
