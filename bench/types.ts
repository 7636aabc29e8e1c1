/** One row of the benchmark table. `value` is in `unit`; `target` (optional) states the goal from the issue. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  target?: string;
  /** Whether the target was met; omitted when there is no target. */
  ok?: boolean;
  notes?: string;
}

/** A benchmark file (`bench/*.bench.ts`) default-exports one of these. */
export type Bench = () => Promise<BenchResult[]>;
