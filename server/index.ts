import { type RunningServer, startQuorum } from "./app";
import { loadServerEnv } from "./config";
import { errorFields, log } from "./log";
import { missingNodeFlags } from "./node-flags";

// The process entry point: start, then shut down gracefully on SIGINT/SIGTERM (a second signal forces exit).

async function main() {
  // A variable set to an empty string means "not set" (next-auth, for one, would try to parse "" as a URL).
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && v.trim() === "") delete process.env[k];
  let env: ReturnType<typeof loadServerEnv>;
  try {
    env = loadServerEnv();
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(2);
  }
  const penv = process.env as Record<string, string | undefined>;
  if (env.QUORUM_DEV) penv.NODE_ENV = "development";
  else penv.NODE_ENV ??= "production";

  // Handlers first: a signal during start-up (or just after "listening") still gets a graceful shutdown, once
  // there is something to shut down; a second signal exits at once.
  let server: RunningServer | undefined;
  let stopAfterStart: NodeJS.Signals | undefined;
  let signals = 0;
  const stop = (running: RunningServer, signal: NodeJS.Signals) =>
    running.close(signal).then(
      () => process.exit(0),
      (err) => {
        log.error("shutdown failed", errorFields(err));
        process.exit(1);
      },
    );
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      log.warn("second signal: exiting now", { signal });
      process.exit(1);
    }
    if (server) void stop(server, signal);
    else stopAfterStart = signal;
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  server = await startQuorum(env);
  if (stopAfterStart) {
    void stop(server, stopAfterStart);
    return;
  }
  const missing = missingNodeFlags();
  if (missing.length > 0 && !env.QUORUM_DEV)
    log.warn("started without the server's V8 flags (npm start passes them)", { missing: missing.join(" ") });
  if (!process.env.LOG_FORMAT && process.stdout.isTTY) console.log(`\n  Quorum is ready on ${server.url}\n`);
}

main().catch((err) => {
  log.error("failed to start", errorFields(err));
  process.exit(1);
});
