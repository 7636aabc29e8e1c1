// HTTP throughput of one server process on loopback: /api/health (one Postgres round trip) next to the landing
// page (server-rendered, session check) and a signed-in dashboard, measured in the same run so the ratio holds
// even on a noisy machine.
import autocannon from "autocannon";
import { newUser, signIn, signUp } from "../tests/fixtures/auth";
import { startTestServer } from "../tests/fixtures/server";
import { benchDatabase } from "./support";
import type { Bench, BenchResult } from "./types";

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 8);
const CONNECTIONS = 20;

function load(url: string, headers: Record<string, string> = {}) {
  return autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, headers });
}

const bench: Bench = async () => {
  const db = await benchDatabase("quorum_bench");
  const server = await startTestServer({
    DATABASE_URL: db.url,
    NEXTAUTH_SECRET: "bench-secret-0123456789abcdef",
  });
  try {
    const u = newUser("bench");
    await signUp(server.url, u);
    const { session } = await signIn(server.url, u.email, u.password);
    const health = await load(`${server.url}/api/health`);
    const landing = await load(`${server.url}/`);
    const dashboard = await load(`${server.url}/dashboard`, { cookie: session!.cookie });
    const rows: BenchResult[] = [];
    for (const [name, r] of [
      ["GET /api/health", health],
      ["GET / (landing)", landing],
      ["GET /dashboard (signed in)", dashboard],
    ] as const) {
      const errors = r.errors + r.non2xx;
      rows.push({
        name: `${name} throughput`,
        value: r.requests.average,
        unit: "req/s",
        notes: errors ? `${errors} errors` : undefined,
      });
      rows.push({ name: `${name} p50`, value: r.latency.p50, unit: "ms" });
      rows.push({ name: `${name} p99`, value: r.latency.p99, unit: "ms" });
    }
    rows.push({
      name: "health ÷ landing throughput",
      value: health.requests.average / landing.requests.average,
      unit: "×",
    });
    rows.push({
      name: "health p99 under load",
      value: health.latency.p99,
      unit: "ms",
      target: "≤ 100 ms at 20 connections",
      ok: health.latency.p99 <= 100 && health.errors + health.non2xx === 0,
    });
    return rows;
  } finally {
    await server.stop();
    await db.close();
  }
};

export default bench;
