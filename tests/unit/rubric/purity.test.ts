import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The question bank and rubric ship to the browser and are used by the server to decide what a candidate
// may see; they must stay plain data and pure functions.
const root = path.join(import.meta.dirname, "../../../lib");
const FORBIDDEN: [RegExp, string][] = [
  [/from\s+["']node:/, "node: built-ins"],
  [/from\s+["'](next|react|socket\.io|@prisma|@excalidraw)/, "framework or browser packages"],
  [/Math\.random\s*\(/, "Math.random"],
  [/Date\.now\s*\(|new Date\s*\(/, "the clock"],
  [/performance\.now\s*\(/, "the clock"],
];

const files = ["questions", "questions/prompts", "rubric"].flatMap((dir) =>
  readdirSync(path.join(root, dir))
    .filter((f) => f.endsWith(".ts"))
    .map((f) => path.join(dir, f)),
);

describe("lib/questions and lib/rubric are pure", () => {
  for (const file of files) {
    it(file, () => {
      const source = readFileSync(path.join(root, file), "utf8");
      for (const [pattern, what] of FORBIDDEN)
        expect(pattern.test(source), `${file} uses ${what}`).toBe(false);
    });
  }
});
