import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, describe, expect, it } from "vitest";
import { emptyRoom, foldEvents, viewOfLog } from "../../lib/room";
import { startBalancer } from "../../scripts/tcp-balancer";
import { type EmbeddedDatabase, pickPort, startEmbeddedPostgres } from "../../server/db/embedded";
import { applyMigrations } from "../../server/db/migrate";
import { chatInTurns, openPairedRoom } from "../fixtures/room-client";
import { startTestServer, type TestServer } from "../fixtures/server";
import { expectNothingLost, storedEvents } from "../fixtures/stored-log";

// The multi-process room under infrastructure faults: its own Redis and its own Postgres (so the test can
// restart them), two app processes, the interviewer on one, the candidate on the other through a link that
// drops every few messages. Redis restarts empty mid-interview, then Postgres restarts: ops are delayed, never lost,
// and everyone converges on the stored log.

const SECRET = "integration-secret-faults-0123456789";
const hasRedisServer = spawnSync("redis-server", ["--version"]).status === 0;
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function startRedis(port: number): Promise<ChildProcess> {
  const proc = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: proc.stdout! }).on("line", (l) => {
      if (l.includes("Ready to accept connections")) resolve();
    });
    proc.once("exit", (code) => reject(new Error(`redis-server exited with ${code}`)));
  });
  return proc;
}

describe.skipIf(!hasRedisServer)("faults under the multi-process room", () => {
  it("survives a Redis restart, a Postgres restart and a flaky client link with nothing acknowledged lost", async () => {
    const redisPort = await pickPort(46_000 + (process.pid % 1_000));
    let redis = await startRedis(redisPort);
    cleanups.push(() => redis.kill("SIGKILL"));
    const dir = await mkdtemp(path.join(os.tmpdir(), "quorum-faults-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    let db: EmbeddedDatabase = await startEmbeddedPostgres(dir, 47_000 + (process.pid % 1_000));
    cleanups.push(() => db.stop());
    await applyMigrations(db.url);
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      NEXTAUTH_SECRET: SECRET,
    };
    const servers: TestServer[] = await Promise.all([startTestServer(env), startTestServer(env)]);
    const [a, b] = servers as [TestServer, TestServer];
    cleanups.push(() => Promise.all(servers.map((s) => s.stop("SIGKILL"))));
    const toA = await startBalancer(() => [a.port, b.port]);
    const flakyToB = await startBalancer(() => [b.port, a.port]);
    cleanups.push(toA.close, flakyToB.close);

    const { roomId, int, cand } = await openPairedRoom(a.url, "fault", {
      interviewer: toA.url,
      candidate: flakyToB.url,
    });
    cleanups.push(() => {
      int.close();
      cand.close();
    });

    // The candidate's link drops every few messages for the whole interview.
    let drops = 0;

    int.submit({ type: "clock.start" });
    const typeSome = chatInTurns(int, cand, 20, (i) => {
      if (i % 5 === 4) {
        flakyToB.dropAll();
        drops += 1;
      }
    });
    const settled = (what: string) => int.until(() => int.settled() && cand.settled(), 60_000, what);
    await typeSome(20);
    await settled("settled before the faults");

    // Redis dies and comes back empty: leases and "alive" keys are gone.
    redis.kill("SIGKILL");
    await new Promise((r) => redis.once("exit", r));
    await typeSome(10);
    redis = await startRedis(redisPort);
    await typeSome(10);
    await settled("settled after the Redis restart");
    // The owner noticed that its lease had vanished with Redis's data, let go of the room, and took it back.
    await Promise.any(servers.map((s) => s.waitForLog((l) => l.msg === "room lease lost", 10_000)));

    // Postgres stops (fast shutdown) and starts again on the same data.
    await db.stop();
    await typeSome(10);
    expect(int.sync.pending.length + cand.sync.pending.length).toBeGreaterThan(0); // held, not lost
    db = await startEmbeddedPostgres(dir, db.port);
    await typeSome(10);
    await settled("settled after the Postgres restart");
    expect(drops).toBe(12);

    const events = await storedEvents(db.url, roomId);
    expectNothingLost(events, [int, cand]);
    // Nothing was refused: every op typed during the faults was delayed and then applied once.
    expect([...int.refused.values(), ...cand.refused.values()]).toEqual([]);
    expect(events.filter((e) => e.kind === "chat.posted")).toHaveLength(60);
    await int.until(
      () => int.sync.lastSeq === events.length && cand.sync.lastSeq === events.length,
      20_000,
      "clients caught up",
    );
    const folded = foldEvents(emptyRoom(roomId), events);
    expect(int.sync.state).toEqual(folded);
    expect(cand.sync.state).toEqual(viewOfLog(roomId, events, "candidate"));
    // Both processes stayed up throughout.
    expect(servers.every((s) => s.proc.exitCode === null)).toBe(true);
  });
});
