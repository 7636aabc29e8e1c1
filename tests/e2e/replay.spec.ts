import { expect, type Page, test } from "@playwright/test";
import pg from "pg";
import { EVENT_SCHEMA_VERSION } from "../../lib/room/event-versions";
import { pairedRoom } from "./fixtures";

const contents = (page: Page) => page.getByRole("list", { name: "Board contents" });
const node = (page: Page, id: string) =>
  page.getByRole("list", { name: "Nodes" }).getByRole("listitem", { name: new RegExp(`^${id}: `) });

test("a finished session is in both histories; the candidate replays it and seeks to an evidence note", async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const { int, cand, b } = await pairedRoom(browser, ["Ines", "Colm"]);
  await int.page.getByText(/^Board contents/).click();
  await int.page.getByRole("button", { name: "Start clock" }).click();

  // Before the evidence: a load balancer on the board and a healthy three-node cluster.
  await cand.page.getByRole("button", { name: "+ Load balancer" }).click();
  await cand.page.getByRole("button", { name: "Start cluster" }).click();
  await expect(node(int.page, "n2")).toHaveAccessibleName(/^n2: (?!crashed)/);
  await expect(contents(int.page)).toContainText("Load balancer");

  await int.page.getByRole("tab", { name: "Scorecard" }).click();
  const card = int.page.getByRole("region", { name: /Scorecard/ });
  await card.getByRole("radio", { name: "Requirements: 3 Solid" }).check();
  await card.getByRole("textbox", { name: "Evidence for Requirements" }).fill("Put a load balancer up front");
  await card.getByRole("textbox", { name: "Evidence for Requirements" }).press("Enter");
  await expect(card).toContainText("Put a load balancer up front");

  // After it: a cache, a crashed node and a chat message.
  await cand.page.getByRole("button", { name: "+ Cache" }).click();
  await expect(contents(int.page)).toContainText("Cache");
  await int.page.getByRole("button", { name: "Crash n2" }).click();
  await expect(node(cand.page, "n2")).toHaveAccessibleName(/^n2: crashed/);
  await cand.page.getByRole("textbox", { name: "Message" }).fill("n2 is down but W=2 still holds");
  await cand.page.getByRole("button", { name: "Send" }).click();

  await int.page.getByRole("button", { name: "End interview" }).click();
  await int.page.getByRole("button", { name: "Yes, end it" }).click();
  for (const [dim, score] of [
    ["High-level design", "3 Solid"],
    ["Data model", "2 Partial"],
    ["Failure handling", "3 Solid"],
    ["Trade-offs", "2 Partial"],
    ["Communication", "4 Outstanding"],
  ] as const)
    await card.getByRole("radio", { name: `${dim}: ${score}` }).check();
  await card.getByLabel("Recommendation").selectOption({ label: "Yes" });
  await card.getByLabel("What went well").fill("Started from the entry point and kept going.");
  await card.getByLabel("What to work on").fill("Talk about the cache's invalidation.");
  await card.getByRole("button", { name: "Submit scorecard" }).click();
  await cand.page.getByRole("tab", { name: "Scorecard" }).click();
  await expect(cand.page.getByRole("region", { name: "Scorecard" })).toContainText("Recommendation: Yes");

  // Both histories list it.
  for (const v of [int, cand]) {
    await v.page.goto("/history");
    await expect(v.page.getByRole("row").filter({ hasText: "Distributed key-value store" })).toBeVisible();
  }
  await expect(int.page.getByRole("row").filter({ hasText: "Distributed key-value store" })).toContainText(
    b.name,
  );
  await cand.page.screenshot({ path: ".quorum/test-results/screens/history.png" });
  // Filters are in the address: as interviewer, the candidate has no sessions; as candidate, this one.
  await cand.page.getByLabel("Your role").selectOption({ label: "Interviewer" });
  await cand.page.getByRole("button", { name: "Apply filters" }).click();
  await expect(cand.page).toHaveURL(/role=interviewer/);
  await expect(cand.page.getByText("No sessions match these filters.")).toBeVisible();
  await cand.page.getByLabel("Your role").selectOption({ label: "Candidate" });
  await cand.page.getByRole("button", { name: "Apply filters" }).click();
  await expect(cand.page.getByRole("row").filter({ hasText: "Distributed key-value store" })).toBeVisible();

  // The candidate's progress has this session's scores.
  await cand.page.goto("/progress");
  await expect(
    cand.page.getByRole("img", { name: /^Requirements scores across 1 session .*latest 3/ }),
  ).toBeVisible();
  await cand.page.screenshot({ path: ".quorum/test-results/screens/progress.png", fullPage: true });
  await cand.page.goto("/history");

  // The candidate opens the replay and plays it.
  await cand.page
    .getByRole("row")
    .filter({ hasText: "Distributed key-value store" })
    .getByRole("link", { name: /Replay/ })
    .click();
  await expect(cand.page).toHaveURL(/\/room\/[a-z0-9]+\/replay/);
  const position = cand.page.getByTestId("replay-position");
  await expect(position).toHaveText(/^00:00 \//);
  await cand.page.getByText(/^Board contents/).click();
  await cand.page.getByRole("radio", { name: "8× speed" }).check();
  await cand.page.getByRole("button", { name: "Play" }).click();
  await expect(position).not.toHaveText(/^00:00 \//);
  await cand.page.getByRole("button", { name: "Pause" }).click();

  // The evidence note jumps to its moment: the board and the cluster as they were then.
  await cand.page.getByRole("tab", { name: "Scorecard" }).click();
  const scorecard = cand.page.getByRole("region", { name: "Scorecard" });
  await scorecard.getByRole("button", { name: /^Jump to .*: Requirements$/ }).click();
  await expect(contents(cand.page)).toContainText("Load balancer");
  await expect(contents(cand.page)).not.toContainText("Cache");
  await expect(node(cand.page, "n2")).toHaveAccessibleName(/^n2: (?!crashed)/);
  await cand.page.getByRole("tab", { name: /^Chat/ }).click();
  await expect(cand.page.getByRole("list", { name: "Chat messages" })).not.toContainText("n2 is down");

  // The address names the moment: a reload opens there.
  await expect(cand.page).toHaveURL(/[?&]t=\d+/);
  const at = await position.textContent();
  await cand.page.reload();
  await expect(position).toHaveText(at!);
  await cand.page.getByText(/^Board contents/).click();
  await expect(contents(cand.page)).not.toContainText("Cache");

  // The end marker: everything that happened afterwards is there.
  await cand.page.getByText(/^Moments \(\d+\)/).click();
  await cand.page.getByRole("list", { name: "Moments" }).getByRole("button", { name: /End:/ }).click();
  await expect(contents(cand.page)).toContainText("Cache");
  await expect(node(cand.page, "n2")).toHaveAccessibleName(/^n2: crashed/);
  await expect(cand.page.getByRole("list", { name: "Chat messages" })).toContainText("n2 is down");
  await cand.page.getByText(/^Moments \(\d+\)/).click();
  await cand.page.screenshot({ path: ".quorum/test-results/screens/replay.png", fullPage: true });

  for (const v of [int, cand]) await v.context.close();
});

test("a session holding an event from a newer version of Quorum says so instead of breaking the replay", async ({
  browser,
}) => {
  const { int, cand, roomUrl } = await pairedRoom(browser, ["Vera", "Noor"]);
  await cand.context.close();
  const roomId = roomUrl.split("/").pop()!;
  // A newer build stored the room's last event in a shape this one has never seen.
  const db = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await db.connect();
  try {
    await db.query(
      `INSERT INTO "RoomEvent" ("roomId", seq, "opId", kind, "actorId", visibility, at, payload, v)
       SELECT $1, max(seq) + 1, 'op-from-a-newer-build', 'chat.posted', NULL, 'all', now(),
              '{"text": {"rich": true}}'::jsonb, $2
       FROM "RoomEvent" WHERE "roomId" = $1`,
      [roomId, EVENT_SCHEMA_VERSION + 1],
    );
  } finally {
    await db.end();
  }
  await int.page.goto(`${roomUrl}/replay`);
  // In the page's main landmark: Next's route announcer is an (empty) alert of its own.
  const alert = int.page.getByRole("main").getByRole("alert");
  await expect(alert.getByRole("heading", { name: "Can't load this session" })).toBeVisible();
  await expect(alert).toContainText("saved by a newer version of Quorum");
  await expect(alert.getByRole("button", { name: "Try again" })).toBeEnabled();
  await int.context.close();
});
