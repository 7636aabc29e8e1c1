// Builds the Next.js app when (and only when) its inputs changed since the last build, so `npm start` is fast
// on the second run and never serves a stale build. The fingerprint is a hash of every input file's content.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const INPUT_DIRS = ["app", "lib", "server", "public", "types"];
const INPUT_FILES = [
  "next.config.js",
  "instrumentation-client.ts",
  "postcss.config.mjs",
  "tsconfig.json",
  "package-lock.json",
  "prisma/schema.prisma",
];
const SKIP = new Set(["node_modules", ".next", "generated", "excalidraw-assets"]);

function walk(dir, out) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.isFile()) out.push(full);
  }
}

export function fingerprint() {
  const files = [];
  for (const d of INPUT_DIRS) walk(path.join(root, d), files);
  for (const f of INPUT_FILES) if (existsSync(path.join(root, f))) files.push(path.join(root, f));
  files.sort();
  const h = createHash("sha256");
  for (const f of files) {
    h.update(path.relative(root, f));
    h.update("\0");
    h.update(readFileSync(f));
    h.update("\0");
  }
  return h.digest("hex");
}

const stamp = path.join(root, ".next", "quorum-build-fingerprint");
const want = fingerprint();
const have =
  existsSync(stamp) && existsSync(path.join(root, ".next", "BUILD_ID")) ? readFileSync(stamp, "utf8") : "";
if (have === want && !process.argv.includes("--force")) {
  console.log(`build is up to date (${statSync(stamp).mtime.toISOString()})`);
  process.exit(0);
}
console.log(have ? "sources changed: rebuilding" : "no build yet: building");
spawnSync(process.execPath, [path.join(root, "scripts/copy-excalidraw-assets.mjs")], { stdio: "inherit" });
const t = Date.now();
const r = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
});
if (r.status !== 0) process.exit(r.status ?? 1);
writeFileSync(stamp, want);
console.log(`build finished in ${((Date.now() - t) / 1000).toFixed(1)} s`);
