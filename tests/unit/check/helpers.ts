import type { Operation } from "../../../lib/check/history";

let nextId = 1;

/** `op("a", "w", "x", 1, 0, 10)`: session a writes x ← 1 between t=0 and t=10. end null = unknown outcome. */
export function op(
  session: string,
  f: "r" | "w",
  key: string,
  value: number | null,
  start: number,
  end: number | null,
  status: Operation["status"] = end === null ? "info" : "ok",
): Operation {
  return {
    opId: nextId++,
    process: session,
    session,
    node: session,
    f: f === "r" ? "read" : "write",
    key,
    value,
    status,
    start,
    end,
  };
}

/** A read that returned concurrent versions (vector clocks): `value` is the largest, as the simulator records. */
export function siblingsRead(session: string, key: string, siblings: number[], start: number, end: number) {
  const read = op(session, "r", key, Math.max(...siblings), start, end);
  read.siblings = siblings;
  return read;
}
