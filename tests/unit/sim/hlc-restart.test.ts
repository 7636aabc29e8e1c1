import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { detectStaleReads } from "../../../lib/check/anomalies";
import { MS } from "../../../lib/sim/constants";
import { SIM_ENGINE_VERSION, type TSimCommandInput } from "../../../lib/sim/schema";
import { simulate } from "../../../lib/sim/simulation";

// A hybrid logical clock exists so that a node whose wall clock is behind still orders its writes after the
// ones it has seen. Its counter lives in memory; what the node stores does not. Issue 22: after a crash the HLC
// restarted at 0, so a node with a slow clock ordered its next write before one it had already stored.

const NODES = ["n1", "n2", "n3"].map((id) => ({ id, region: "eu", dc: `eu-${id}` }));
const design = { kind: "quorum", n: 3, w: 2, r: 2, conflict: "hlc", readRepair: false } as const;

/** n1's clock runs `behindMs` behind. w1 = 1 via n2; then (maybe) n1 crashes and restarts; w2 = 2 via n1; read. */
function run(engine: number | undefined, crash: boolean, behindMs = 400, crashAtMs = 600, downMs = 50) {
  const commands: TSimCommandInput[] = [
    { type: "setClock", at: 0, node: "n1", offsetNs: -behindMs * MS },
    { type: "clientWrite", at: 500 * MS, node: "n2", key: "k0", value: 1 },
    ...(crash
      ? ([
          { type: "crash", at: crashAtMs * MS, node: "n1" },
          { type: "restart", at: (crashAtMs + downMs) * MS, node: "n1" },
        ] as const)
      : []),
    { type: "clientWrite", at: 800 * MS, node: "n1", key: "k0", value: 2 },
    { type: "clientRead", at: 900 * MS, node: "n3", key: "k0" },
  ];
  const sim = simulate({ seed: 3, config: { nodes: NODES, design, engine }, commands }, 1_000 * MS);
  const history = sim.history();
  const oks = history.filter((e) => e.type === "ok");
  return {
    writesAcked: oks.filter((e) => e.f === "write").map((e) => e.value),
    read: oks.find((e) => e.f === "read")?.value,
    stale: detectStaleReads(history).length,
  };
}

describe("HLC across a crash (quorum store, LWW by HLC)", () => {
  test("without a crash, the slow node's later write wins: its HLC had seen the earlier one", () => {
    expect(run(SIM_ENGINE_VERSION, false)).toEqual({ writesAcked: [1, 2], read: 2, stale: 0 });
  });

  test("after a crash and restart, the HLC starts from the newest version the node stores", () => {
    expect(run(SIM_ENGINE_VERSION, true)).toEqual({ writesAcked: [1, 2], read: 2, stale: 0 });
  });

  test("property: whatever the skew and crash timing, a write begun after another completed wins", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 510, max: 700 }),
        fc.integer({ min: 1, max: 40 }),
        (behindMs, crashAtMs, downMs) => {
          const r = run(SIM_ENGINE_VERSION, true, behindMs, crashAtMs, downMs);
          expect(r).toEqual({ writesAcked: [1, 2], read: 2, stale: 0 });
        },
      ),
      { numRuns: 60, seed: 22 },
    );
  });

  test("engine 1 (stored sessions) keeps its old behaviour: the HLC restarted at 0 and the later write lost", () => {
    expect(run(undefined, true)).toEqual({ writesAcked: [1, 2], read: 1, stale: 1 });
  });
});
