import { encode } from "next-auth/jwt";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROTOCOL_VERSION, ZServerHello } from "../../lib/protocol";
import { newUser, signIn, signUp } from "../fixtures/auth";
import { requireEnv } from "../fixtures/database";
import { startTestServer, type TestServer } from "../fixtures/server";

const SECRET = "integration-secret-socket-0123456789";
let server: TestServer;
const open: Socket[] = [];

function connect(headers: Record<string, string>, auth?: Record<string, unknown>): Socket {
  const s = io(server.url, { transports: ["websocket"], reconnection: false, extraHeaders: headers, auth });
  open.push(s);
  return s;
}

function outcome(s: Socket): Promise<{ hello?: unknown; refused?: { message: string; data?: unknown } }> {
  return new Promise((resolve) => {
    s.once("hello", (hello) => resolve({ hello }));
    s.once("connect_error", (err: Error & { data?: unknown }) =>
      resolve({ refused: { message: err.message, data: err.data } }),
    );
  });
}

beforeAll(async () => {
  server = await startTestServer({ DATABASE_URL: requireEnv("TEST_DATABASE_URL"), NEXTAUTH_SECRET: SECRET });
});

afterAll(async () => {
  for (const s of open) s.close();
  expect(await server?.stop()).toBe(0);
});

describe("socket handshake uses the page session", () => {
  it("refuses a socket without a session cookie, with a reason", async () => {
    const r = await outcome(connect({}));
    expect(r.hello).toBeUndefined();
    expect(r.refused?.data).toEqual({ code: "unauthenticated", message: "Sign in to connect." });
  });

  it("refuses a forged or foreign-secret token", async () => {
    const forged = await outcome(connect({ cookie: "next-auth.session-token=not-a-jwt" }));
    expect(forged.refused?.data).toMatchObject({ code: "unauthenticated" });
    const foreign = await encode({
      token: { sub: "someone-else", name: "Mallory" },
      secret: "another-secret-entirely-0123456789",
    });
    const r = await outcome(connect({ cookie: `next-auth.session-token=${foreign}` }));
    expect(r.refused?.data).toMatchObject({ code: "unauthenticated" });
  });

  it("tells an authenticated socket its user id, ignoring what the client claims", async () => {
    const u = newUser("sock");
    expect((await signUp(server.url, u)).status).toBe(201);
    const { session } = await signIn(server.url, u.email, u.password);
    expect(session).toBeDefined();
    const r = await outcome(
      connect({ cookie: session!.cookie }, { userId: "spoofed-user-id", name: "Spoof" }),
    );
    const hello = ZServerHello.parse(r.hello);
    expect(hello.user.id).toBe(session!.userId);
    expect(hello.user.id).not.toBe("spoofed-user-id");
    expect(hello.user.name).toBe(u.name);
  });

  it("tells a page built for another protocol to reload, and serves its own (and one that names none)", async () => {
    const u = newUser("proto");
    expect((await signUp(server.url, u)).status).toBe(201);
    const { session } = await signIn(server.url, u.email, u.password);
    const cookie = { cookie: session!.cookie };
    for (const protocol of [0, PROTOCOL_VERSION + 1, "1"]) {
      const r = await outcome(connect(cookie, { protocol }));
      expect(r.hello).toBeUndefined();
      expect(r.refused?.data).toEqual({
        code: "protocol_mismatch",
        message: "Quorum was updated. Reload the page to continue.",
      });
    }
    expect(
      ZServerHello.parse((await outcome(connect(cookie, { protocol: PROTOCOL_VERSION }))).hello),
    ).toBeTruthy();
    expect((await outcome(connect(cookie))).hello).toBeDefined(); // before versions were sent: version 1
  });

  it("logs connections as JSON lines", async () => {
    const line = await server.waitForLog((l) => l.msg === "socket refused");
    expect(line).toMatchObject({ level: "info", reason: "unauthenticated" });
  });
});
