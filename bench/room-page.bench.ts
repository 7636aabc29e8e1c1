// Opening a live room in Chromium on loopback: the signed-in interviewer of a paired room opens /room/:id in
// a new browser context (empty cache, like a first visit). Measured in the page, from navigation start to the
// first frame in which the whiteboard's canvas is drawn (Excalidraw's static canvas exists and has a size), and
// to the cluster pane's heading. For an A/B of two commits, run this in a worktree of each, interleaved.
import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";
import { newUser, signIn, signUp } from "../tests/fixtures/auth";
import { createPairedRoom } from "../tests/fixtures/room-client";
import { startTestServer } from "../tests/fixtures/server";
import { benchDatabase, pct } from "./support";
import type { Bench } from "./types";

const RUNS = Number(process.env.BENCH_ROOM_PAGE_RUNS ?? 7);

const bench: Bench = async () => {
  const db = await benchDatabase("quorum_bench_roompage");
  const server = await startTestServer({
    DATABASE_URL: db.url,
    NEXTAUTH_SECRET: "bench-secret-0123456789abcdef",
  });
  const executablePath =
    process.env.PW_CHROMIUM_PATH || (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
  const browser = await chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
  });
  const board: number[] = [];
  const cluster: number[] = [];
  try {
    const ui = newUser("roompageint");
    const uc = newUser("roompagecand");
    await signUp(server.url, ui);
    await signUp(server.url, uc);
    const int = (await signIn(server.url, ui.email, ui.password)).session!;
    const cand = (await signIn(server.url, uc.email, uc.password)).session!;
    const [name, value] = int.cookie.split(";")[0]!.split("=") as [string, string];
    // One room (creating rooms is rate-limited per person); one warm-up visit (the server's first render of the
    // route), then the measured ones, each in a fresh context.
    const { roomId } = await createPairedRoom(server.url, int.cookie, cand.cookie);
    for (let i = 0; i <= RUNS; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await context.addCookies([{ name, value, url: server.url }]);
      const page = await context.newPage();
      await page.goto(`${server.url}/room/${roomId}`);
      const boardMs = await page.waitForFunction(
        () => {
          const c = document.querySelector<HTMLCanvasElement>(".excalidraw canvas");
          return c && c.width > 0 && c.height > 0 ? performance.now() : null;
        },
        null,
        { polling: "raf", timeout: 60_000 },
      );
      const clusterMs = await page.waitForFunction(
        () => {
          const h = [...document.querySelectorAll("h2, h3")].find((e) =>
            e.textContent?.trim().startsWith("Cluster"),
          );
          return h ? performance.now() : null;
        },
        null,
        { polling: "raf", timeout: 60_000 },
      );
      if (i > 0) {
        board.push(Number(await boardMs.jsonValue()));
        cluster.push(Number(await clusterMs.jsonValue()));
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await server.stop();
    await db.close();
  }
  const row = (what: string, xs: number[], p: number) => ({
    name: `room page: ${what}, p${p} of ${xs.length} visits`,
    value: Math.round(pct(xs, p)),
    unit: "ms",
  });
  return [
    row("board canvas drawn", board, 50),
    row("board canvas drawn", board, 90),
    row("cluster heading", cluster, 50),
  ];
};

export default bench;
