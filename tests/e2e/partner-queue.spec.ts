import { expect, type Page, test } from "@playwright/test";
import { newVisitor, person, signUpThroughForm } from "./fixtures";

async function lookFor(page: Page, seat: string, level: string, anonymous = false) {
  await page.getByRole("radio", { name: seat }).check();
  await page.getByLabel("Target level").selectOption({ label: level });
  if (anonymous) await page.getByLabel("Stay anonymous to my partner").check();
  await page.getByRole("button", { name: "Find a partner" }).click();
}

test("the queue pairs two compatible people into one room (anonymously if asked) while a third keeps waiting", async ({
  browser,
}) => {
  const people = [person("Ada"), person("Ben"), person("Cy")];
  const [ada, ben, cy] = await Promise.all(people.map(() => newVisitor(browser)));
  for (const [v, p] of [
    [ada!, people[0]!],
    [ben!, people[1]!],
    [cy!, people[2]!],
  ] as const) {
    await signUpThroughForm(v.page, p);
    await expect(v.page).toHaveURL(/\/dashboard$/);
  }

  await lookFor(ada!.page, "the candidate", "Senior", true);
  await expect(ada!.page.getByRole("status")).toHaveText("Looking for a partner… keep this page open.");
  await lookFor(cy!.page, "the candidate", "Mid-level");
  await expect(cy!.page.getByRole("status")).toHaveText("Looking for a partner… keep this page open.");
  await lookFor(ben!.page, "the interviewer", "Senior");

  // Ada and Ben land in the same new room, Ben interviewing; Ada appears under a pseudonym.
  await expect(ben!.page).toHaveURL(/\/room\/[a-z0-9]+$/);
  await expect(ada!.page).toHaveURL(ben!.page.url());
  await expect(ben!.page.getByText("You are interviewing")).toBeVisible();
  await expect(ada!.page.getByText("You are the candidate")).toBeVisible();
  const candidateSeat = ben!.page
    .getByRole("region", { name: "Participants" })
    .getByRole("listitem")
    .filter({ hasText: "Candidate" });
  await expect(candidateSeat).toContainText(/Anonymous [A-Z][a-z]+/);
  await expect(ben!.page.getByText(people[0]!.name)).toHaveCount(0);

  // Ben's history keeps Ada anonymous too.
  await ben!.page.goto("/dashboard");
  await expect(
    ben!.page.getByRole("region", { name: "Your sessions" }).getByRole("row").nth(1),
  ).toContainText(/Anonymous [A-Z][a-z]+/);

  // Cy, at another level, is still waiting, and can stop.
  await expect(cy!.page.getByRole("status")).toHaveText("Looking for a partner… keep this page open.");
  await cy!.page.getByRole("button", { name: "Stop looking" }).click();
  await expect(cy!.page.getByRole("button", { name: "Find a partner" })).toBeVisible();
  for (const v of [ada!, ben!, cy!]) await v.context.close();
});
