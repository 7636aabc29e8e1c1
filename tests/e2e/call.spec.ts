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
  const connectMs = await Promise.all([
    status(int.page, b.name).getAttribute("data-connect-ms"),
    status(cand.page, a.name).getAttribute("data-connect-ms"),
  ]);
  test.info().annotations.push({ type: "time to connected (ms)", description: connectMs.join(", ") });
  console.log(`time from peer connection to connected: ${connectMs.join(" ms, ")} ms`);

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

  // Switching microphones replaces the track on the live connection: the sound keeps coming.
  await call(cand.page).getByRole("button", { name: "Call settings" }).click();
  const mics = call(cand.page).getByRole("combobox", { name: "Microphone" });
  const options = await mics
    .locator("option")
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  expect(options.length).toBeGreaterThan(1); // Chromium's fake devices: several microphones
  const current = await mics.inputValue();
  await mics.selectOption(options.find((v) => v && v !== current) ?? "");
  await expect(mics).not.toHaveValue(current);
  await cand.page.waitForTimeout(600); // let the peak from the old track fall away
  await expect.poll(() => partnerLevel(int.page, b.name), { timeout: 15_000 }).toBeGreaterThan(0);
  await expect(status(int.page, b.name)).toHaveText("connected");

  // Video is optional: the camera goes on (a renegotiation on the live call) and the partner sees it play.
  const camera = call(cand.page).getByRole("button", { name: "Camera" });
  await camera.click();
  await expect(camera).toHaveAttribute("aria-pressed", "true");
  await expect(status(int.page, b.name)).toHaveText("connected · camera on");
  const video = int.page.getByLabel(`${b.name}'s camera`);
  await expect
    .poll(() => video.evaluate((v: HTMLVideoElement) => v.videoWidth), { timeout: 15_000 })
    .toBeGreaterThan(0);
  await camera.click();
  await expect(status(int.page, b.name)).toHaveText("connected");
  await expect(video).toHaveCount(0);

  // The candidate leaves the call: the interviewer sees it and the connection is gone.
  await call(cand.page).getByRole("button", { name: "Leave call" }).click();
  await expect(status(int.page, b.name)).toHaveText("not in the call");
  await expect(status(int.page, b.name)).toHaveAttribute("data-connection-state", "none");

  await int.context.close();
  await cand.context.close();
});

test("someone who refuses the microphone still joins to listen, and the partner sees why it is silent", async ({
  browser,
}) => {
  test.setTimeout(60_000);
  const { int, cand, a, b } = await pairedRoom(browser, ["Iris", "Cyril"]);
  // The browser's answer when the person clicks "Block" on the permission prompt.
  await cand.page.evaluate(() => {
    navigator.mediaDevices.getUserMedia = () =>
      Promise.reject(new DOMException("Permission denied", "NotAllowedError"));
  });
  const call = (page: Page) => page.getByRole("region", { name: "Voice call" });

  await call(cand.page).getByRole("button", { name: "Join call" }).click();
  await expect(call(cand.page).getByRole("alert")).toContainText("Microphone access was refused");
  await expect(call(cand.page).getByText("microphone blocked (listening only)")).toBeVisible();
  await expect(call(cand.page).getByRole("button", { name: "Mute" })).toBeDisabled();
  await expect(status(int.page, b.name)).toHaveText("in the call · no microphone (permission denied)");

  await call(int.page).getByRole("button", { name: "Join call" }).click();
  await expect(status(int.page, b.name)).toHaveText("connected · no microphone (permission denied)");
  await expect(status(cand.page, a.name)).toHaveAttribute("data-connection-state", "connected");
  // The listener hears the interviewer.
  await expect.poll(() => partnerLevel(cand.page, a.name), { timeout: 15_000 }).toBeGreaterThan(0);

  await int.context.close();
  await cand.context.close();
});
