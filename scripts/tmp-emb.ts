import { prepareDatabase } from "../server/db/prepare";

const t = performance.now();
const db = await prepareDatabase({ dataDir: "/tmp/qemb", embeddedPort: 54329 });
console.log(db.url, performance.now() - t);
const pg = await import("pg");
const c = new pg.default.Client(db.url);
await c.connect();
console.log((await c.query('select count(*) from "User"')).rows);
await c.end();
await db.embedded?.stop();
console.log("done", performance.now() - t);
process.exit(0);
