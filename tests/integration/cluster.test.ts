import { Redis } from "ioredis";
import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QUEUE_EVENTS } from "../../lib/protocol/queue";
import { emptyRoom, foldEvents, streamFor, viewOfLog } from "../../lib/room";
import { TARGET_LEVEL_IDS } from "../../lib/rubric/levels";
import { startBalancer } from "../../scripts/tcp-balancer";
import { leaseKey } from "../../server/cluster/leases";
import { newUser, signIn, signUp } from "../fixtures/auth";
import { requireEnv } from "../fixtures/database";
import { TEST_REDIS_URL as REDIS_URL } from "../fixtures/redis";
import { chatInTurns, openPairedRoom, type TestRoomClient, THREE_NODES } from "../fixtures/room-client";
import { startTestServer, type TestServer } from "../fixtures/server";
import { expectNothingLost, storedEvents, streamLength } from "../fixtures/stored-log";
import { rect } from "../unit/board/helpers";

// Two server processes sharing Redis and Postgres, the way `npm run start:cluster` runs them. The interviewer
// reaches process A, the candidate process B; one process owns the room and the other forwards to it. Then
// the owner is SIGKILLed mid-interview and the survivor finishes it: nothing acknowledged is lost, every
// resent op lands exactly once, and both participants end with the stored log's state.

const SECRET = "integration-secret-cluster-0123456789";
const servers: TestServer[] = [];
const clients: TestRoomClient[] = [];
const closers: (() => Promise<void>)[] = [];
let redisUp = false;

beforeAll(async () => {
  const probe = new Redis(REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redisUp = await probe.connect().then(
    () => true,
    () => false,
  );
  probe.disconnect();
});
afterAll(async () => {
  for (const c of clients) c.close();
  for (const close of closers) await close();
  for (const s of servers) if (s.proc.exitCode === null) await s.stop("SIGKILL");
});

describe("two processes, one room", () => {
  it("converges across processes, and the survivor finishes the interview after the owner is SIGKILLed", async (ctx) => {
    if (!redisUp) ctx.skip();
    const env = { DATABASE_URL: requireEnv("TEST_DATABASE_URL"), NEXTAUTH_SECRET: SECRET, REDIS_URL };
    const [a, b] = await Promise.all([startTestServer(env), startTestServer(env)]);
    servers.push(a, b);
    // The interviewer's connections go to A while A lives; the candidate's to B.
    const toA = await startBalancer(() => [a.port, b.port]);
    const toB = await startBalancer(() => [b.port, a.port]);
    closers.push(toA.close, toB.close);

    const {
      roomId,
      int,
      cand,
      interviewer: si,
    } = await openPairedRoom(a.url, "cl", {
      interviewer: toA.url,
      candidate: toB.url,
    });
    clients.push(int, cand);

    // A full interview across the two processes: clock, chat, board, cluster, notes, phases.
    int.submit({ type: "clock.start" });
    cand.submit({ type: "board.upsert", elements: [rect("lb"), rect("db", { x: 300 })] } as never);
    cand.submit({
      type: "sim.reset",
      config: {
        nodes: THREE_NODES,
        design: { kind: "quorum", n: 3, w: 2, r: 2 },
      } as never,
    });
    await int.until(() => int.sync.state?.sim != null, 10_000, "the cluster reached the interviewer");
    int.submit({ type: "sim.command", command: { type: "crash", node: "n2" } as never });
    const typeSome = chatInTurns(int, cand, 3, (i) => {
      if (i % 7 === 0) int.submit({ type: "note.add", text: `note ${i}` });
    });
    await typeSome(30);
    // Settled means one's own ops are acknowledged; the partner's last message can still be crossing Redis, so
    // convergence is awaited. Not by comparing lastSeq: the log may end with a private note, which the candidate
    // never receives.
    await int.until(
      () =>
        int.settled() &&
        cand.settled() &&
        int.sync.state?.chat.length === 30 &&
        cand.sync.state?.chat.length === 30,
      20_000,
      "both settled, with all 30 messages, across processes",
    );
    expect(cand.sync.state?.notes).toEqual([]);
    // The same messages; each view numbers them in its own stream (lib/room/views.ts).
    const unnumbered = (chat: { seq: number }[] = []) => chat.map(({ seq: _seq, ...m }) => m);
    expect(unnumbered(cand.sync.state?.chat)).toEqual(unnumbered(int.sync.state?.chat));
    // The server's run of the shared cluster answers the same from either process (one asks the owner for the
    // room's cluster only).
    const simAt = async (url: string) => {
      const res = await fetch(`${url}/api/rooms/${roomId}/sim?vt=1000000`, {
        headers: { cookie: si.cookie },
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { hash: string }).hash;
    };
    expect(await simAt(a.url)).toBe(await simAt(b.url));

    // Which process owns the room? Kill that one, mid-typing.
    const redis = new Redis(REDIS_URL);
    closers.push(async () => void redis.disconnect());
    const owner = await redis.get(leaseKey(roomId));
    expect(owner).toMatch(new RegExp(`-(${a.proc.pid}|${b.proc.pid})-`));
    const [victim, survivor] = owner!.includes(`-${a.proc.pid}-`) ? [a, b] : [b, a];
    await typeSome(20);
    victim.proc.kill("SIGKILL");
    await new Promise((r) => victim.proc.once("exit", r));
    const ackedBeforeKill = { interviewer: new Map(int.acked), candidate: new Map(cand.acked) };
    await typeSome(20);

    await int.until(() => int.settled() && cand.settled(), 40_000, "both settled on the survivor");
    expect(await redis.get(leaseKey(roomId))).toContain(`-${survivor.proc.pid}-`);
    int.submit({ type: "phase.set", phase: 1 });
    int.submit({ type: "interview.end" });
    await int.until(() => int.settled(), 10_000, "ended");

    const events = await storedEvents(requireEnv("TEST_DATABASE_URL"), roomId);
    expectNothingLost(events, [int, cand]);
    for (const role of ["interviewer", "candidate"] as const) {
      const mine = streamFor(events, role); // each ack numbers its sender's own stream
      for (const [opId, seq] of ackedBeforeKill[role]) expect(mine[seq - 1]?.opId).toBe(opId);
    }
    await int.until(
      () => int.sync.lastSeq === events.length && cand.sync.lastSeq === streamLength(events, "candidate"),
      10_000,
      "clients caught up",
    );
    const folded = foldEvents(emptyRoom(roomId), events);
    expect(int.sync.state).toEqual(folded);
    expect(cand.sync.state).toEqual(viewOfLog(roomId, events, "candidate"));
    expect(folded.chat).toHaveLength(70);
    expect(folded.clock.endedAt).not.toBeNull();
  });

  it("pairs two people waiting for a partner on different processes", async (ctx) => {
    if (!redisUp) ctx.skip();
    const env = { DATABASE_URL: requireEnv("TEST_DATABASE_URL"), NEXTAUTH_SECRET: SECRET, REDIS_URL };
    const [a, b] = await Promise.all([startTestServer(env), startTestServer(env)]);
    servers.push(a, b);
    const people = [newUser("q-a"), newUser("q-b")];
    const sessions = [];
    for (const [i, p] of people.entries()) {
      const url = i ? b.url : a.url;
      await signUp(url, p);
      sessions.push((await signIn(url, p.email, p.password)).session!);
    }
    const sockets = sessions.map((s, i) =>
      io(i ? b.url : a.url, { transports: ["websocket"], extraHeaders: { cookie: s.cookie } }),
    );
    closers.push(async () => {
      for (const s of sockets) s.close();
    });
    const matched = sockets.map(
      (s) => new Promise<string>((r) => s.once(QUEUE_EVENTS.matched, (m) => r(m.roomId))),
    );
    const first = await sockets[0]!
      .timeout(10_000)
      .emitWithAck(QUEUE_EVENTS.join, { seat: "interviewer", level: TARGET_LEVEL_IDS[0], anonymous: false });
    expect(first).toEqual({ ok: true, waiting: true });
    const second = await sockets[1]!
      .timeout(10_000)
      .emitWithAck(QUEUE_EVENTS.join, { seat: "either", level: TARGET_LEVEL_IDS[0], anonymous: true });
    expect(second.ok).toBe(true);
    const [roomA, roomB] = await Promise.all(matched);
    expect(roomA).toBe(roomB);
    // Both are seated in the new room: the one who asked to interview does.
    for (const [i, s] of sessions.entries()) {
      const res = await fetch(`${(i ? b : a).url}/api/rooms/${roomA}`, { headers: { cookie: s.cookie } });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { role: string }).role).toBe(i ? "candidate" : "interviewer");
    }
  });
});
