import { encode } from "next-auth/jwt";
import pg from "pg";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newUser, type SignedIn, signIn, signOut, signUp } from "../fixtures/auth";
import { requireEnv } from "../fixtures/database";
import { startTestServer, type TestServer } from "../fixtures/server";

// A session ends on the server: after sign-out, "sign out everywhere" or a password change, a copy of the cookie
// taken earlier opens nothing (the JSON API, next-auth's session, a new socket) and the sockets it opened are
// disconnected. Each sign-in is an AuthSession row that the cookie names; revoking the row ends the session.

const SECRET = "integration-secret-sessions-0123456789";
let server: TestServer;
let db: pg.Client;
let ipCounter = 0;
const freshIp = () => ({ "x-forwarded-for": `203.0.113.${++ipCounter % 250}` });
const opened: Socket[] = [];

beforeAll(async () => {
  server = await startTestServer({
    DATABASE_URL: requireEnv("TEST_DATABASE_URL"),
    NEXTAUTH_SECRET: SECRET,
    TRUST_PROXY: "1",
  });
  db = new pg.Client({ connectionString: requireEnv("TEST_DATABASE_URL") });
  await db.connect();
});

afterAll(async () => {
  for (const s of opened) s.close();
  await db?.end();
  expect(await server?.stop()).toBe(0);
});

/** A new person and `n` separate sign-ins of theirs (as from n browsers). */
async function person(label: string, n = 1) {
  const u = newUser(label);
  expect((await signUp(server.url, u, freshIp())).status).toBe(201);
  const sessions: SignedIn[] = [];
  for (let i = 0; i < n; i++)
    sessions.push((await signIn(server.url, u.email, u.password, freshIp())).session!);
  return { ...u, sessions };
}

function connect(cookie: string): Promise<Socket> {
  const s = io(server.url, { transports: ["websocket"], extraHeaders: { cookie }, reconnection: false });
  opened.push(s);
  return new Promise((resolve, reject) => {
    s.once("hello", () => resolve(s));
    s.once("connect_error", reject);
  });
}

/** The refusal code of a new socket with `cookie`, or "connected". */
const socketOutcome = (cookie: string) =>
  connect(cookie).then(
    () => "connected",
    (err: Error & { data?: { code: string } }) => err.data?.code ?? err.message,
  );

/** Resolves with the reason when the server disconnects `s`. */
const disconnected = (s: Socket) => new Promise<string>((resolve) => s.once("disconnect", resolve));

/** Proves a socket is still open and authenticated: the server answers its request (a room that isn't there). */
async function stillServed(s: Socket): Promise<string | undefined> {
  const ack = (await s.timeout(5_000).emitWithAck("room:join", { roomId: "nosuchroom0", lastSeq: 0 })) as {
    error?: { code: string };
  };
  return ack.error?.code;
}

/** Status of POST /api/rooms with `cookie` (201 when the session is good). */
async function createRoom(cookie: string): Promise<number> {
  const res = await fetch(`${server.url}/api/rooms`, {
    method: "POST",
    headers: { cookie, "content-type": "application/json" },
    body: JSON.stringify({ role: "interviewer", questionId: "kv-store" }),
  });
  return res.status;
}

async function sessionBody(cookie: string): Promise<{ user?: { id: string } }> {
  return (await fetch(`${server.url}/api/auth/session`, { headers: { cookie } })).json();
}

function post(path: string, cookie: string, body?: unknown) {
  return fetch(`${server.url}${path}`, {
    method: "POST",
    headers: {
      cookie,
      origin: server.url,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...freshIp(),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** Everything a dead cookie must fail at. */
async function deadEverywhere(cookie: string) {
  return {
    api: await createRoom(cookie),
    session: await sessionBody(cookie),
    socket: await socketOutcome(cookie),
  };
}
const DEAD = { api: 401, session: {}, socket: "unauthenticated" };

async function passwordHash(email: string): Promise<string> {
  return (await db.query('SELECT "passwordHash" FROM "User" WHERE email = $1', [email])).rows[0].passwordHash;
}

describe("sign-out", () => {
  it("kills a copy of the cookie taken before it: the API, the session, new sockets and open ones", async () => {
    const ada = await person("out", 2);
    const [copy, elsewhere] = [ada.sessions[0]!.cookie, ada.sessions[1]!.cookie];
    expect(await createRoom(copy)).toBe(201);
    const open = await connect(copy);
    const other = await connect(elsewhere);
    const gone = disconnected(open);

    const res = await signOut(server.url, copy, freshIp());
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().some((c) => /^next-auth\.session-token=;/.test(c))).toBe(true);

    expect(await gone).toBe("io server disconnect");
    expect(await deadEverywhere(copy)).toEqual(DEAD);
    const rows = await db.query(
      `SELECT count(*) FILTER (WHERE "revokedAt" IS NOT NULL)::int AS revoked, count(*)::int AS total
       FROM "AuthSession" WHERE "userId" = $1`,
      [ada.sessions[0]!.userId],
    );
    expect(rows.rows[0]).toEqual({ revoked: 1, total: 2 });
    // Her other sign-in is another session: untouched.
    expect((await sessionBody(elsewhere)).user?.id).toBe(ada.sessions[1]!.userId);
    expect(await stillServed(other)).toBe("not_found");
  });

  it("says so in the log as an ended session, not as an error", async () => {
    const bo = await person("outlog");
    const cookie = bo.sessions[0]!.cookie;
    await signOut(server.url, cookie, freshIp());
    expect(await sessionBody(cookie)).toEqual({});
    await server.waitForLog((l) => l.msg === "session not live");
    expect(server.logs.filter((l) => l.msg === "next-auth error")).toEqual([]);
  });

  it("refuses a token that names no recorded sign-in (issued before sign-ins were recorded)", async () => {
    const cy = await person("legacy");
    const token = await encode({ token: { sub: cy.sessions[0]!.userId, name: cy.name }, secret: SECRET });
    expect(await deadEverywhere(`next-auth.session-token=${token}`)).toEqual(DEAD);
  });
});

describe("sign out everywhere", () => {
  it("kills every sign-in's cookie and socket, and only this person's", async () => {
    const ada = await person("all", 2);
    const bystander = await person("bystander");
    const [a, b] = ada.sessions.map((s) => s.cookie) as [string, string];
    const sockets = [await connect(a), await connect(b)];
    const gone = sockets.map(disconnected);
    const theirs = await connect(bystander.sessions[0]!.cookie);

    const res = await post("/api/account/signout-everywhere", a);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ revoked: 2 });
    const cleared = res.headers.getSetCookie().map((c) => c.split("=")[0]);
    expect(cleared).toEqual(
      expect.arrayContaining(["next-auth.session-token", "__Secure-next-auth.session-token"]),
    );

    expect(await Promise.all(gone)).toEqual(["io server disconnect", "io server disconnect"]);
    expect(await deadEverywhere(a)).toEqual(DEAD);
    expect(await deadEverywhere(b)).toEqual(DEAD);
    expect((await sessionBody(bystander.sessions[0]!.cookie)).user?.id).toBe(bystander.sessions[0]!.userId);
    expect(await stillServed(theirs)).toBe("not_found");
  });
});

describe("changing the password", () => {
  const NEW_PASSWORD = "a different long passphrase";

  it("needs the current password: a wrong one is refused and changes nothing", async () => {
    const ada = await person("pwwrong", 2);
    const [a, b] = ada.sessions.map((s) => s.cookie) as [string, string];
    const before = await passwordHash(ada.email);
    const res = await post("/api/account/password", a, {
      currentPassword: "not my password at all",
      newPassword: NEW_PASSWORD,
    });
    expect(res.status).toBe(401);
    expect((await res.json()).error).toMatchObject({ code: "wrong_password", field: "currentPassword" });
    expect(await passwordHash(ada.email)).toBe(before);
    expect((await sessionBody(b)).user?.id).toBe(ada.sessions[1]!.userId);
    expect((await signIn(server.url, ada.email, NEW_PASSWORD, freshIp())).session).toBeUndefined();
  });

  it.each([
    [
      "a weak new password",
      { currentPassword: "a long enough passphrase", newPassword: "short" },
      "newPassword",
    ],
    [
      "the same password again",
      { currentPassword: "a long enough passphrase", newPassword: "a long enough passphrase" },
      "newPassword",
    ],
    ["no current password", { currentPassword: "", newPassword: NEW_PASSWORD }, "currentPassword"],
  ])("refuses %s with a reason for the field", async (_what, body, field) => {
    const ada = await person("pwinvalid");
    const before = await passwordHash(ada.email);
    const res = await post("/api/account/password", ada.sessions[0]!.cookie, body);
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error).toMatchObject({ code: "invalid", field });
    expect(error.message.length).toBeGreaterThan(5);
    expect(await passwordHash(ada.email)).toBe(before);
  });

  it("replaces the password and ends every other sign-in, keeping this one", async () => {
    const ada = await person("pw", 2);
    const [a, b] = ada.sessions.map((s) => s.cookie) as [string, string];
    const mine = await connect(a);
    const theirs = await connect(b);
    const gone = disconnected(theirs);

    const res = await post("/api/account/password", a, {
      currentPassword: ada.password,
      newPassword: NEW_PASSWORD,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ signedOutElsewhere: 1 });

    expect(await gone).toBe("io server disconnect");
    expect(await deadEverywhere(b)).toEqual(DEAD);
    expect(await createRoom(a)).toBe(201);
    expect((await sessionBody(a)).user?.id).toBe(ada.sessions[0]!.userId);
    expect(await stillServed(mine)).toBe("not_found");
    expect((await signIn(server.url, ada.email, ada.password, freshIp())).session).toBeUndefined();
    expect((await signIn(server.url, ada.email, NEW_PASSWORD, freshIp())).session).toBeDefined();
  });

  it("refuses after 5 wrong current passwords, even the right one", async () => {
    const ada = await person("pwlimit");
    const cookie = ada.sessions[0]!.cookie;
    const before = await passwordHash(ada.email);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push(
        (
          await post("/api/account/password", cookie, {
            currentPassword: `wrong ${i}`,
            newPassword: NEW_PASSWORD,
          })
        ).status,
      );
    const limited = await post("/api/account/password", cookie, {
      currentPassword: ada.password,
      newPassword: NEW_PASSWORD,
    });
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await limited.json()).error.message).toMatch(
      /^Too many wrong passwords\. Try again in \d+ minutes?\.$/,
    );
    expect(await passwordHash(ada.email)).toBe(before);
  });
});
