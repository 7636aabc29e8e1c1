import { expect, type Page, test } from "@playwright/test";
import { pairedRoom } from "./fixtures";

const outcomes = (page: Page) =>
  page.getByRole("status", { name: "Outcomes" }).or(page.locator('output[aria-label="Outcomes"]'));
const diagram = (page: Page) => page.getByRole("img", { name: /^Space-time diagram/ });

test("the space-time view: both seats see lanes per node, a partition's drops, and an anomaly highlighted", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { int, cand } = await pairedRoom(browser);

  // A leaderless store with W=1, R=1 under load: a cut replica gives stale reads, and messages to it are dropped.
  await cand.page.getByLabel("Design").selectOption({ label: "Leaderless quorum store" });
  await cand.page.getByLabel("N", { exact: true }).fill("3");
  await cand.page.getByLabel("W", { exact: true }).fill("1");
  await cand.page.getByLabel("R", { exact: true }).fill("1");
  await cand.page.getByRole("button", { name: "Start cluster" }).click();
  await expect(int.page.getByTestId("cluster-design")).toContainText("N=3, W=1, R=1");
  await cand.page.getByRole("button", { name: "Start workload" }).click();

  // Both open the view: a lane per node (and per client), messages between them.
  for (const page of [int.page, cand.page]) {
    const toggle = page.getByRole("button", { name: "Space-time view" });
    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-expanded", "true");
    await expect(diagram(page)).toHaveAttribute(
      "aria-label",
      /lanes for nodes n1, n2, n3, n4, n5 and clients \w/,
    );
    await expect(diagram(page)).toHaveAttribute("aria-label", /[1-9]\d* messages/, { timeout: 20_000 });
  }

  // The interviewer cuts n3 away: both diagrams shade the partition and mark dropped messages.
  await int.page.getByRole("button", { name: "Isolate n3" }).click();
  for (const page of [int.page, cand.page]) {
    await expect(diagram(page)).toHaveAttribute(
      "aria-label",
      /1 partition \(\{n1, n2, n4, n5\} \| \{n3\}\)/,
      {
        timeout: 20_000,
      },
    );
    await expect(diagram(page)).toHaveAttribute("aria-label", /[1-9]\d* dropped/);
  }
  // The text alternative lists them too.
  await cand.page.getByText(/^Messages \(/).click();
  await expect(
    cand.page
      .getByRole("listitem")
      .filter({ hasText: /dropped at .*: link cut/ })
      .first(),
  ).toBeVisible();

  // Zoom is keyboard-operable and labelled (it opens at 4×: the latest quarter of the window).
  const zoomLevel = cand.page.getByRole("group", { name: "Zoom" }).getByRole("status");
  await expect(zoomLevel).toHaveText("4×");
  await cand.page.getByRole("button", { name: "Zoom in" }).focus();
  await cand.page.keyboard.press("Enter");
  await expect(zoomLevel).toHaveText("8×");
  await cand.page.getByRole("button", { name: "Zoom out" }).click();
  await expect(zoomLevel).toHaveText("4×");
  await cand.page.getByLabel("Window").selectOption({ label: "last 5 s" });

  // A flagged stale read, clicked: the diagram moves to its operations and highlights them and their messages.
  await expect(outcomes(cand.page)).toContainText(/\d+ stale reads? flagged/, { timeout: 30_000 });
  // Paused, so the list of the latest anomalies holds still while it is clicked.
  await int.page.getByRole("button", { name: "Pause simulation" }).click();
  await expect(cand.page.getByRole("button", { name: "Play simulation" })).toBeVisible();
  await outcomes(cand.page).getByRole("button").first().click();
  await expect(diagram(cand.page)).toHaveAttribute(
    "aria-label",
    /highlighted: [1-9]\d* operations and \d+ messages/,
    {
      timeout: 20_000,
    },
  );
  await expect(cand.page.getByText("Showing the selected anomaly")).toBeVisible();
  // The whole span of the anomaly's operations.
  const zoomOut = cand.page.getByRole("button", { name: "Zoom out" });
  while (await zoomOut.isEnabled()) await zoomOut.click();
  await expect(zoomLevel).toHaveText("1×");

  await cand.page.setViewportSize({ width: 1280, height: 800 });
  // The picture: the cluster pane maximised, so the diagram has the width it is drawn for.
  await cand.page.getByRole("button", { name: "Maximise cluster" }).click();
  await diagram(cand.page).scrollIntoViewIfNeeded();
  await cand.page.screenshot({ path: ".quorum/test-results/screens/space-time.png" });
  await int.context.close();
  await cand.context.close();
});
