import { expect, test } from "@playwright/test";
import { newVisitor, person, signInThroughForm, signUpThroughForm } from "./fixtures";

test("two people sign up in separate browsers and each sees only their own name", async ({ browser }) => {
  const a = person("Alice");
  const b = person("Bruno");
  const alice = await newVisitor(browser);
  const bruno = await newVisitor(browser);

  // Alice signs up, lands on her dashboard, signs out, and signs back in.
  await signUpThroughForm(alice.page, a);
  await expect(alice.page).toHaveURL(/\/dashboard$/);
  await expect(alice.page.getByRole("heading", { level: 1 })).toHaveText(`Welcome, ${a.name.split(" ")[0]}`);
  await expect(alice.page.getByRole("button", { name: `Account menu for ${a.name}` })).toBeVisible();
  await alice.page.screenshot({ path: ".quorum/test-results/screens/dashboard.png" });

  await alice.page.getByRole("button", { name: `Account menu for ${a.name}` }).click();
  await expect(alice.page.getByText(a.email)).toBeVisible();
  await alice.page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(alice.page).toHaveURL(/\/$/);
  await alice.page.goto("/signin");
  await signInThroughForm(alice.page, a.email, a.password);
  await expect(alice.page).toHaveURL(/\/dashboard$/);

  // Bruno signs up in his own context.
  await signUpThroughForm(bruno.page, b);
  await expect(bruno.page).toHaveURL(/\/dashboard$/);

  for (const [me, other, page] of [
    [a, b, alice.page],
    [b, a, bruno.page],
  ] as const) {
    await page.reload();
    await expect(page.getByTestId("user-name")).toHaveText(me.name);
    await expect(page.getByText(other.name)).toHaveCount(0);
  }

  await alice.context.close();
  await bruno.context.close();
});

test("an anonymous visitor is sent from the dashboard to sign-in and back afterwards", async ({
  browser,
}) => {
  const p = person("Chidi");
  const setup = await newVisitor(browser);
  await signUpThroughForm(setup.page, p);
  await expect(setup.page).toHaveURL(/\/dashboard$/);
  await setup.context.close();

  const anon = await newVisitor(browser);
  await anon.page.goto("/dashboard");
  await expect(anon.page).toHaveURL(/\/signin\?callbackUrl=%2Fdashboard$/);
  await expect(anon.page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await signInThroughForm(anon.page, p.email, p.password);
  await expect(anon.page).toHaveURL(/\/dashboard$/);
  await anon.context.close();
});

test("bad input gets a clear message on the form", async ({ browser }) => {
  const p = person("Dana");
  const v = await newVisitor(browser);
  await signUpThroughForm(v.page, p);
  await expect(v.page).toHaveURL(/\/dashboard$/);
  await v.context.close();

  const w = await newVisitor(browser);
  // Duplicate email.
  await signUpThroughForm(w.page, { ...p, name: "Someone Else" });
  await expect(w.page.getByText("An account with this email already exists. Sign in instead.")).toBeVisible();
  await expect(w.page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  // Weak password (checked in the browser before anything is sent, and again by the server).
  await w.page.getByLabel("Email").fill(`fresh-${p.email}`);
  await w.page.getByLabel("Password").fill("short");
  await w.page.getByRole("button", { name: "Create account" }).click();
  await expect(w.page.getByText("Use at least 10 characters.")).toBeVisible();
  await expect(w.page).toHaveURL(/\/signup/);
  await w.page.screenshot({ path: ".quorum/test-results/screens/signup-errors.png" });

  // Wrong password.
  await w.page.goto("/signin");
  await signInThroughForm(w.page, p.email, "definitely not it");
  await expect(w.page.getByRole("main").getByRole("alert")).toHaveText(
    "That email and password don't match an account.",
  );
  await expect(w.page).toHaveURL(/\/signin/);
  await w.page.screenshot({ path: ".quorum/test-results/screens/signin-error.png" });
  await w.context.close();
});

test("the landing page says what Quorum is and reads at 1280×800", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toContainText(
    "distributed-systems design interviews",
  );
  await expect(page.getByRole("link", { name: "Create account" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Five steps, every interview" })).toBeVisible();
  await page.screenshot({ path: ".quorum/test-results/screens/landing.png", fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: ".quorum/test-results/screens/landing-dark.png" });
});

test("a password change signs out the other browser, and sign out everywhere signs out both", async ({
  browser,
}) => {
  const p = person("Petra");
  const laptop = await newVisitor(browser);
  const phone = await newVisitor(browser);
  await signUpThroughForm(laptop.page, p);
  await expect(laptop.page).toHaveURL(/\/dashboard$/);
  await phone.page.goto("/signin");
  await signInThroughForm(phone.page, p.email, p.password);
  await expect(phone.page).toHaveURL(/\/dashboard$/);

  // The account page, from the menu.
  await laptop.page.getByRole("button", { name: `Account menu for ${p.name}` }).click();
  await laptop.page.getByRole("link", { name: "Account" }).click();
  await expect(laptop.page.getByRole("heading", { name: "Account", level: 1 })).toBeVisible();

  // A wrong current password is named on its field, and changes nothing.
  await laptop.page.getByLabel("Current password").fill("not the password at all");
  await laptop.page.getByLabel("New password").fill("another long passphrase");
  await laptop.page.getByRole("button", { name: "Change password" }).click();
  await expect(laptop.page.getByText("That is not your current password.")).toBeVisible();
  await phone.page.reload();
  await expect(phone.page).toHaveURL(/\/dashboard$/);

  await laptop.page.getByLabel("Current password").fill(p.password);
  await laptop.page.getByLabel("New password").fill("another long passphrase");
  await laptop.page.getByRole("button", { name: "Change password" }).click();
  await expect(laptop.page.getByText("Password changed. 1 other sign-in signed out.")).toBeVisible();
  await laptop.page.screenshot({ path: ".quorum/test-results/screens/account.png" });
  // The phone's session ended on the server: its next page asks it to sign in; the laptop stays in.
  await phone.page.reload();
  await expect(phone.page).toHaveURL(/\/signin/);
  await laptop.page.reload();
  await expect(laptop.page.getByRole("heading", { name: "Account", level: 1 })).toBeVisible();

  // Sign in again on the phone with the new password, then sign out everywhere from the laptop.
  await signInThroughForm(phone.page, p.email, "another long passphrase");
  await expect(phone.page).not.toHaveURL(/\/signin/);
  await laptop.page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(laptop.page).toHaveURL(/\/$/);
  await phone.page.goto("/dashboard");
  await expect(phone.page).toHaveURL(/\/signin/);
  await laptop.page.goto("/dashboard");
  await expect(laptop.page).toHaveURL(/\/signin/);

  await laptop.context.close();
  await phone.context.close();
});
