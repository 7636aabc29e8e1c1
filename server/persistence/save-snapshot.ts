import type pg from "pg";
import { ROOM_STATE_VERSION, type RoomViews } from "../../lib/room";
import { getPool } from "../db/pool";
import { log } from "../log";

/** Snapshots kept per room: the newest ones serve loads and late joins. */
const KEEP = 10;

// One statement: the insert, and the trim to the newest KEEP (the delete sees the rows as they were before
// this statement, so it keeps KEEP - 1 of them beside the new one). Its text never changes: each pooled
// connection plans it once.
const SAVE_SQL = `WITH ins AS (
  INSERT INTO "RoomSnapshot" ("roomId", seq, version, state) VALUES ($1, $2, $3, $4::jsonb)
  ON CONFLICT DO NOTHING RETURNING seq
)
DELETE FROM "RoomSnapshot" WHERE "roomId" = $1 AND seq < (
  SELECT min(seq) FROM (SELECT seq FROM "RoomSnapshot" WHERE "roomId" = $1 ORDER BY seq DESC LIMIT $5) AS newest
)`;

/** Stores both seats' views (lib/room/views.ts) at the full log's `seq`. */
export async function saveSnapshot(views: RoomViews, pool: pg.Pool = getPool()): Promise<void> {
  const { roomId, seq } = views.full;
  await pool.query({
    name: "quorum-save-snapshot",
    text: SAVE_SQL,
    values: [roomId, seq, ROOM_STATE_VERSION, JSON.stringify(views), KEEP - 1],
  });
}

/**
 * Snapshots are an optimisation (a load folds fewer events), never on a user's path: they are written one at
 * a time, in the background, so that many rooms crossing a snapshot boundary together (or one room with a
 * heavy board) cannot stall the event loop or crowd out the event log's writes. A room with a snapshot still
 * waiting gets its newer state written instead of both.
 */
export class SnapshotWriter {
  private readonly waiting = new Map<string, RoomViews>();
  private running: Promise<void> | null = null;

  constructor(private readonly save: (views: RoomViews) => Promise<void> = saveSnapshot) {}

  enqueue(views: RoomViews): void {
    const queued = this.waiting.get(views.full.roomId);
    if (queued && queued.full.seq >= views.full.seq) return;
    this.waiting.set(views.full.roomId, views);
    this.running ??= this.run();
  }

  /** Resolves once every snapshot enqueued so far has been written (or has failed). */
  async drain(): Promise<void> {
    while (this.running) await this.running;
  }

  get pending(): number {
    return this.waiting.size;
  }

  private async run(): Promise<void> {
    try {
      for (const [roomId, state] of this.waiting) {
        this.waiting.delete(roomId);
        // Let the ops that arrived meanwhile go first: a snapshot's serialisation can take a while.
        await new Promise((r) => setImmediate(r));
        try {
          await this.save(state);
        } catch (err) {
          log.warn("snapshot failed", { room: roomId, seq: state.full.seq, err: (err as Error).message });
        }
      }
    } finally {
      this.running = null;
    }
  }
}
