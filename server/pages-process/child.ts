import { rmSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import next from "next";
import { PROJECT_ROOT } from "../config";
import { PAGES_PROCESS } from "../constants";
import { disconnectPrisma } from "../db/client";
import { closePool } from "../db/pool";
import { errorFields, log } from "../log";
import { type TPagesMessage, ZPagesCommand } from "./messages";

// The pages process: Next.js (pages, next-auth, route handlers) on a private socket, started and fed by the
// server process (supervisor.ts). The server process keeps the live rooms, so Next's rendering, heap and
// collections never stall a room's ops. Requests arrive with the headers the server process set (client
// address, path, CSP nonce); only that process can reach this socket.

function send(message: TPagesMessage) {
  process.send?.(message);
}

async function main() {
  const socketPath = process.env.QUORUM_PAGES_SOCKET;
  if (!socketPath || !process.send) {
    console.error("the pages process is started by the server (server/index.ts), not on its own");
    process.exit(2);
  }
  const t = performance.now();
  // Until Next.js serves there is nothing to finish: a close command ends this process at once.
  let close: () => Promise<void> = async () => process.exit(0);
  process.on("message", (raw) => {
    const command = ZPagesCommand.safeParse(raw);
    if (!command.success) log.warn("pages process: unknown command ignored");
    else if (command.data.type === "close") void close();
  });
  // The server process went away without asking (SIGKILL, crash): nobody can reach this socket any more, and
  // nobody else will remove the private directory the server made for it.
  process.on("disconnect", () => {
    if (process.platform !== "win32") rmSync(path.dirname(socketPath), { recursive: true, force: true });
    process.exit(0);
  });
  // A terminal's Ctrl-C reaches the whole process group; the server process decides when this one stops.
  process.on("SIGINT", () => {});
  process.on("SIGTERM", () => {});

  const dev = !!process.env.QUORUM_DEV;
  const nextApp = next({
    dev,
    dir: PROJECT_ROOT,
    hostname: process.env.QUORUM_PUBLIC_HOST,
    port: Number(process.env.QUORUM_PUBLIC_PORT) || undefined,
  });
  await nextApp.prepare();
  const handle = nextApp.getRequestHandler();

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log.error("page request failed", { path: req.url, ...errorFields(err) });
      if (!res.headersSent) res.writeHead(500).end("Internal error");
      else res.destroy();
    });
  });
  // Outlives the server process's idle pooled connections, so it never closes one that is about to be reused.
  server.keepAliveTimeout = PAGES_PROCESS.idleSocketMs * 2;
  // Development: Next attaches its hot-reload websocket's upgrade handler to this server at the first request.
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socketPath, () => resolve());
  });

  let closing = false;
  close = async () => {
    if (closing) return;
    closing = true;
    // A development server holds nothing worth waiting for (its bundler can take seconds to wind down).
    if (dev) process.exit(0);
    // The server process stopped sending requests before it asked; let the ones in flight finish.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await closed;
    await nextApp.close?.().catch(() => {});
    await disconnectPrisma();
    await closePool();
    process.exit(0);
  };
  log.debug("pages ready", { ms: Math.round(performance.now() - t), dev });
  send({ type: "ready" });
}

main().catch((err) => {
  log.error("pages process failed to start", errorFields(err));
  process.exit(1);
});
