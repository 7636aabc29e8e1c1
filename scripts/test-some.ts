// `npx tsx scripts/test-some.ts <vitest args…>`: some integration (or unit) test files against a fresh scratch
// database, the way `npm test` prepares one (TEST_DATABASE_URL or DATABASE_URL names the server; the scratch
// database is dropped afterwards). For working on a few tests; `npm test` stays the whole suite.
import { spawn } from "node:child_process";
import path from "node:path";
import { applyMigrations } from "../server/db/migrate";
import { createScratchDatabase } from "../tests/fixtures/database";

const root = path.resolve(import.meta.dirname, "..");
const adminUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
if (!adminUrl) {
  console.error("Set TEST_DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/test).");
  process.exit(2);
}
const scratch = await createScratchDatabase(adminUrl, "quorum_some");
await applyMigrations(scratch.url);
const code = await new Promise<number>((resolve) => {
  const child = spawn(path.join(root, "node_modules", ".bin", "vitest"), ["run", ...process.argv.slice(2)], {
    cwd: root,
    stdio: "inherit",
    env: {
      ...process.env,
      TEST_DATABASE_URL: scratch.url,
      TEST_ADMIN_DATABASE_URL: adminUrl,
      NEXT_TELEMETRY_DISABLED: "1",
      PW_CHROMIUM_PATH: process.env.PW_CHROMIUM_PATH ?? "/usr/bin/chromium",
    },
  });
  child.on("exit", (c) => resolve(c ?? 1));
});
await scratch.drop().catch(() => {});
process.exit(code);
