import { type Browser, type BrowserContext, expect, type Page } from "@playwright/test";
import { failOnCspViolations } from "./csp-guard";

let n = 0;
/** A unique person for one test run. */
export function person(label: string) {
  n += 1;
  const tag = `${label.toLowerCase()}-${Date.now().toString(36)}-${n}`;
  return {
    name: `${label} ${tag.slice(-6)}`,
    email: `${tag}@example.test`,
    password: "a long enough passphrase",
  };
}

/** A fresh browser context that looks like its own network address (the server trusts X-Forwarded-For in tests). */
export async function newVisitor(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  n += 1;
  const context = await browser.newContext({
    extraHTTPHeaders: { "x-forwarded-for": `203.0.113.${n % 250}` },
  });
  // Every browser test doubles as a check that the app runs under its Content-Security-Policy.
  await failOnCspViolations(context);
  return { context, page: await context.newPage() };
}

export async function signUpThroughForm(page: Page, p: { name: string; email: string; password: string }) {
  await page.goto("/signup");
  await page.getByLabel("Name").fill(p.name);
  await page.getByLabel("Email").fill(p.email);
  await page.getByLabel("Password").fill(p.password);
  await page.getByRole("button", { name: "Create account" }).click();
}

export async function signInThroughForm(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/**
 * Two people in two browser contexts, in one room: the first creates it as interviewer, the second joins as
 * candidate through the invite link. Returns their visitors and the names they signed up with.
 */
export async function pairedRoom(browser: Browser, names: [string, string] = ["Ilse", "Cato"]) {
  const a = person(names[0]);
  const b = person(names[1]);
  const int = await newVisitor(browser);
  const cand = await newVisitor(browser);
  await signUpThroughForm(int.page, a);
  await signUpThroughForm(cand.page, b);
  await expect(int.page).toHaveURL(/\/dashboard$/);
  await expect(cand.page).toHaveURL(/\/dashboard$/);
  await int.page.getByLabel("Interviewer", { exact: true }).check();
  await int.page.getByRole("button", { name: "New interview" }).click();
  await expect(int.page).toHaveURL(/\/room\/[a-z0-9]+$/);
  const link = await int.page.getByLabel("Invite link").inputValue();
  await cand.page.goto(link);
  await cand.page.getByRole("button", { name: "Join the interview" }).click();
  await expect(cand.page.getByText("You are the candidate")).toBeVisible();
  return { int, cand, a, b, roomUrl: int.page.url() };
}
