import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// lib/call decides what the browser's call does; it runs in the browser and in these tests alike, so it must
// not reach for the clock, randomness, the DOM's media objects or any platform module.
const dir = path.join(import.meta.dirname, "../../../lib/call");
const FORBIDDEN: [RegExp, string][] = [
  [/from\s+["']node:/, "node: built-ins"],
  [/from\s+["'](next|react|socket\.io|@prisma)/, "framework packages"],
  [/Math\.random\s*\(/, "Math.random"],
  [/Date\.now\s*\(|new Date\s*\(|performance\.now\s*\(/, "the clock"],
  [/\bnew\s+(RTCPeerConnection|AudioContext|MediaStream)\b|navigator\./, "browser media objects"],
];

describe("lib/call is pure", () => {
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
    it(file, () => {
      const source = readFileSync(path.join(dir, file), "utf8");
      for (const [pattern, what] of FORBIDDEN)
        expect(pattern.test(source), `${file} uses ${what}`).toBe(false);
    });
  }
});
