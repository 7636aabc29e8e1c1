import type { StoredBody } from "../event-versions";

/**
 * Version 1 → 2: a board event no longer carries a version of its own. In version 1 a `board.changed` payload was
 * `{ v: 1, op }`, the board's own schema version beside the op (a literal, so the first change to board ops would
 * have made every older board unreadable). Since version 2 the row's event schema version says which shape the
 * op has, like every other event's, and the payload is `{ op }`. Every other event is unchanged. Throws for a
 * board payload version 1 never wrote.
 */
export function v1ToV2(body: StoredBody): StoredBody {
  if (body.kind !== "board.changed" || !isRecord(body.payload)) return body;
  const { v, ...rest } = body.payload;
  if (v !== 1) throw new Error(`a version 1 board payload says v: 1, not ${JSON.stringify(v) ?? "nothing"}`);
  return { kind: body.kind, payload: rest };
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}
