// `npm run bench [name-filter]`: runs every bench/*.bench.ts, prints one table, writes bench/results/<time>.json
// and bench/results/latest.json. Targets come from the issues; the table says whether each was met.
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { missingNodeFlags, SERVER_NODE_FLAGS } from "../server/node-flags";
import type { Bench, BenchResult } from "./types";

// This process is the load generator, and it shares the machine with the servers it measures. It runs with the
// servers' V8 flags (a larger young generation, no memory reducer), so that its own collections, which delay
// whichever system is being measured, are as few as the servers' are. Started without them (`npx tsx ...`),
// it runs itself again with them.
if (missingNodeFlags().length > 0 && !process.env.QUORUM_BENCH_FLAGGED) {
  const again = spawn(
    process.execPath,
    [...SERVER_NODE_FLAGS, "--import", "tsx", fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    { stdio: "inherit", env: { ...process.env, QUORUM_BENCH_FLAGGED: "1" } },
  );
  process.exit(await new Promise<number>((resolve) => again.on("exit", (code) => resolve(code ?? 1))));
}

const dir = import.meta.dirname;
const filter = process.argv[2];
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts") && (!filter || f.includes(filter)))
  .sort();

const rows: (BenchResult & { file: string })[] = [];
for (const file of files) {
  process.stdout.write(`running ${file}…\n`);
  const mod = (await import(path.join(dir, file))) as { default: Bench };
  try {
    for (const r of await mod.default()) rows.push({ file, ...r });
  } catch (err) {
    rows.push({
      file,
      name: "(failed)",
      value: Number.NaN,
      unit: "",
      notes: err instanceof Error ? err.message : String(err),
      ok: false,
    });
  }
}

const fmt = (v: number) =>
  Number.isNaN(v)
    ? "—"
    : v >= 1000
      ? Math.round(v).toLocaleString("en-US")
      : String(Math.round(v * 100) / 100);
const table = [
  ["benchmark", "value", "unit", "target", "met"],
  ...rows.map((r) => [
    `${r.file.replace(".bench.ts", "")}: ${r.name}`,
    fmt(r.value),
    r.unit,
    r.target ?? "",
    r.ok === undefined ? "" : r.ok ? "yes" : "NO",
  ]),
];
const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
console.log("");
for (const [i, row] of table.entries()) {
  console.log(row.map((c, j) => (j === 1 ? c.padStart(widths[j]!) : c.padEnd(widths[j]!))).join("  "));
  if (i === 0) console.log(widths.map((w) => "-".repeat(w)).join("  "));
}
for (const r of rows.filter((r) => r.notes)) console.log(`note (${r.name}): ${r.notes}`);

const out = {
  time: new Date().toISOString(),
  machine: {
    cpus: os.cpus().length,
    model: os.cpus()[0]?.model,
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  },
  results: rows,
};
const resultsDir = path.join(dir, "results");
mkdirSync(resultsDir, { recursive: true });
const stamp = out.time.replace(/[:.]/g, "-");
writeFileSync(path.join(resultsDir, `${stamp}.json`), `${JSON.stringify(out, null, 2)}\n`);
writeFileSync(path.join(resultsDir, "latest.json"), `${JSON.stringify(out, null, 2)}\n`);
console.log(`\nwrote bench/results/${stamp}.json`);
process.exit(rows.some((r) => r.ok === false) ? 1 : 0);
