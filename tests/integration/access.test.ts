import pg from "pg";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newUser, type SignedIn, signIn, signUp } from "../fixtures/auth";
import { requireEnv } from "../fixtures/database";
import { createPairedRoom } from "../fixtures/room-client";
import { startTestServer, type TestServer } from "../fixtures/server";

// Who may do what. Every route of the custom server's API, Next's route handlers, the pages and every socket
// event, called as (a) nobody, (b) a signed-in stranger, (c) the wrong seat in the room and (d) the right
// person. One row per call; a refused call must leave the rooms exactly as they were (re-read from Postgres).

let server: TestServer;
let db: pg.Client;
let ipCounter = 0;
const freshIp = () => ({ "x-forwarded-for": `198.51.100.${++ipCounter % 250}` });

type Person = "stranger" | "candidate" | "interviewer";
type Who = "anon" | Person | "cross-site";
const people = {} as Record<Person | "host", SignedIn>;
const sockets = {} as Record<Person, Socket>;
const opened: Socket[] = [];
/** What `{name}` in a row's path or payload stands for (filled in by beforeAll). */
const ids: Record<string, string> = { nope: "nosuchroom0", badToken: "AAAAAAAAAAAAAAAAAAAAAA" };

async function account(label: string): Promise<SignedIn> {
  const u = newUser(label);
  await signUp(server.url, u, freshIp());
  return (await signIn(server.url, u.email, u.password, freshIp())).session!;
}

async function inviteToken(roomId: string): Promise<string> {
  const r = await db.query(`SELECT "inviteToken" FROM "Room" WHERE id = $1`, [roomId]);
  return r.rows[0].inviteToken;
}

/** `{live}` → the live room's id; `{invite}` → the live room's current invite token (it changes). */
async function fill(path: string): Promise<string> {
  const invite = path.includes("{invite}") ? await inviteToken(ids.live!) : "";
  return path.replace(/\{(\w+)\}/g, (_, k: string) => (k === "invite" ? invite : ids[k]!));
}

/**
 * Everything a refused call could have changed: the rooms' logs, seats, links, shares, recorded audio, how
 * many rooms exist, and the accounts (how many, their passwords, their live sign-ins).
 */
async function fingerprint(): Promise<unknown> {
  const rooms = await db.query(
    `SELECT id, "inviteToken", "endedAt", "notesSharedAt",
       (SELECT count(*) FROM "RoomEvent" e WHERE e."roomId" = r.id)::int AS events,
       (SELECT count(*) FROM "RoomParticipant" p WHERE p."roomId" = r.id)::int AS seats,
       (SELECT count(*) FROM "SessionShare" s WHERE s."roomId" = r.id AND s."revokedAt" IS NULL)::int AS shares,
       (SELECT count(*) FROM "RecordingChunk" c WHERE c."roomId" = r.id)::int AS chunks
     FROM "Room" r WHERE id = ANY($1) ORDER BY id`,
    [[ids.live, ids.ended, ids.open]],
  );
  const total = await db.query(`SELECT count(*)::int AS n FROM "Room"`);
  const accounts = await db.query(
    `SELECT (SELECT count(*) FROM "User")::int AS users,
       (SELECT count(*) FROM "AuthSession" WHERE "revokedAt" IS NULL)::int AS "liveSessions",
       (SELECT md5(string_agg("passwordHash", ',' ORDER BY id)) FROM "User") AS passwords`,
  );
  return { rooms: rooms.rows, total: total.rows[0].n, accounts: accounts.rows[0] };
}

async function call(who: Who, request: string, body?: unknown, extra: Record<string, string> = {}) {
  const [method, rawPath] = request.split(" ") as [string, string];
  const headers: Record<string, string> = { ...extra };
  if (who !== "anon") headers.cookie = people[who === "cross-site" ? "interviewer" : who].cookie;
  if (who === "cross-site") headers.origin = "https://evil.example";
  if (body !== undefined) headers["content-type"] = "application/json";
  return fetch(`${server.url}${await fill(rawPath)}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    redirect: "manual",
  });
}

function connect(cookie: string | undefined): Promise<Socket> {
  const s = io(server.url, {
    transports: ["websocket"],
    extraHeaders: cookie ? { cookie } : {},
    reconnection: false,
  });
  opened.push(s);
  return new Promise((resolve, reject) => {
    s.once("hello", () => resolve(s));
    s.once("connect_error", reject);
  });
}

type Ack = { ok: boolean; error?: { code: string } };
const emit = (s: Socket, event: string, payload: unknown) =>
  s.timeout(5_000).emitWithAck(event, payload) as Promise<Ack>;

let opSeq = 0;
const op = (room: string, o: unknown) => () => ({ roomId: ids[room], opId: `access-${++opSeq}`, op: o });
const simOp = (command: unknown) => op("live", { type: "sim.command", command });
const join = (room: string) => () => ({ roomId: ids[room], lastSeq: 0 });
const cursor = (room: string) => () => ({ roomId: ids[room], x: 1, y: 2, scrollX: 0, scrollY: 0, zoom: 1 });

beforeAll(async () => {
  server = await startTestServer({
    DATABASE_URL: requireEnv("TEST_DATABASE_URL"),
    NEXTAUTH_SECRET: "integration-secret-access-0123456789",
    TRUST_PROXY: "1",
  });
  db = new pg.Client({ connectionString: requireEnv("TEST_DATABASE_URL") });
  await db.connect();
  [people.interviewer, people.candidate, people.stranger, people.host] = await Promise.all([
    account("acc-int"),
    account("acc-cand"),
    account("acc-stranger"),
    account("acc-host"),
  ]);
  ids.live = (await createPairedRoom(server.url, people.interviewer.cookie, people.candidate.cookie)).roomId;
  ids.ended = (await createPairedRoom(server.url, people.interviewer.cookie, people.candidate.cookie)).roomId;
  const open = await call(
    "anon",
    "POST /api/rooms",
    { role: "interviewer", questionId: "kv-store" },
    {
      cookie: people.host.cookie,
    },
  );
  const created = (await open.json()) as { roomId: string; inviteUrl: string };
  ids.open = created.roomId;
  ids.openInvite = created.inviteUrl.split("/").pop()!;

  for (const p of ["interviewer", "candidate", "stranger"] as const)
    sockets[p] = await connect(people[p].cookie);
  // The ended room: ended by its interviewer, with share links (one to revoke in a row, one revoked already).
  expect((await emit(sockets.interviewer, "room:join", join("ended")())).ok).toBe(true);
  expect((await emit(sockets.interviewer, "room:op", op("ended", { type: "interview.end" })())).ok).toBe(
    true,
  );
  const share = async (who: Person) =>
    (await (await call(who, "POST /api/rooms/{ended}/shares")).json()) as {
      id: string;
      url: string;
    };
  ids.share = (await share("interviewer")).url.split("/").pop()!;
  ids.candShare = (await share("candidate")).id;
  const revoked = await share("candidate");
  ids.revoked = revoked.url.split("/").pop()!;
  ids.endedInvite = await inviteToken(ids.ended);
  await call("candidate", `DELETE /api/rooms/{ended}/shares/${revoked.id}`);
  // The live room: both seated and joined, with a cluster set up.
  for (const p of ["interviewer", "candidate"] as const)
    expect((await emit(sockets[p], "room:join", join("live")())).ok).toBe(true);
  const preset = op("live", { type: "sim.preset", presetId: "cp-vs-ap-partition", variant: 0 });
  expect((await emit(sockets.interviewer, "room:op", preset())).ok).toBe(true);
});

afterAll(async () => {
  for (const s of opened) s.close();
  await db?.end();
  await server?.stop();
});

/** `code` of a JSON error, or a pattern the body (or, for a redirect, its Location) must match or not match. */
type Expect = string | RegExp | { not: RegExp };
function check(text: string, e: Expect | undefined) {
  if (e === undefined) return;
  if (typeof e === "string") expect(JSON.parse(text).error.code).toBe(e);
  else if (e instanceof RegExp) expect(text).toMatch(e);
  else expect(text).not.toMatch(e.not);
}

const SIGN_IN = /^\/signin\?callbackUrl=/;
// [who, path, status, body pattern (or, for a redirect, Location pattern)]
const PAGES: [Who, string, number, Expect?][] = [
  ["anon", "/", 200, /Practise distributed-systems design interviews/],
  ["anon", "/signin", 200],
  ["anon", "/signup", 200],
  ["anon", "/nowhere", 404, /There is nothing at this address/],
  ["anon", "/dashboard", 307, SIGN_IN],
  ["anon", "/history", 307, SIGN_IN],
  ["anon", "/progress", 307, SIGN_IN],
  ["stranger", "/dashboard", 200, /Welcome/],
  ["stranger", "/history", 200, /Session history/],
  ["stranger", "/progress", 200, /Your progress/],
  ["anon", "/account", 307, SIGN_IN],
  ["stranger", "/account", 200, /Change password/],
  ["anon", "/room/{live}", 307, SIGN_IN],
  ["stranger", "/room/{live}", 200, /not part of this interview/],
  ["candidate", "/room/{live}", 200, { not: /redFlags|not part of this interview/ }],
  ["interviewer", "/room/{live}", 200, /redFlags/],
  ["anon", "/room/{ended}/replay", 307, SIGN_IN],
  ["stranger", "/room/{ended}/replay", 200, /replay this session/],
  ["candidate", "/room/{ended}/replay", 200, { not: /replay this session/ }],
  ["anon", "/invite/{invite}", 307, SIGN_IN],
  // The live room's seats are both taken: said on arrival, with no Join button; the open room's link still invites.
  ["stranger", "/invite/{invite}", 200, /This interview is full/],
  ["stranger", "/invite/{invite}", 200, { not: /Join the interview/ }],
  ["stranger", "/invite/{openInvite}", 200, /invited you to a mock interview/],
  ["stranger", "/invite/{endedInvite}", 200, /This interview has ended/],
  ["candidate", "/invite/{invite}", 307, /^\/room\/[a-z0-9]+$/],
  // The not-found text rides in any shared page's payload (Next ships the boundary): the status and the replay
  // (reading from /api/shared/<token>) tell them apart.
  ["anon", "/shared/{share}", 200, /\/api\/shared\/[\w-]{10,}/],
  ["anon", "/shared/{revoked}", 404, /This share link doesn't work/],
  ["anon", "/shared/{badToken}", 404, /This share link doesn't work/],
];

describe("pages show each caller only what is theirs", () => {
  it.each(PAGES)("%s: %s → %i", async (who, path, status, expected) => {
    const res = await call(who, `GET ${path}`);
    expect(res.status).toBe(status);
    const location = res.headers.get("location");
    check(
      location ? location.replace(server.url, "").replace(/^http:\/\/[^/]+/, "") : await res.text(),
      expected,
    );
  });
});

const NEW_ROOM = { role: "interviewer", questionId: "kv-store" };
const PASSWORDS = { currentPassword: "not the password at all", newPassword: "a brand new passphrase" };

// [who, request, status, expected code or body pattern, request body]
const API: [Who, string, number, Expect?, unknown?][] = [
  ["anon", "GET /api/health", 200, /"status":"ok"/],
  ["anon", "POST /api/rooms", 401, "unauthenticated", NEW_ROOM],
  ["cross-site", "POST /api/rooms", 403, "forbidden", NEW_ROOM],
  ["stranger", "POST /api/rooms", 400, "invalid", { role: "boss", questionId: "kv-store" }],
  ["stranger", "POST /api/rooms", 201, /"roomId"/, NEW_ROOM],
  ["anon", "GET /api/rooms/{live}", 401, "unauthenticated"],
  ["stranger", "GET /api/rooms/{live}", 404, "not_found"],
  ["stranger", "GET /api/rooms/{nope}", 404, "not_found"],
  ["candidate", "GET /api/rooms/{live}", 200, /"role":"candidate","isCreator":false,"inviteUrl":null/],
  ["interviewer", "GET /api/rooms/{live}", 200, /"role":"interviewer","isCreator":true,"inviteUrl":"\//],
  ["anon", "GET /api/rooms/{live}/events", 401, "unauthenticated"],
  ["stranger", "GET /api/rooms/{live}/events", 404, "not_found"],
  ["candidate", "GET /api/rooms/{live}/events", 200, /"events":\[/],
  ["interviewer", "GET /api/rooms/{live}/events", 200, /"events":\[/],
  ["anon", "GET /api/rooms/{live}/export", 401, "unauthenticated"],
  ["stranger", "GET /api/rooms/{live}/export", 404, "not_found"],
  ["candidate", "GET /api/rooms/{live}/export", 200, /"format":"quorum.session"/],
  ["anon", "GET /api/rooms/{live}/sim", 401, "unauthenticated"],
  ["stranger", "GET /api/rooms/{live}/sim", 404, "not_found"],
  ["candidate", "GET /api/rooms/{live}/sim", 200, /"hash"/],
  ["anon", "POST /api/invites/{invite}/accept", 401, "unauthenticated"],
  ["stranger", "POST /api/invites/{invite}/accept", 409, "room_full"],
  ["stranger", "POST /api/invites/{badToken}/accept", 404, "invite_invalid"],
  ["candidate", "POST /api/invites/{invite}/accept", 200, /"role":"candidate"/],
  ["anon", "POST /api/rooms/{live}/notes-sharing", 401, "unauthenticated", { shared: true }],
  ["stranger", "POST /api/rooms/{ended}/notes-sharing", 404, "not_found", { shared: true }],
  ["candidate", "POST /api/rooms/{ended}/notes-sharing", 403, "forbidden", { shared: true }],
  ["interviewer", "POST /api/rooms/{live}/notes-sharing", 409, "not_ended", { shared: true }],
  ["cross-site", "POST /api/rooms/{ended}/notes-sharing", 403, "forbidden", { shared: true }],
  ["interviewer", "POST /api/rooms/{ended}/notes-sharing", 200, /"notesShared":true/, { shared: true }],
  ["anon", "GET /api/rooms/{ended}/shares", 401, "unauthenticated"],
  ["stranger", "GET /api/rooms/{ended}/shares", 404, "not_found"],
  ["candidate", "GET /api/rooms/{ended}/shares", 200, /"shares":\[\{/],
  ["stranger", "POST /api/rooms/{ended}/shares", 404, "not_found"],
  ["candidate", "POST /api/rooms/{live}/shares", 409, "not_ended"],
  ["interviewer", "POST /api/rooms/{ended}/shares", 201, /"url":"\/shared\//],
  ["anon", "DELETE /api/rooms/{ended}/shares/{candShare}", 401, "unauthenticated"],
  ["stranger", "DELETE /api/rooms/{ended}/shares/{candShare}", 404, "not_found"],
  ["interviewer", "DELETE /api/rooms/{ended}/shares/{candShare}", 404, "not_found"],
  ["candidate", "DELETE /api/rooms/{ended}/shares/{candShare}", 200, /"revoked":true/],
  ["anon", "GET /api/shared/{share}", 200, /"roomId"/],
  ["anon", "GET /api/shared/{share}/events", 200, /"events":\[/],
  ["anon", "GET /api/shared/{share}/export", 200, /"format":"quorum.session"/],
  ["anon", "GET /api/shared/{share}/recordings", 200, /"tracks":\[/],
  ["anon", "GET /api/shared/{share}/recordings/nosuchtrack1", 404, "not_found"],
  ["anon", "GET /api/shared/{revoked}/recordings", 404, "not_found"],
  ["anon", "GET /api/rooms/{live}/recordings", 401, "unauthenticated"],
  ["stranger", "GET /api/rooms/{live}/recordings", 404, "not_found"],
  ["stranger", "GET /api/rooms/{live}/recordings/nosuchtrack1", 404, "not_found"],
  ["candidate", "GET /api/rooms/{live}/recordings", 200, /"tracks":\[/],
  ["anon", "POST /api/rooms/{live}/recordings", 401, "unauthenticated", {}],
  ["stranger", "POST /api/rooms/{live}/recordings", 404, "not_found", {}],
  ["cross-site", "POST /api/rooms/{live}/recordings", 403, "forbidden", {}],
  ["candidate", "POST /api/rooms/{live}/recordings", 415, "unsupported_type", {}],
  ["stranger", "DELETE /api/rooms/{live}/recordings/mine", 404, "not_found"],
  ["cross-site", "DELETE /api/rooms/{live}/recordings/mine", 403, "forbidden"],
  ["anon", "POST /api/shared/{share}", 405, "method_not_allowed"],
  ["anon", "GET /api/shared/{revoked}", 404, "not_found"],
  ["anon", "GET /api/shared/{badToken}", 404, "not_found"],
  ["anon", "POST /api/rooms/{ended}/next-round", 401, "unauthenticated", { questionId: "chat" }],
  ["stranger", "POST /api/rooms/{ended}/next-round", 404, "not_found", { questionId: "chat" }],
  ["interviewer", "POST /api/rooms/{live}/next-round", 409, "invalid_state", { questionId: "chat" }],
  ["candidate", "POST /api/rooms/{ended}/next-round", 201, /"roomId"/, { questionId: "chat" }],
  ["anon", "POST /api/rooms/{live}/invite", 401, "unauthenticated"],
  ["stranger", "POST /api/rooms/{live}/invite", 404, "not_found"],
  ["candidate", "POST /api/rooms/{live}/invite", 403, "forbidden"],
  ["cross-site", "POST /api/rooms/{live}/invite", 403, "forbidden"],
  ["interviewer", "POST /api/rooms/{live}/invite", 200, /"inviteUrl":"\/invite\//],
  ["candidate", "DELETE /api/rooms/{live}/invite", 403, "forbidden"],
  ["interviewer", "DELETE /api/rooms/{live}/invite", 200, /"inviteUrl":null/],
  ["stranger", "POST /api/invites/{openInvite}/accept", 200, /"role":"candidate"/],
  // A method a path doesn't take: 405 before any room is looked up, so it says nothing about the room.
  ["anon", "PUT /api/rooms/{live}", 401, "unauthenticated"],
  ["stranger", "PUT /api/rooms/{live}", 405, "method_not_allowed"],
  ["stranger", "PUT /api/rooms/{nope}", 405, "method_not_allowed"],
  ["candidate", "GET /api/rooms/{live}/invite", 405, "method_not_allowed"],
  ["candidate", "GET /api/invites/{invite}/accept", 405, "method_not_allowed"],
  ["candidate", "GET /api/rooms/{live}/no-such-thing", 404, "not_found"],
  ["stranger", "GET /api/account/password", 405, "method_not_allowed"],
  ["anon", "POST /api/signup", 400, "invalid", {}],
  ["cross-site", "POST /api/signup", 403, "forbidden", {}],
  ["anon", "POST /api/account/password", 401, "unauthenticated", PASSWORDS],
  ["cross-site", "POST /api/account/password", 403, "forbidden", PASSWORDS],
  ["stranger", "POST /api/account/password", 401, "wrong_password", PASSWORDS],
  ["stranger", "POST /api/account/password", 415, "unsupported_type"],
  ["anon", "POST /api/account/signout-everywhere", 401, "unauthenticated"],
  ["cross-site", "POST /api/account/signout-everywhere", 403, "forbidden"],
  ["cross-site", "POST /api/auth/signout", 403, "forbidden"],
  ["anon", "GET /api/auth/session", 200, /^\{\}$/],
  ["stranger", "GET /api/auth/session", 200, /"user":\{/],
];

describe("the API answers each caller as it should, and a refused call changes nothing", () => {
  it.each(API)("%s: %s → %i", async (who, request, status, expected, body) => {
    const before = await fingerprint();
    const res = await call(who, request, body);
    const text = await res.text();
    expect(res.status, text).toBe(status);
    check(text, expected);
    if (status >= 400) expect(await fingerprint()).toEqual(before);
  });
});

describe("a path that exists with other methods says which (Allow)", () => {
  it.each([
    ["candidate", "PUT /api/rooms/{live}", "GET"],
    ["candidate", "GET /api/rooms", "POST"],
    ["candidate", "PATCH /api/rooms/{live}/invite", "POST, DELETE"],
    ["candidate", "GET /api/rooms/{ended}/shares/someshare", "DELETE"],
    ["candidate", "PATCH /api/rooms/{live}/recordings/mine", "GET, DELETE"],
    ["anon", "POST /api/shared/{share}", "GET"],
    ["stranger", "DELETE /api/account/signout-everywhere", "POST"],
  ] as const)("%s: %s → Allow: %s", async (who, request, allow) => {
    const res = await call(who, request);
    expect(res.status, await res.text()).toBe(405);
    expect(res.headers.get("allow")).toBe(allow);
  });
});

type Outcome = "ok" | "relayed" | "dropped" | string;
// [who, event, payload, outcome]: an ack's error code, "ok", or for events without an ack whether the other
// participant receives it ("relayed") or nothing happens ("dropped").
const SOCKET: [Who, string, (() => unknown) | undefined, Outcome][] = [
  ["anon", "connect", undefined, "unauthenticated"],
  ["stranger", "room:join", join("live"), "not_found"], // like a missing room: no hint that it exists
  ["stranger", "room:join", join("nope"), "not_found"],
  ["candidate", "room:join", join("live"), "ok"],
  ["stranger", "room:op", op("live", { type: "chat.post", text: "let me in" }), "not_joined"],
  ["stranger", "room:cursor", cursor("live"), "dropped"],
  ["stranger", "room:leave", () => ({ roomId: ids.live }), "dropped"],
  ["candidate", "room:op", op("live", { type: "clock.start" }), "forbidden"],
  ["candidate", "room:op", op("live", { type: "phase.set", phase: 1 }), "forbidden"],
  ["candidate", "room:op", op("live", { type: "note.add", text: "a private note" }), "forbidden"],
  ["candidate", "room:op", op("live", { type: "interview.end" }), "forbidden"],
  ["candidate", "room:op", op("live", { type: "board.lock", locked: true }), "forbidden"],
  ["candidate", "room:op", op("live", { type: "scorecard.save", card: {} }), "forbidden"],
  ["candidate", "room:op", simOp({ type: "crash", node: "n1" }), "forbidden"],
  ["interviewer", "room:op", simOp({ type: "stopWorkload" }), "forbidden"],
  ["candidate", "room:op", op("ended", { type: "chat.post", text: "wrong room" }), "not_joined"],
  ["candidate", "room:destroy", () => ({ roomId: ids.live }), "bad_request"],
  ["interviewer", "room:op", op("live", { type: "clock.start" }), "ok"],
  ["interviewer", "room:op", op("live", { type: "phase.set", phase: 1 }), "ok"],
  ["interviewer", "room:op", op("live", { type: "note.add", text: "a private note" }), "ok"],
  ["interviewer", "room:op", simOp({ type: "crash", node: "n1" }), "ok"],
  ["candidate", "room:op", op("live", { type: "chat.post", text: "hello" }), "ok"],
  ["candidate", "room:cursor", cursor("live"), "relayed"],
  ["stranger", "queue:join", () => ({ seat: "boss", level: "senior", anonymous: false }), "bad_request"],
  ["stranger", "queue:join", () => ({ seat: "either", level: "staff", anonymous: true }), "ok"],
  ["stranger", "queue:leave", undefined, "dropped"],
  ["interviewer", "room:op", op("live", { type: "interview.end" }), "ok"],
  ["candidate", "room:op", op("live", { type: "chat.post", text: "too late" }), "room_ended"],
];

describe("socket events answer each caller as they should, and a refused one changes nothing", () => {
  it.each(SOCKET)("%s: %s → %s", async (who, event, payload, outcome) => {
    if (who === "anon" || who === "cross-site") {
      const refused = await connect(undefined).then(
        () => "connected",
        (err: Error & { data?: { code: string } }) => err.data?.code,
      );
      expect(refused).toBe(outcome);
      return;
    }
    const before = await fingerprint();
    if (outcome === "relayed" || outcome === "dropped") {
      let relayed = false;
      const onCursor = () => {
        relayed = true;
      };
      sockets.interviewer.on("room:cursor", onCursor);
      sockets[who].emit(event, payload?.());
      await new Promise((resolve) => setTimeout(resolve, 500));
      sockets.interviewer.off("room:cursor", onCursor);
      expect(relayed).toBe(outcome === "relayed");
    } else {
      const ack = await emit(sockets[who], event, payload?.());
      expect(ack.ok ? "ok" : ack.error?.code).toBe(outcome);
    }
    if (outcome !== "ok") expect(await fingerprint()).toEqual(before);
  });
});

/** Posts `n` valid new rooms as a new person; returns the last answer as "status code retry-after". */
async function roomBurst(n: number): Promise<string> {
  const cookie = (await account("acc-burst")).cookie;
  let last = "";
  for (let i = 0; i < n; i++) {
    const before = await fingerprint();
    const res = await call("anon", "POST /api/rooms", NEW_ROOM, { cookie });
    const body = (await res.json()) as { error?: { code: string; message: string } };
    last = `${res.status} ${body.error?.code ?? "created"} retry-after=${res.headers.get("retry-after")}`;
    if (res.status === 429) expect(await fingerprint()).toEqual(before);
  }
  return last;
}

async function signInLock(): Promise<string> {
  const u = newUser("acc-lock");
  await signUp(server.url, u, freshIp());
  for (let i = 0; i < 5; i++) await signIn(server.url, u.email, `wrong password ${i}`, freshIp());
  return (await signIn(server.url, u.email, u.password, freshIp())).error ?? "signed in";
}

async function signUpFlood(): Promise<string> {
  const ip = freshIp();
  let status = 0;
  for (let i = 0; i < 21; i++) status = (await signUp(server.url, newUser("acc-flood"), ip)).status;
  return String(status);
}

async function opFlood(): Promise<string> {
  const s = await connect(people.candidate.cookie);
  const acks = await Promise.all(
    Array.from({ length: 41 }, () => emit(s, "room:op", op("live", { type: "chat.post", text: "spam" })())),
  );
  return acks.map((a) => a.error?.code).at(-1) ?? "ok";
}

// [limit, how it is provoked, the answer to the call past the limit]
const LIMITS: [string, () => Promise<string>, RegExp][] = [
  ["room creation: 6th room in a minute", () => roomBurst(6), /^429 rate_limited retry-after=([1-9]\d*)$/],
  ["room creation: the 5th is still fine", () => roomBurst(5), /^201 created retry-after=null$/],
  ["sign-in: an email after 5 failures", signInLock, /^Too many sign-in attempts/],
  ["sign-up: the 21st account from one address in an hour", signUpFlood, /^429$/],
  ["socket: the 41st op within 5 s", opFlood, /^rate_limited$/],
];

describe("the rate limits answer 429 / rate_limited", () => {
  it.each(LIMITS)("%s", async (_what, provoke, answer) => {
    expect(await provoke()).toMatch(answer);
  });
});

// [what, request]: every kind of response the process sends.
const RESPONSES: [string, string][] = [
  ["a page", "GET /signin"],
  ["a page that doesn't exist", "GET /nowhere"],
  ["the room API", "POST /api/rooms"],
  ["the share-link API", "GET /api/shared/{badToken}"],
  ["the health check", "GET /api/health"],
  ["Next's auth routes", "GET /api/auth/csrf"],
  ["socket.io's long-polling", "GET /socket.io/?EIO=4&transport=polling"],
  ["a static file", "GET /excalidraw-assets/fonts/Virgil/Virgil-Regular.woff2"],
];
const SAME_ORIGIN_SOURCE =
  /^('self'|'none'|'unsafe-inline'|'report-sample'|'nonce-[A-Za-z0-9+/=]{16,}'|data:|blob:)$/;

describe("security headers", () => {
  it.each(RESPONSES)("%s carries them, with a policy that names no other origin", async (_what, request) => {
    const res = await call("anon", request);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("cross-origin-opener-policy")).toBe("same-origin");
    expect(res.headers.get("permissions-policy")).toMatch(/^microphone=\(self\), camera=\(self\), /);
    expect(res.headers.get("strict-transport-security")).toBeNull(); // plain http
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/(^|; )script-src 'self' 'nonce-[^']+' 'report-sample'(;|$)/);
    for (const d of ["object-src 'none'", "frame-ancestors 'none'", "base-uri 'none'", "default-src 'self'"])
      expect(csp).toContain(d);
    const host = new URL(server.url).host;
    const sources = csp.split(";").flatMap((d) => d.trim().split(/\s+/).slice(1));
    const foreign = sources.filter(
      (src) => !SAME_ORIGIN_SOURCE.test(src) && src !== `ws://${host}` && src !== `wss://${host}`,
    );
    expect(foreign).toEqual([]);
    expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
  });

  it("every script of a page carries the nonce of that response's policy, which a client can't choose", async () => {
    const res = await call("anon", "GET /signin", undefined, {
      "content-security-policy": "script-src 'nonce-chosenbytheclient'",
    });
    const nonce = /'nonce-([^']+)'/.exec(res.headers.get("content-security-policy") ?? "")?.[1];
    const html = await res.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(3);
    expect(scripts.filter((tag) => !tag.includes(`nonce="${nonce}"`))).toEqual([]);
    expect(html).not.toContain("chosenbytheclient");
  });

  it("asks for HTTPS only when a trusted proxy says the browser is on it", async () => {
    const res = await call("anon", "GET /signin", undefined, { "x-forwarded-proto": "https" });
    expect(res.headers.get("strict-transport-security")).toBe("max-age=31536000");
    expect(res.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
  });
});

/** Signs in the way a browser does and returns the whole Set-Cookie line of the session cookie. */
async function sessionCookieLine(baseUrl: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`, { headers: freshIp() });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = csrf.headers.getSetCookie().map((c) => c.split(";")[0]);
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; "), ...freshIp() },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  return res.headers.getSetCookie().find((c) => c.includes("next-auth.session-token=")) ?? "none";
}

describe("the session cookie", () => {
  const attributes = (line: string) =>
    line
      .split(";")
      .slice(1)
      .map((a) => a.trim().toLowerCase());

  it("is HttpOnly and SameSite=Lax, and (over plain http) not Secure", async () => {
    const u = newUser("acc-cookie");
    await signUp(server.url, u, freshIp());
    const line = await sessionCookieLine(server.url, u.email, u.password);
    expect(line).toMatch(/^next-auth\.session-token=/);
    expect(attributes(line)).toEqual(expect.arrayContaining(["httponly", "samesite=lax", "path=/"]));
    expect(attributes(line)).not.toContain("secure");
  });

  it("is __Secure- and Secure as well when NEXTAUTH_URL is https, and every response asks for HTTPS", async () => {
    const https = await startTestServer({
      DATABASE_URL: requireEnv("TEST_DATABASE_URL"),
      NEXTAUTH_SECRET: "integration-secret-access-0123456789",
      NEXTAUTH_URL: "https://quorum.example.test",
    });
    try {
      const u = newUser("acc-secure");
      // Behind a proxy the Host may differ from the public name: the origin of NEXTAUTH_URL is ours too.
      const foreign = await signUp(https.url, u, { origin: "https://evil.example", ...freshIp() });
      expect(foreign.status).toBe(403);
      expect(
        (await signUp(https.url, u, { origin: "https://quorum.example.test", ...freshIp() })).status,
      ).toBe(201);
      const line = await sessionCookieLine(https.url, u.email, u.password);
      expect(line).toMatch(/^__Secure-next-auth\.session-token=/);
      expect(attributes(line)).toEqual(expect.arrayContaining(["httponly", "samesite=lax", "secure"]));
      const api = await fetch(`${https.url}/api/rooms`, { method: "POST" });
      expect(api.headers.get("strict-transport-security")).toBe("max-age=31536000");
      expect(api.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
    } finally {
      await https.stop();
    }
  });
});
