import { randomUUID } from "node:crypto";
import type { RecordingTrack } from "../../lib/call/recording";
import { getPool } from "../db/pool";

// Recorded call audio (RecordingChunk rows). A track is one recordingId: one person's microphone over one
// recording run; its chunks in index order concatenate to one playable WebM/Ogg file.

/**
 * Stores one chunk. A resent chunk (same recording and index) is kept once. Returns false when the recording id
 * already belongs to someone else in this room.
 */
export async function appendRecordingChunk(c: {
  roomId: string;
  userId: string;
  recordingId: string;
  index: number;
  clockMs: number;
  bytes: Uint8Array;
}): Promise<boolean> {
  const pool = getPool();
  const owner = await pool.query<{ userId: string }>(
    `SELECT "userId" FROM "RecordingChunk" WHERE "roomId" = $1 AND "recordingId" = $2 LIMIT 1`,
    [c.roomId, c.recordingId],
  );
  if (owner.rows[0] && owner.rows[0].userId !== c.userId) return false;
  await pool.query(
    `INSERT INTO "RecordingChunk" (id, "roomId", "userId", "recordingId", index, "clockMs", bytes, "createdAt")
     VALUES ($1, $2, $3, $4, $5, $6, $7, now() AT TIME ZONE 'UTC')
     ON CONFLICT ("roomId", "recordingId", index) DO NOTHING`,
    [randomUUID(), c.roomId, c.userId, c.recordingId, c.index, c.clockMs, Buffer.from(c.bytes)],
  );
  return true;
}

/** The highest index stored for a track of this person, and when it arrived; null when there is none. */
export async function lastChunkOf(
  roomId: string,
  userId: string,
  recordingId: string,
): Promise<{ index: number; at: Date } | null> {
  const r = await getPool().query<{ index: number; at: Date }>(
    `SELECT index, "createdAt" AS at FROM "RecordingChunk"
      WHERE "roomId" = $1 AND "userId" = $2 AND "recordingId" = $3 ORDER BY index DESC LIMIT 1`,
    [roomId, userId, recordingId],
  );
  return r.rows[0] ?? null;
}

/** The room's tracks, oldest first. */
export async function listRecordingTracks(roomId: string): Promise<RecordingTrack[]> {
  const r = await getPool().query<{
    recordingId: string;
    userId: string;
    clockMs: number;
    chunks: string;
    bytes: string;
  }>(
    `SELECT "recordingId", "userId", (array_agg("clockMs" ORDER BY index))[1] AS "clockMs",
            count(*) AS chunks, sum(octet_length(bytes)) AS bytes
       FROM "RecordingChunk" WHERE "roomId" = $1
      GROUP BY "recordingId", "userId" ORDER BY min("createdAt"), "recordingId"`,
    [roomId],
  );
  return r.rows.map((row) => ({
    recordingId: row.recordingId,
    userId: row.userId,
    clockMs: row.clockMs,
    chunks: Number(row.chunks),
    bytes: Number(row.bytes),
  }));
}

/** One track's bytes (its chunks in order), or null when the room has no such track. */
export async function readRecordingTrack(roomId: string, recordingId: string): Promise<Buffer | null> {
  const r = await getPool().query<{ bytes: Buffer }>(
    `SELECT bytes FROM "RecordingChunk" WHERE "roomId" = $1 AND "recordingId" = $2 ORDER BY index`,
    [roomId, recordingId],
  );
  return r.rows.length === 0 ? null : Buffer.concat(r.rows.map((row) => row.bytes));
}

/** Deletes everything `userId` recorded in the room; returns the number of chunks removed. */
export async function deleteRecordingsOf(roomId: string, userId: string): Promise<number> {
  const r = await getPool().query(`DELETE FROM "RecordingChunk" WHERE "roomId" = $1 AND "userId" = $2`, [
    roomId,
    userId,
  ]);
  return r.rowCount ?? 0;
}

// createdAt is a timestamp without time zone holding UTC (as Prisma writes it), whatever the session's zone.

/**
 * Retention: deletes every track whose first chunk was stored before `cutoff` (whole tracks, so no track is
 * left without its header chunk). Returns the number of chunks removed.
 */
export async function sweepRecordings(cutoff: Date): Promise<number> {
  const r = await getPool().query(
    `DELETE FROM "RecordingChunk" c USING (
        SELECT "roomId", "recordingId" FROM "RecordingChunk"
         GROUP BY "roomId", "recordingId" HAVING min("createdAt") < ($1::timestamptz AT TIME ZONE 'UTC')
      ) old
      WHERE c."roomId" = old."roomId" AND c."recordingId" = old."recordingId"`,
    [cutoff.toISOString()],
  );
  return r.rowCount ?? 0;
}
