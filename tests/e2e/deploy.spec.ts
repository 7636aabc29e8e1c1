import { expect, test, type WebSocketRoute } from "@playwright/test";
import { pairedRoom } from "./fixtures";

// A tab left open across a deploy: the next connection speaks a protocol the new server no longer serves. The
// page must say so and offer a reload, and what the person typed (a draft, and a message sent but never
// acknowledged) must survive it. The "old client" is this build's own page, whose handshake is rewritten on the
// way out to name an older protocol version (Playwright routes its WebSocket).

test("after a deploy the room asks for a reload and keeps what was typed", async ({ browser }) => {
  const { int, cand } = await pairedRoom(browser, ["Dana", "Eli"]);
  let mode: "pass" | "hold" | "old" = "pass";
  let route: WebSocketRoute | null = null;
  await int.page.routeWebSocket(/\/socket\.io\//, (ws) => {
    route = ws;
    const server = ws.connectToServer();
    ws.onMessage((m) => {
      if (mode === "hold") return; // the server never hears it
      // socket.io's CONNECT packet carries the client's auth: name a version the server no longer serves.
      const old = mode === "old" && typeof m === "string" && m.startsWith("40");
      server.send(old ? m.replace(/"protocol":\d+/, '"protocol":0') : m);
    });
  });
  await int.page.reload(); // the room's socket now goes through the route
  const message = int.page.getByRole("textbox", { name: "Message" });
  const note = int.page.getByRole("textbox", { name: "Private note" });
  await expect(message).toBeEnabled();

  // A message sent while the link is silently gone: it waits, unacknowledged.
  mode = "hold";
  await message.fill("sent just before the deploy");
  await message.press("Enter");
  await expect(int.page.getByText("sending…")).toBeVisible();
  // And text typed but not sent yet.
  await message.fill("half a thought about quorums");
  await int.page.getByRole("tab", { name: "Notes" }).click();
  await note.fill("note in progress: asks good questions");

  // The deploy: the connection drops, and the reconnect speaks the old protocol.
  mode = "old";
  await (route as WebSocketRoute | null)?.close();
  const alert = int.page.getByRole("alert").filter({ hasText: "Quorum was updated" });
  await expect(alert.getByRole("heading")).toHaveText("Quorum was updated — reload to continue.");
  await int.page.screenshot({ path: ".quorum/test-results/screens/reload-after-deploy.png" });

  // Reloading loads the new build (here: the handshake goes through unchanged).
  mode = "pass";
  await alert.getByRole("button", { name: "Reload" }).click();
  // The room reopens on the tab it was left on (Notes).
  await expect(int.page.getByRole("textbox", { name: "Private note" })).toHaveValue(
    "note in progress: asks good questions",
  );
  await int.page.getByRole("tab", { name: "Chat" }).click();
  await expect(int.page.getByRole("textbox", { name: "Message" })).toHaveValue(
    "half a thought about quorums",
  );
  // The unacknowledged message went out again after the reload, once.
  const chat = cand.page.getByRole("list", { name: "Chat messages" });
  await expect(chat).toContainText("sent just before the deploy");
  await expect(
    int.page.getByRole("list", { name: "Chat messages" }).getByText("sent just before the deploy"),
  ).toHaveCount(1);
  await expect(chat.getByText("sent just before the deploy")).toHaveCount(1);

  await int.context.close();
  await cand.context.close();
});
