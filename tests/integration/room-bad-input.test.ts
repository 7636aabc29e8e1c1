import pg from "pg";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOM_EVENTS } from "../../lib/protocol/room";
import { newUser, signIn, signUp } from "../fixtures/auth";
import { requireEnv } from "../fixtures/database";
import { createPairedRoom } from "../fixtures/room-client";
import { startTestServer, type TestServer } from "../fixtures/server";
import { rect } from "../unit/board/helpers";

let server: TestServer;
let db: pg.Client;
const sockets: Socket[] = [];
let interviewer: Socket;
let candidate: Socket;
let roomA: string;
let roomB: string;
let bInterviewer: Socket;

function connect(cookie: string): Promise<Socket> {
  const s = io(server.url, { transports: ["websocket"], extraHeaders: { cookie }, reconnection: false });
  sockets.push(s);
  return new Promise((resolve, reject) => {
    s.once("hello", () => resolve(s));
    s.once("connect_error", reject);
  });
}

const call = (s: Socket, event: string, payload: unknown) =>
  s.timeout(5_000).emitWithAck(event, payload) as Promise<{
    ok: boolean;
    error?: { code: string; message: string };
  }>;

async function eventCount(roomId: string): Promise<number> {
  return (await db.query(`SELECT count(*)::int AS n FROM "RoomEvent" WHERE "roomId" = $1`, [roomId])).rows[0]
    .n;
}

async function account(label: string) {
  const u = newUser(label);
  await signUp(server.url, u);
  return (await signIn(server.url, u.email, u.password)).session!.cookie;
}

let opSeq = 0;
const opId = () => `bad-input-${++opSeq}-${Date.now()}`;

beforeAll(async () => {
  server = await startTestServer({
    DATABASE_URL: requireEnv("TEST_DATABASE_URL"),
    NEXTAUTH_SECRET: "integration-secret-badinput-0123456789",
  });
  db = new pg.Client({ connectionString: requireEnv("TEST_DATABASE_URL") });
  await db.connect();
  const [ia, ca, ib, cb] = await Promise.all([
    account("bi-ia"),
    account("bi-ca"),
    account("bi-ib"),
    account("bi-cb"),
  ]);
  roomA = (await createPairedRoom(server.url, ia, ca)).roomId;
  roomB = (await createPairedRoom(server.url, ib, cb)).roomId;
  interviewer = await connect(ia);
  candidate = await connect(ca);
  bInterviewer = await connect(ib);
  for (const [s, room] of [
    [interviewer, roomA],
    [candidate, roomA],
    [bInterviewer, roomB],
  ] as const)
    expect((await call(s, ROOM_EVENTS.join, { roomId: room, lastSeq: 0 })).ok).toBe(true);
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await db?.end();
  await server?.stop();
});

describe("bad input gets a reason and changes nothing", () => {
  const op = (roomId: () => string, o: unknown) => () => ({ roomId: roomId(), opId: opId(), op: o });
  const cases: [string, () => Socket, string, () => unknown, string, RegExp][] = [
    [
      "unknown message type",
      () => candidate,
      "room:destroy",
      () => ({ roomId: roomA }),
      "bad_request",
      /Unknown message type "room:destroy"/,
    ],
    [
      "unknown op type",
      () => candidate,
      ROOM_EVENTS.op,
      op(() => roomA, { type: "sim.nuke" }),
      "bad_request",
      /op/,
    ],
    [
      "missing field",
      () => candidate,
      ROOM_EVENTS.op,
      op(() => roomA, { type: "chat.post" }),
      "bad_request",
      /op\.text/,
    ],
    [
      "extra field",
      () => interviewer,
      ROOM_EVENTS.op,
      op(() => roomA, { type: "clock.start", force: true }),
      "bad_request",
      /force|Unrecognized/i,
    ],
    [
      "wrong type of field",
      () => candidate,
      ROOM_EVENTS.op,
      op(() => roomA, { type: "chat.post", text: 42 }),
      "bad_request",
      /op\.text/,
    ],
    [
      "empty chat",
      () => candidate,
      ROOM_EVENTS.op,
      op(() => roomA, { type: "chat.post", text: "   " }),
      "bad_request",
      /empty/,
    ],
    [
      "chat over the length limit",
      () => candidate,
      ROOM_EVENTS.op,
      op(() => roomA, { type: "chat.post", text: "x".repeat(2_001) }),
      "bad_request",
      /longer than 2000/,
    ],
    [
      "oversize payload",
      () => candidate,
      ROOM_EVENTS.op,
      op(() => roomA, { type: "chat.post", text: "x".repeat(20_000) }),
      "too_large",
      /limited to 16384 bytes/,
    ],
    [
      "bad op id",
      () => candidate,
      ROOM_EVENTS.op,
      () => ({ roomId: roomA, opId: "a b", op: { type: "chat.post", text: "x" } }),
      "bad_request",
      /opId/,
    ],
    [
      "not a JSON object",
      () => candidate,
      ROOM_EVENTS.op,
      () => "chat.post hello",
      "bad_request",
      /expected object/i,
    ],
    [
      "wrong role: candidate starts the clock",
      () => candidate,
      ROOM_EVENTS.op,
      op(() => roomA, { type: "clock.start" }),
      "forbidden",
      /Only the interviewer can start the clock/,
    ],
    [
      "wrong role: candidate writes a private note",
      () => candidate,
      ROOM_EVENTS.op,
      op(() => roomA, { type: "note.add", text: "x" }),
      "forbidden",
      /Only the interviewer/,
    ],
    [
      "wrong room: op to a room not joined",
      () => candidate,
      ROOM_EVENTS.op,
      op(() => roomB, { type: "chat.post", text: "hi" }),
      "not_joined",
      /Join this room/,
    ],
    [
      "wrong room: join someone else's room",
      () => candidate,
      ROOM_EVENTS.join,
      () => ({ roomId: roomB, lastSeq: 0 }),
      "not_found", // exactly like a room that does not exist: a stranger learns nothing
      /no interview at this address/,
    ],
    [
      "wrong room: join a room that doesn't exist",
      () => bInterviewer,
      ROOM_EVENTS.join,
      () => ({ roomId: "nosuchroom", lastSeq: 0 }),
      "not_found",
      /no interview/,
    ],
    [
      "bad join",
      () => candidate,
      ROOM_EVENTS.join,
      () => ({ roomId: roomA, lastSeq: -1 }),
      "bad_request",
      /lastSeq/,
    ],
    [
      "invalid state: pause before start",
      () => interviewer,
      ROOM_EVENTS.op,
      op(() => roomA, { type: "clock.pause" }),
      "invalid_state",
      /not running/,
    ],
    [
      "board: a link to a script",
      () => candidate,
      ROOM_EVENTS.op,
      op(() => roomA, {
        type: "board.upsert",
        elements: [rect(`badrect${++opSeq}`, { link: "javascript:alert(1)" })],
      }),
      "unsafe_link",
      /link/i,
    ],
    [
      "board: an image element",
      () => candidate,
      ROOM_EVENTS.op,
      op(() => roomA, {
        type: "board.upsert",
        elements: [rect(`badrect${++opSeq}`, { type: "image", fileId: "abc" })],
      }),
      "forbidden_element_type",
      /image/i,
    ],
    [
      "board: the candidate locks the board",
      () => candidate,
      ROOM_EVENTS.op,
      op(() => roomA, { type: "board.lock", locked: true }),
      "forbidden",
      /interviewer/i,
    ],
    [
      "board: text over the length limit",
      () => candidate,
      ROOM_EVENTS.op,
      op(() => roomA, {
        type: "board.upsert",
        elements: [
          rect(`badrect${++opSeq}`, {
            type: "text",
            text: "x".repeat(5_000),
            originalText: "x",
            fontSize: 20,
            fontFamily: 5,
            textAlign: "left",
            verticalAlign: "top",
            containerId: null,
            lineHeight: 1.25,
            autoResize: true,
          }),
        ],
      }),
      "text_too_long",
      /long/i,
    ],
  ];

  it.each(cases)("%s", async (_label, who, event, payload, code, message) => {
    const [a, b] = [await eventCount(roomA), await eventCount(roomB)];
    const reply = await call(who(), event, payload());
    expect(reply.ok).toBe(false);
    expect(reply.error?.code).toBe(code);
    expect(reply.error?.message).toMatch(message);
    expect([await eventCount(roomA), await eventCount(roomB)]).toEqual([a, b]);
  });

  it("answers a message without an ack callback on room:error", async () => {
    const before = await eventCount(roomA);
    const error = new Promise<{ code: string; message: string }>((resolve) =>
      candidate.once(ROOM_EVENTS.error, resolve),
    );
    candidate.emit(ROOM_EVENTS.op, {
      roomId: roomA,
      opId: opId(),
      op: { type: "chat.post", text: "no ack" },
    });
    expect(await error).toEqual({
      code: "bad_request",
      message: "room:op needs an acknowledgement callback.",
    });
    expect(await eventCount(roomA)).toBe(before);
  });

  it("answers a malformed pointer update on room:error and relays a good one only to the partner", async () => {
    const error = new Promise<{ code: string; message: string }>((resolve) =>
      candidate.once(ROOM_EVENTS.error, resolve),
    );
    candidate.emit(ROOM_EVENTS.cursor, { roomId: roomA, x: 1, y: 2, scrollX: 0, scrollY: 0, zoom: 0 });
    expect(await error).toMatchObject({ code: "bad_request", message: expect.stringMatching(/zoom/) });
    const relayed = new Promise<Record<string, unknown>>((resolve) =>
      interviewer.once(ROOM_EVENTS.cursor, resolve),
    );
    candidate.emit(ROOM_EVENTS.cursor, { roomId: roomA, x: 10, y: 20, scrollX: 0, scrollY: 0, zoom: 1 });
    expect(await relayed).toMatchObject({ x: 10, y: 20, zoom: 1, name: expect.stringContaining("Tester") });
  });

  it("refuses a flood, keeps the sender's accepted ops, and leaves other rooms fast", async () => {
    const before = await eventCount(roomA);
    const flood = Array.from({ length: 120 }, (_, k) =>
      call(candidate, ROOM_EVENTS.op, {
        roomId: roomA,
        opId: opId(),
        op: { type: "chat.post", text: `flood ${k}` },
      }),
    );
    // Meanwhile, in room B, an ordinary op is acknowledged promptly.
    const t = performance.now();
    const other = await call(bInterviewer, ROOM_EVENTS.op, {
      roomId: roomB,
      opId: opId(),
      op: { type: "chat.post", text: "unaffected" },
    });
    const otherMs = performance.now() - t;
    const replies = await Promise.all(flood);
    const accepted = replies.filter((r) => r.ok).length;
    const limited = replies.filter((r) => r.error?.code === "rate_limited");
    expect(other.ok).toBe(true);
    expect(otherMs).toBeLessThan(1_000);
    expect(accepted).toBeGreaterThan(0);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]?.error?.message).toMatch(/too fast/);
    expect(accepted + limited.length).toBe(120);
    expect(await eventCount(roomA)).toBe(before + accepted);
    // The server is still healthy.
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });

  it("refuses unauthenticated room API calls and cross-site posts", async () => {
    const anon = await fetch(`${server.url}/api/rooms`, { method: "POST", body: "{}" });
    expect(anon.status).toBe(401);
    const cookie = await account("bi-csrf");
    const cross = await fetch(`${server.url}/api/rooms`, {
      method: "POST",
      headers: { cookie, origin: "https://evil.example", "content-type": "application/json" },
      body: JSON.stringify({ role: "interviewer", questionId: "kv-store" }),
    });
    expect(cross.status).toBe(403);
    const bad = await fetch(`${server.url}/api/rooms`, {
      method: "POST",
      headers: { cookie },
      body: JSON.stringify({ role: "boss", questionId: "kv-store" }),
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/Choose a role/);
  });
});
