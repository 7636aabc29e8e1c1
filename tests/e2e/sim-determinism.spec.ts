import path from "node:path";
import { expect, test } from "@playwright/test";
import { build } from "esbuild";
import { PROBE_DESIGNS, runDesignProbes, runDeterminismProbe } from "../../lib/sim/probe";

// The simulator must give the same state, bit for bit, on the server and in every browser (replay and the live
// room depend on it). The probe scenario (Raft with a workload, clock skew, loss, a crash, a partition, a heal)
// is bundled for the browser and run in Chromium; its per-step state hashes must equal Node's.
test("the simulator computes the same state hashes in Chromium as in Node", async ({ page }) => {
  const bundle = await build({
    entryPoints: [path.resolve(import.meta.dirname, "../../lib/sim/probe.ts")],
    bundle: true,
    write: false,
    format: "iife",
    globalName: "QuorumSimProbe",
    platform: "browser",
    target: "es2022",
  });
  const code = bundle.outputFiles[0]!.text;
  // Nothing Node-only may sneak into the bundle.
  expect(code).not.toMatch(/require\(["'](fs|crypto|path|node:)/);

  const inNode = runDeterminismProbe();
  await page.setContent("<!doctype html><title>sim probe</title>");
  await page.addScriptTag({ content: code });
  const inBrowser = await page.evaluate(() =>
    (
      window as unknown as { QuorumSimProbe: { runDeterminismProbe(): string[] } }
    ).QuorumSimProbe.runDeterminismProbe(),
  );

  expect(inNode.length).toBeGreaterThanOrEqual(20);
  expect(new Set(inNode).size).toBeGreaterThan(10); // the state really changes from step to step
  expect(inBrowser).toEqual(inNode);

  // Every design, through the same faults.
  const designsInNode = runDesignProbes();
  const designsInBrowser = await page.evaluate(() =>
    (
      window as unknown as { QuorumSimProbe: { runDesignProbes(): Record<string, string[]> } }
    ).QuorumSimProbe.runDesignProbes(),
  );
  expect(Object.keys(designsInNode)).toEqual(Object.keys(PROBE_DESIGNS));
  for (const [name, hashes] of Object.entries(designsInNode))
    expect(new Set(hashes).size, `${name}'s state changes from step to step`).toBeGreaterThan(10);
  expect(designsInBrowser).toEqual(designsInNode);
});
