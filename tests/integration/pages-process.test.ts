import { existsSync, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { newUser, signIn, signUp } from "../fixtures/auth";
import { requireEnv } from "../fixtures/database";
import { openPairedRoom, type TestRoomClient } from "../fixtures/room-client";
import { startTestServer, type TestServer } from "../fixtures/server";

// Next.js runs in a child process of the server (server/pages). These tests hold the server to what that must
// not change for people (pages, sign-in, CSP nonces), and to what it promises: a dead pages process is restarted
// while live rooms carry on, and no pages process outlives its server.

const servers: TestServer[] = [];
const clients: TestRoomClient[] = [];
afterAll(async () => {
  for (const c of clients) c.close();
  for (const s of servers) await s.stop("SIGKILL");
});

async function start(label: string): Promise<TestServer> {
  const server = await startTestServer({
    DATABASE_URL: requireEnv("TEST_DATABASE_URL"),
    NEXTAUTH_SECRET: `integration-secret-pages-${label}-0123456789`,
  });
  servers.push(server);
  return server;
}

function pagesReady(server: TestServer, except?: number) {
  return server.waitForLog((l) => l.msg === "pages process ready" && l.pid !== except);
}

/** Whether `pid` runs. An exited orphan may linger as a zombie until something reaps it: that counts as gone. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // /proc/<pid>/stat: "pid (comm) state ..."; state Z is a zombie.
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return process.platform !== "linux";
  }
}

/** Resolves once `pid` is gone; a process that is not this one's child can't be awaited, only looked at. */
async function gone(pid: number, timeoutMs = 10_000): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (alive(pid)) {
    if (performance.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

describe("pages process", () => {
  it("serves pages through the server: its CSP nonce reaches Next, sign-in cookies and bodies pass both ways", async () => {
    const server = await start("serve");
    const ready = await pagesReady(server);
    expect(ready.pid).not.toBe(server.proc.pid);

    const page = await fetch(`${server.url}/signin`, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    const csp = page.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    const html = await page.text();
    // Next stamped its inline scripts with the nonce this process put in the request.
    expect(html).toContain(`nonce="${nonce}"`);
    expect(page.headers.get("x-frame-options")).toBe("DENY");

    // A static chunk arrives whole (streamed through, length as announced).
    const chunk = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
    expect(chunk).toBeTruthy();
    const asset = await fetch(`${server.url}${chunk}`);
    expect(asset.status).toBe(200);
    const bytes = Buffer.from(await asset.arrayBuffer());
    expect(bytes.length).toBeGreaterThan(0);
    const announced = asset.headers.get("content-length");
    if (announced) expect(bytes.length).toBe(Number(announced));

    // A JSON body in (sign-up), a form body in and session cookies out (sign-in).
    const user = newUser("pages");
    expect((await signUp(server.url, user)).status).toBe(201);
    const { session } = await signIn(server.url, user.email, user.password);
    expect(session?.userId).toBeTruthy();
    const dashboard = await fetch(`${server.url}/dashboard`, { headers: { cookie: session!.cookie } });
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toContain("New interview");

    // A websocket upgrade for anything but socket.io is refused at once in production (no hot reload here).
    const answer = await new Promise<string>((resolve, reject) => {
      const conn = net.connect(server.port, "127.0.0.1", () =>
        conn.write(
          "GET /_next/hmr HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
            "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
        ),
      );
      let text = "";
      conn.on("data", (d) => {
        text += d;
      });
      conn.on("close", () => resolve(text));
      conn.on("error", reject);
    });
    expect(answer.split("\r\n")[0]).toBe("HTTP/1.1 404 Not Found");
  });

  it("restarts a pages process that dies, answering 503 meanwhile, while live rooms carry on", async () => {
    const server = await start("restart");
    const first = await pagesReady(server);
    const { int, cand, interviewer } = await openPairedRoom(server.url, "pages-restart");
    clients.push(int, cand);

    process.kill(Number(first.pid), "SIGKILL");
    const exited = await server.waitForLog((l) => l.msg === "pages process exited; restarting it");
    expect(exited.signal).toBe("SIGKILL");

    // While it is down: pages and Next's API answer 503 with a reason, and the room still takes ops.
    const page = await fetch(`${server.url}/dashboard`, {
      headers: { accept: "text/html", cookie: interviewer.cookie },
    });
    expect(page.status).toBe(503);
    expect(page.headers.get("retry-after")).toBe("2");
    expect(await page.text()).toContain("Live rooms are not affected");
    const api = await fetch(`${server.url}/api/auth/session`);
    expect(api.status).toBe(503);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe("unavailable");
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(503);
    expect(((await health.json()) as { pages: { status: string } }).pages.status).toBe("restarting");

    int.submit({ type: "chat.post", text: "still here" });
    cand.submit({ type: "chat.post", text: "me too" });
    await int.until(() => int.settled() && cand.settled(), 10_000, "both settled");
    await cand.until(() => cand.sync.state?.chat.length === 2, 10_000, "candidate has both messages");
    // The server logged the exit before any of this, and the new process is ready only afterwards.
    expect(server.logs.some((l) => l.msg === "pages process ready" && l.pid !== first.pid)).toBe(false);

    await pagesReady(server, Number(first.pid));
    const back = await fetch(`${server.url}/dashboard`, { headers: { cookie: interviewer.cookie } });
    expect(back.status).toBe(200);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    // Nobody's socket dropped.
    expect(server.logs.filter((l) => l.msg === "socket disconnected")).toEqual([]);
  });

  it("never outlives its server: a graceful stop closes it and its socket, a SIGKILLed server takes it along", async () => {
    const graceful = await start("graceful");
    const a = await pagesReady(graceful);
    expect(typeof a.socket).toBe("string");
    expect(existsSync(String(a.socket))).toBe(true);
    expect(await graceful.stop("SIGTERM")).toBe(0);
    expect(alive(Number(a.pid))).toBe(false);
    expect(existsSync(path.dirname(String(a.socket)))).toBe(false);

    const killed = await start("killed");
    const b = await pagesReady(killed);
    await killed.stop("SIGKILL");
    expect(await gone(Number(b.pid))).toBe(true);
    // It removed its private directory on the way out, since its server no longer could.
    expect(existsSync(path.dirname(String(b.socket)))).toBe(false);
  });
});
