import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { MIGRATIONS_DIR, NO_FILTERS, withSchemaEngine } from "./schema-engine";

/** Reads prisma/migrations the way `prisma migrate deploy` does. */
async function loadMigrations() {
  const entries = (await readdir(MIGRATIONS_DIR, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const lockPath = path.join(MIGRATIONS_DIR, "migration_lock.toml");
  return {
    baseDir: MIGRATIONS_DIR,
    lockfile: {
      path: "migration_lock.toml",
      content: existsSync(lockPath) ? await readFile(lockPath, "utf8") : null,
    },
    shadowDbInitScript: "",
    migrationDirectories: await Promise.all(
      entries.map(async (dir) => ({
        path: dir,
        migrationFile: {
          path: "migration.sql",
          content: {
            tag: "ok" as const,
            value: await readFile(path.join(MIGRATIONS_DIR, dir, "migration.sql"), "utf8"),
          },
        },
      })),
    ),
  };
}

/**
 * Applies every pending migration in prisma/migrations and records it in `_prisma_migrations`, exactly as
 * `prisma migrate deploy` would (so the ordinary CLI keeps working on machines that have the native engine).
 * Returns the names of the migrations it applied.
 */
export async function applyMigrations(connectionString: string): Promise<string[]> {
  const migrationsList = await loadMigrations();
  return withSchemaEngine(connectionString, async (engine) => {
    const out = await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
    return out.appliedMigrationNames;
  });
}
