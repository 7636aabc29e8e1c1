import { expect, type Page, test } from "@playwright/test";
import { newVisitor, pairedRoom } from "./fixtures";

// The room as a workspace (#21): one screen with no page scroll, the board and the cluster in split panes, a
// side rail of tabs, the layout remembered per person, and the keys (evidence in one move, the shortcut sheet).

const board = (page: Page) => page.getByRole("region", { name: /^Whiteboard/ });
const cluster = (page: Page) => page.getByRole("region", { name: "Cluster" });
const splitter = (page: Page) =>
  page.getByRole("separator", { name: "Resize the whiteboard and the cluster" });
const rail = (page: Page) => page.getByRole("complementary", { name: "Side panel" });
const tab = (page: Page, name: string | RegExp) => page.getByRole("tab", { name });
const width = async (page: Page) => (await board(page).boundingBox())?.width ?? 0;

async function pageScrolls(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const doc = document.scrollingElement!;
    return doc.scrollHeight > doc.clientHeight || doc.scrollWidth > doc.clientWidth;
  });
}

async function inView(page: Page, name: string, region: ReturnType<typeof board>) {
  const box = (await region.boundingBox())!;
  const view = page.viewportSize()!;
  expect(box, name).not.toBeNull();
  expect(box.y + box.height, `${name} ends inside the window`).toBeLessThanOrEqual(view.height + 1);
  expect(box.x + box.width, `${name} ends inside the window`).toBeLessThanOrEqual(view.width + 1);
  expect(box.height, `${name} has room`).toBeGreaterThan(200);
}

test("one screen for both seats at 1280×720 and 1920×1080: board and cluster side by side, no page scroll", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { int, cand } = await pairedRoom(browser, ["Wanda", "Cole"]);
  await int.page.getByRole("button", { name: "Start clock" }).click();
  await cand.page.getByRole("button", { name: "+ Load balancer" }).click();
  await cand.page.getByRole("button", { name: "Start cluster" }).click();
  await cand.page.getByRole("textbox", { name: "Message" }).fill("I'll start with the read path.");
  await cand.page.getByRole("textbox", { name: "Message" }).press("Enter");

  for (const size of [
    { width: 1920, height: 1080 },
    { width: 1280, height: 720 },
  ])
    for (const [seat, page] of [
      ["interviewer", int.page],
      ["candidate", cand.page],
    ] as const) {
      await page.setViewportSize(size);
      await expect(page.locator("canvas.excalidraw__canvas.interactive")).toBeVisible({ timeout: 20_000 });
      await expect(board(page)).toBeVisible();
      await expect(cluster(page)).toBeVisible();
      await expect(rail(page)).toBeVisible();
      expect(await pageScrolls(page), `${seat} at ${size.width}×${size.height}`).toBe(false);
      await inView(page, "the board", board(page));
      await inView(page, "the cluster's pane", page.locator("#pane-cluster"));
      // The header keeps the clock, the phases, both people and the call in view.
      await expect(page.getByLabel("Interview clock")).toBeInViewport();
      await expect(page.getByRole("navigation", { name: "Interview phases" })).toBeInViewport();
      await expect(page.getByRole("region", { name: "Participants" })).toBeInViewport();
      await expect(page.getByRole("region", { name: "Voice call" })).toBeInViewport();
      if (size.width === 1920)
        await page.screenshot({ path: `.quorum/test-results/screens/workspace-${seat}-1920.png` });
    }
  await expect(cand.page.getByRole("list", { name: "Chat messages" })).toContainText("read path");
  await int.page.screenshot({ path: ".quorum/test-results/screens/workspace-interviewer.png" });
  await cand.page.screenshot({ path: ".quorum/test-results/screens/workspace-candidate.png" });
  await int.context.close();
  await cand.context.close();
});

test("the splitter drags and takes arrow keys, a pane maximises and restores, the rail collapses, tabs switch, and a reload keeps the layout", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { int, cand } = await pairedRoom(browser, ["Petra", "Quinn"]);
  const page = int.page;
  await page.setViewportSize({ width: 1280, height: 720 });
  await expect(page.locator("canvas.excalidraw__canvas.interactive")).toBeVisible({ timeout: 20_000 });

  // Drag: the board narrows with the pointer.
  const before = await width(page);
  const bar = (await splitter(page).boundingBox())!;
  await page.mouse.move(bar.x + bar.width / 2, bar.y + bar.height / 2);
  await page.mouse.down();
  await page.mouse.move(bar.x - 80, bar.y + bar.height / 2, { steps: 4 });
  await page.mouse.move(bar.x - 160, bar.y + bar.height / 2, { steps: 4 });
  await page.mouse.up();
  const dragged = await width(page);
  expect(dragged).toBeLessThan(before - 120);
  // Keys: each arrow moves it one step; Home goes as far as it goes.
  const now = Number(await splitter(page).getAttribute("aria-valuenow"));
  await splitter(page).focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await expect(splitter(page)).toHaveAttribute("aria-valuenow", String(now + 10));
  expect(await width(page)).toBeGreaterThan(dragged + 60);
  await page.keyboard.press("Home");
  await expect(splitter(page)).toHaveAttribute(
    "aria-valuenow",
    (await splitter(page).getAttribute("aria-valuemin")) ?? "",
  );
  await page.keyboard.press("ArrowRight");
  const split = await splitter(page).getAttribute("aria-valuenow");

  // Maximise and restore, by button and by key.
  await page.getByRole("button", { name: "Maximise whiteboard" }).click();
  await expect(cluster(page)).toBeHidden();
  await expect(splitter(page)).toHaveCount(0);
  expect(await width(page)).toBeGreaterThan(800);
  await page.getByRole("button", { name: "Restore the split view" }).click();
  await expect(cluster(page)).toBeVisible();
  await expect(splitter(page)).toHaveAttribute("aria-valuenow", split!);
  await page.keyboard.press("c");
  await expect(board(page)).toBeHidden();
  await expect(cluster(page)).toBeVisible();
  await page.keyboard.press("c");
  await expect(board(page)).toBeVisible();

  // The rail collapses (button) and comes back (key); the board takes the room it leaves.
  const withRail = await width(page);
  await page.getByRole("button", { name: "Side panel" }).click();
  await expect(rail(page)).toBeHidden();
  await expect(page.getByRole("button", { name: "Side panel" })).toHaveAttribute("aria-expanded", "false");
  await expect.poll(() => width(page)).toBeGreaterThan(withRail + 50);
  await page.keyboard.press("s");
  await expect(rail(page)).toBeVisible();

  // Tabs: click, arrow keys, and a number key.
  await tab(page, "Notes").click();
  await expect(page.getByRole("textbox", { name: "Private note" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Chat messages" })).toBeHidden();
  await page.keyboard.press("ArrowRight");
  await expect(tab(page, "Scorecard")).toHaveAttribute("aria-selected", "true");
  await expect(tab(page, "Scorecard")).toBeFocused();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("region", { name: /Interviewer guide/ })).toBeVisible();
  await page.keyboard.press("5");
  await expect(tab(page, "Question")).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("region", { name: "The question" })).toBeVisible();
  // The candidate has no notes, scorecard or guide.
  await expect(tab(cand.page, "Notes")).toHaveCount(0);
  await expect(tab(cand.page, "Guide")).toHaveCount(0);
  await expect(tab(cand.page, "Question")).toBeVisible();

  // The layout is this person's, and a reload keeps it.
  await page.keyboard.press("b");
  await expect(cluster(page)).toBeHidden();
  await page.reload();
  await expect(board(page)).toBeVisible({ timeout: 20_000 });
  await expect(cluster(page)).toBeHidden();
  await expect(tab(page, "Question")).toHaveAttribute("aria-selected", "true");
  await page.getByRole("button", { name: "Restore the split view" }).click();
  await expect(splitter(page)).toHaveAttribute("aria-valuenow", split!);
  // The candidate's layout is untouched.
  await expect(splitter(cand.page)).toHaveAttribute("aria-valuenow", "62");
  await int.context.close();
  await cand.context.close();
});

test("unread chat shows on the Chat tab while another tab is open, and clears when it is opened", async ({
  browser,
}) => {
  const { int, cand } = await pairedRoom(browser, ["Una", "Reed"]);
  await int.page.setViewportSize({ width: 1280, height: 720 });
  await tab(int.page, "Notes").click();
  for (const text of ["First thought", "Second thought"]) {
    await cand.page.getByRole("textbox", { name: "Message" }).fill(text);
    await cand.page.getByRole("textbox", { name: "Message" }).press("Enter");
  }
  await expect(tab(int.page, "Chat, 2 unread")).toBeVisible();
  // The rail's button says so too while the rail is collapsed.
  await int.page.getByRole("button", { name: "Side panel" }).click();
  await expect(int.page.getByRole("button", { name: "Side panel, 2 unread in chat" })).toBeVisible();
  await int.page.keyboard.press("1");
  await expect(tab(int.page, /^Chat$/)).toHaveAttribute("aria-selected", "true");
  await expect(int.page.getByRole("list", { name: "Chat messages" })).toContainText("Second thought");
  await expect(tab(int.page, /unread/)).toHaveCount(0);
  // The sender's own messages never count as unread.
  await expect(tab(cand.page, /unread/)).toHaveCount(0);
  await int.context.close();
  await cand.context.close();
});

test("evidence in one move: E opens a note stamped with the clock that lands in the scorecard; ? lists the keys; typing e in the chat is just typing", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { int, cand } = await pairedRoom(browser, ["Vida", "Sami"]);
  const page = int.page;
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByRole("button", { name: "Start clock" }).click();
  await expect(page.getByLabel("Interview clock")).not.toHaveText("00:00", { timeout: 5_000 });

  // From a control in the cluster's pane: E, pick a dimension, write, Enter.
  const maximise = page.getByRole("button", { name: "Maximise cluster" });
  await maximise.focus();
  await page.keyboard.press("e");
  const dialog = page.getByRole("dialog", { name: "Evidence note" });
  await expect(dialog).toBeVisible();
  const stamp = (await dialog.locator(".font-mono").textContent())!;
  expect(stamp).toMatch(/^\d\d:\d\d$/);
  await dialog.getByLabel("Dimension").selectOption({ label: "Failure handling" });
  await expect(dialog.getByRole("textbox", { name: "What did you see?" })).toBeFocused();
  await page.screenshot({ path: ".quorum/test-results/screens/workspace-evidence.png" });
  await dialog
    .getByRole("textbox", { name: "What did you see?" })
    .fill("Asked what a crashed leader means for writes");
  await dialog.getByRole("textbox", { name: "What did you see?" }).press("Enter");
  await expect(dialog).toBeHidden();
  await expect(maximise).toBeFocused();
  await expect(page.getByRole("status").filter({ hasText: "Evidence noted" })).toBeVisible();

  await tab(page, "Scorecard").click();
  const dimension = page
    .getByRole("region", { name: /Scorecard/ })
    .getByRole("group", { name: "Failure handling" });
  await expect(dimension.getByRole("listitem")).toHaveText(
    `${stamp}Asked what a crashed leader means for writes`,
  );
  // It was saved to the room with the draft (scorecard.save): a reload still has it.
  await page.waitForTimeout(2_500);
  await page.reload();
  await expect(
    page.getByRole("region", { name: /Scorecard/ }).getByRole("group", { name: "Failure handling" }),
  ).toContainText("Asked what a crashed leader means for writes", { timeout: 20_000 });

  // Escape closes the dialog without a note, and focus goes back.
  await page.getByRole("button", { name: "Maximise whiteboard" }).focus();
  await page.keyboard.press("e");
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("button", { name: "Maximise whiteboard" })).toBeFocused();

  // ? opens the sheet of keys.
  await page.keyboard.press("?");
  const sheet = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(sheet).toBeVisible();
  await expect(sheet.getByRole("row").filter({ hasText: "evidence note" })).toContainText("E");
  await page.screenshot({ path: ".quorum/test-results/screens/workspace-shortcuts.png" });
  await page.keyboard.press("Escape");
  await expect(sheet).toBeHidden();

  // In the chat box, e and ? are letters.
  await tab(page, "Chat").click();
  await page.getByRole("textbox", { name: "Message" }).pressSequentially("see? e");
  await expect(page.getByRole("textbox", { name: "Message" })).toHaveValue("see? e");
  await expect(dialog).toBeHidden();
  await expect(sheet).toBeHidden();
  // The candidate has no evidence key.
  await cand.page.keyboard.press("e");
  await expect(cand.page.getByRole("dialog")).toHaveCount(0);
  await int.context.close();
  await cand.context.close();
});

test("at 1024×768 the rail is a drawer over the panes; below 900 px a notice, with chat and call still there", async ({
  browser,
}) => {
  const { int, cand } = await pairedRoom(browser, ["Xena", "Yuri"]);
  const page = int.page;
  await page.setViewportSize({ width: 1024, height: 768 });
  await expect(board(page)).toBeVisible({ timeout: 20_000 });
  await expect(cluster(page)).toBeVisible();
  await expect(rail(page)).toBeHidden();
  expect(await pageScrolls(page)).toBe(false);

  await page.getByRole("button", { name: "Side panel" }).click();
  await expect(rail(page)).toBeVisible();
  await expect(tab(page, "Chat")).toBeFocused();
  // Over the panes, not beside them: the cluster keeps its width underneath.
  const drawer = (await rail(page).boundingBox())!;
  const pane = (await page.locator("#pane-cluster").boundingBox())!;
  expect(drawer.x).toBeLessThan(pane.x + pane.width - 100);
  await page.getByRole("textbox", { name: "Message" }).fill("Reachable from the drawer");
  await page.getByRole("textbox", { name: "Message" }).press("Enter");
  await expect(cand.page.getByRole("list", { name: "Chat messages" })).toContainText(
    "Reachable from the drawer",
  );
  await tab(page, "Guide").click();
  await expect(page.getByRole("region", { name: /Interviewer guide/ })).toBeVisible();
  await page.screenshot({ path: ".quorum/test-results/screens/workspace-drawer-1024.png" });
  await page.keyboard.press("Escape");
  await expect(rail(page)).toBeHidden();
  await expect(page.getByRole("button", { name: "Side panel" })).toBeFocused();

  await cand.page.setViewportSize({ width: 800, height: 700 });
  await expect(cand.page.getByRole("note")).toContainText("Use a larger screen for the interview");
  await expect(board(cand.page)).toHaveCount(0);
  await expect(cand.page.getByRole("list", { name: "Chat messages" })).toContainText(
    "Reachable from the drawer",
  );
  await expect(cand.page.getByRole("textbox", { name: "Message" })).toBeEditable();
  await expect(cand.page.getByRole("button", { name: "Join call" })).toBeVisible();
  await cand.page.screenshot({ path: ".quorum/test-results/screens/workspace-narrow.png" });
  await int.context.close();
  await cand.context.close();
});

test("the replay is the same workspace: one screen for both seats and a share link, the timeline in the header, seeking moves the board, the cluster and the chat, and the keys", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const { int, cand, roomUrl } = await pairedRoom(browser, ["Rhea", "Tomas"]);
  const contents = (page: Page) => page.getByRole("list", { name: "Board contents" });
  const n2 = (page: Page) =>
    page.getByRole("list", { name: "Nodes" }).getByRole("listitem", { name: /^n2: / });
  const chat = (page: Page) => page.getByRole("list", { name: "Chat messages" });

  // A short session: a load balancer, a running cluster and a message; then a cache, a crash and another message.
  await int.page.getByRole("button", { name: "Start clock" }).click();
  await cand.page.getByRole("button", { name: "+ Load balancer" }).click();
  await cand.page.getByRole("button", { name: "Start cluster" }).click();
  await expect(n2(int.page)).toHaveAccessibleName(/^n2: (?!crashed)/);
  await cand.page
    .getByRole("textbox", { name: "Message" })
    .fill("Reads go to any two of the three replicas.");
  await cand.page.getByRole("textbox", { name: "Message" }).press("Enter");
  await expect(chat(int.page)).toContainText("any two of the three");
  await cand.page.getByRole("button", { name: "+ Cache" }).click();
  await int.page.getByRole("button", { name: "Crash n2" }).click();
  await expect(n2(cand.page)).toHaveAccessibleName(/^n2: crashed/);
  await cand.page.getByRole("textbox", { name: "Message" }).fill("n2 is down but W=2 still holds");
  await cand.page.getByRole("textbox", { name: "Message" }).press("Enter");
  await int.page.getByRole("button", { name: "End interview" }).click();
  await int.page.getByRole("button", { name: "Yes, end it" }).click();
  await expect(int.page.getByRole("status").filter({ hasText: "The interview has ended" })).toBeVisible();

  const ready = async (page: Page) => {
    await expect(page.getByTestId("replay-position")).toHaveText(/^\d\d:\d\d \//, { timeout: 20_000 });
    await expect(page.locator(".excalidraw canvas").first()).toBeVisible({ timeout: 20_000 });
  };
  for (const page of [int.page, cand.page]) {
    await page.goto(`${roomUrl}/replay`);
    await ready(page);
  }
  // Sharing is the Share tab's; the share link opens the same workspace for someone signed out.
  await tab(int.page, "Share").click();
  await int.page.getByRole("button", { name: "Create a share link" }).click();
  const link = int.page.getByRole("textbox", { name: "Share link" });
  await expect(link).toHaveValue(/\/shared\//);
  const guest = await newVisitor(browser);
  await guest.page.goto(await link.inputValue());
  await ready(guest.page);

  // Each seat's tabs: notes for the interviewer only (not shared), no scorecard (none submitted), Share for the
  // participants.
  await expect(rail(int.page).getByRole("tab")).toHaveText(["Chat", "Notes", "Question", "Share"]);
  await expect(rail(cand.page).getByRole("tab")).toHaveText(["Chat", "Question", "Share"]);
  await expect(rail(guest.page).getByRole("tab")).toHaveText(["Chat", "Question"]);

  for (const size of [
    { width: 1920, height: 1080 },
    { width: 1280, height: 720 },
  ])
    for (const [who, page] of [
      ["interviewer", int.page],
      ["candidate", cand.page],
      ["share link", guest.page],
    ] as const) {
      await page.setViewportSize(size);
      await expect(board(page)).toBeVisible();
      await expect(cluster(page)).toBeVisible();
      await expect(rail(page)).toBeVisible();
      expect(await pageScrolls(page), `${who}'s replay at ${size.width}×${size.height}`).toBe(false);
      await inView(page, "the board", board(page));
      await inView(page, "the cluster's pane", page.locator("#pane-cluster"));
      // The header keeps the question, the clock, the phases and the whole timeline in view.
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Distributed key-value store");
      await expect(page.getByLabel("Interview clock")).toBeInViewport();
      await expect(page.getByRole("navigation", { name: "Interview phases" })).toBeInViewport();
      await expect(page.getByRole("region", { name: "Replay controls" })).toBeInViewport();
      await expect(page.getByRole("slider", { name: "Replay position" })).toBeInViewport();
      await expect(page.getByRole("button", { name: "Play" })).toBeInViewport();
      await expect(page.getByRole("radio", { name: "8× speed" })).toBeInViewport();
      if (size.width === 1920)
        await page.screenshot({
          path: `.quorum/test-results/screens/replay-workspace-${who.replace(" ", "-")}-1920.png`,
        });
    }

  // At 1024×768 the replay's rail is a drawer too: over the panes, opened and closed from the keyboard.
  await guest.page.setViewportSize({ width: 1024, height: 768 });
  await expect(board(guest.page)).toBeVisible();
  await expect(cluster(guest.page)).toBeVisible();
  await expect(rail(guest.page)).toBeHidden();
  expect(await pageScrolls(guest.page), "share link's replay at 1024×768").toBe(false);
  await expect(guest.page.getByRole("slider", { name: "Replay position" })).toBeInViewport();
  await guest.page.getByRole("button", { name: "Side panel" }).click();
  await expect(rail(guest.page)).toBeVisible();
  await expect(tab(guest.page, "Chat")).toBeFocused();
  await expect(chat(guest.page)).toBeVisible();
  await guest.page.keyboard.press("Escape");
  await expect(rail(guest.page)).toBeHidden();
  await expect(guest.page.getByRole("button", { name: "Side panel" })).toBeFocused();

  // Seeking: the first message's moment has the load balancer, the cluster whole and only that message.
  const page = cand.page;
  const moments = page.getByText(/^Moments \(\d+\)/);
  await moments.click();
  await page
    .getByRole("list", { name: "Moments" })
    .getByRole("button", { name: /Chat: Reads go/ })
    .click();
  await moments.click();
  await expect(page.getByRole("list", { name: "Moments" })).toBeHidden();
  await tab(page, "Chat").click();
  await expect(chat(page)).toContainText("any two of the three");
  await expect(chat(page)).not.toContainText("n2 is down");
  await expect(n2(page)).toHaveAccessibleName(/^n2: (?!crashed)/);
  await page.getByText(/^Board contents/).click();
  await expect(contents(page)).toContainText("Load balancer");
  await expect(contents(page)).not.toContainText("Cache");
  await page.getByText(/^Board contents/).click();
  await page.screenshot({ path: ".quorum/test-results/screens/replay-workspace.png" });

  // The keys: ] the next moments up to the end, ← back a step, Space plays and pauses; B and C maximise, S the
  // rail, digits the tabs.
  await page.getByText(/^Board contents/).click();
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const position = page.getByTestId("replay-position");
  for (let i = 0; i < 6; i++) await page.keyboard.press("]");
  await expect(chat(page)).toContainText("n2 is down");
  await expect(n2(page)).toHaveAccessibleName(/^n2: crashed/);
  await expect(contents(page)).toContainText("Cache");
  const atEnd = (await position.textContent())!;
  expect(atEnd.split(" / ")[0]).toBe(atEnd.split(" / ")[1]);
  await page.keyboard.press("ArrowLeft");
  await expect(position).not.toHaveText(atEnd);
  await page.keyboard.press("Space");
  await expect(page.getByRole("button", { name: "Pause" })).toBeVisible();
  await page.keyboard.press("Space");
  await expect(page.getByRole("button", { name: "Play" })).toBeVisible();
  await page.keyboard.press(">");
  await expect(page.getByRole("radio", { name: "2× speed" })).toBeChecked();
  await page.keyboard.press("2");
  await expect(tab(page, "Question")).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("region", { name: "The question" })).toBeVisible();
  await page.keyboard.press("c");
  await expect(board(page)).toBeHidden();
  await page.keyboard.press("s");
  await expect(rail(page)).toBeHidden();
  await page.keyboard.press("?");
  const sheet = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(sheet.getByRole("row").filter({ hasText: "Play or pause" })).toContainText("Space");
  await expect(sheet.getByRole("row").filter({ hasText: "evidence note" })).toHaveCount(0);
  await page.keyboard.press("Escape");

  // A reload keeps this replay's layout, apart from the live room's.
  await page.reload();
  await expect(cluster(page)).toBeVisible({ timeout: 20_000 });
  await expect(board(page)).toBeHidden();
  await expect(rail(page)).toBeHidden();
  await page.keyboard.press("s");
  await expect(tab(page, "Question")).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("c");
  await expect(board(page)).toBeVisible();
  await page.goto(roomUrl);
  await expect(board(page)).toBeVisible({ timeout: 20_000 });
  await expect(cluster(page)).toBeVisible();
  await expect(tab(page, "Chat")).toHaveAttribute("aria-selected", "true");
  for (const v of [int, cand, guest]) await v.context.close();
});
