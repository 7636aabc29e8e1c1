import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as bg from "@prisma/schema-engine-wasm/schema_engine_bg";

// Prisma's native schema engine cannot be downloaded on every machine (see STACK-NOTES), but its WebAssembly
// build ships inside an npm package and drives Postgres through the same driver adapter as the app. It imports
// the .wasm as an ES module, which Node 20 cannot do, so we instantiate it by hand.

const require = createRequire(import.meta.url);
let loaded: Promise<void> | undefined;

function loadWasm(): Promise<void> {
  loaded ??= (async () => {
    const jsPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bytes = await readFile(path.join(path.dirname(jsPath), "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, {
      "./schema_engine_bg.js": bg as unknown as WebAssembly.ModuleImports,
    });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  return loaded;
}

export const SCHEMA_PATH = path.resolve(import.meta.dirname, "../../prisma/schema.prisma");
export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, "../../prisma/migrations");

/**
 * Runs `fn` with Prisma's schema engine connected to `connectionString`, then frees the engine and closes every
 * connection it opened. (`free()` alone leaves the pool open, and with it the migration advisory lock, which
 * makes the next migration wait ten seconds for it.)
 */
export async function withSchemaEngine<T>(
  connectionString: string,
  fn: (engine: bg.SchemaEngine) => Promise<T>,
): Promise<T> {
  await loadWasm();
  const schema = await readFile(SCHEMA_PATH, "utf8");
  const factory = new PrismaPg({ connectionString });
  const opened: { dispose(): Promise<void> }[] = [];
  const tracking: Parameters<typeof bindMigrationAwareSqlAdapterFactory>[0] = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const a = await factory.connect();
      opened.push(a);
      return a;
    },
    connectToShadowDb: async () => {
      const a = await factory.connectToShadowDb();
      opened.push(a);
      return a;
    },
  };
  const engine = await bg.SchemaEngine.new(
    { datamodels: [[SCHEMA_PATH, schema]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(tracking),
  );
  try {
    return await fn(engine);
  } finally {
    engine.free();
    await Promise.allSettled(opened.map((a) => a.dispose()));
  }
}

export const NO_FILTERS = { externalTables: [], externalEnums: [] };

/** The full DDL that creates schema.prisma on an empty database. */
export async function schemaDdl(connectionString: string): Promise<string> {
  const schema = await readFile(SCHEMA_PATH, "utf8");
  return withSchemaEngine(connectionString, async (engine) => {
    const out = await engine.diff({
      from: { tag: "empty" },
      to: { tag: "schemaDatamodel", files: [{ path: SCHEMA_PATH, content: schema }] },
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    });
    return out.stdout ?? "";
  });
}
