import pg from "pg";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CALL_EVENTS,
  CALL_LIMITS,
  type TCallSignal,
  type TCallSignalAck,
  type TCallSignalDelivery,
} from "../../lib/protocol/call";
import { ROOM_EVENTS, type TError } from "../../lib/protocol/room";
import { newUser, signIn, signUp } from "../fixtures/auth";
import { requireEnv } from "../fixtures/database";
import { TEST_REDIS_URL as REDIS_URL, reachable } from "../fixtures/redis";
import { createPairedRoom } from "../fixtures/room-client";
import { startTestServer, type TestServer } from "../fixtures/server";

// The call's signalling over real sockets: a signal reaches the other participant of the same room and no one
// else, is never stored, and bad or unjoined or flooding senders are refused with a reason.

const SECRET = "integration-secret-call-0123456789";
let server: TestServer;
let db: pg.Client;
const sockets: Socket[] = [];

/** A socket of one signed-in user that records every call signal and room error it receives. */
interface Listener {
  socket: Socket;
  signals: TCallSignalDelivery[];
  errors: TError[];
}

async function connect(url: string, cookie: string): Promise<Listener> {
  const socket = io(url, { transports: ["websocket"], extraHeaders: { cookie }, reconnection: false });
  sockets.push(socket);
  const l: Listener = { socket, signals: [], errors: [] };
  socket.on(CALL_EVENTS.signal, (d: TCallSignalDelivery) => l.signals.push(d));
  socket.on(ROOM_EVENTS.error, (e: TError) => l.errors.push(e));
  await new Promise<void>((resolve, reject) => {
    socket.once("hello", () => resolve());
    socket.once("connect_error", reject);
  });
  return l;
}

async function joinRoom(l: Listener, roomId: string): Promise<{ ok: boolean; error?: TError }> {
  return l.socket.timeout(5_000).emitWithAck(ROOM_EVENTS.join, { roomId, lastSeq: 0 });
}

function signal(l: Listener, roomId: string, s: unknown): Promise<TCallSignalAck> {
  return l.socket.timeout(5_000).emitWithAck(CALL_EVENTS.signal, { roomId, signal: s });
}

async function account(url: string, label: string): Promise<{ cookie: string; userId: string }> {
  const u = newUser(label);
  await signUp(url, u);
  return (await signIn(url, u.email, u.password)).session!;
}

/** Lets in-flight deliveries land before asserting that something did *not* arrive. */
const settle = () => new Promise((r) => setTimeout(r, 300));

const SID = "callsession01";
const TO = "callsession02";
const state = (over: Record<string, unknown> = {}): TCallSignal =>
  ({ type: "state", sid: SID, inCall: true, mic: "on", camera: false, ask: true, ...over }) as TCallSignal;
const offer = (sdp = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n"): TCallSignal => ({
  type: "description",
  sid: SID,
  to: TO,
  description: { type: "offer", sdp },
});
const candidate = (n: number): TCallSignal => ({
  type: "candidate",
  sid: SID,
  to: TO,
  candidate: {
    candidate: `candidate:${n} 1 udp 2122260223 192.0.2.1 ${40_000 + n} typ host`,
    sdpMid: "0",
    sdpMLineIndex: 0,
  },
});

async function eventCount(roomId: string): Promise<number> {
  const r = await db.query(`SELECT count(*)::int AS n FROM "RoomEvent" WHERE "roomId" = $1`, [roomId]);
  return r.rows[0].n;
}

// Room A: interviewer (two tabs) and candidate. Room B: two other people. Plus a stranger in neither.
let roomA: string;
let roomB: string;
let ia: { cookie: string; userId: string };
let ca: { cookie: string; userId: string };
let intA: Listener;
let intA2: Listener;
let candA: Listener;
let intB: Listener;
let candB: Listener;
let stranger: Listener;

beforeAll(async () => {
  server = await startTestServer({ DATABASE_URL: requireEnv("TEST_DATABASE_URL"), NEXTAUTH_SECRET: SECRET });
  db = new pg.Client({ connectionString: requireEnv("TEST_DATABASE_URL") });
  await db.connect();
  const [ib, cb, st] = await Promise.all([
    account(server.url, "cs-ib"),
    account(server.url, "cs-cb"),
    account(server.url, "cs-st"),
  ]);
  ia = await account(server.url, "cs-ia");
  ca = await account(server.url, "cs-ca");
  roomA = (await createPairedRoom(server.url, ia.cookie, ca.cookie)).roomId;
  roomB = (await createPairedRoom(server.url, ib.cookie, cb.cookie)).roomId;
  [intA, intA2, candA, intB, candB, stranger] = await Promise.all([
    connect(server.url, ia.cookie),
    connect(server.url, ia.cookie),
    connect(server.url, ca.cookie),
    connect(server.url, ib.cookie),
    connect(server.url, cb.cookie),
    connect(server.url, st.cookie),
  ]);
  for (const [l, room] of [
    [intA, roomA],
    [intA2, roomA],
    [candA, roomA],
    [intB, roomB],
    [candB, roomB],
  ] as const)
    expect((await joinRoom(l, room)).ok).toBe(true);
  // The stranger tries to join room A and is refused, then listens anyway.
  const refused = await joinRoom(stranger, roomA);
  expect(refused).toMatchObject({ ok: false, error: { code: "not_found" } });
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await db?.end();
  await server?.stop();
});

const everyone = () => [intA, intA2, candA, intB, candB, stranger];
const clearAll = () => {
  for (const l of everyone()) {
    l.signals.length = 0;
    l.errors.length = 0;
  }
};

describe("routing", () => {
  it("a signal reaches the partner's connections only: not the sender's other tab, not another room, not a stranger", async () => {
    clearAll();
    const before = await eventCount(roomA);
    const ack = await signal(candA, roomA, state());
    expect(ack).toEqual({ ok: true, delivered: 2 }); // the interviewer has two tabs in the room
    await settle();
    const expected = { roomId: roomA, from: ca.userId, signal: state() };
    expect(intA.signals).toEqual([expected]);
    expect(intA2.signals).toEqual([expected]);
    for (const l of [candA, intB, candB, stranger]) expect(l.signals).toEqual([]);
    // Ephemeral: nothing was written to the room's log.
    expect(await eventCount(roomA)).toBe(before);
  });

  it("works both ways and keeps the sender's order (offer, then its candidates)", async () => {
    clearAll();
    const sent = [state(), offer(), candidate(1), candidate(2), candidate(3)];
    const acks = await Promise.all(sent.map((s) => signal(intA, roomA, s)));
    for (const a of acks) expect(a).toEqual({ ok: true, delivered: 1 });
    await settle();
    expect(candA.signals.map((d) => d.signal)).toEqual(sent);
    expect(candA.signals.every((d) => d.from === ia.userId)).toBe(true);
    // The sender's own other tab gets nothing of its own user's signals.
    expect(intA2.signals).toEqual([]);
    for (const l of [intB, candB, stranger]) expect(l.signals).toEqual([]);
  });

  it("the sender's id comes from the server, never from the message", async () => {
    clearAll();
    const ack = await signal(candA, roomA, { ...state(), from: ia.userId });
    expect(ack).toMatchObject({ ok: false, error: { code: "bad_request" } });
    await settle();
    expect(intA.signals).toEqual([]);
  });

  it("a partner who is not connected gets nothing, and the sender is told so", async () => {
    // Room B's interviewer alone: the candidate of room B leaves the room first.
    candB.socket.emit(ROOM_EVENTS.leave);
    await settle();
    expect(await signal(intB, roomB, state())).toEqual({ ok: true, delivered: 0 });
    expect((await joinRoom(candB, roomB)).ok).toBe(true);
  });
});

describe("refusals, each with a reason, and nothing relayed", () => {
  const big = "x".repeat(CALL_LIMITS.maxSdpChars + 1);
  const cases: [string, () => Listener, () => unknown, string, RegExp][] = [
    [
      "a stranger to the room",
      () => stranger,
      () => ({ roomId: roomA, signal: state() }),
      "not_joined",
      /Join this interview/,
    ],
    [
      "a socket of a participant that has not joined",
      () => unjoined,
      () => ({ roomId: roomA, signal: state() }),
      "not_joined",
      /Join/,
    ],
    [
      "a participant of another room",
      () => intB,
      () => ({ roomId: roomA, signal: state() }),
      "not_joined",
      /Join/,
    ],
    ["an unknown room", () => candA, () => ({ roomId: "nosuchroom", signal: state() }), "not_joined", /Join/],
    [
      "an SDP over the limit",
      () => candA,
      () => ({ roomId: roomA, signal: offer(big) }),
      "bad_request",
      /signal\.description\.sdp/,
    ],
    [
      "a message over the size limit",
      () => candA,
      () => ({ roomId: roomA, signal: offer("y".repeat(CALL_LIMITS.maxMessageChars)) }),
      "too_large",
      /limited to 24000 characters/,
    ],
    [
      "a candidate over the limit",
      () => candA,
      () => ({
        roomId: roomA,
        signal: {
          ...candidate(1),
          candidate: { candidate: "c".repeat(2_001), sdpMid: "0", sdpMLineIndex: 0 },
        },
      }),
      "bad_request",
      /signal\.candidate\.candidate/,
    ],
    [
      "an unknown signal type",
      () => candA,
      () => ({ roomId: roomA, signal: { type: "recording.start", sid: SID } }),
      "bad_request",
      /signal/,
    ],
    ["a bad room id", () => candA, () => ({ roomId: "../etc", signal: state() }), "bad_request", /roomId/],
    ["not an object", () => candA, () => "hello", "bad_request", /expected object/i],
  ];
  let unjoined: Listener;
  beforeAll(async () => {
    unjoined = await connect(server.url, ca.cookie);
  });

  it.each(cases)("%s", async (_what, from, payload, code, message) => {
    clearAll();
    const ack = await from().socket.timeout(5_000).emitWithAck(CALL_EVENTS.signal, payload());
    expect(ack.ok).toBe(false);
    expect(ack.error.code).toBe(code);
    expect(ack.error.message).toMatch(message);
    await settle();
    for (const l of everyone()) expect(l.signals).toEqual([]);
  });

  it("a signal without an acknowledgement callback is answered on room:error", async () => {
    clearAll();
    candA.socket.emit(CALL_EVENTS.signal, { roomId: roomA, signal: state() });
    await settle();
    expect(candA.errors).toEqual([
      { code: "bad_request", message: expect.stringMatching(/acknowledgement/) },
    ]);
    for (const l of everyone()) expect(l.signals).toEqual([]);
  });

  it("call signals are not refused as unknown messages by the room's handlers", async () => {
    clearAll();
    expect((await signal(candA, roomA, state())).ok).toBe(true);
    await settle();
    expect(candA.errors).toEqual([]);
  });
});

describe("flooding", () => {
  it("is rate limited per socket; what got through arrived in order; other sockets are unaffected", async () => {
    const flooder = await connect(server.url, ca.cookie);
    expect((await joinRoom(flooder, roomA)).ok).toBe(true);
    clearAll();
    const n = CALL_LIMITS.rate.limit + 40;
    const acks = await Promise.all(Array.from({ length: n }, (_, i) => signal(flooder, roomA, candidate(i))));
    const passed = acks.flatMap((a, i) => (a.ok ? [i] : []));
    const refused = acks.filter((a) => !a.ok);
    expect(passed).toHaveLength(CALL_LIMITS.rate.limit);
    expect(refused).toHaveLength(40);
    for (const r of refused)
      expect(r).toEqual({
        ok: false,
        error: { code: "rate_limited", message: expect.stringMatching(/slow down/) },
      });
    await settle();
    expect(intA.signals.map((d) => d.signal)).toEqual(passed.map(candidate));
    // The limit is the flooder's: the same user's other connection still signals.
    expect(await signal(candA, roomA, state())).toEqual({ ok: true, delivered: 2 });
  });
});

describe.skipIf(!(await reachable(REDIS_URL)))("two processes (REDIS_URL)", () => {
  it("relays between participants on different processes, and still refuses strangers", async () => {
    const env = { DATABASE_URL: requireEnv("TEST_DATABASE_URL"), NEXTAUTH_SECRET: SECRET, REDIS_URL };
    const [a, b] = await Promise.all([startTestServer(env), startTestServer(env)]);
    try {
      const i = await account(a.url, "cs-cl-i");
      const c = await account(b.url, "cs-cl-c");
      const s = await account(b.url, "cs-cl-s");
      const { roomId } = await createPairedRoom(a.url, i.cookie, c.cookie);
      const onA = await connect(a.url, i.cookie);
      const onB = await connect(b.url, c.cookie);
      const strangerOnB = await connect(b.url, s.cookie);
      expect((await joinRoom(onA, roomId)).ok).toBe(true);
      expect((await joinRoom(onB, roomId)).ok).toBe(true);

      const sent = [state(), offer(), candidate(1), candidate(2)];
      for (const x of sent) expect(await signal(onB, roomId, x)).toEqual({ ok: true, delivered: 1 });
      expect(await signal(onA, roomId, state({ ask: false }))).toEqual({ ok: true, delivered: 1 });
      const deadline = Date.now() + 5_000;
      while ((onA.signals.length < sent.length || onB.signals.length < 1) && Date.now() < deadline)
        await settle();
      expect(onA.signals).toEqual(sent.map((x) => ({ roomId, from: c.userId, signal: x })));
      expect(onB.signals).toEqual([{ roomId, from: i.userId, signal: state({ ask: false }) }]);

      expect(await signal(strangerOnB, roomId, state())).toMatchObject({
        ok: false,
        error: { code: "not_joined" },
      });
      await settle();
      expect(onA.signals).toHaveLength(sent.length);
      expect(strangerOnB.signals).toEqual([]);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
