/** ?t= seconds from the session's start (milliseconds kept), bounded to a day; null when absent or not a time. */
export function parseT(t: string | string[] | undefined): number | null {
  const v = Number(Array.isArray(t) ? t[0] : t);
  return t !== undefined && t !== "" && Number.isFinite(v) && v >= 0 && v <= 86_400
    ? Math.round(v * 1_000) / 1_000
    : null;
}
