import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// lib/ is replayed on the server and in both browsers: a clock, randomness or platform import would make two
// folds of the same log differ, or break the browser bundle. The linter enforces it for every file of lib/
// (biome.json's override: restricted imports and globals; `biome ci` in CI). This test checks that the override
// is there, and covers what a lint rule can't name: Math.random (Math itself is fine).

const root = path.resolve(import.meta.dirname, "../..");

function filesIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory()
      ? filesIn(path.join(dir, d.name))
      : d.name.endsWith(".ts")
        ? [path.join(dir, d.name)]
        : [],
  );
}

describe("lib/ is pure", () => {
  it("the linter restricts lib/'s imports and globals", () => {
    const config = JSON.parse(readFileSync(path.join(root, "biome.json"), "utf8"));
    const lib = config.overrides.find((o: { includes: string[] }) => o.includes.includes("lib/**"));
    const style = lib.linter.rules.style;
    const groups: string[] = style.noRestrictedImports.options.patterns.flatMap(
      (p: { group: string[] }) => p.group,
    );
    for (const banned of ["node:*", "next", "react", "socket.io", "@prisma/*", "pg", "**/server/**"])
      expect(groups).toContain(banned);
    const globals = Object.keys(style.noRestrictedGlobals.options.deniedGlobals);
    for (const banned of ["Date", "performance", "setTimeout", "process", "fetch", "window", "crypto"])
      expect(globals).toContain(banned);
  });

  const files = filesIn(path.join(root, "lib"));
  it("holds files to check", () => expect(files.length).toBeGreaterThan(50));
  it.each(files.map((f) => [path.relative(root, f)]))("%s draws no Math.random", (file) => {
    expect(readFileSync(path.join(root, file), "utf8")).not.toMatch(/Math\.random\s*\(/);
  });
});
