// `npm test`: the whole suite on a fresh machine, in one command.
//  1. a database server: TEST_DATABASE_URL or DATABASE_URL when given, else an embedded Postgres under .quorum/;
//     every run gets a new scratch database on it (dropped afterwards), so a user's data is never touched;
//  2. a browser: Debian's /usr/bin/chromium when present, else Playwright's own (installed on demand);
//  3. unit tests, the production build (if sources changed), integration tests, browser tests;
//  4. one closing line, "tests: N passed, N failed", and a non-zero exit on any failure.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";
import { startEmbeddedPostgres } from "../server/db/embedded";
import { applyMigrations } from "../server/db/migrate";
import { createScratchDatabase } from "../tests/fixtures/database";

const root = path.resolve(import.meta.dirname, "..");
const outDir = path.join(root, ".quorum", "test-results");
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

function run(cmd: string, args: string[], env: Record<string, string | undefined> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

type Counts = { passed: number; failed: number; skipped: number; failures: string[] };

/** First line of a failure message, short enough for the summary (CI shows only the tail of the output). */
const firstLine = (message: string) =>
  (
    message
      // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal colour codes in runners' messages
      .replace(/\u001b\[[0-9;]*m/g, "")
      .split("\n")
      .find((l) => l.trim()) ?? ""
  )
    .trim()
    .slice(0, 300);

function vitestCounts(file: string): Counts {
  if (!existsSync(file)) return { passed: 0, failed: 1, skipped: 0, failures: [`no report at ${file}`] };
  const r = JSON.parse(readFileSync(file, "utf8"));
  const failures: string[] = [];
  let brokenFiles = 0;
  for (const f of r.testResults ?? []) {
    const name = path.relative(root, f.name);
    const failing = (f.assertionResults ?? []).filter((t: { status: string }) => t.status === "failed");
    for (const t of failing)
      failures.push(`${name} > ${t.fullName}: ${firstLine(t.failureMessages?.[0] ?? "")}`);
    // A file that failed with no failing test could not be collected (an import error, a failing hook).
    if (f.status === "failed" && failing.length === 0) {
      brokenFiles++;
      failures.push(`${name}: ${firstLine(f.message ?? "failed outside any test")}`);
    }
  }
  return {
    passed: r.numPassedTests ?? 0,
    // numFailedTestSuites would also count every describe block around a failing test: count files instead.
    failed: (r.numFailedTests ?? 0) + brokenFiles,
    skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0),
    failures,
  };
}

type PwSuite = {
  title: string;
  file?: string;
  suites?: PwSuite[];
  specs?: {
    title: string;
    file: string;
    tests: { status: string; results: { error?: { message?: string } }[] }[];
  }[];
};

function playwrightCounts(file: string): Counts {
  if (!existsSync(file)) return { passed: 0, failed: 1, skipped: 0, failures: [`no report at ${file}`] };
  const report = JSON.parse(readFileSync(file, "utf8"));
  const s = report.stats ?? {};
  const failures: string[] = [];
  const walk = (suite: PwSuite) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests) {
        if (t.status === "unexpected" || t.status === "flaky") {
          const error = t.results.find((x) => x.error)?.error?.message ?? "";
          failures.push(`${spec.file} > ${spec.title}: ${firstLine(error)}`);
        }
      }
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of report.suites ?? []) walk(suite);
  for (const e of report.errors ?? []) failures.push(`playwright: ${firstLine(e.message ?? "")}`);
  return {
    passed: s.expected ?? 0,
    // Retries are off, so a "flaky" test can only mean a failure the runner retried anyway: count it as failed.
    failed: (s.unexpected ?? 0) + (s.flaky ?? 0),
    skipped: s.skipped ?? 0,
    failures,
  };
}

function browserPath(): string | undefined {
  if (process.env.PW_CHROMIUM_PATH) return process.env.PW_CHROMIUM_PATH;
  if (existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  if (existsSync(chromium.executablePath())) return undefined; // Playwright's own, already installed
  console.log("No Chromium found: installing Playwright's browser (needs network)…");
  spawnSync(
    process.execPath,
    [path.join(root, "node_modules/@playwright/test/cli.js"), "install", "chromium"],
    { stdio: "inherit" },
  );
  return undefined;
}

async function main() {
  const t0 = Date.now();
  // 1. Database.
  const given = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  let adminUrl = given;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!adminUrl) {
    console.log("No TEST_DATABASE_URL/DATABASE_URL: starting an embedded Postgres for the tests");
    const pg = await startEmbeddedPostgres(path.join(root, ".quorum", "test-db"), 54_339);
    adminUrl = pg.url;
    stopEmbedded = () => pg.stop();
  }
  const scratch = await createScratchDatabase(adminUrl, "quorum_test");
  await applyMigrations(scratch.url);
  console.log(`test database: ${scratch.name} on ${new URL(adminUrl).host}`);

  const env: Record<string, string> = {
    TEST_DATABASE_URL: scratch.url,
    TEST_ADMIN_DATABASE_URL: adminUrl,
    NEXT_TELEMETRY_DISABLED: "1",
    PW_CHROMIUM_PATH: browserPath() ?? "",
  };

  const results: Record<string, Counts & { code: number }> = {};
  try {
    // 2. Unit tests (pure lib/ and small server modules).
    const unitJson = path.join(outDir, "unit.json");
    let code = await run(
      bin("vitest"),
      ["run", "--project", "unit", "--reporter=default", "--reporter=json", `--outputFile.json=${unitJson}`],
      env,
    );
    results.unit = { ...vitestCounts(unitJson), code };

    // 3. Production build (integration and browser tests run against it, like users do).
    code = await run(process.execPath, [path.join(root, "scripts/ensure-build.mjs")], env);
    if (code !== 0) {
      results.build = { passed: 0, failed: 1, skipped: 0, failures: ["the production build failed"], code };
    } else {
      // 4. Integration: real server processes, real Postgres, real socket.io clients.
      const integrationJson = path.join(outDir, "integration.json");
      code = await run(
        bin("vitest"),
        [
          "run",
          "--project",
          "integration",
          "--reporter=default",
          "--reporter=json",
          `--outputFile.json=${integrationJson}`,
        ],
        env,
      );
      results.integration = { ...vitestCounts(integrationJson), code };

      // 5. Browser tests in Chromium, two contexts where two people are involved.
      const e2eJson = path.join(outDir, "e2e.json");
      code = await run(bin("playwright"), ["test", "--reporter=list,json"], {
        ...env,
        PLAYWRIGHT_JSON_OUTPUT_NAME: e2eJson,
      });
      results.e2e = { ...playwrightCounts(e2eJson), code };
    }
  } finally {
    await scratch.drop().catch((err) => console.warn("could not drop the scratch database:", err.message));
    await stopEmbedded?.();
  }

  let passed = 0;
  let failed = 0;
  let skipped = 0;
  // Named after the table, at the end, because CI keeps only the tail of what the suites printed.
  const failures: string[] = [];
  console.log("\nsuite         passed  failed  skipped  exit");
  for (const [name, r] of Object.entries(results)) {
    // A runner that exited non-zero failed, even if its report counted no failing test (e.g. a crash).
    const crashed = r.code !== 0 && r.failed === 0;
    const f = r.failed + (crashed ? 1 : 0);
    passed += r.passed;
    failed += f;
    skipped += r.skipped;
    for (const line of r.failures) failures.push(`  [${name}] ${line}`);
    if (crashed) failures.push(`  [${name}] exited ${r.code} with no failing test in its report`);
    console.log(
      `${name.padEnd(12)}  ${String(r.passed).padStart(6)}  ${String(f).padStart(6)}  ${String(r.skipped).padStart(7)}  ${r.code}`,
    );
  }
  console.log(`total time ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  if (failures.length > 0) console.log(`failed:\n${failures.join("\n")}\n`);
  console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
  process.exit(failed > 0 ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  console.log("tests: 0 passed, 1 failed");
  process.exit(1);
});
