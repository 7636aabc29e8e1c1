import { expect, test } from "@playwright/test";
import { newVisitor, person, signUpThroughForm } from "./fixtures";

// newVisitor fails a test on any Content-Security-Policy violation; the room, board, cluster and replay specs
// cover the interview pages. This one walks the rest, and checks that the guard itself works.

test("every page outside the room hydrates under the Content-Security-Policy", async ({ browser }) => {
  const { page } = await newVisitor(browser);
  for (const [path, heading] of [
    ["/", /distributed-systems design/i],
    ["/signin", "Sign in"],
    ["/no-such-page", "There is nothing at this address"],
  ] as const) {
    const res = await page.goto(path);
    expect(res?.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
  }
  // Hydrated: client-side navigation and a form that posts through fetch both work.
  await page.getByRole("link", { name: "Go to the home page" }).click();
  await expect(page).toHaveURL(/\/$/);
  await signUpThroughForm(page, person("Csp"));
  await expect(page).toHaveURL(/\/dashboard$/);
  for (const [link, heading] of [
    ["History", "Session history"],
    ["Progress", "Your progress"],
    ["Dashboard", /./],
  ] as const) {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: link }).click();
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
  }
});

test("the guard itself fails a test on a violation", async ({ browser }) => {
  test.fail(true, "an inline script without the nonce must be reported as a violation");
  const { page } = await newVisitor(browser);
  await page.goto("/signin");
  await page.evaluate(() => {
    const s = document.createElement("script");
    s.textContent = "window.__injected = 1";
    document.body.append(s);
  });
  await expect.poll(() => page.evaluate(() => "__injected" in window)).toBe(false);
  await page.waitForTimeout(200);
});
