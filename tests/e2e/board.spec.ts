import { expect, type Page, test } from "@playwright/test";
import { pairedRoom } from "./fixtures";

const contents = (page: Page) => page.getByRole("list", { name: "Board contents" });

async function openContents(page: Page) {
  await page.getByText(/^Board contents/).click();
}

/** Screen point of a scene coordinate (the board opens unscrolled at 100 %). */
async function scenePoint(page: Page, x: number, y: number) {
  const box = (await page.locator("canvas.excalidraw__canvas.interactive").boundingBox())!;
  return { x: box.x + x, y: box.y + y };
}

test("the whiteboard syncs components, arrows, moves and the lock between two browsers, and survives a reload", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { int, cand, b } = await pairedRoom(browser, ["Ines", "Cyd"]);
  for (const page of [int.page, cand.page]) {
    await expect(page.locator("canvas.excalidraw__canvas.interactive")).toBeVisible({ timeout: 20_000 });
    await openContents(page);
  }

  // The candidate adds a load balancer and a database from the library, then draws an arrow between them.
  await cand.page.getByRole("button", { name: "+ Load balancer" }).click();
  await cand.page.getByRole("button", { name: "+ Database (leader)" }).click();
  await expect(contents(cand.page)).toContainText("Database (leader) (ellipse at 280,60)");
  await cand.page.locator("canvas.excalidraw__canvas.interactive").click({ position: { x: 450, y: 380 } });
  await cand.page.keyboard.press("a");
  const from = await scenePoint(cand.page, 60 + 95, 60 + 35);
  const to = await scenePoint(cand.page, 280 + 90, 60 + 55);
  await cand.page.mouse.move(from.x, from.y);
  await cand.page.mouse.down();
  await cand.page.mouse.move(from.x + 60, from.y + 10, { steps: 5 });
  await cand.page.mouse.move(to.x, to.y, { steps: 10 });
  await cand.page.mouse.up();
  await cand.page.keyboard.press("Escape");

  // The interviewer's board has all three, with the arrow bound at both ends.
  await expect(contents(int.page)).toContainText("Load balancer (rectangle at 60,60)");
  await expect(contents(int.page)).toContainText("Database (leader) (ellipse at 280,60)");
  await expect(contents(int.page)).toContainText("arrow from Load balancer to Database (leader)", {
    timeout: 15_000,
  });

  // Pointers travel live: the interviewer sees where the candidate points, and can follow the candidate's view.
  const canvasBox = (await cand.page.locator("canvas.excalidraw__canvas.interactive").boundingBox())!;
  await cand.page.mouse.move(canvasBox.x + 420, canvasBox.y + 300, { steps: 5 });
  await expect(int.page.getByTestId("partner-pointer")).toContainText(
    new RegExp(`${b.name} is pointing at \\(\\d+, \\d+\\)`),
  );
  await int.page.getByRole("button", { name: /^Follow .*'s view$/ }).click();
  await cand.page.keyboard.press("Control+Equal");
  await cand.page.mouse.move(canvasBox.x + 300, canvasBox.y + 250, { steps: 5 });
  await expect(int.page.getByTestId("partner-pointer")).toContainText(/following their view at (?!100%)\d+%/);
  await int.page.getByRole("button", { name: /^Follow .*'s view$/ }).click();
  await cand.page.keyboard.press("Control+Digit0");

  // The interviewer moves the load balancer; the candidate sees it move.
  await int.page.keyboard.press("Escape");
  await int.page.keyboard.press("v");
  const lb = await scenePoint(int.page, 60 + 40, 60 + 15);
  await int.page.mouse.move(lb.x, lb.y);
  await int.page.mouse.down();
  await int.page.mouse.move(lb.x + 20, lb.y + 100, { steps: 5 });
  await int.page.mouse.move(lb.x + 40, lb.y + 200, { steps: 5 });
  await int.page.mouse.up();
  await expect(contents(cand.page)).toContainText(/Load balancer \(rectangle at (?!60,60\))\d+,\d+\)/, {
    timeout: 15_000,
  });
  await int.page.screenshot({ path: ".quorum/test-results/screens/room-board.png", fullPage: true });

  // Undo takes back only your own change: the interviewer's cache stays when the candidate undoes their CDN.
  await int.page.getByRole("button", { name: "+ Cache" }).click();
  await expect(contents(cand.page)).toContainText("Cache (");
  await cand.page.getByRole("button", { name: "+ CDN" }).click();
  await expect(contents(int.page)).toContainText("CDN (");
  await cand.page.getByRole("button", { name: "Undo" }).click();
  for (const page of [int.page, cand.page]) {
    await expect(contents(page)).not.toContainText("CDN (");
    await expect(contents(page)).toContainText("Cache (");
  }

  // Export: the board downloads as PNG and SVG.
  for (const [label, ext] of [
    ["Export PNG", "png"],
    ["Export SVG", "svg"],
  ] as const) {
    const download = int.page.waitForEvent("download");
    await int.page.getByRole("button", { name: label }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`quorum-board.${ext}`);
    const path = await file.path();
    const { statSync } = await import("node:fs");
    expect(statSync(path).size).toBeGreaterThan(1_000);
  }

  // Lock: the candidate's board becomes view-only.
  await int.page.getByRole("button", { name: "Lock board" }).click();
  await expect(
    cand.page.getByRole("heading", { name: /Whiteboard \(locked by the interviewer\)/ }),
  ).toBeVisible();
  await expect(cand.page.getByRole("button", { name: "+ Load balancer" })).toHaveCount(0);

  // Reloading keeps the scene.
  const before = await contents(int.page).getByRole("listitem").allInnerTexts();
  expect(before).toHaveLength(4);
  await cand.page.reload();
  await expect(cand.page.locator("canvas.excalidraw__canvas").first()).toBeVisible({ timeout: 20_000 });
  await openContents(cand.page);
  await expect(contents(cand.page).getByRole("listitem")).toHaveText(before);
  await int.context.close();
  await cand.context.close();
});
