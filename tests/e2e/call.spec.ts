import { expect, type Page, test } from "@playwright/test";
import config from "../../playwright.config";
import { pairedRoom } from "./fixtures";

// The voice call between two browsers with Chromium's fake devices: the microphone is a tone that beeps, and
// the permission prompt answers "allow" by itself. Only this file launches Chromium with them.
const FAKE_MEDIA = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"];
const base = config.projects?.[0]?.use?.launchOptions ?? {};
test.use({ launchOptions: { ...base, args: [...(base.args ?? []), ...FAKE_MEDIA] } });

const status = (page: Page, partner: string) =>
  page.getByRole("status", { name: `${partner}'s call status` });
const partnerLevel = (page: Page, partner: string) =>
  page.getByRole("meter", { name: `${partner}'s voice level` }).evaluate((m: HTMLMeterElement) => m.value);

test("two people talk: both connect, hear each other, and see a mute", async ({ browser }) => {
  test.setTimeout(60_000);
  const { int, cand, a, b } = await pairedRoom(browser, ["Ines", "Caleb"]);
  int.page.on("console", (m) => m.text().startsWith("[call]") && console.log("INT", m.text()));
  cand.page.on("console", (m) => m.text().startsWith("[call]") && console.log("CAND", m.text()));
  const call = (page: Page) => page.getByRole("region", { name: "Voice call" });

  // Each sees the other present but not in the call yet.
  await expect(status(int.page, b.name)).toHaveText("not in the call");
  await expect(status(cand.page, a.name)).toHaveText("not in the call");

  // Both join at once: the two offers collide, and perfect negotiation must still connect them.
  await Promise.all([
    call(int.page).getByRole("button", { name: "Join call" }).click(),
    call(cand.page).getByRole("button", { name: "Join call" }).click(),
  ]);
  for (const [page, partner] of [
    [int.page, b.name],
    [cand.page, a.name],
  ] as const) {
    await expect(status(page, partner)).toHaveAttribute("data-connection-state", "connected");
    await expect(status(page, partner)).toHaveText("connected");
    await expect(call(page).getByRole("button", { name: "Leave call" })).toBeVisible();
  }
  const connectMs = await status(int.page, b.name).getAttribute("data-connect-ms");
  test.info().annotations.push({ type: "time to connected (ms)", description: String(connectMs) });

  // Sound arrives from the other side: the fake microphone's beep shows on the partner's meter.
  await expect.poll(() => partnerLevel(int.page, b.name), { timeout: 15_000 }).toBeGreaterThan(0);
  await expect.poll(() => partnerLevel(cand.page, a.name), { timeout: 15_000 }).toBeGreaterThan(0);

  // The candidate mutes: the interviewer is told, and hears silence.
  const mute = call(cand.page).getByRole("button", { name: "Mute" });
  await mute.click();
  await expect(mute).toHaveAttribute("aria-pressed", "true");
  await expect(status(int.page, b.name)).toHaveText("connected · muted");
  await expect(status(int.page, b.name)).toHaveAttribute("data-partner-mic", "muted");
  await expect.poll(() => partnerLevel(int.page, b.name), { timeout: 5_000 }).toBe(0);
  // Keyboard: unmute with the space bar.
  await mute.focus();
  await cand.page.keyboard.press("Space");
  await expect(mute).toHaveAttribute("aria-pressed", "false");
  await expect(status(int.page, b.name)).toHaveText("connected");
  await expect.poll(() => partnerLevel(int.page, b.name), { timeout: 15_000 }).toBeGreaterThan(0);

  // The candidate leaves the call: the interviewer sees it and the connection is gone.
  await call(cand.page).getByRole("button", { name: "Leave call" }).click();
  await expect(status(int.page, b.name)).toHaveText("not in the call");
  await expect(status(int.page, b.name)).toHaveAttribute("data-connection-state", "none");

  await int.context.close();
  await cand.context.close();
});
