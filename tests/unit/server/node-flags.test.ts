import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { missingNodeFlags, SERVER_NODE_FLAGS } from "../../../server/node-flags";

const root = path.resolve(import.meta.dirname, "../../..");

describe("the server's V8 flags", () => {
  it("are on npm start's command line, before the entry point (NODE_OPTIONS can't carry them)", () => {
    const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    const launch = pkg.scripts.start!.split("&&").at(-1)!.trim().split(/\s+/);
    expect(launch[0]).toBe("node");
    const entry = launch.indexOf("server/index.ts");
    expect(entry).toBeGreaterThan(0);
    for (const flag of SERVER_NODE_FLAGS) {
      expect(launch).toContain(flag);
      expect(launch.indexOf(flag)).toBeLessThan(entry);
    }
  });

  it("names the ones a process was started without", () => {
    expect(missingNodeFlags([...SERVER_NODE_FLAGS, "--import", "tsx"])).toEqual([]);
    expect(missingNodeFlags(["--import", "tsx"])).toEqual([...SERVER_NODE_FLAGS]);
  });
});
