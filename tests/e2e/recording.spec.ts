import { expect, type Page, test } from "@playwright/test";
import type { RecordingTrack } from "../../lib/call/recording";
import config from "../../playwright.config";
import { pairedRoom } from "./fixtures";

// Recording the call with Chromium's fake microphone (a beeping tone): both agree, a few seconds are recorded
// and uploaded as they come, either can stop it, and the replay plays each track in step with the timeline.
const FAKE_MEDIA = [
  "--use-fake-device-for-media-stream",
  "--use-fake-ui-for-media-stream",
  "--autoplay-policy=no-user-gesture-required",
];
const base = config.projects?.[0]?.use?.launchOptions ?? {};
test.use({ launchOptions: { ...base, args: [...(base.args ?? []), ...FAKE_MEDIA] } });

const call = (page: Page) => page.getByRole("region", { name: "Voice call" });
const recordToggle = (page: Page) => call(page).getByRole("checkbox", { name: "Record this call" });
const recordingIndicator = (page: Page) => call(page).getByRole("status").filter({ hasText: "Recording" });

test("both agree, the call is recorded, and the replay's audio follows the timeline", async ({ browser }) => {
  test.setTimeout(120_000);
  const { int, cand, a, b, roomUrl } = await pairedRoom(browser, ["Rhea", "Remy"]);
  const roomId = roomUrl.split("/").pop()!;
  const tracks = async (page: Page) =>
    (
      (await (await page.request.get(`/api/rooms/${roomId}/recordings`)).json()) as {
        tracks: RecordingTrack[];
      }
    ).tracks;

  await int.page.getByRole("button", { name: "Start clock" }).click();
  await Promise.all([
    call(int.page).getByRole("button", { name: "Join call" }).click(),
    call(cand.page).getByRole("button", { name: "Join call" }).click(),
  ]);
  await expect(call(int.page).getByRole("status", { name: `${b.name}'s call status` })).toHaveText(
    "connected",
  );

  // One consent is not enough: each sees who has agreed, and nothing records. (Consent is under Call settings.)
  for (const page of [int.page, cand.page])
    await call(page).getByRole("button", { name: "Call settings" }).click();
  await recordToggle(int.page).check();
  await expect(call(int.page).getByText(`You agreed · ${b.name} hasn't yet`)).toBeVisible();
  await expect(call(cand.page).getByText(`You haven't agreed · ${a.name} agreed`)).toBeVisible();
  await expect(recordingIndicator(int.page)).toHaveCount(0);

  // Both agree: the indicator shows on both sides while it runs.
  await recordToggle(cand.page).check();
  const startedAt = Date.now();
  await expect(recordingIndicator(int.page)).toBeVisible();
  await expect(recordingIndicator(cand.page)).toBeVisible();
  await expect(call(cand.page).getByText(`You agreed · ${a.name} agreed`)).toBeVisible();
  // Chunks arrive as the call goes (one every 2 s from each browser), not at the end.
  await expect.poll(async () => (await tracks(int.page)).length, { timeout: 10_000 }).toBe(2);
  await int.page.waitForTimeout(6_000);

  // The candidate stops it: the indicator goes away on both sides, and the last chunks are flushed.
  await recordToggle(cand.page).uncheck();
  const stoppedAt = Date.now();
  await expect(recordingIndicator(int.page)).toHaveCount(0);
  await expect(recordingIndicator(cand.page)).toHaveCount(0);
  await int.page.waitForTimeout(1_500);
  const recorded = await tracks(int.page);
  expect(recorded).toHaveLength(2);
  const seconds = (stoppedAt - startedAt) / 1000;
  for (const t of recorded) expect(t.chunks).toBeGreaterThanOrEqual(3);
  const perMinute = recorded.map((t) => Math.round((t.bytes / seconds) * 60));
  test.info().annotations.push({ type: "recorded bytes per minute", description: perMinute.join(", ") });
  console.log(`recorded ${seconds.toFixed(1)} s; bytes per minute per track: ${perMinute.join(", ")}`);

  // The interview ends; the candidate opens the replay. (Call settings closes first: it covers the clock's buttons.)
  await call(int.page).getByRole("button", { name: "Call settings" }).click();
  await int.page.getByRole("button", { name: "End interview" }).click();
  await int.page.getByRole("button", { name: "Yes, end it" }).click();
  await expect(cand.page.getByText("The interview has ended")).toBeVisible();
  await cand.page.goto(`${roomUrl}/replay`);
  const audioList = cand.page.getByRole("region", { name: "Audio" });
  await expect(audioList.getByRole("listitem").filter({ hasText: /^You ·/ })).toBeVisible();
  await expect(audioList.getByText(a.name)).toBeVisible();
  await expect(audioList.getByRole("button", { name: "Delete my audio" })).toBeVisible();

  // Where the interviewer's track starts on the replay's axis, from the log itself (the clock never paused).
  const { events } = (await (await cand.page.request.get(`/api/rooms/${roomId}/events`)).json()) as {
    events: { kind: string; at: number }[];
  };
  const startMs = events[0]!.at;
  const clockStarted = events.find((e) => e.kind === "clock.started")!.at;
  const track = recorded[0]!;
  const trackStart = clockStarted + track.clockMs - startMs;
  const audio = cand.page.locator(`audio[data-recording-id="${track.recordingId}"]`);
  await expect
    .poll(() => audio.evaluate((el: HTMLAudioElement) => el.readyState), { timeout: 10_000 })
    .toBeGreaterThanOrEqual(1);

  // Seek into the middle of the track: the audio moves there.
  const slider = cand.page.getByRole("slider", { name: "Replay position" });
  for (const into of [3_000, 6_500, 1_200]) {
    await slider.fill(String(trackStart + into));
    await expect
      .poll(() => audio.evaluate((el: HTMLAudioElement) => el.currentTime), { timeout: 5_000 })
      .toBeGreaterThan(into / 1000 - 0.5);
    expect(await audio.evaluate((el: HTMLAudioElement) => el.currentTime)).toBeLessThan(into / 1000 + 0.5);
  }

  // Playing moves the audio with the playhead.
  await cand.page.getByRole("button", { name: "Play" }).click();
  await cand.page.waitForTimeout(1_500);
  await cand.page.getByRole("button", { name: "Pause" }).click();
  const t = Number(new URL(cand.page.url()).searchParams.get("t"));
  const expected = t - trackStart / 1000;
  await expect
    .poll(() => audio.evaluate((el: HTMLAudioElement) => el.currentTime), { timeout: 5_000 })
    .toBeGreaterThan(expected - 0.5);
  expect(await audio.evaluate((el: HTMLAudioElement) => el.currentTime)).toBeLessThan(expected + 0.5);

  // The candidate deletes their own audio: it is gone from the list.
  cand.page.once("dialog", (d) => void d.accept());
  await audioList.getByRole("button", { name: "Delete my audio" }).click();
  await expect(audioList.getByRole("listitem").filter({ hasText: /^You ·/ })).toHaveCount(0);
  expect(await tracks(cand.page)).toHaveLength(1);

  await int.context.close();
  await cand.context.close();
});
