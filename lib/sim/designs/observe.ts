import type { DesignContext } from "../types";

/** The usual `observe` for a design whose nodes hold one value per key: node id → key → [value]. */
export function observeRegisters(
  ctx: DesignContext,
  members: readonly number[],
  valuesOf: (node: number) => Record<string, number>,
): Record<string, Record<string, number[]>> {
  const out: Record<string, Record<string, number[]>> = {};
  for (const m of members) {
    const values = valuesOf(m);
    const view: Record<string, number[]> = {};
    for (const k of Object.keys(values)) view[k] = [values[k] as number];
    out[ctx.nodeId(m)] = view;
  }
  return out;
}
