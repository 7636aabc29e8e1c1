import { expect, type Page, test } from "@playwright/test";
import { pairedRoom } from "./fixtures";

const outcomes = (page: Page) =>
  page.getByRole("status", { name: "Outcomes" }).or(page.locator('output[aria-label="Outcomes"]'));

test("W=1, R=1 shows stale reads under a partition on both screens; W=2, R=2 does not", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const { int, cand } = await pairedRoom(browser);

  // The candidate sets up a leaderless store with N=3, W=1, R=1 and starts the workload.
  await cand.page.getByLabel("Design").selectOption({ label: "Leaderless quorum store" });
  await cand.page.getByLabel("N", { exact: true }).fill("3");
  await cand.page.getByLabel("W", { exact: true }).fill("1");
  await cand.page.getByLabel("R", { exact: true }).fill("1");
  await cand.page.getByRole("button", { name: "Start cluster" }).click();
  await expect(int.page.getByTestId("cluster-design")).toContainText("N=3, W=1, R=1 (W + R ≤ N)");
  await cand.page.getByRole("button", { name: "Start workload" }).click();

  // The interviewer can't start workloads; the candidate can't inject faults.
  await expect(int.page.getByRole("button", { name: "Start workload" })).toHaveCount(0);
  await expect(cand.page.getByRole("button", { name: "Isolate n3" })).toHaveCount(0);

  // The interviewer cuts one replica away; both screens flag stale reads.
  await int.page.getByRole("button", { name: "Isolate n3" }).click();
  for (const page of [int.page, cand.page])
    await expect(outcomes(page)).toContainText(/\d+ stale reads? flagged/, { timeout: 30_000 });
  // Clicking a flagged anomaly marks the operations it names on the timeline.
  await outcomes(cand.page).getByRole("button").first().click();
  await expect(outcomes(cand.page).getByRole("button", { pressed: true })).toHaveCount(1);
  // Each anomaly explains itself from the operations that prove it.
  await expect(outcomes(cand.page).getByRole("button", { pressed: true })).toContainText(
    /^Read #\d+ of k\d+ began at t=[\d.]+ s and returned .*, but write #\d+ .* had been acknowledged at t=[\d.]+ s, before the read began/,
  );
  await expect(cand.page.getByRole("img", { name: /Operation timeline: \d+ operations/ })).toBeVisible();
  // The README's picture of the cluster: its pane scrolled to the flagged stale reads.
  await outcomes(int.page).scrollIntoViewIfNeeded();
  await int.page.screenshot({ path: ".quorum/test-results/screens/room-cluster.png", fullPage: true });

  // The candidate raises the quorums; with the same partition and load there are no stale reads.
  await cand.page.getByLabel("W", { exact: true }).fill("2");
  await cand.page.getByLabel("R", { exact: true }).fill("2");
  await cand.page.getByRole("button", { name: "Restart cluster with this design" }).click();
  await expect(int.page.getByTestId("cluster-design")).toContainText("N=3, W=2, R=2 (W + R > N)");
  await cand.page.getByRole("button", { name: "Start workload" }).click();
  await int.page.getByRole("button", { name: "Isolate n3" }).click();
  for (const page of [int.page, cand.page])
    await expect(outcomes(page)).toContainText(/[1-9]\d* ok/, { timeout: 30_000 });
  await int.page.getByRole("button", { name: "Pause simulation" }).click();
  for (const page of [int.page, cand.page]) {
    await expect(page.getByRole("button", { name: "Play simulation" })).toBeVisible();
    await expect(outcomes(page)).toContainText("No stale reads");
  }

  // A sixth node joins: the ring shows which keys moved, next to what hash mod N would have moved.
  await cand.page.getByRole("button", { name: "Add a node" }).click();
  for (const page of [int.page, cand.page])
    await expect(page.getByTestId("ring-moves")).toContainText(
      /n6 joined: \d+% of keys moved on the ring \(thick ticks\); hash mod N would have moved \d+%/,
    );
  await int.context.close();
  await cand.context.close();
});

test("Raft: isolating the leader elects a new one on the majority side; both browsers and the server agree on the state hash", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const { int, cand, roomUrl } = await pairedRoom(browser);
  await cand.page.getByLabel("Design").selectOption({ label: "Raft" });
  await cand.page.getByRole("button", { name: "Start cluster" }).click();
  await cand.page.getByLabel("Speed").selectOption("1");
  const leaderItem = (page: Page) =>
    page.getByRole("list", { name: "Nodes" }).getByRole("listitem", { name: /: leader/ });
  await expect(leaderItem(int.page)).toHaveCount(1, { timeout: 20_000 });
  const oldLeader = (await leaderItem(int.page).getAttribute("aria-label"))!.split(":")[0]!;

  await int.page.getByRole("button", { name: "Isolate the leader" }).click();
  // A different node becomes leader on the majority side, on both screens.
  for (const page of [int.page, cand.page])
    await expect(
      page
        .getByRole("list", { name: "Nodes" })
        .getByRole("listitem", { name: new RegExp(`^(?!${oldLeader}:).*: leader, term`) }),
    ).toHaveCount(1, { timeout: 20_000 });

  // Pause: both browsers stop at the same virtual time and must show the same state; so must the server.
  await int.page.getByRole("button", { name: "Pause simulation" }).click();
  await expect(cand.page.getByRole("button", { name: "Play simulation" })).toBeVisible();
  const hashOf = async (page: Page) => {
    await expect(page.getByTestId("cluster-hash")).toHaveText(/state [0-9a-f]{16}/);
    return (await page.getByTestId("cluster-hash").textContent())!.replace("state ", "");
  };
  await expect
    .poll(async () => (await hashOf(int.page)) === (await hashOf(cand.page)), { timeout: 10_000 })
    .toBe(true);
  const roomId = roomUrl.split("/").pop();
  const server = await int.page.request.get(`/api/rooms/${roomId}/sim`);
  expect(server.ok()).toBe(true);
  expect((await server.json()).hash).toBe(await hashOf(int.page));

  // Node data: a Raft node's log and commit index.
  await int.page.getByRole("button", { name: "Show data on n3" }).click();
  await expect(int.page.getByTestId("raft-log")).toContainText(
    /Raft log on n3: \d+ entries, committed up to \d+ \(term \d+\)/,
  );

  // With load running, cut off two of five nodes: the minority refuses writes, the majority keeps serving.
  await int.page.getByRole("button", { name: "Heal network" }).click();
  await int.page.getByRole("button", { name: "Play simulation" }).click();
  await cand.page.getByRole("button", { name: "Start workload" }).click();
  await int.page.getByRole("button", { name: "Move n1 to group B" }).click();
  await int.page.getByRole("button", { name: "Move n2 to group B" }).click();
  await int.page.getByRole("button", { name: "Apply partition" }).click();
  // The minority side serves nothing (Raft commits only with a majority), on both screens. (How fast the majority
  // side recovers depends on where the leader was when the cut came, which the wall clock decides, so the test
  // does not assert it.)
  for (const page of [int.page, cand.page]) {
    const minority = page.getByRole("row").filter({ hasText: /^n1, n2/ });
    await expect(minority).toContainText(/^n1, n2\s*0% of [1-9]\d*/, { timeout: 30_000 });
    await expect(page.getByTestId("cap-verdict")).not.toContainText("Chose availability");
  }
  await int.context.close();
  await cand.context.close();
});

test("the interviewer builds a partition by moving nodes between groups; both browsers show the cut", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const { int, cand } = await pairedRoom(browser);
  await cand.page.getByRole("button", { name: "Start cluster" }).click();

  const builder = int.page.getByRole("group", { name: "Partition builder" });
  const group = (name: string) => builder.getByRole("group", { name });
  const apply = builder.getByRole("button", { name: "Apply partition" });
  // Every node starts in group A: nothing to cut yet.
  await expect(group("Group A").getByRole("listitem")).toHaveCount(5);
  await expect(apply).toBeDisabled();
  await builder.getByRole("button", { name: "Move n4 to group B" }).click();
  await expect(apply).toBeEnabled();
  await builder.getByRole("button", { name: "Move n5 to group B" }).click();
  await expect(group("Group B").getByRole("listitem")).toHaveText([/n4/, /n5/]);
  await apply.click();
  for (const page of [int.page, cand.page])
    await expect(
      page.getByRole("img", { name: /partitioned into \{n1, n2, n3\} and \{n4, n5\}/ }),
    ).toBeVisible();

  // Dragging a chip does the same: n3 onto group C makes a three-way split.
  // (Grabbed by its name, not its centre, which may be one of the chip's move buttons.)
  await group("Group A").getByText("n3", { exact: true }).dragTo(group("Group C"));
  await expect(group("Group C").getByRole("listitem")).toHaveText([/n3/]);
  await apply.click();
  for (const page of [int.page, cand.page])
    await expect(
      page.getByRole("img", { name: /partitioned into \{n1, n2\} and \{n3\} and \{n4, n5\}/ }),
    ).toBeVisible();
  // Only the interviewer builds partitions.
  await expect(cand.page.getByRole("group", { name: "Partition builder" })).toHaveCount(0);
  await int.context.close();
  await cand.context.close();
});

test("range partitioning: the candidate picks it, both see the key ranges, and a new node splits one range", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const { int, cand } = await pairedRoom(browser);
  await cand.page.getByLabel("Design").selectOption({ label: "Leaderless quorum store" });
  await cand.page.getByLabel("Partitioning").selectOption({ label: "Range (by key order)" });
  // Virtual nodes belong to the hash ring only.
  await expect(cand.page.getByLabel("Virtual nodes")).toBeDisabled();
  await cand.page.getByRole("button", { name: "Start cluster" }).click();
  for (const page of [int.page, cand.page]) {
    await expect(page.getByTestId("cluster-design")).toContainText("range partitioning (by key order)");
    await expect(page.getByTestId("range-map")).toContainText("k0–k1 → n1 · k2–k3 → n2");
    await expect(page.getByTestId("range-map")).toContainText("k8 and up → n5");
  }
  // With no data yet, the join splits the first of the equally wide ranges: only k1 changes owner.
  await cand.page.getByRole("button", { name: "Add a node" }).click();
  for (const page of [int.page, cand.page])
    await expect(page.getByTestId("range-moves")).toContainText(
      "n6 joined: k1 moved from n1 to n6; every other key stayed put.",
    );
  await int.context.close();
  await cand.context.close();
});

test("a scenario preset loads for both, shows its question, and the CAP verdict names the side that refused writes", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const { int, cand } = await pairedRoom(browser);
  await int.page
    .getByLabel("Scenario")
    .selectOption({ label: "CP or AP when the datacenters split — CP: Raft" });
  await int.page.getByRole("button", { name: "Load scenario" }).click();
  for (const page of [int.page, cand.page])
    await expect(page.getByTestId("scenario-question")).toContainText(
      "What do clients on the smaller side see?",
    );
  await int.page.getByLabel("Speed").selectOption("1");
  for (const page of [int.page, cand.page])
    await expect(page.getByTestId("cap-verdict")).toContainText(
      /CP · (During the last partition: )?Chose consistency: n4, n5 refused writes/,
      { timeout: 30_000 },
    );
  await cand.page.screenshot({ path: ".quorum/test-results/screens/room-cluster-cp.png", fullPage: true });
  await int.context.close();
  await cand.context.close();
});

/** The room's error notices (a refused op shows as one: 'Unknown node "n4".'). */
const notices = (page: Page) => page.getByRole("main").getByRole("alert");
const diagram = (page: Page) => page.getByRole("img", { name: /^Cluster diagram:/ });
/** The candidate's design form shows these knob values. */
async function expectKnobs(page: Page, knobs: Record<string, string>) {
  for (const [knob, value] of Object.entries(knobs))
    await expect(page.getByLabel(knob, { exact: true })).toHaveValue(value);
}
const nodeItem = (page: Page, id: string) =>
  page.getByRole("list", { name: "Nodes" }).getByRole("listitem", { name: new RegExp(`^${id}:`) });

test("a three-continent scenario: the candidate's form shows its design, and every button works on its three nodes", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { int, cand } = await pairedRoom(browser);
  await int.page
    .getByLabel("Scenario")
    .selectOption({ label: "Read and write quorums that overlap — N=3 W=1 R=1" });
  await int.page.getByRole("button", { name: "Load scenario" }).click();
  for (const page of [int.page, cand.page])
    await expect(page.getByTestId("cluster-design")).toContainText("N=3, W=1, R=1 (W + R ≤ N)");
  // The candidate's form shows the running design, not its defaults (W=2, R=2).
  await expect(cand.page.getByLabel("Design")).toHaveValue("quorum");
  await expectKnobs(cand.page, { N: "3", W: "1", R: "1" });
  // Real time: commands land after the scenario's 3 s script, which would take 30 s at the default 0.1×.
  await int.page.getByLabel("Speed").selectOption("1");

  // Every fault names only n1–n3; the regions are eu, us and ap, one node each.
  await int.page.getByRole("button", { name: "Split regions" }).click();
  for (const page of [int.page, cand.page])
    await expect(diagram(page)).toHaveAccessibleName(/partitioned into \{n1\} and \{n2\} and \{n3\}/, {
      timeout: 15_000,
    });
  await int.page.getByRole("button", { name: "Isolate n3" }).click();
  await expect(diagram(cand.page)).toHaveAccessibleName(/partitioned into \{n1, n2\} and \{n3\}/);
  // A leaderless store has no leader: the button is off and says why.
  const isolateLeader = int.page.getByRole("button", { name: "Isolate the leader" });
  await expect(isolateLeader).toBeDisabled();
  await expect(isolateLeader).toHaveAccessibleDescription("A leaderless store has no leader.");
  await expect(int.page.getByText("A leaderless store has no leader.")).toBeVisible();
  await int.page.getByRole("button", { name: "Heal network" }).click();
  await expect(diagram(cand.page)).not.toHaveAccessibleName(/partitioned/);
  await int.page.getByRole("button", { name: "Skew n2 clock +500 ms" }).click();
  await expect(nodeItem(cand.page, "n2")).toContainText("clock +500 ms");
  await int.page.getByRole("button", { name: "Crash n1" }).click();
  await expect(nodeItem(cand.page, "n1")).toHaveAccessibleName(/^n1: crashed/);
  await int.page.getByRole("button", { name: "Restart n1" }).click();
  await expect(nodeItem(cand.page, "n1")).toHaveAccessibleName(/^n1: replica/);

  // The candidate's single operations go through nodes the cluster has (no n4 on three continents).
  await expect(cand.page.getByRole("button", { name: /via n4/ })).toHaveCount(0);
  await cand.page.getByRole("button", { name: "Write k0 via n1 (eu)" }).click();
  await cand.page.getByRole("button", { name: "Read k0 via n2 (us)" }).click();
  await cand.page.getByRole("button", { name: "Start workload" }).click();
  await expect(cand.page.getByRole("button", { name: "Stop workload" })).toBeVisible();
  // A node added to three is n4, and the interviewer's faults reach it.
  await cand.page.getByRole("button", { name: "Add a node" }).click();
  await expect(nodeItem(int.page, "n4")).toHaveCount(1);
  await int.page.getByRole("button", { name: "Split regions" }).click();
  await expect(diagram(cand.page)).toHaveAccessibleName(/partitioned into \{n1\} and \{n2, n4\} and \{n3\}/);
  await cand.page.getByRole("button", { name: "Remove the added node" }).click();
  await expect(nodeItem(int.page, "n4")).toHaveAccessibleName(/^n4: removed/);
  await expect(int.page.getByRole("button", { name: "Crash n4" })).toHaveCount(0);
  for (const page of [int.page, cand.page]) await expect(notices(page)).toHaveCount(0);

  // An edit in progress survives the panel's re-renders (it redraws every frame)…
  await cand.page.getByLabel("R", { exact: true }).fill("3");
  await cand.page.waitForTimeout(1_000);
  await expect(cand.page.getByLabel("R", { exact: true })).toHaveValue("3");
  // …until someone resets the cluster: then the form shows the new running design. This one is in one region.
  await int.page
    .getByLabel("Scenario")
    .selectOption({ label: "A fast clock silently wins — hybrid logical clock" });
  await int.page.getByRole("button", { name: "Load scenario" }).click();
  await expect(cand.page.getByTestId("scenario-question")).toContainText("Whose write survives?");
  await expect(cand.page.getByLabel("R", { exact: true })).toHaveValue("2");
  await expect(cand.page.getByLabel("Conflicts")).toHaveValue("hlc");
  const split = int.page.getByRole("button", { name: "Split regions" });
  await expect(split).toBeDisabled();
  await expect(split).toHaveAccessibleDescription(/Needs nodes in two regions/);
  // Restarting without an edit restarts the same design on the scenario's three nodes.
  await cand.page.getByRole("button", { name: "Restart cluster with this design" }).click();
  await expect(cand.page.getByTestId("scenario-question")).toHaveCount(0);
  for (const page of [int.page, cand.page]) {
    await expect(page.getByTestId("cluster-design")).toContainText("N=3, W=2, R=2");
    await expect(page.getByRole("list", { name: "Nodes" }).getByRole("listitem")).toHaveCount(3);
    await expect(notices(page)).toHaveCount(0);
  }
  await int.context.close();
  await cand.context.close();
});

test("five nodes over two regions: Split regions cuts eu from us, and takes in a node the candidate adds", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const { int, cand } = await pairedRoom(browser);
  await cand.page.getByRole("button", { name: "Start cluster" }).click();
  await expect(cand.page.getByRole("button", { name: "Restart cluster with this design" })).toBeVisible();
  await expectKnobs(cand.page, { N: "3", W: "2", R: "2" });
  await int.page.getByLabel("Speed").selectOption("1");
  await int.page.getByRole("button", { name: "Split regions" }).click();
  for (const page of [int.page, cand.page])
    await expect(diagram(page)).toHaveAccessibleName(/partitioned into \{n1, n2, n3\} and \{n4, n5\}/);
  await cand.page.getByRole("button", { name: "Add a node" }).click();
  await expect(nodeItem(int.page, "n6")).toHaveCount(1);
  await int.page.getByRole("button", { name: "Split regions" }).click();
  for (const page of [int.page, cand.page])
    await expect(diagram(page)).toHaveAccessibleName(/partitioned into \{n1, n2, n3\} and \{n4, n5, n6\}/);
  await int.page.getByRole("button", { name: "Isolate n3" }).click();
  await expect(diagram(cand.page)).toHaveAccessibleName(/partitioned into \{n1, n2, n4, n5, n6\} and \{n3\}/);
  await cand.page.getByRole("button", { name: "Read k0 via n4 (us)" }).click();
  for (const page of [int.page, cand.page]) await expect(notices(page)).toHaveCount(0);
  await int.context.close();
  await cand.context.close();
});
