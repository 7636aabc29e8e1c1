import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// lib/board is replayed on the server and in both browsers: any clock, randomness or platform import would
// make two folds of the same log differ, or break the browser bundle.
const dir = path.join(import.meta.dirname, "../../../lib/board");
const FORBIDDEN: [RegExp, string][] = [
  [/from\s+["']node:/, "node: built-ins"],
  [/from\s+["'](next|react|socket\.io|@prisma|@excalidraw)/, "framework or browser packages"],
  [/Math\.random\s*\(/, "Math.random"],
  [/Date\.now\s*\(|new Date\s*\(/, "the clock"],
  [/performance\.now\s*\(/, "the clock"],
];

describe("lib/board is pure", () => {
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
    it(file, () => {
      const source = readFileSync(path.join(dir, file), "utf8");
      for (const [pattern, what] of FORBIDDEN)
        expect(pattern.test(source), `${file} uses ${what}`).toBe(false);
    });
  }
});
