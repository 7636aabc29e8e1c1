import path from "node:path";
import { startEmbeddedPostgres } from "../server/db/embedded";
import { applyMigrations } from "../server/db/migrate";
import { createScratchDatabase } from "../tests/fixtures/database";

const root = path.resolve(import.meta.dirname, "..");

/**
 * A migrated scratch database for one benchmark: on DATABASE_URL's server when given, else on an embedded
 * Postgres under .quorum/bench-db. `close()` drops it (and stops the embedded server).
 */
export async function benchDatabase(prefix: string): Promise<{ url: string; close(): Promise<void> }> {
  let adminUrl = process.env.DATABASE_URL;
  const embedded = adminUrl
    ? undefined
    : await startEmbeddedPostgres(path.join(root, ".quorum", "bench-db"), 54_359);
  adminUrl ??= embedded!.url;
  const db = await createScratchDatabase(adminUrl, prefix);
  await applyMigrations(db.url);
  return {
    url: db.url,
    async close() {
      await db.drop();
      await embedded?.stop();
    },
  };
}
