import { type ChildProcess, fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { Duplex } from "node:stream";
import { pipeline } from "node:stream";
import { CLIENT_IP_HEADER, PAGES_PROCESS } from "../constants";
import { sendError } from "../http/json";
import { errorFields, log } from "../log";
import { type TPagesCommand, ZPagesMessage } from "./messages";

// Next.js runs in a child process (child.ts) and this process forwards it every request that is not its
// own (socket.io, the JSON API, /api/health). Why: in one process, every page render, every one of Next's and
// Prisma's allocations and every major collection of their ~100-200 MB heap paused the live rooms' ops as
// well; see the README's Benchmarks. The child listens on a Unix socket in a private directory, so it can
// trust the headers this process sets (client address, path, CSP nonce). If it dies, pages answer 503 while
// it restarts; live rooms keep running.

const ENTRY = path.join(import.meta.dirname, "child.ts");

/** Headers about one hop's connection rather than the message (RFC 9110 §7.6.1): never forwarded. */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

export type TPagesStatus = "starting" | "ok" | "restarting" | "closed";

export interface PagesOptions {
  /** The host and port people reach the server on (Next builds some absolute URLs from them). */
  publicHost: string;
  publicPort: number;
}

/** Answers an upgrade request with `status` and no body, and closes the connection. */
export function refuseUpgrade(socket: Duplex, status: "404 Not Found" | "503 Service Unavailable"): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function forwardable(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  return out;
}

function unavailable(req: IncomingMessage, res: ServerResponse, status: TPagesStatus) {
  const message =
    status === "closed"
      ? "The server is shutting down."
      : "Quorum's pages are restarting. Live rooms are not affected; try again in a moment.";
  res.setHeader("retry-after", "2");
  const accept = req.headers.accept ?? "";
  if (req.url?.startsWith("/api/") || !accept.includes("text/html")) {
    sendError(res, 503, "unavailable", message);
    return;
  }
  res.writeHead(503, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  // A refresh tag rather than a script: the CSP allows no inline script without the page's nonce.
  res.end(
    `<!doctype html><html lang="en"><meta charset="utf-8"><meta http-equiv="refresh" content="2">` +
      `<title>Quorum: back in a moment</title><main><h1>Back in a moment</h1><p>${message}</p></main></html>`,
  );
}

export class PagesProcess {
  private child: ChildProcess | undefined;
  private state: TPagesStatus = "starting";
  private readonly dir: string | undefined;
  private readonly socketPath: string;
  private readonly agent: http.Agent;
  private failures = 0;
  private readyAt = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private firstStart: { resolve: () => void; reject: (err: Error) => void } | undefined;

  private constructor(private readonly opts: PagesOptions) {
    if (process.platform === "win32") {
      this.socketPath = `\\\\.\\pipe\\quorum-pages-${process.pid}-${randomBytes(6).toString("hex")}`;
    } else {
      // mkdtemp makes the directory 0700: nobody else on the machine can connect to the socket inside.
      this.dir = mkdtempSync(path.join(os.tmpdir(), "quorum-pages-"));
      this.socketPath = path.join(this.dir, "next.sock");
    }
    this.agent = new http.Agent({ keepAlive: true, timeout: PAGES_PROCESS.idleSocketMs });
  }

  /** Starts the pages process and resolves once Next.js is ready to serve (rejects if it never gets there). */
  static async start(opts: PagesOptions): Promise<PagesProcess> {
    const pages = new PagesProcess(opts);
    try {
      await new Promise<void>((resolve, reject) => {
        pages.firstStart = { resolve, reject };
        pages.spawn();
      });
    } catch (err) {
      await pages.close();
      throw err;
    }
    return pages;
  }

  status(): TPagesStatus {
    return this.state;
  }

  /** Forwards one request to Next.js and streams its answer back; 503 while the pages process is down. */
  handle(req: IncomingMessage, res: ServerResponse): void {
    if (this.state !== "ok") {
      unavailable(req, res, this.state);
      return;
    }
    const upstream = http.request({
      socketPath: this.socketPath,
      agent: this.agent,
      method: req.method,
      path: req.url,
      headers: forwardable(req.headers),
    });
    upstream.on("response", (answer) => {
      for (const [name, value] of Object.entries(answer.headers))
        if (value !== undefined && !HOP_BY_HOP.has(name)) res.setHeader(name, value);
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage);
      // A child that dies halfway through a page cuts the connection rather than ending a page short.
      pipeline(answer, res, () => {});
    });
    // The browser went away first (a prefetch it dropped, a closed tab): nothing to answer, nothing wrong.
    let abandoned = false;
    upstream.on("error", (err) => {
      if (abandoned) return;
      if (res.headersSent) {
        res.destroy();
        return;
      }
      log.warn("page request not delivered to the pages process", { path: req.url, ...errorFields(err) });
      unavailable(req, res, "restarting");
    });
    res.on("close", () => {
      if (res.writableFinished) return;
      abandoned = true;
      upstream.destroy();
    });
    req.pipe(upstream);
  }

  /**
   * Development only (server/app.ts calls it only then): the bundler's hot-reload websocket goes through to
   * Next. Production pages open no websocket but socket.io's.
   */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.state !== "ok") {
      refuseUpgrade(socket, "503 Service Unavailable");
      return;
    }
    const headers = forwardable(req.headers);
    delete headers[CLIENT_IP_HEADER];
    const lines = [
      `${req.method} ${req.url} HTTP/1.1`,
      "connection: upgrade",
      `upgrade: ${req.headers.upgrade}`,
    ];
    for (const [name, value] of Object.entries(headers))
      for (const v of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${v}`);
    const upstream = net.connect(this.socketPath, () => {
      upstream.write(`${lines.join("\r\n")}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      socket.pipe(upstream).pipe(socket);
    });
    const end = () => {
      socket.destroy();
      upstream.destroy();
    };
    upstream.on("error", end).on("close", end);
    socket.on("error", end).on("close", end);
  }

  /** Asks the pages process to finish its requests and exit; kills it if it has not within the grace period. */
  async close(): Promise<void> {
    if (this.state === "closed") return;
    this.state = "closed";
    clearTimeout(this.restartTimer);
    this.agent.destroy();
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      const command: TPagesCommand = { type: "close" };
      if (child.connected) child.send(command, (err) => err && child.kill("SIGKILL"));
      else child.kill("SIGKILL");
      const timer = setTimeout(() => {
        log.warn("pages process did not stop in time; killing it", { ms: PAGES_PROCESS.closeTimeoutMs });
        child.kill("SIGKILL");
      }, PAGES_PROCESS.closeTimeoutMs);
      await exited;
      clearTimeout(timer);
    }
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }

  private spawn() {
    // A socket file left by a process that died would make the new one's listen fail.
    if (this.dir) rmSync(this.socketPath, { force: true });
    const startedAt = performance.now();
    const child = fork(ENTRY, [], {
      // tsx resolved from here, so the server can be started from any working directory.
      execArgv: ["--import", import.meta.resolve("tsx")],
      env: {
        ...process.env,
        QUORUM_PAGES_SOCKET: this.socketPath,
        QUORUM_PUBLIC_HOST: this.opts.publicHost,
        QUORUM_PUBLIC_PORT: String(this.opts.publicPort),
      },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    this.child = child;
    const startTimer = setTimeout(() => {
      log.error("pages process not ready in time; killing it", { ms: PAGES_PROCESS.startTimeoutMs });
      child.kill("SIGKILL");
    }, PAGES_PROCESS.startTimeoutMs);

    child.on("error", (err) => log.error("pages process error", errorFields(err)));
    child.on("message", (raw) => {
      const message = ZPagesMessage.safeParse(raw);
      if (!message.success || message.data.type !== "ready" || this.child !== child) return;
      clearTimeout(startTimer);
      if (this.state === "closed") return;
      this.state = "ok";
      this.readyAt = performance.now();
      log.info("pages process ready", {
        pid: child.pid,
        socket: this.socketPath,
        ms: Math.round(this.readyAt - startedAt),
      });
      this.firstStart?.resolve();
      this.firstStart = undefined;
    });
    child.on("exit", (code, signal) => {
      clearTimeout(startTimer);
      if (this.child !== child || this.state === "closed") return;
      if (this.firstStart) {
        this.firstStart.reject(
          new Error(
            `the pages process (Next.js) exited before it was ready (code ${code}, signal ${signal})`,
          ),
        );
        this.firstStart = undefined;
        return;
      }
      // A process that ran a good while before it died starts over at the shortest delay.
      const ranMs = this.state === "ok" ? performance.now() - this.readyAt : 0;
      this.failures = ranMs > PAGES_PROCESS.stableAfterMs ? 1 : this.failures + 1;
      const delay = Math.min(
        PAGES_PROCESS.restartMaxDelayMs,
        PAGES_PROCESS.restartDelayMs * 2 ** (this.failures - 1),
      );
      this.state = "restarting";
      log.error("pages process exited; restarting it", { code, signal, restartInMs: delay });
      this.restartTimer = setTimeout(() => this.spawn(), delay);
    });
  }
}
