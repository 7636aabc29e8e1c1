import { describe, expect, test } from "vitest";
import type { Anomaly, AnomalyKind } from "../../../lib/check/anomalies";
import {
  detectDivergence,
  detectLostWrites,
  detectMonotonicReadViolations,
  detectReadYourWritesViolations,
  detectStaleReads,
} from "../../../lib/check/anomalies";
import { detectCounterAnomalies } from "../../../lib/check/counter";
import { atTime } from "../../../lib/check/explain";
import { checkLinearizable } from "../../../lib/check/linearizability";
import { op, siblingsRead } from "./helpers";

const S = 1_000_000_000;

describe("plain-language explanations", () => {
  test("a stale read names what it returned, the write it missed, and when (the issue's example)", () => {
    const w5 = op("a", "w", "x", 5, 0.2 * S, 0.25 * S);
    const w6 = op("b", "w", "x", 6, 1.1 * S, 1.2 * S);
    const r = op("c", "r", "x", 5, 1.3 * S, 1.31 * S);
    const [a] = detectStaleReads([w5, w6, r]);
    expect(a?.explanation).toBe(
      `Read #${r.opId} of x began at t=1.300 s and returned 5, but write #${w6.opId} (x = 6) had been ` +
        `acknowledged at t=1.200 s, before the read began. 5 had been set by write #${w5.opId}, which finished ` +
        `at t=0.250 s, before write #${w6.opId} began at t=1.100 s, so 6 had replaced it.`,
    );
  });

  // One history per kind the checkers produce; each explanation must name the operations behind it.
  const cases: [AnomalyKind, () => Anomaly[]][] = [
    [
      "stale-read",
      () => detectStaleReads([op("a", "w", "x", 1, 0, S), op("b", "r", "x", null, 2 * S, 3 * S)]),
    ],
    [
      "illegal-siblings",
      () =>
        detectStaleReads([
          op("a", "w", "x", 2, 0, S),
          op("b", "w", "x", 1, 2 * S, 9 * S),
          siblingsRead("r", "x", [1, 2], 3 * S, 4 * S),
        ]),
    ],
    [
      "lost-write",
      () =>
        detectLostWrites(
          [
            op("a", "w", "x", 1, 0, S),
            op("b", "w", "x", 2, 2 * S, 3 * S),
            op("c", "r", "x", 1, 5 * S, 6 * S),
          ],
          { n1: { x: [1] } },
        ),
    ],
    [
      "read-your-writes",
      () =>
        detectReadYourWritesViolations([op("a", "w", "x", 1, 0, S), op("a", "r", "x", null, 2 * S, 3 * S)]),
    ],
    [
      "monotonic-reads",
      () =>
        detectMonotonicReadViolations([
          op("w", "w", "x", 1, 0, S),
          op("w", "w", "x", 2, 2 * S, 3 * S),
          op("a", "r", "x", 2, 4 * S, 5 * S),
          op("a", "r", "x", 1, 6 * S, 7 * S),
        ]),
    ],
    [
      "counter-read-range",
      () => detectCounterAnomalies([op("a", "w", "c", 1, 0, S), op("b", "r", "c", 0, 2 * S, 3 * S)]),
    ],
    [
      "counter-monotonic-reads",
      () =>
        detectCounterAnomalies([
          op("a", "w", "c", 1, 0, S),
          op("a", "w", "c", 1, 5 * S, 9 * S),
          op("b", "r", "c", 2, 6 * S, 7 * S),
          op("b", "r", "c", 1, 8 * S, 8.5 * S),
        ]),
    ],
  ];

  test.each(cases)("%s: explained from its operations", (kind, run) => {
    const found = run().filter((a) => a.kind === kind);
    expect(found.length).toBeGreaterThan(0);
    for (const a of found) {
      for (const id of a.opIds) expect(a.explanation).toContain(`#${id}`);
      expect(a.explanation).toMatch(/t=\d+\.\d{3} s/);
      expect(a.explanation).not.toMatch(/undefined|NaN|\(ok\)/);
    }
  });

  test("divergence and a counter's final value say what each replica holds", () => {
    const [d] = detectDivergence({ n1: { x: [1] }, n2: { x: [2] }, n3: { x: [2] } });
    expect(d?.explanation).toContain("n1 holds 1; n2 and n3 hold 2");
    const [f] = detectCounterAnomalies([op("a", "w", "c", 1, 0, S), op("b", "w", "c", 1, 0, S)], {
      finalView: { n1: { c: [1] }, n2: { c: [1] } },
    });
    expect(f?.kind).toBe("counter-final-value");
    expect(f?.explanation).toBe(
      "At the end, n1 and n2 hold c = 1, but the acknowledged increments make it 2: 1 acknowledged increment is gone.",
    );
  });

  test("a key that is not linearizable is explained from the operation that cannot be placed", () => {
    const w = op("a", "w", "x", 1, 0, S);
    const r = op("b", "r", "x", null, 2 * S, 3 * S);
    const result = checkLinearizable([w, r]);
    expect(result.explanation).toBe(
      `key x: no single order of its 2 operations matches one copy of the data. At best 1 can be placed in an ` +
        `order that respects real time, leaving x = 1; read #${r.opId} of x (t=2.000 s to t=3.000 s) returned ` +
        "nothing (the key was never written), so it cannot come next, and nothing else still open could have come first.",
    );
  });

  test("times print to the millisecond", () => {
    expect(atTime(1_204_000_000)).toBe("t=1.204 s");
    expect(atTime(0)).toBe("t=0.000 s");
  });
});
