import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { SOCKET_PATH } from "../lib/protocol";
import { loadOrCreateSecret } from "./auth/secret";
import { ClusterGateway } from "./cluster/cluster-gateway";
import { APP_VERSION, dataDir, type TServerEnv } from "./config";
import { CLIENT_IP_HEADER, PATH_HEADER, RECORDING_SWEEP_EVERY_MS, SHUTDOWN_GRACE_MS } from "./constants";
import { DATABASE_BUSY_RETRY_MS, isDatabaseBusy } from "./db/busy";
import { disconnectPrisma } from "./db/client";
import { closeEventLogThread, eventLogThread } from "./db/event-log-thread";
import { closePool } from "./db/pool";
import { prepareDatabase } from "./db/prepare";
import { endSessionOnSignOut, handleAccountApi } from "./http/account-api";
import { respondHealth } from "./http/health";
import { sameOrigin, sendError, setRetryAfter } from "./http/json";
import { handleRoomsApi } from "./http/rooms-api";
import { applySecurityHeaders } from "./http/security-headers";
import { handleSharedApi } from "./http/session-log";
import { errorFields, log } from "./log";
import { PagesProcess, refuseUpgrade } from "./pages-process/supervisor";
import { sweepRecordings } from "./persistence/recordings";
import { attachSocketServer, sessionSockets } from "./realtime/io";
import { attachRedisAdapter, type RedisLink } from "./realtime/redis";
import { LocalGateway, type RoomGateway } from "./rooms/gateway";
import { roomRegistry } from "./rooms/registry";
import { closeSimCheckThread } from "./sim-check/thread";

export interface RunningServer {
  url: string;
  port: number;
  close(reason: string): Promise<void>;
}

function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const xff = req.headers["x-forwarded-for"];
    const first = (Array.isArray(xff) ? xff[0] : xff)?.split(",")[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? "unknown";
}

/** Methods that change nothing, so another site may send them (a link, an image). */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The page path a request is for, without Next's internal `_rsc` cache-buster. */
function stripRscParam(url: string): string {
  const q = url.indexOf("?");
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  params.delete("_rsc");
  const rest = params.toString();
  return rest ? `${url.slice(0, q)}?${rest}` : url.slice(0, q);
}

/**
 * Boots Quorum: configuration → database (embedded or DATABASE_URL, migrated) → Next.js in its pages process →
 * one HTTP server carrying socket.io, the JSON API and /api/health, and forwarding the rest to the pages process.
 * `close()` is the graceful shutdown, in reverse order.
 */
export async function startQuorum(env: TServerEnv): Promise<RunningServer> {
  const dev = !!env.QUORUM_DEV;
  const dir = dataDir(env);
  const startedAt = Date.now();

  // Next's route handlers run in the pages process, which inherits this environment, and read these there.
  if (!env.NEXTAUTH_SECRET) {
    const { secret, created } = await loadOrCreateSecret(dir);
    if (created) log.info("generated an auth secret", { file: `${dir}/auth-secret` });
    process.env.NEXTAUTH_SECRET = secret;
  }
  const secret = process.env.NEXTAUTH_SECRET as string;
  // Without a configured public URL, sign-in redirects follow the Host header (localhost, 127.0.0.1, a LAN name).
  if (!env.NEXTAUTH_URL) process.env.AUTH_TRUST_HOST = "1";

  const db = await prepareDatabase({
    databaseUrl: env.DATABASE_URL,
    dataDir: dir,
    embeddedPort: env.EMBEDDED_PG_PORT,
  });
  process.env.DATABASE_URL = db.url;

  let shuttingDown = false;
  let redis: RedisLink | undefined;
  let gateway: RoomGateway | undefined;
  let httpServer: Server | undefined;
  let pages: PagesProcess | undefined;
  try {
    // The event log's database thread loads while Next.js prepares, so the first op does not wait for it.
    eventLogThread().open();
    // Next.js serves the pages from a process of its own, so its rendering and its heap never stall a room.
    const pageServer = await PagesProcess.start({ publicHost: env.HOST, publicPort: env.PORT });
    pages = pageServer;
    // With Redis, one process owns each room and the others forward to it (server/cluster); else all is here.
    const rooms: RoomGateway = env.REDIS_URL
      ? await ClusterGateway.start(roomRegistry(), env.REDIS_URL)
      : new LocalGateway(roomRegistry());
    gateway = rooms;

    const onRequest = (req: IncomingMessage, res: ServerResponse) => {
      const t = performance.now();
      req.headers[CLIENT_IP_HEADER] = clientIp(req, env.TRUST_PROXY);
      req.headers[PATH_HEADER] = stripRscParam(req.url ?? "/");
      res.on("finish", () => {
        const path = req.url ?? "";
        const fields = {
          method: req.method,
          path,
          status: res.statusCode,
          ms: Math.round((performance.now() - t) * 10) / 10,
        };
        if (path.startsWith("/_next/") || path === "/api/health") log.debug("request", fields);
        else log.info("request", fields);
      });
      if (req.method === "GET" && (req.url === "/api/health" || req.url?.startsWith("/api/health?"))) {
        void respondHealth(res, {
          version: APP_VERSION,
          embeddedDb: !!db.embedded,
          redis: redis ? () => redis!.status() : undefined,
          pages: () => pageServer.status(),
          startedAt,
          shuttingDown: () => shuttingDown,
        });
        return;
      }
      if (shuttingDown) res.setHeader("connection", "close");
      // One lock for every state change, ours and Next's (sign-up, sign-in, sign-out) alike: another site's page
      // can't make a signed-in browser act, nor create accounts from it.
      if (!SAFE_METHODS.has(req.method ?? "GET") && !sameOrigin(req)) {
        sendError(res, 403, "forbidden", "Cross-site requests are not allowed.");
        return;
      }
      const path = req.url?.split("?")[0] ?? "/";
      const account = { secret, sockets: sessions };
      const served =
        path.startsWith("/api/rooms") || path.startsWith("/api/invites")
          ? handleRoomsApi(req, res, { secret, rooms })
          : path.startsWith("/api/shared/")
            ? handleSharedApi(req, res)
            : path === "/api/account" || path.startsWith("/api/account/")
              ? handleAccountApi(req, res, account)
              : path === "/api/auth/signout" && req.method === "POST"
                ? endSessionOnSignOut(req, account).then(() => false)
                : Promise.resolve(false);
      void served
        .then((done) => (done ? undefined : pageServer.handle(req, res)))
        .catch((err: unknown) => {
          if (isDatabaseBusy(err)) {
            log.warn("request refused: database busy", { path: req.url, ...errorFields(err) });
            if (res.headersSent) return;
            setRetryAfter(res, DATABASE_BUSY_RETRY_MS);
            return sendError(res, 503, "busy", "The server is busy right now. Try again in a few seconds.");
          }
          log.error("request failed", { path: req.url, ...errorFields(err) });
          if (!res.headersSent) res.writeHead(500).end("Internal error");
        });
    };

    httpServer = createServer(onRequest);
    const io = attachSocketServer(httpServer, { secret, rooms });
    const sessions = sessionSockets(io);
    // Prepended after socket.io attached itself, so it runs first for every request: socket.io's polling
    // responses, the JSON API and Next's pages all carry the same headers (and Next gets its CSP nonce).
    const headerOptions = {
      dev,
      publicHttps: env.NEXTAUTH_URL?.startsWith("https:") ?? false,
      trustProxy: env.TRUST_PROXY,
    };
    httpServer.prependListener("request", (req, res) => applySecurityHeaders(req, res, headerOptions));
    // socket.io answers upgrades on its own path. In development the bundler's hot-reload websocket goes
    // through to the pages process; any other upgrade is refused.
    httpServer.on("upgrade", (req, socket, head) => {
      if (req.url?.startsWith(`${SOCKET_PATH}/`)) return;
      if (dev) pageServer.handleUpgrade(req, socket, head);
      else refuseUpgrade(socket, "404 Not Found");
    });
    if (env.REDIS_URL) redis = await attachRedisAdapter(io, env.REDIS_URL);

    const server = httpServer;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(env.PORT, env.HOST, () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    const url = `http://localhost:${port}`;
    log.info("listening", {
      url,
      port,
      host: env.HOST,
      dev,
      embeddedDb: !!db.embedded,
      redis: !!redis,
      version: APP_VERSION,
    });

    const retention = startRetentionSweep(env.RECORDING_RETENTION_DAYS);

    let closing: Promise<void> | undefined;
    const close = (reason: string) => {
      closing ??= (async () => {
        shuttingDown = true;
        clearInterval(retention);
        log.info("shutting down", { reason });
        const t = performance.now();
        // 1. Stop accepting; tell sockets to go (clients reconnect elsewhere); let in-flight requests finish.
        const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
        io.disconnectSockets(true);
        await new Promise<void>((resolve) => io.close(() => resolve()));
        server.closeIdleConnections();
        const grace = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
        await serverClosed;
        clearTimeout(grace);
        // 2. Flush and close what the process holds, then the database it started.
        await rooms.drain();
        await redis?.close();
        await pageServer.close();
        await disconnectPrisma();
        await closePool();
        await closeEventLogThread();
        await closeSimCheckThread();
        await db.embedded?.stop();
        log.info("stopped", { ms: Math.round(performance.now() - t) });
      })();
      return closing;
    };
    return { url, port, close };
  } catch (err) {
    await gateway?.drain().catch(() => {});
    await redis?.close();
    httpServer?.close();
    await pages?.close();
    await disconnectPrisma();
    await closePool();
    await closeEventLogThread();
    await db.embedded?.stop();
    throw err;
  }
}

/** Deletes recordings older than `days` now and then every RECORDING_SWEEP_EVERY_MS; off when `days` is unset. */
function startRetentionSweep(days: number | undefined): NodeJS.Timeout | undefined {
  if (days === undefined) return undefined;
  const sweep = () => {
    const cutoff = new Date(Date.now() - days * 86_400_000);
    sweepRecordings(cutoff)
      .then((deletedChunks) => log.info("recordings swept", { days, deletedChunks }))
      .catch((err: unknown) => log.error("recording sweep failed", errorFields(err)));
  };
  sweep();
  const timer = setInterval(sweep, RECORDING_SWEEP_EVERY_MS);
  timer.unref();
  return timer;
}
