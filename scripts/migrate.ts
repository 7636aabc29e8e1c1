// `npm run db:migrate`: brings a database's schema up to date with prisma/migrations, the same way `npm start`
// does at every start: DATABASE_URL when set, else the embedded Postgres in the data folder (started for the
// migration and stopped after it). Exits non-zero, with the reason, when it can't.
import { dataDir, loadServerEnv } from "../server/config";
import { prepareDatabase } from "../server/db/prepare";

const env = loadServerEnv();
const db = await prepareDatabase({
  databaseUrl: env.DATABASE_URL,
  dataDir: dataDir(env),
  embeddedPort: env.EMBEDDED_PG_PORT,
});
await db.embedded?.stop();
