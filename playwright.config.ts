import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { SERVER_ARGS } from "./server/node-flags";

// Debian's chromium when the machine has it (no browser download needed), else Playwright's own.
const executablePath =
  process.env.PW_CHROMIUM_PATH || (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
const PORT = Number(process.env.E2E_PORT ?? 3211);
const databaseUrl = process.env.TEST_DATABASE_URL;
if (!databaseUrl) throw new Error("TEST_DATABASE_URL is not set: run the browser tests through `npm test`");

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: ".quorum/test-results/e2e-artifacts",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // A ceiling for a stuck test, not a speed check: the room spec takes ~21 s on a quiet machine and CI's is shared.
  timeout: 90_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    viewport: { width: 1280, height: 800 },
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        viewport: { width: 1280, height: 800 },
        launchOptions: {
          executablePath,
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
          ],
        },
      },
    },
  ],
  webServer: {
    command: `node ${SERVER_ARGS.join(" ")}`,
    url: `http://localhost:${PORT}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    // Stopped like a real deployment stops it (SIGTERM to the group, then a graceful close that also ends the
    // pages process and removes its socket directory). Without this, Playwright SIGKILLs the whole process group,
    // and the pages process dies before it can clean up.
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      NEXTAUTH_SECRET: "e2e-secret-0123456789abcdefghij",
      NEXTAUTH_URL: "",
      TRUST_PROXY: "1",
      LOG_FORMAT: "json",
      NODE_ENV: "production",
    },
  },
});
