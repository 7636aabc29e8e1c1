import pg from "pg";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QUEUE_EVENTS } from "../../lib/protocol/queue";
import { ROOM_EVENTS, type TJoinAck, type TOpAck } from "../../lib/protocol/room";
import type { TRoomEvent, TRoomOp } from "../../lib/room";
import { RATE_LIMITS, ROOM_USER_OP_RATE, USER_OP_RATE } from "../../server/constants";
import { newUser, type SignedIn, signIn, signUp } from "../fixtures/auth";
import { requireEnv } from "../fixtures/database";
import { createPairedRoom } from "../fixtures/room-client";
import { startTestServer, type TestServer } from "../fixtures/server";

// What a participant who does not play fair could do to the other one, from outside, each fixed (issue #29):
// op ids are scoped to their sender, limits count per person as well as per socket, "find a partner" answers to
// the room-creation limit, and a stranger can't tell a room they are not in from one that does not exist.

let server: TestServer;
let db: pg.Client;
const sockets: Socket[] = [];
let ipCounter = 0;

async function person(label: string): Promise<SignedIn> {
  const u = newUser(label);
  const ip = { "x-forwarded-for": `203.0.113.${++ipCounter}` };
  await signUp(server.url, u, ip);
  return (await signIn(server.url, u.email, u.password, ip)).session!;
}

function connect(who: SignedIn): Promise<Socket> {
  const s = io(server.url, {
    transports: ["websocket"],
    extraHeaders: { cookie: who.cookie },
    reconnection: false,
  });
  sockets.push(s);
  return new Promise((resolve, reject) => {
    s.once("connect", () => resolve(s));
    s.once("connect_error", reject);
  });
}

function emit<T>(s: Socket, event: string, payload: unknown): Promise<T> {
  return s.timeout(10_000).emitWithAck(event, payload) as Promise<T>;
}

async function joined(who: SignedIn, roomId: string): Promise<Socket> {
  const s = await connect(who);
  const ack = await emit<TJoinAck>(s, ROOM_EVENTS.join, { roomId, lastSeq: 0 });
  expect(ack.ok).toBe(true);
  return s;
}

const send = (s: Socket, roomId: string, opId: string, op: TRoomOp) =>
  emit<TOpAck>(s, ROOM_EVENTS.op, { roomId, opId, op });

async function storedEvents(
  roomId: string,
): Promise<{ seq: number; opId: string; kind: string; actorId: string }[]> {
  const r = await db.query(
    `SELECT seq, "opId", kind, "actorId" FROM "RoomEvent" WHERE "roomId" = $1 ORDER BY seq`,
    [roomId],
  );
  return r.rows;
}

/** Resolves once `pred()` holds, re-checked every 20 ms (for state no event announces, such as Postgres's). */
async function until(pred: () => boolean | Promise<boolean>, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await pred())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A started interview between two new people, each with one joined socket. */
async function liveRoom(label: string) {
  const interviewer = await person(`${label}-i`);
  const candidate = await person(`${label}-c`);
  const { roomId } = await createPairedRoom(server.url, interviewer.cookie, candidate.cookie);
  const int = await joined(interviewer, roomId);
  const cand = await joined(candidate, roomId);
  expect((await send(int, roomId, `${label}-start-0001`, { type: "clock.start" })).ok).toBe(true);
  return { roomId, interviewer, candidate, int, cand };
}

beforeAll(async () => {
  server = await startTestServer({
    DATABASE_URL: requireEnv("TEST_DATABASE_URL"),
    NEXTAUTH_SECRET: "integration-secret-hostile-0123456789",
    TRUST_PROXY: "1",
  });
  db = new pg.Client({ connectionString: requireEnv("TEST_DATABASE_URL") });
  await db.connect();
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await db?.end();
  await server?.stop();
});

describe("op ids belong to their sender", () => {
  it("a candidate reusing the interviewer's op id gets its own op applied, never the interviewer's note", async () => {
    const { roomId, int, cand } = await liveRoom("opid-a");
    const opId = "shared-op-id-0001";
    const note = await send(int, roomId, opId, { type: "note.add", text: "PRIVATE: unsure about quorums" });
    expect(note).toMatchObject({ ok: true, duplicate: false });
    const chat = await send(cand, roomId, opId, { type: "chat.post", text: "my own message" });
    expect(chat).toMatchObject({ ok: true, duplicate: false });
    expect(JSON.stringify(chat)).not.toContain("PRIVATE");
    if (chat.ok && chat.event) expect(chat.event.kind).toBe("chat.posted");
    const stored = (await storedEvents(roomId)).filter((e) => e.opId === opId);
    expect(stored.map((e) => e.kind).sort()).toEqual(["chat.posted", "note.added"]);
  });

  it("in the other order the interviewer's note is stored, and its ack carries the note, not the chat", async () => {
    const { roomId, int, cand } = await liveRoom("opid-b");
    const opId = "shared-op-id-0002";
    expect(await send(cand, roomId, opId, { type: "chat.post", text: "candidate first" })).toMatchObject({
      ok: true,
      duplicate: false,
    });
    const note = await send(int, roomId, opId, { type: "note.add", text: "PRIVATE: second" });
    expect(note).toMatchObject({ ok: true, duplicate: false });
    expect(JSON.stringify(note)).not.toContain("candidate first");
    const stored = (await storedEvents(roomId)).filter((e) => e.opId === opId);
    expect(stored.map((e) => e.kind).sort()).toEqual(["chat.posted", "note.added"]);
  });

  it("while the first is still being written (sent together), each sender gets only its own op's answer", async () => {
    const { roomId, int, cand } = await liveRoom("opid-c");
    const candidateEvents: TRoomEvent[] = [];
    cand.on(ROOM_EVENTS.event, (m: { event: TRoomEvent }) => candidateEvents.push(m.event));
    const opIds = Array.from({ length: 10 }, (_, i) => `together-${i}-0003`);
    const acks = await Promise.all(
      opIds.flatMap((opId, i) => [
        send(int, roomId, opId, { type: "note.add", text: `PRIVATE: note ${i}` }),
        send(cand, roomId, opId, { type: "chat.post", text: `chat ${i}` }),
      ]),
    );
    for (const a of acks) expect(a).toMatchObject({ ok: true, duplicate: false });
    for (let i = 0; i < acks.length; i += 2) expect(JSON.stringify(acks[i + 1])).not.toContain("PRIVATE");
    expect(JSON.stringify(candidateEvents)).not.toContain("PRIVATE");
    // A resend of one's own op is still recognised as a duplicate, with one's own number.
    const again = await send(cand, roomId, opIds[0]!, { type: "chat.post", text: "chat 0" });
    expect(again).toMatchObject({ ok: true, duplicate: true, seq: (acks[1] as { seq: number }).seq });
    const stored = await storedEvents(roomId);
    expect(stored.filter((e) => e.kind === "note.added")).toHaveLength(10);
    expect(stored.filter((e) => e.kind === "chat.posted")).toHaveLength(10);
  });
});

describe("limits count per person, not per socket", () => {
  it("25 sockets of one person get no more ops into a room than one person may send", async () => {
    const { roomId, candidate } = await liveRoom("many-sockets");
    const mine = await Promise.all(Array.from({ length: 25 }, () => joined(candidate, roomId)));
    let n = 0;
    const acks = await Promise.all(
      mine.flatMap((s) =>
        Array.from({ length: 8 }, () =>
          send(s, roomId, `flood-${++n}-000`, { type: "chat.post", text: `flood ${n}` }),
        ),
      ),
    );
    const accepted = acks.filter((a) => a.ok).length;
    const limited = acks.filter((a) => !a.ok && a.error.code === "rate_limited").length;
    // 200 sent at once, in one window: at most one person's allowance goes in (per socket it would be 25 × 8).
    expect(accepted).toBeLessThanOrEqual(ROOM_USER_OP_RATE.limit);
    expect(accepted).toBeGreaterThan(0);
    expect(accepted + limited).toBe(200);
    const chats = (await storedEvents(roomId)).filter((e) => e.kind === "chat.posted");
    expect(chats.length).toBe(accepted);
  });

  it("one person's sockets across rooms share one allowance too", async () => {
    const a = await liveRoom("across-1");
    const interviewer2 = await person("across-2-i");
    const { roomId: room2 } = await createPairedRoom(server.url, interviewer2.cookie, a.candidate.cookie);
    const inRoom1 = await Promise.all(Array.from({ length: 6 }, () => joined(a.candidate, a.roomId)));
    const inRoom2 = await Promise.all(Array.from({ length: 6 }, () => joined(a.candidate, room2)));
    let n = 0;
    const acks = await Promise.all(
      [...inRoom1.map((s) => [s, a.roomId] as const), ...inRoom2.map((s) => [s, room2] as const)].flatMap(
        ([s, roomId]) =>
          Array.from({ length: 8 }, () =>
            send(s, roomId, `across-${++n}-000`, { type: "chat.post", text: "x" }),
          ),
      ),
    );
    const accepted = acks.filter((x) => x.ok).length;
    // Each room alone would take ROOM_USER_OP_RATE.limit (2 × 50 = 100 > 96 sent); the person's allowance is less.
    expect(accepted).toBeLessThanOrEqual(USER_OP_RATE.limit);
    expect(acks.some((x) => !x.ok && x.error.code === "rate_limited")).toBe(true);
  });
});

describe('"find a partner"', () => {
  it("answers to the room-creation limit like New interview does", async () => {
    const a = await person("queue-a");
    const b = await person("queue-b");
    const sa = await connect(a);
    const sb = await connect(b);
    const limit = RATE_LIMITS.roomsPerUserPerMinute.limit;
    const made: string[] = [];
    for (let k = 0; k < limit; k++) {
      const first = await emit<{ ok: boolean; waiting?: boolean }>(sa, QUEUE_EVENTS.join, {
        seat: "interviewer",
        level: "senior",
        anonymous: false,
      });
      expect(first).toMatchObject({ ok: true, waiting: true });
      const second = await emit<{ ok: boolean; roomId?: string }>(sb, QUEUE_EVENTS.join, {
        seat: "candidate",
        level: "senior",
        anonymous: false,
      });
      expect(second.ok).toBe(true);
      made.push(second.roomId!);
    }
    expect(new Set(made).size).toBe(limit);
    const refused = await emit<{ ok: boolean; error?: { code: string; message: string } }>(
      sa,
      QUEUE_EVENTS.join,
      {
        seat: "interviewer",
        level: "senior",
        anonymous: false,
      },
    );
    expect(refused).toMatchObject({ ok: false, error: { code: "rate_limited" } });
    expect(refused.error!.message).toMatch(/Try again in/);
    // The matches counted for both people: neither can create a room by hand now either.
    for (const who of [a, b]) {
      const res = await fetch(`${server.url}/api/rooms`, {
        method: "POST",
        headers: { cookie: who.cookie, "content-type": "application/json" },
        body: JSON.stringify({ role: "interviewer", questionId: "kv-store" }),
      });
      expect(res.status).toBe(429);
    }
    const rooms = await db.query(`SELECT count(*)::int AS n FROM "Room" WHERE "createdById" = ANY($1)`, [
      [a.userId, b.userId],
    ]);
    expect(rooms.rows[0].n).toBe(limit);
  });
});

describe("a stranger learns nothing from the socket", () => {
  it("gets the same answer for a room they are not in as for one that does not exist", async () => {
    const { roomId } = await liveRoom("exists");
    const stranger = await person("stranger");
    const s = await connect(stranger);
    const real = await emit<TJoinAck>(s, ROOM_EVENTS.join, { roomId, lastSeq: 0 });
    const missing = await emit<TJoinAck>(s, ROOM_EVENTS.join, { roomId: "nosuchroom0000", lastSeq: 0 });
    expect(real).toEqual(missing);
    expect(real).toMatchObject({ ok: false, error: { code: "not_found" } });
  });
});

describe("a socket that goes away while its join is being answered", () => {
  it("does not stay in the room as a connected ghost", async () => {
    const interviewer = await person("ghost-i");
    const candidate = await person("ghost-c");
    // A room not yet in the server's memory, with the candidate seated (written the way a seat is).
    const created = await fetch(`${server.url}/api/rooms`, {
      method: "POST",
      headers: { cookie: interviewer.cookie, "content-type": "application/json" },
      body: JSON.stringify({ role: "interviewer", questionId: "kv-store" }),
    });
    const { roomId } = (await created.json()) as { roomId: string };
    await db.query(`INSERT INTO "RoomParticipant" ("roomId", "userId", role) VALUES ($1, $2, 'candidate')`, [
      roomId,
      candidate.userId,
    ]);
    await db.query(
      `INSERT INTO "RoomEvent" ("roomId", seq, "opId", kind, "actorId", visibility, at, payload, v)
       VALUES ($1, 3, 'join-' || $1 || '-' || $2, 'participant.joined', $2, 'all', now(),
               jsonb_build_object('userId', $2::text, 'name', 'Ghost', 'role', 'candidate'), 1)`,
      [roomId, candidate.userId],
    );
    // Loading the room waits for this lock, so the join is still being answered when its socket goes away.
    const lock = new pg.Client({ connectionString: requireEnv("TEST_DATABASE_URL") });
    await lock.connect();
    await lock.query("BEGIN");
    await lock.query(`LOCK TABLE "RoomEvent" IN ACCESS EXCLUSIVE MODE`);
    const ghost = await connect(candidate);
    const ghostId = ghost.id;
    ghost.emit(ROOM_EVENTS.join, { roomId, lastSeq: 0 }, () => {});
    await until(async () => {
      const r = await db.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`,
      );
      return r.rows[0].n > 0;
    });
    ghost.disconnect();
    await server.waitForLog((l) => l.msg === "socket disconnected" && l.socket === ghostId);
    await lock.query("COMMIT");
    await lock.end();

    // The room answered the join with the socket gone: it must let it go (reconnecting, then left), not show
    // the candidate connected for ever.
    const int = await connect(interviewer);
    type Presence = { presence: { role: string; state: string }[] };
    const candidateState = (m: Presence) => m.presence.find((x) => x.role === "candidate")?.state;
    const reconnecting = new Promise<void>((resolve, reject) => {
      int.on(ROOM_EVENTS.presence, (m: Presence) => candidateState(m) === "reconnecting" && resolve());
      setTimeout(() => reject(new Error("the candidate still shows connected")), 5_000);
    });
    reconnecting.catch(() => {}); // awaited below only when the join's answer is not already "reconnecting"
    const ack = await emit<TJoinAck>(int, ROOM_EVENTS.join, { roomId, lastSeq: 0 });
    expect(ack.ok).toBe(true);
    if (!(ack.ok && candidateState(ack) === "reconnecting")) await reconnecting;
  });
});
