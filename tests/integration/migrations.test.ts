import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { applyMigrations } from "../../server/db/migrate";
import { schemaDdl } from "../../server/db/schema-engine";
import { createScratchDatabase, requireEnv } from "../fixtures/database";
import { schemaSnapshot } from "../fixtures/schema-snapshot";

const dropped: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const d of dropped) await d();
});

describe("migrations", () => {
  it("produce exactly the schema that schema.prisma describes", async () => {
    const admin = requireEnv("TEST_ADMIN_DATABASE_URL");
    const viaMigrations = await createScratchDatabase(admin, "quorum_mig");
    const viaSchema = await createScratchDatabase(admin, "quorum_ddl");
    dropped.push(viaMigrations.drop, viaSchema.drop);

    const applied = await applyMigrations(viaMigrations.url);
    expect(applied.length).toBeGreaterThan(0);

    const ddl = await schemaDdl(viaSchema.url);
    expect(ddl).toContain('CREATE TABLE "User"');
    const c = new pg.Client({ connectionString: viaSchema.url });
    await c.connect();
    await c.query(ddl);
    await c.end();

    const [a, b] = await Promise.all([schemaSnapshot(viaMigrations.url), schemaSnapshot(viaSchema.url)]);
    expect(a.length).toBeGreaterThan(5);
    expect(a).toEqual(b);
  });

  it("are recorded like `prisma migrate deploy` and applying them again is a no-op", async () => {
    const admin = requireEnv("TEST_ADMIN_DATABASE_URL");
    const db = await createScratchDatabase(admin, "quorum_rerun");
    dropped.push(db.drop);
    const first = await applyMigrations(db.url);
    const t = performance.now();
    expect(await applyMigrations(db.url)).toEqual([]);
    // The second run must not wait on a lock left behind by the first (it once waited 10 s).
    expect(performance.now() - t).toBeLessThan(5_000);
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const rows = (
      await c.query(
        'SELECT migration_name, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY migration_name',
      )
    ).rows;
    await c.end();
    expect(rows.map((r) => r.migration_name)).toEqual(first);
    expect(rows.every((r) => r.finished_at !== null && r.rolled_back_at === null)).toBe(true);
  });
});
