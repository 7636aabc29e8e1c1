import { describe, expect, test } from "vitest";
import type { ReplicaView } from "../../../lib/check/anomalies";
import { COUNTER_NOT_APPLICABLE, checkHistory } from "../../../lib/check/check-history";
import { detectCounterAnomalies } from "../../../lib/check/counter";
import { op } from "./helpers";

const inc = (session: string, start: number, end: number | null, status?: "ok" | "fail" | "info") =>
  op(session, "w", "c", 1, start, end, status);
const kinds = (ops: ReturnType<typeof op>[], view?: ReplicaView) =>
  detectCounterAnomalies(ops, { finalView: view }).map((a) => a.kind);

describe("counter: a read lies between what was surely added and what could have been", () => {
  test.each([
    ["sees every acknowledged increment", [inc("a", 0, 10), inc("b", 0, 10)], 2, []],
    ["may or may not see one still in flight", [inc("a", 0, 10), inc("b", 50, 500)], 1, []],
    ["the in-flight one may already count", [inc("a", 0, 10), inc("b", 50, 500)], 2, []],
    ["an increment with unknown outcome may count", [inc("a", 0, 10), inc("b", 5, null)], 2, []],
    ["a failed increment never counts", [inc("a", 0, 10), inc("b", 5, 8, "fail")], 2, ["counter-read-range"]],
    ["misses an acknowledged increment", [inc("a", 0, 10), inc("b", 0, 10)], 1, ["counter-read-range"]],
    ["counts one not yet started", [inc("a", 0, 10), inc("b", 200, 210)], 2, ["counter-read-range"]],
  ] as const)("%s", (_n, writes, value, expected) => {
    expect(kinds([...writes, op("r", "r", "c", value, 100, 110)])).toEqual(expected);
  });

  test("a decrement (negative write) lowers the floor while it is in flight", () => {
    const ops = [inc("a", 0, 10), inc("a", 20, 30), op("b", "w", "c", -1, 50, 500)];
    expect(kinds([...ops, op("r", "r", "c", 1, 100, 110)])).toEqual([]);
    expect(kinds([...ops, op("r", "r", "c", 0, 100, 110)])).toEqual(["counter-read-range"]);
  });

  test("the explanation says how many acknowledged increments the read missed", () => {
    const ops = [
      inc("a", 0, 10),
      inc("b", 0, 20),
      inc("c", 30, 40),
      op("r", "r", "c", 1, 1_000_000_000, 1_100_000_000),
    ];
    const [a] = detectCounterAnomalies(ops);
    expect(a?.explanation).toMatch(/returned 1, but increments adding up to 3 had been acknowledged/);
    expect(a?.explanation).toContain("missed at least 2");
    expect(a?.opIds).toEqual([ops[3]?.opId, ops[2]?.opId]);
  });
});

describe("counter: monotonic reads per session", () => {
  test("a session's second read may not be smaller", () => {
    const ops = [inc("a", 0, 10), inc("a", 20, 30), inc("a", 40, 50)];
    const ok = [op("s", "r", "c", 2, 35, 36), op("s", "r", "c", 3, 60, 70)];
    // The second read is within range (it began before the third increment finished) but went down.
    const bad = [op("s", "r", "c", 3, 45, 46), op("s", "r", "c", 2, 47, 48)];
    expect(kinds([...ops, ...ok])).toEqual([]);
    expect(kinds([...ops, ...bad])).toEqual(["counter-monotonic-reads"]);
    expect(kinds([...ops, bad[0]!, { ...bad[1]!, session: "t" }])).toEqual([]);
  });
});

describe("counter: the final value", () => {
  const writes = [inc("a", 0, 10), inc("b", 0, 10), inc("c", 0, 10)];
  test.each([
    ["replicas agree on every acknowledged increment", { n1: { c: [3] }, n2: { c: [3] } }, []],
    [
      "replicas agree on too little: increments lost",
      { n1: { c: [2] }, n2: { c: [2] } },
      ["counter-final-value"],
    ],
    ["replicas still disagree: not yet settled", { n1: { c: [2] }, n2: { c: [3] } }, []],
    ["one replica invents an increment", { n1: { c: [4] }, n2: { c: [3] } }, ["counter-final-value"]],
  ] as const)("%s", (_n, view, expected) => {
    expect(kinds([...writes], view)).toEqual(expected);
  });

  test("an increment with unknown outcome may or may not be in the final value", () => {
    const ops = [...writes, inc("d", 5, null)];
    expect(kinds(ops, { n1: { c: [3] } })).toEqual([]);
    expect(kinds(ops, { n1: { c: [4] } })).toEqual([]);
    expect(kinds(ops, { n1: { c: [5] } })).toEqual(["counter-final-value"]);
    const [a] = detectCounterAnomalies(ops, { finalView: { n1: { c: [1] }, n2: { c: [1] } } });
    expect(a?.explanation).toContain("n1 and n2 hold c = 1");
    expect(a?.explanation).toContain("between 3 and 4");
  });
});

describe("checkHistory picks the checks for the data model", () => {
  // Ten increments all "write 1": as a register, reads of 1 after the first look fine and reads of 3 look
  // like values nobody wrote. As a counter, the read of 1 at the end missed nine increments.
  const ops = [
    ...Array.from({ length: 10 }, (_, i) => inc(`s${i}`, i * 10, i * 10 + 5)),
    op("r", "r", "c", 3, 1000, 1010),
    op("r", "r", "c", 10, 1020, 1030),
  ];

  test("a register check of a counter run says it does not apply", () => {
    const counter = checkHistory(ops, { model: "counter" });
    expect(counter.linearizability?.verdict).toBe("not-applicable");
    expect(counter.notApplicable).toBe(COUNTER_NOT_APPLICABLE);
    expect(counter.anomalies.map((a) => a.kind)).toEqual(["counter-read-range"]);
    expect(counter.anomalies[0]?.opIds[0]).toBe(ops[10]?.opId);
    expect(counter.complete).toBe(true);
  });

  test("the register model would have judged it by values (what it did before)", () => {
    const register = checkHistory(ops, { model: "register" });
    expect(register.linearizability?.verdict).toBe("not-linearizable");
    expect(register.linearizability?.explanation).toContain("no write of this key could have written");
  });
});
