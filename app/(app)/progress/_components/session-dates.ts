// Dates are shown in UTC, like the dashboard and history, so the server's time zone never changes a label.
const SHORT = new Intl.DateTimeFormat("en", { month: "short", day: "numeric", timeZone: "UTC" });

/** "Nov 2", for axis labels and column headers. */
export function shortDate(at: number): string {
  return SHORT.format(at);
}

/** "2026-11-02", for tables. */
export function isoDate(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}
