// `npm run start:cluster`: several Quorum processes on one machine behind a small TCP balancer, sharing one
// Postgres and one Redis, to try the multi-process mode locally. Open http://localhost:$PORT (default 3000).
//   CLUSTER_PROCESSES  processes to start (default 2)
//   REDIS_URL          default redis://127.0.0.1:6379 (it must be running)
//   DATABASE_URL       default: one embedded Postgres under .quorum/pg, shared by all processes
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { Redis } from "ioredis";
import { loadOrCreateSecret } from "../server/auth/secret";
import { dataDir, loadServerEnv } from "../server/config";
import { startEmbeddedPostgres } from "../server/db/embedded";
import { applyMigrations } from "../server/db/migrate";
import { SERVER_ARGS } from "../server/node-flags";
import { startBalancer } from "./tcp-balancer";

const root = path.resolve(import.meta.dirname, "..");
const env = loadServerEnv();
const count = Number(process.env.CLUSTER_PROCESSES ?? 2);
if (!Number.isInteger(count) || count < 1 || count > 16) {
  console.error("CLUSTER_PROCESSES must be a whole number from 1 to 16.");
  process.exit(2);
}
const redisUrl = env.REDIS_URL ?? "redis://127.0.0.1:6379";
const probe = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
try {
  await probe.connect();
  probe.disconnect();
} catch {
  console.error(`Redis is not reachable at ${redisUrl}; start it or set REDIS_URL.`);
  process.exit(2);
}

if (
  spawnSync(process.execPath, [path.join(root, "scripts/ensure-build.mjs")], { stdio: "inherit" }).status !==
  0
)
  process.exit(1);
const dir = dataDir(env);
const embedded = env.DATABASE_URL ? undefined : await startEmbeddedPostgres(dir, env.EMBEDDED_PG_PORT);
const databaseUrl = env.DATABASE_URL ?? embedded!.url;
await applyMigrations(databaseUrl);
// Every process must sign and read the same session cookies.
const secret = env.NEXTAUTH_SECRET ?? (await loadOrCreateSecret(dir)).secret;

const basePort = env.PORT;
const children: ChildProcess[] = [];
for (let i = 1; i <= count; i++) {
  children.push(
    spawn(process.execPath, [...SERVER_ARGS], {
      cwd: root,
      stdio: "inherit",
      env: {
        ...process.env,
        PORT: String(basePort + i),
        DATABASE_URL: databaseUrl,
        REDIS_URL: redisUrl,
        NEXTAUTH_SECRET: secret,
      },
    }),
  );
}
const ports = children.map((_, i) => basePort + 1 + i);
let next = 0;
const lb = await startBalancer(
  () => {
    next = (next + 1) % ports.length;
    return [...ports.slice(next), ...ports.slice(0, next)];
  },
  { port: basePort, host: env.HOST },
);
console.log(
  `Quorum cluster: ${count} processes on ports ${ports.join(", ")}, balanced at http://localhost:${lb.port}`,
);

let stopping = false;
const stop = async (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  await lb.close();
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null) return resolve();
          c.once("exit", () => resolve());
          c.kill(signal);
        }),
    ),
  );
  await embedded?.stop();
  process.exit(0);
};
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
