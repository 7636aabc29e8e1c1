// Runs `prisma generate` on any machine, including ones that cannot download Prisma's native schema engine.
// `generate` never runs that engine, but the CLI insists that the binary exists, so when it is missing we point
// PRISMA_SCHEMA_ENGINE_BINARY at a file that surely exists (node itself).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1" };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) {
  let hasEngine = false;
  try {
    const { getEnginesPath } = require("@prisma/engines");
    const dir = getEnginesPath();
    hasEngine = (require("node:fs").readdirSync(dir) ?? []).some((f) => f.startsWith("schema-engine"));
  } catch {
    hasEngine = false;
  }
  if (!hasEngine) env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
}
const cli = require.resolve("prisma/build/index.js");
if (!existsSync(cli)) {
  console.error("prisma CLI not found; run npm install");
  process.exit(1);
}
const r = spawnSync(process.execPath, [cli, "generate"], { stdio: "inherit", env });
process.exit(r.status ?? 1);
