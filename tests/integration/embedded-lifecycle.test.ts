import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { io } from "socket.io-client";
import { afterAll, describe, expect, it } from "vitest";
import { newUser, signIn, signUp } from "../fixtures/auth";
import { startTestServer } from "../fixtures/server";

// The README's first command with nothing configured: no DATABASE_URL, no auth secret, an empty data folder.
const dataDir = mkdtempSync(path.join(tmpdir(), "quorum-embedded-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const noConfig = {
  DATABASE_URL: "",
  NEXTAUTH_SECRET: "",
  NEXTAUTH_URL: "",
  QUORUM_DATA_DIR: dataDir,
  EMBEDDED_PG_PORT: "54349",
};

function pidAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("embedded Postgres, from an empty data folder", () => {
  it("boots, migrates, serves, keeps data and secret across a restart, and stops cleanly on SIGTERM", async () => {
    const first = await startTestServer(noConfig);
    const health = await (await fetch(`${first.url}/api/health`)).json();
    expect(health).toMatchObject({
      status: "ok",
      db: { status: "ok", embedded: true },
      redis: { status: "off" },
    });
    expect(typeof health.version).toBe("string");

    const secretFile = path.join(dataDir, "auth-secret");
    expect(existsSync(secretFile)).toBe(true);
    const secret = readFileSync(secretFile, "utf8");
    const pgPid = Number(readFileSync(path.join(dataDir, "pg", "postmaster.pid"), "utf8").split("\n")[0]);
    expect(pidAlive(pgPid)).toBe(true);

    const u = newUser("embed");
    expect((await signUp(first.url, u)).status).toBe(201);
    const { session } = await signIn(first.url, u.email, u.password);
    expect(session).toBeDefined();

    // A connected socket must not hold shutdown up.
    const sock = io(first.url, {
      transports: ["websocket"],
      reconnection: false,
      extraHeaders: { cookie: session!.cookie },
    });
    await new Promise((resolve) => sock.once("hello", resolve));
    const disconnected = new Promise((resolve) => sock.once("disconnect", resolve));
    expect(await first.stop("SIGTERM")).toBe(0);
    await disconnected;
    sock.close();
    expect(first.logs.some((l) => l.msg === "embedded postgres: stopped")).toBe(true);
    expect(pidAlive(pgPid)).toBe(false);
    expect(existsSync(path.join(dataDir, "pg", "postmaster.pid"))).toBe(false);

    // Second start on the same folder: same secret, same data, and the old session cookie is still valid.
    const second = await startTestServer(noConfig);
    try {
      expect(readFileSync(secretFile, "utf8")).toBe(secret);
      expect(second.logs.some((l) => l.msg === "embedded postgres: created data folder")).toBe(false);
      const me = await (
        await fetch(`${second.url}/api/auth/session`, { headers: { cookie: session!.cookie } })
      ).json();
      expect(me.user?.email).toBe(u.email);
      expect((await signIn(second.url, u.email, u.password)).session).toBeDefined();
    } finally {
      expect(await second.stop("SIGINT")).toBe(0);
    }
  });
});
