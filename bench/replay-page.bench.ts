// Opening a long replay in Chromium on loopback: a generated 60-minute, 50,000-event session is stored in
// Postgres, and a signed-in candidate opens /room/:id/replay. Measured from navigation start to the first
// frame (the player showing the session's first moment), and to the whole log loaded behind it.
import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";
import pg from "pg";
import { insertEvents } from "../server/persistence/insert-events";
import { newUser, signIn, signUp } from "../tests/fixtures/auth";
import { startTestServer } from "../tests/fixtures/server";
import { BENCH_SESSION, generateSession } from "./session-generator";
import { benchDatabase } from "./support";
import type { Bench, BenchResult } from "./types";

const RUNS = Number(process.env.BENCH_REPLAY_RUNS ?? 5);
const TARGET_MS = 1_500;
const ROOM_ID = "benchreplay0000000000000001";

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

const bench: Bench = async () => {
  const db = await benchDatabase("quorum_bench_replay");
  const server = await startTestServer({
    DATABASE_URL: db.url,
    NEXTAUTH_SECRET: "bench-secret-0123456789abcdef",
  });
  const pool = new pg.Pool({ connectionString: db.url, max: 2 });
  const executablePath =
    process.env.PW_CHROMIUM_PATH || (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
  const browser = await chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
  });
  try {
    const ui = newUser("replayint");
    const uc = newUser("replaycand");
    await signUp(server.url, ui);
    await signUp(server.url, uc);
    const int = (await signIn(server.url, ui.email, ui.password)).session!;
    const cand = (await signIn(server.url, uc.email, uc.password)).session!;

    const events = generateSession({
      ...BENCH_SESSION,
      roomId: ROOM_ID,
      interviewer: { userId: int.userId, name: ui.name },
      candidate: { userId: cand.userId, name: uc.name },
      startAt: Date.now() - 61 * 60_000,
    });
    const t0 = performance.now();
    await pool.query(`INSERT INTO "Room" (id, "createdById", "questionId") VALUES ($1, $2, $3)`, [
      ROOM_ID,
      int.userId,
      BENCH_SESSION.questionId,
    ]);
    await pool.query(
      `INSERT INTO "RoomParticipant" ("roomId", "userId", role) VALUES ($1, $2, 'interviewer'), ($1, $3, 'candidate')`,
      [ROOM_ID, int.userId, cand.userId],
    );
    const client = await pool.connect();
    try {
      for (let i = 0; i < events.length; i += 1_000)
        await insertEvents(
          client,
          events.slice(i, i + 1_000).map((event) => ({ roomId: ROOM_ID, event })),
        );
    } finally {
      client.release();
    }
    const storeMs = performance.now() - t0;

    const [name, value] = cand.cookie.split("=") as [string, string];
    const firstFrame: number[] = [];
    const fullLoad: number[] = [];
    for (let run = 0; run < RUNS + 1; run++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await context.addCookies([{ name, value, url: server.url }]);
      const page = await context.newPage();
      const start = performance.now();
      await page.goto(`${server.url}/room/${ROOM_ID}/replay`, { waitUntil: "commit" });
      await page.getByTestId("replay-position").waitFor({ state: "visible", timeout: 60_000 });
      const first = performance.now() - start;
      await page
        .getByText("Loading the rest of the session")
        .waitFor({ state: "detached", timeout: 120_000 });
      const all = performance.now() - start;
      await context.close();
      // The first visit warms the server's route and caches; it is reported on its own.
      if (run === 0) {
        firstFrame.unshift(first);
        fullLoad.unshift(all);
      } else {
        firstFrame.push(first);
        fullLoad.push(all);
      }
    }
    const cold = firstFrame.shift()!;
    const coldAll = fullLoad.shift()!;
    const rows: BenchResult[] = [
      { name: "store 50,000 events (insertEvents, pages of 1,000)", value: storeMs, unit: "ms" },
      { name: "open replay → first frame, first visit", value: cold, unit: "ms" },
      {
        name: `open replay → first frame, p50 of ${RUNS}`,
        value: percentile(firstFrame, 50),
        unit: "ms",
      },
      {
        name: `open replay → first frame, worst of ${RUNS}`,
        value: Math.max(...firstFrame),
        unit: "ms",
        target: `≤ ${TARGET_MS} ms`,
        ok: Math.max(...firstFrame) <= TARGET_MS,
      },
      { name: "open replay → all 50,000 events loaded, first visit", value: coldAll, unit: "ms" },
      {
        name: `open replay → all events loaded, p50 of ${RUNS}`,
        value: percentile(fullLoad, 50),
        unit: "ms",
      },
    ];
    return rows;
  } finally {
    await browser.close();
    await pool.end();
    await server.stop();
    await db.close();
  }
};

export default bench;
