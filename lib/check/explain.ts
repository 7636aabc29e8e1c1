import type { Operation } from "./history";

/**
 * Plain-language explanations of anomalies, built from the operations that prove them, for people who have
 * not read Jepsen: what was returned, which acknowledged operation says it should not have been, and when.
 * Times are virtual nanoseconds, shown in seconds with millisecond precision (two operations a few
 * milliseconds apart must not print the same time).
 */
export function atTime(ns: number): string {
  return `t=${(ns / 1_000_000_000).toFixed(3)} s`;
}

function valueText(v: number | null): string {
  return v === null ? "nothing (the key was never written)" : String(v);
}

function returned(read: Operation): string {
  if (read.siblings !== undefined) return `the concurrent versions [${read.siblings.join(", ")}]`;
  return valueText(read.value);
}

export function readName(read: Operation): string {
  return `read #${read.opId} of ${read.key}`;
}

export function writeName(w: Operation): string {
  return `write #${w.opId} (${w.key} = ${w.value})`;
}

function finished(op: Operation): string {
  return op.end === null ? "never confirmed" : `acknowledged at ${atTime(op.end)}`;
}

/** How the reader could know `value` was old: who wrote it and that it finished before `newer` began. */
function overwrittenBy(value: number | null, source: Operation | null, newer: Operation): string {
  if (value === null || source === null) return "";
  return ` ${value} had been set by write #${source.opId}, which finished at ${atTime(source.end ?? 0)}, before write #${newer.opId} began at ${atTime(newer.start)}, so ${newer.value} had replaced it.`;
}

export function explainStaleRead(
  read: Operation,
  newer: Operation,
  oldValue: number | null,
  oldSource: Operation | null,
): string {
  return (
    `${cap(readName(read))} began at ${atTime(read.start)} and returned ${returned(read)}, but ${writeName(newer)} ` +
    `had been ${finished(newer)}, before the read began.${overwrittenBy(oldValue, oldSource, newer)}`
  );
}

export function explainIllegalSiblings(read: Operation, older: Operation, newer: Operation): string {
  return (
    `${cap(readName(read))} returned ${older.value} and ${newer.value} as concurrent versions, but they were not ` +
    `concurrent: write #${older.opId} (= ${older.value}) finished at ${atTime(older.end ?? 0)}, before write ` +
    `#${newer.opId} (= ${newer.value}) began at ${atTime(newer.start)}, so ${newer.value} replaced ` +
    `${older.value} and only ${newer.value} should be returned.`
  );
}

export function explainLostWrite(
  write: Operation,
  finalRead: Operation,
  source: Operation | null,
  replicasChecked: boolean,
): string {
  const from =
    source === null
      ? ""
      : `, set by write #${source.opId}, which finished before write #${write.opId} began at ${atTime(write.start)}`;
  const evidence = replicasChecked
    ? `No running replica holds ${write.value} or anything written after it, so no later read can return it.`
    : "No replica state was given, so this rests on that read alone.";
  return (
    `${cap(writeName(write))} was ${finished(write)}, but the last read after every write had finished ` +
    `(#${finalRead.opId}, at ${atTime(finalRead.start)}) returned ${returned(finalRead)}${from}. ${evidence}`
  );
}

export function explainReadYourWrites(read: Operation, own: Operation): string {
  return (
    `Session ${read.session} wrote ${own.key} = ${own.value} (write #${own.opId}, ${finished(own)}), then its ` +
    `own ${readName(read)} at ${atTime(read.start)} returned ${returned(read)}, which is older.`
  );
}

export function explainMonotonicRead(prev: Operation, read: Operation): string {
  return (
    `Session ${read.session} read ${returned(prev)} from ${prev.key} (read #${prev.opId}, finished at ` +
    `${atTime(prev.end ?? 0)}), then its next ${readName(read)} at ${atTime(read.start)} returned ` +
    `${returned(read)}, which was written earlier: the session went back in time.`
  );
}

export function explainDivergence(
  key: string,
  holders: readonly { nodes: string[]; values: string }[],
): string {
  const parts = holders.map(
    (h) => `${h.nodes.join(" and ")} ${h.nodes.length === 1 ? "holds" : "hold"} ${h.values || "nothing"}`,
  );
  return `The replicas still disagree on ${key}: ${parts.join("; ")}. A read may return either, depending on which replica answers.`;
}

export function explainCounterBelow(
  read: Operation,
  value: number,
  acknowledged: number,
  last: Operation | null,
): string {
  const lastText = last === null ? "" : ` (the last, write #${last.opId}, at ${atTime(last.end ?? 0)})`;
  return (
    `${cap(readName(read))} returned ${value}, but increments adding up to ${acknowledged} had been acknowledged ` +
    `before it began at ${atTime(read.start)}${lastText}: it missed at least ${acknowledged - value}.`
  );
}

export function explainCounterAbove(read: Operation, value: number, invoked: number): string {
  return (
    `${cap(readName(read))} returned ${value}, but the increments started before it finished at ` +
    `${atTime(read.end ?? 0)} add up to at most ${invoked}: it counted ${value - invoked} that nobody made.`
  );
}

export function explainCounterFinal(
  key: string,
  nodes: readonly string[],
  value: number,
  low: number,
  high: number,
): string {
  const range = low === high ? `${low}` : `between ${low} and ${high} (some increments' outcome is unknown)`;
  const verdict =
    value < low
      ? `${plural(low - value, "acknowledged increment")} ${low - value === 1 ? "is" : "are"} gone`
      : `${plural(value - high, "increment")} ${value - high === 1 ? "was" : "were"} invented`;
  return `At the end, ${nodes.join(" and ")} ${nodes.length === 1 ? "holds" : "hold"} ${key} = ${value}, but the acknowledged increments make it ${range}: ${verdict}.`;
}

export function explainCounterWentDown(prev: Operation, read: Operation): string {
  return (
    `Session ${read.session} read ${read.key} = ${prev.value ?? 0} (read #${prev.opId}), then its next read ` +
    `#${read.opId} at ${atTime(read.start)} returned ${read.value ?? 0}: a counter that is only ever ` +
    `incremented went down.`
  );
}

/**
 * Why a key is not linearizable: the search's deepest point. `held` is the register's value there, `blocked`
 * the operation that had to take effect next but could not, `others` what else was still open.
 */
export function explainNotLinearizable(
  key: string,
  placed: number,
  total: number,
  held: number | null,
  blocked: Operation,
  others: readonly Operation[],
): string {
  const what =
    blocked.f === "read"
      ? `${readName(blocked)} (${atTime(blocked.start)} to ${atTime(blocked.end ?? 0)}) returned ${returned(blocked)}`
      : `${writeName(blocked)} (${atTime(blocked.start)} to ${atTime(blocked.end ?? 0)})`;
  const rest =
    others.length === 0
      ? "and nothing else still open could have come first"
      : `and none of the operations still open (${others.map((o) => `#${o.opId}`).join(", ")}) fits first either`;
  return (
    `key ${key}: no single order of its ${total} operations matches one copy of the data. At best ${placed} can ` +
    `be placed in an order that respects real time, leaving ${key} = ${valueText(held)}; ${what}, so it ` +
    `cannot come next, ${rest}.`
  );
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
