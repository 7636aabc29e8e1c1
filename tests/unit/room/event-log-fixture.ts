import path from "node:path";

/** Where the recorded stored logs live (scripts/record-event-log.ts writes them; never edit one by hand). */
export const EVENT_LOG_FIXTURES = path.resolve(import.meta.dirname, "../../fixtures/event-logs");

/** A RoomEvent row exactly as Postgres stored it (`at` as ISO text). */
export interface StoredRow {
  seq: number;
  opId: string;
  kind: string;
  actorId: string | null;
  visibility: string;
  at: string;
  payload: unknown;
  v: number;
}

/** A whole interview as stored, and what each reader's replay showed when it was recorded. */
export interface EventLogFixture {
  recordedWith: { eventSchemaVersion: number; date: string };
  roomId: string;
  rows: StoredRow[];
  /** stateHash after every event of each reader's stream (the candidate's renumbered 1, 2, 3…). */
  hashes: { interviewer: string[]; candidate: string[] };
}
