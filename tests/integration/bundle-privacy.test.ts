import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { QUESTION_BANK } from "../../lib/questions/bank";

// The interviewer's material (model answers, red flags) must reach only the interviewer's page, rendered by the
// server. If a client component ever imported the question bank, it would ship to every browser: check the
// production build's browser files for it.
const staticDir = path.resolve(import.meta.dirname, "../../.next/static");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const full = path.join(dir, f);
    return statSync(full).isDirectory() ? files(full) : full.endsWith(".js") ? [full] : [];
  });
}

describe("browser bundle", () => {
  it("contains no interviewer-only text from the question bank", () => {
    const js = files(staticDir).map((f) => readFileSync(f, "utf8"));
    expect(js.length).toBeGreaterThan(5);
    const secrets = QUESTION_BANK.flatMap((q) => [
      ...q.interviewer.followUps.map((f) => f.modelAnswer),
      ...q.interviewer.redFlags,
    ]).map((t) => t.slice(0, 50));
    expect(secrets.length).toBeGreaterThan(20);
    const leaked = secrets.filter((s) => js.some((code) => code.includes(s)));
    expect(leaked).toEqual([]);
    // And the candidate-facing prompt of a question is not there either (the page renders it on the server).
    expect(js.some((code) => code.includes(QUESTION_BANK[0]!.prompt.slice(0, 50)))).toBe(false);
  });
});
