import { expect, type Page, test } from "@playwright/test";
import { questionById } from "../../lib/questions/bank";
import { newVisitor, person, signUpThroughForm } from "./fixtures";

async function inviteLink(page: Page): Promise<string> {
  const value = await page.getByLabel("Invite link").inputValue();
  expect(value).toMatch(/\/invite\/[A-Za-z0-9_-]+$/);
  return value;
}

function seat(page: Page, role: "interviewer" | "candidate") {
  return page
    .getByRole("region", { name: "Participants" })
    .getByRole("listitem")
    .filter({ hasText: role === "interviewer" ? "Interviewer" : "Candidate" });
}

test("two people run an interview: invite, presence, clock, phases, chat, private notes, reload, end", async ({
  browser,
}) => {
  const a = person("Iris");
  const b = person("Kofi");
  const c = person("Zara");
  const iris = await newVisitor(browser);
  const kofi = await newVisitor(browser);
  const zara = await newVisitor(browser);
  await signUpThroughForm(iris.page, a);
  await signUpThroughForm(kofi.page, b);
  await signUpThroughForm(zara.page, c);
  await expect(iris.page).toHaveURL(/\/dashboard$/);
  await expect(kofi.page).toHaveURL(/\/dashboard$/);
  await expect(zara.page).toHaveURL(/\/dashboard$/);

  // Iris creates the interview as interviewer.
  await iris.page.getByLabel("Interviewer", { exact: true }).check();
  await iris.page.getByLabel("Question").selectOption({ label: "Distributed key-value store" });
  await iris.page.getByRole("button", { name: "New interview" }).click();
  await expect(iris.page).toHaveURL(/\/room\/[a-z0-9]+$/);
  await expect(iris.page.getByRole("heading", { level: 1 })).toHaveText("Distributed key-value store");
  await expect(seat(iris.page, "candidate")).toContainText("not here yet");
  await expect(iris.page.getByRole("button", { name: "Start clock" })).toBeDisabled();

  // She replaces the link: the old one stops working.
  const oldLink = await inviteLink(iris.page);
  await iris.page.getByRole("button", { name: "New link" }).click();
  await expect(iris.page.getByRole("status").filter({ hasText: "New link ready" })).toBeVisible();
  const link = await inviteLink(iris.page);
  expect(link).not.toBe(oldLink);
  await kofi.page.goto(oldLink);
  await expect(kofi.page.getByRole("heading", { name: "This invite link doesn't work" })).toBeVisible();

  // Kofi joins through the new link and takes the free seat.
  await kofi.page.goto(link);
  await expect(kofi.page.getByRole("heading", { level: 1 })).toContainText(`${a.name} invited you`);
  await kofi.page.getByRole("button", { name: "Join the interview" }).click();
  await expect(kofi.page).toHaveURL(/\/room\/[a-z0-9]+$/);
  await expect(kofi.page.getByText("You are the candidate")).toBeVisible();
  await expect(seat(iris.page, "candidate")).toContainText(`${b.name}`);
  await expect(seat(iris.page, "candidate")).toContainText("connected");
  await expect(seat(kofi.page, "interviewer")).toContainText(`${a.name}`);
  await expect(seat(kofi.page, "interviewer")).toContainText("connected");

  // A third person learns the interview is full on arrival, with somewhere to go instead of a Join button.
  await zara.page.goto(link);
  await expect(zara.page.getByRole("heading", { name: "This interview is full" })).toBeVisible();
  await expect(zara.page.getByRole("button", { name: "Join the interview" })).toHaveCount(0);
  await expect(zara.page.getByRole("link", { name: "Start your own interview" })).toHaveAttribute(
    "href",
    "/dashboard#next-interview",
  );
  // A share link that never existed answers 404 (its HTML is Next's error shell) and still says why once loaded.
  const gone = await zara.page.goto("/shared/AAAAAAAAAAAAAAAAAAAAAAAA");
  expect(gone?.status()).toBe(404);
  await expect(zara.page.getByRole("heading", { name: "This share link doesn't work" })).toBeVisible();

  // Candidates get no clock or phase controls.
  await expect(kofi.page.getByRole("button", { name: "Start clock" })).toHaveCount(0);
  await expect(kofi.page.getByRole("button", { name: /^Phase 2/ })).toHaveCount(0);

  // Iris starts the clock and moves to the next phase; Kofi sees both.
  await iris.page.getByRole("button", { name: "Start clock" }).click();
  await expect(kofi.page.getByText("You are the candidate · In progress")).toBeVisible();
  await expect(kofi.page.getByLabel("Interview clock")).not.toHaveText("00:00", { timeout: 5_000 });
  await iris.page.getByRole("button", { name: "Next phase" }).click();
  await expect(kofi.page.locator('[aria-current="step"]')).toContainText("High-level design");
  await expect(iris.page.locator('[aria-current="step"]')).toContainText("High-level design");

  // Chat both ways.
  await iris.page.getByRole("textbox", { name: "Message" }).fill("Shall we start with requirements?");
  await iris.page.getByRole("textbox", { name: "Message" }).press("Enter");
  await expect(kofi.page.getByRole("list", { name: "Chat messages" })).toContainText(
    "Shall we start with requirements?",
  );
  await kofi.page
    .getByRole("textbox", { name: "Message" })
    .fill("Sure: reads must be fresh within a second.");
  await kofi.page.getByRole("button", { name: "Send" }).click();
  await expect(iris.page.getByRole("list", { name: "Chat messages" })).toContainText(
    "Sure: reads must be fresh within a second.",
  );

  // The interviewer's guide (model answers) is on the interviewer's page and nowhere in the candidate's.
  const kv = questionById("kv-store")!;
  const modelAnswer = kv.interviewer.followUps[0]!.modelAnswer;
  await iris.page.getByRole("tab", { name: "Guide" }).click();
  await expect(iris.page.getByRole("region", { name: /Interviewer guide/ })).toBeVisible();
  await iris.page.getByText("Follow-up questions and model answers").click();
  await expect(iris.page.getByText(kv.interviewer.followUps[0]!.question)).toBeVisible();
  expect(await kofi.page.content()).not.toContain(modelAnswer.slice(0, 60));
  await expect(kofi.page.getByRole("region", { name: /Interviewer guide/ })).toHaveCount(0);

  // A private note stays with the interviewer.
  await iris.page.getByRole("tab", { name: "Notes" }).click();
  await iris.page
    .getByRole("textbox", { name: "Private note" })
    .fill("Asked about freshness unprompted: good sign");
  await iris.page.getByRole("button", { name: "Add note" }).click();
  await expect(iris.page.getByRole("list", { name: "Private notes" })).toContainText(
    "Asked about freshness unprompted",
  );
  await expect(kofi.page.getByText("Asked about freshness unprompted")).toHaveCount(0);
  await expect(kofi.page.getByRole("textbox", { name: "Private note" })).toHaveCount(0);
  await iris.page.screenshot({ path: ".quorum/test-results/screens/room-interviewer.png" });

  // Kofi reloads: same phase, same chat, the clock carries on from the events.
  const before = await kofi.page.getByLabel("Interview clock").textContent();
  await kofi.page.reload();
  await expect(kofi.page.locator('[aria-current="step"]')).toContainText("High-level design");
  await expect(kofi.page.getByRole("list", { name: "Chat messages" })).toContainText(
    "Shall we start with requirements?",
  );
  await expect(kofi.page.getByRole("list", { name: "Chat messages" })).toContainText(
    "reads must be fresh within a second",
  );
  const after = await kofi.page.getByLabel("Interview clock").textContent();
  expect(after! >= before!).toBe(true);
  await expect(kofi.page.getByText("Asked about freshness unprompted")).toHaveCount(0);
  await kofi.page.screenshot({ path: ".quorum/test-results/screens/room-candidate.png" });

  // Iris ends the interview; both see it, and the chat closes.
  await iris.page.getByRole("button", { name: "End interview" }).click();
  await iris.page.getByRole("button", { name: "Yes, end it" }).click();
  await iris.page.getByRole("tab", { name: "Chat" }).click();
  for (const page of [iris.page, kofi.page]) {
    await expect(page.getByRole("status").filter({ hasText: "The interview has ended" })).toBeVisible();
    await expect(page.getByRole("textbox", { name: "Message" })).toBeDisabled();
  }

  // Scoring: the candidate never sees the draft; a card with gaps is refused with what is missing; the
  // submitted card reaches the candidate.
  await expect(kofi.page.getByRole("region", { name: /Scorecard/ })).toHaveCount(0);
  await iris.page.getByRole("tab", { name: "Scorecard" }).click();
  const card = iris.page.getByRole("region", { name: /Scorecard/ });
  await card.getByRole("radio", { name: "Requirements: 3 Solid" }).check();
  await card
    .getByRole("textbox", { name: "Evidence for Requirements" })
    .fill("Asked how fresh reads must be");
  await card.getByRole("textbox", { name: "Evidence for Requirements" }).press("Enter");
  await card.getByRole("button", { name: "Submit scorecard" }).click();
  await expect(card.getByRole("alert")).toContainText("needs a score before submitting");
  for (const [dim, score] of [
    ["High-level design", "3 Solid"],
    ["Data model", "2 Partial"],
    ["Failure handling", "3 Solid"],
    ["Trade-offs", "2 Partial"],
    ["Communication", "4 Outstanding"],
  ] as const)
    await card.getByRole("radio", { name: `${dim}: ${score}` }).check();
  await card.getByRole("checkbox", { name: "CAP and partition behaviour" }).check();
  await card.getByLabel("Recommendation").selectOption({ label: "Yes" });
  await card.getByLabel("What went well").fill("Clear requirements and a well-argued quorum design.");
  await card
    .getByLabel("What to work on")
    .fill("Say what happens to writes on the minority side of a partition.");
  await expect(kofi.page.getByText("Clear requirements and a well-argued quorum design.")).toHaveCount(0);
  await card.getByRole("button", { name: "Submit scorecard" }).click();
  await kofi.page.getByRole("tab", { name: "Scorecard" }).click();
  const received = kofi.page.getByRole("region", { name: "Scorecard" });
  await expect(received).toContainText("Recommendation: Yes");
  await expect(received).toContainText("Clear requirements and a well-argued quorum design.");
  await expect(received).toContainText("Requirements");
  await kofi.page.screenshot({ path: ".quorum/test-results/screens/room-scorecard.png", fullPage: true });

  // Round two: the pair swaps seats on a new question, in a room of its own.
  const roundOne = kofi.page.url();
  await kofi.page.getByLabel("Round two question").selectOption({ label: "Chat and messaging" });
  await kofi.page.getByRole("button", { name: "Start round two (swap roles)" }).click();
  await expect(kofi.page).not.toHaveURL(roundOne);
  await expect(kofi.page.getByText("You are interviewing")).toBeVisible();
  await expect(kofi.page.getByRole("heading", { level: 1 })).toHaveText("Chat and messaging");
  await expect(iris.page.getByRole("status").filter({ hasText: "Round two is ready" })).toContainText(
    "Chat and messaging",
  );
  await iris.page.getByRole("link", { name: "Open round two" }).click();
  await expect(iris.page.getByText("You are the candidate")).toBeVisible();
  await expect(iris.page).toHaveURL(kofi.page.url());
  await expect(seat(iris.page, "interviewer")).toContainText(b.name);
  await expect(seat(kofi.page, "candidate")).toContainText("connected");

  // Both rounds are sessions in the history; round one shows the submitted recommendation.
  await kofi.page.goto("/dashboard");
  const history = kofi.page.getByRole("region", { name: "Your sessions" });
  await expect(history.getByRole("row").filter({ hasText: "Chat and messaging" })).toContainText(
    "interviewer",
  );
  const first = history.getByRole("row").filter({ hasText: "Distributed key-value store" });
  await expect(first).toContainText("candidate");
  await expect(first).toContainText(a.name);
  await expect(first).toContainText("Yes");

  for (const v of [iris, kofi, zara]) await v.context.close();
});
