import pg from "pg";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newUser, signIn, signUp } from "../fixtures/auth";
import { requireEnv } from "../fixtures/database";
import { startTestServer, type TestServer } from "../fixtures/server";

// Each test sends its own X-Forwarded-For (the server trusts it here) so rate limits per address don't leak
// between tests; the per-address tests below rely on exactly that header.
let server: TestServer;
let db: pg.Client;
let ipCounter = 0;
const freshIp = () => ({ "x-forwarded-for": `198.51.100.${++ipCounter}` });

async function userCount(): Promise<number> {
  const r = await db.query('SELECT count(*)::int AS n FROM "User"');
  return r.rows[0].n;
}

beforeAll(async () => {
  server = await startTestServer({
    DATABASE_URL: requireEnv("TEST_DATABASE_URL"),
    NEXTAUTH_SECRET: "integration-secret-auth-0123456789",
    TRUST_PROXY: "1",
  });
  db = new pg.Client({ connectionString: requireEnv("TEST_DATABASE_URL") });
  await db.connect();
});

afterAll(async () => {
  await db?.end();
  expect(await server?.stop()).toBe(0);
});

describe("sign up", () => {
  it("creates an account whose password is stored as an argon2id hash", async () => {
    const u = newUser("ada");
    const res = await signUp(server.url, u, freshIp());
    expect(res.status).toBe(201);
    const row = await db.query('SELECT name, email, "passwordHash" FROM "User" WHERE email = $1', [u.email]);
    expect(row.rows[0].name).toBe(u.name);
    expect(row.rows[0].passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row.rows[0].passwordHash).not.toContain(u.password);
  });

  it.each([
    ["duplicate email", (u: ReturnType<typeof newUser>) => u, 409, "email_taken", "email"],
    [
      "weak password",
      (u: ReturnType<typeof newUser>) => ({ ...u, email: `x${u.email}`, password: "short" }),
      400,
      "invalid",
      "password",
    ],
    [
      "common password",
      (u: ReturnType<typeof newUser>) => ({ ...u, email: `y${u.email}`, password: "password123" }),
      400,
      "invalid",
      "password",
    ],
    [
      "bad email",
      (u: ReturnType<typeof newUser>) => ({ ...u, email: "not-an-email" }),
      400,
      "invalid",
      "email",
    ],
    [
      "empty name",
      (u: ReturnType<typeof newUser>) => ({ ...u, email: `z${u.email}`, name: "  " }),
      400,
      "invalid",
      "name",
    ],
    [
      "html in name",
      (u: ReturnType<typeof newUser>) => ({ ...u, email: `w${u.email}`, name: "<script>x</script>" }),
      400,
      "invalid",
      "name",
    ],
  ])("refuses %s with a reason and changes nothing", async (_label, mutate, status, code, field) => {
    const u = newUser("dup");
    expect((await signUp(server.url, u, freshIp())).status).toBe(201);
    const before = await userCount();
    const res = await signUp(server.url, mutate(u), freshIp());
    expect(res.status).toBe(status);
    const body = await res.json();
    expect(body.error.code).toBe(code);
    expect(body.error.field).toBe(field);
    expect(body.error.message.length).toBeGreaterThan(5);
    expect(await userCount()).toBe(before);
  });

  it("treats emails case-insensitively", async () => {
    const u = newUser("case");
    expect((await signUp(server.url, u, freshIp())).status).toBe(201);
    const res = await signUp(server.url, { ...u, email: u.email.toUpperCase() }, freshIp());
    expect(res.status).toBe(409);
  });

  it("refuses malformed and oversized bodies", async () => {
    const before = await userCount();
    const bad = await fetch(`${server.url}/api/signup`, {
      method: "POST",
      headers: { "content-type": "application/json", ...freshIp() },
      body: "{nope",
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe("bad_json");
    const big = await fetch(`${server.url}/api/signup`, {
      method: "POST",
      headers: { "content-type": "application/json", ...freshIp() },
      body: JSON.stringify({ ...newUser("big"), name: "x".repeat(10_000) }),
    });
    expect(big.status).toBe(413);
    expect(await userCount()).toBe(before);
  });

  it("limits new accounts per address", async () => {
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await signUp(server.url, newUser("flood"), ip)).status);
    expect(statuses.slice(0, 20).every((s) => s === 201)).toBe(true);
    expect(statuses[20]).toBe(429);
  });
});

describe("sign in", () => {
  it("returns a session for the right password and names the user", async () => {
    const u = newUser("bob");
    await signUp(server.url, u, freshIp());
    const { session } = await signIn(server.url, u.email, u.password, freshIp());
    expect(session).toBeDefined();
    const me = await (
      await fetch(`${server.url}/api/auth/session`, { headers: { cookie: session!.cookie } })
    ).json();
    expect(me.user.name).toBe(u.name);
    expect(me.user.email).toBe(u.email);
  });

  it("says the password is wrong without saying whether the email exists", async () => {
    const u = newUser("carol");
    await signUp(server.url, u, freshIp());
    const wrong = await signIn(server.url, u.email, "not the password at all", freshIp());
    const unknown = await signIn(server.url, `nobody-${u.email}`, "not the password at all", freshIp());
    expect(wrong.session).toBeUndefined();
    expect(wrong.error).toBe("That email and password don't match an account.");
    expect(unknown.error).toBe(wrong.error);
  });

  it("locks an email after 5 failures, even against the right password, from any address", async () => {
    const u = newUser("dave");
    await signUp(server.url, u, freshIp());
    for (let i = 0; i < 5; i++)
      expect((await signIn(server.url, u.email, `wrong-${i}-password`, freshIp())).error).toMatch(/match/);
    const locked = await signIn(server.url, u.email, u.password, freshIp());
    expect(locked.session).toBeUndefined();
    expect(locked.error).toMatch(/^Too many sign-in attempts\. Try again in \d+ (minutes?|seconds?)\.$/);
  });

  it("limits failures per address across many emails", async () => {
    const ip = freshIp();
    const errors: string[] = [];
    for (let i = 0; i < 21; i++)
      errors.push(
        (await signIn(server.url, `ghost${i}-${Date.now()}@example.test`, "wrong password here", ip)).error ??
          "",
      );
    expect(errors.slice(0, 20).every((e) => /match/.test(e))).toBe(true);
    expect(errors[20]).toMatch(/Too many sign-in attempts/);
    // Another address is unaffected.
    const u = newUser("erin");
    await signUp(server.url, u, freshIp());
    expect((await signIn(server.url, u.email, u.password, freshIp())).session).toBeDefined();
  });
});

describe("cross-site requests", () => {
  const EVIL = { origin: "http://evil.example" };
  const usersWithEmail = async (email: string) =>
    (await db.query('SELECT count(*)::int AS n FROM "User" WHERE email = $1', [email])).rows[0].n;

  it.each([
    ["a form post (text/plain)", "text/plain", EVIL],
    ["JSON", "application/json", EVIL],
    [
      "JSON, no Origin but Sec-Fetch-Site: cross-site",
      "application/json",
      { "sec-fetch-site": "cross-site" },
    ],
    ["JSON from an opaque origin", "application/json", { origin: "null" }],
  ])("can't sign up: %s → 403, no account", async (_what, type, headers) => {
    const u = newUser("csrf");
    const before = await userCount();
    const res = await fetch(`${server.url}/api/signup`, {
      method: "POST",
      headers: { "content-type": type, ...headers, ...freshIp() },
      body: JSON.stringify(u),
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error: { code: "forbidden", message: "Cross-site requests are not allowed." },
    });
    expect(await usersWithEmail(u.email)).toBe(0);
    expect(await userCount()).toBe(before);
  });

  it("can't sign in: the credentials callback answers 403 and sets no session cookie", async () => {
    const u = newUser("csrfin");
    await signUp(server.url, u, freshIp());
    const { res, session } = await signIn(server.url, u.email, u.password, { ...EVIL, ...freshIp() });
    expect(res.status).toBe(403);
    expect(session).toBeUndefined();
    expect(res.headers.getSetCookie().filter((c) => c.includes("session-token"))).toEqual([]);
  });

  it("can't open a socket, even with a good session cookie", async () => {
    const u = newUser("csrfws");
    await signUp(server.url, u, freshIp());
    const { session } = await signIn(server.url, u.email, u.password, freshIp());
    const outcome = async (origin: string) => {
      const s: Socket = io(server.url, {
        transports: ["websocket"],
        extraHeaders: { cookie: session!.cookie, origin },
        reconnection: false,
      });
      const result = await new Promise<string>((resolve) => {
        s.once("hello", () => resolve("connected"));
        s.once("connect_error", () => resolve("refused"));
      });
      s.close();
      return result;
    };
    expect(await outcome("http://evil.example")).toBe("refused");
    expect(await outcome(server.url)).toBe("connected");
  });

  it("from our own origin, signing up and in still work", async () => {
    const u = newUser("sameorigin");
    const own = { origin: server.url, "sec-fetch-site": "same-origin" };
    expect((await signUp(server.url, u, { ...own, ...freshIp() })).status).toBe(201);
    expect((await signIn(server.url, u.email, u.password, { ...own, ...freshIp() })).session).toBeDefined();
  });

  it("sign-up takes JSON only (415 otherwise), even with no Origin", async () => {
    const u = newUser("plain");
    const res = await fetch(`${server.url}/api/signup`, {
      method: "POST",
      headers: { "content-type": "text/plain", ...freshIp() },
      body: JSON.stringify(u),
    });
    expect(res.status).toBe(415);
    expect((await res.json()).error.code).toBe("unsupported_type");
    expect(await usersWithEmail(u.email)).toBe(0);
  });

  it("counts an existing email against the sign-up limit, like a new account", async () => {
    const ip = freshIp();
    const u = newUser("taken");
    expect((await signUp(server.url, u, ip)).status).toBe(201);
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await signUp(server.url, u, ip)).status);
    expect(statuses.slice(0, 19).every((s) => s === 409)).toBe(true);
    expect(statuses[19]).toBe(429);
  });
});

describe("pages", () => {
  it("redirects anonymous visitors from the dashboard to sign-in, remembering where they were going", async () => {
    const res = await fetch(`${server.url}/dashboard`, { redirect: "manual" });
    expect(res.status).toBe(307);
    expect(
      new URL(res.headers.get("location")!, server.url).pathname +
        new URL(res.headers.get("location")!, server.url).search,
    ).toBe("/signin?callbackUrl=%2Fdashboard");
  });

  it("serves the dashboard with the user's own name", async () => {
    const u = newUser("fay");
    await signUp(server.url, u, freshIp());
    const { session } = await signIn(server.url, u.email, u.password, freshIp());
    const html = await (
      await fetch(`${server.url}/dashboard`, { headers: { cookie: session!.cookie } })
    ).text();
    expect(html).toContain(u.name);
  });

  it("logs one JSON line per request", async () => {
    await fetch(`${server.url}/signin`);
    const line = await server.waitForLog((l) => l.msg === "request" && l.path === "/signin");
    expect(line).toMatchObject({ level: "info", method: "GET", status: 200 });
    expect(typeof line.ms).toBe("number");
    expect(typeof line.time).toBe("string");
  });
});
