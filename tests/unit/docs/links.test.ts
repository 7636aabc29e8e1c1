import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Every relative link in the README and docs/ points at a file that exists, and every #anchor at a heading of
// that file (GitHub's slugs). Run in the unit suite: it reads only the checkout.

const root = path.resolve(import.meta.dirname, "../../..");
const files = [
  "README.md",
  ...readdirSync(path.join(root, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];

/** GitHub's heading anchor: lower case, punctuation dropped (except - and _), spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, "")
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

function anchorsOf(file: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  let fenced = false;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line.startsWith("```")) fenced = !fenced;
    const m = !fenced && /^#{1,6}\s+(.*)$/.exec(line);
    if (!m) continue;
    const base = slug(m[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

function linksOf(file: string): string[] {
  const text = readFileSync(path.join(root, file), "utf8").replace(/```[\s\S]*?```/g, "");
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((l) => !/^[a-z]+:/i.test(l));
}

describe("documentation links", () => {
  it("finds the README and the docs folder", () => {
    expect(files.length).toBeGreaterThan(3);
    expect(readFileSync(path.join(root, "README.md")).length).toBeLessThan(15_000);
  });

  it.each(files)("%s: every relative link and anchor resolves", (file) => {
    const broken: string[] = [];
    for (const link of linksOf(file)) {
      const [target, anchor] = link.split("#") as [string, string | undefined];
      const resolved = target
        ? path.resolve(path.dirname(path.join(root, file)), target)
        : path.join(root, file);
      if (!existsSync(resolved)) broken.push(`${link}: no such file`);
      else if (anchor && resolved.endsWith(".md") && !anchorsOf(resolved).has(anchor))
        broken.push(`${link}: no heading #${anchor}`);
    }
    expect(broken).toEqual([]);
  });
});
