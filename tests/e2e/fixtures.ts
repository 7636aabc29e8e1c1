import type { Browser, BrowserContext, Page } from "@playwright/test";

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
