import { log } from "../log";
import { type EmbeddedDatabase, startEmbeddedPostgres } from "./embedded";
import { applyMigrations } from "./migrate";

export interface PreparedDatabase {
  url: string;
  embedded?: EmbeddedDatabase;
}

/**
 * Decides which Postgres to use (DATABASE_URL, else an embedded server under `dataDir`) and brings its schema
 * up to date. Migrations are idempotent, so this runs on every start.
 */
export async function prepareDatabase(opts: {
  databaseUrl?: string;
  dataDir: string;
  embeddedPort: number;
}): Promise<PreparedDatabase> {
  const embedded = opts.databaseUrl
    ? undefined
    : await startEmbeddedPostgres(opts.dataDir, opts.embeddedPort);
  const url = opts.databaseUrl ?? embedded!.url;
  try {
    const t = performance.now();
    const applied = await applyMigrations(url);
    log.info("database migrated", { applied, ms: Math.round(performance.now() - t), embedded: !!embedded });
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
  return { url, embedded };
}
