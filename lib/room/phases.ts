// The interview framework's five steps, with a suggested share of a 45-minute interview.

export interface Phase {
  id: string;
  title: string;
  budgetMinutes: number;
  /** What the step is for, in a line, shown under the phase bar. */
  focus: string;
}

export const PHASES: readonly Phase[] = [
  {
    id: "requirements",
    title: "Requirements",
    budgetMinutes: 5,
    focus: "Agree on scale, and on how fresh reads must be: strong or eventual.",
  },
  {
    id: "high_level",
    title: "High-level design",
    budgetMinutes: 12,
    focus: "Sketch the components and choose a replication strategy.",
  },
  {
    id: "data_model",
    title: "Data model",
    budgetMinutes: 8,
    focus: "Keys, partitioning (hash or range) and how the cluster grows.",
  },
  {
    id: "failures",
    title: "Failure handling",
    budgetMinutes: 12,
    focus: "Crashed nodes and network partitions: who serves, and what they return.",
  },
  {
    id: "tradeoffs",
    title: "Trade-offs",
    budgetMinutes: 8,
    focus: "The CAP and PACELC choices, and what users notice because of them.",
  },
];

export const INTERVIEW_MINUTES = PHASES.reduce((s, p) => s + p.budgetMinutes, 0);

/** "12:05" for 725,000 ms; hours roll into minutes ("75:00"). Negative values are clamped to zero. */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
}
