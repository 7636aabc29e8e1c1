import { afterAll, describe, expect, it } from "vitest";
import { emptyRoom, foldEvents, streamFor, viewOfLog } from "../../lib/room";
import { pickPort } from "../../server/db/embedded";
import { newUser, signIn, signUp } from "../fixtures/auth";
import { requireEnv } from "../fixtures/database";
import { chatInTurns, createPairedRoom, TestRoomClient } from "../fixtures/room-client";
import { startTestServer, type TestServer } from "../fixtures/server";
import { expectNothingLost, storedEvents, streamLength } from "../fixtures/stored-log";

const SECRET = "integration-secret-durability-0123456789";
const servers: TestServer[] = [];
const clients: TestRoomClient[] = [];
afterAll(async () => {
  for (const c of clients) c.close();
  for (const s of servers) await s.stop("SIGKILL");
});

describe("durability", () => {
  it("loses no acknowledged op when the server is SIGKILLed mid-interview, and applies resent ops exactly once", async () => {
    const port = await pickPort(41_000 + (process.pid % 1000));
    const env = {
      DATABASE_URL: requireEnv("TEST_DATABASE_URL"),
      NEXTAUTH_SECRET: SECRET,
      PORT: String(port),
    };
    const first = await startTestServer(env);
    servers.push(first);

    const ui = newUser("dur-int");
    const uc = newUser("dur-cand");
    await signUp(first.url, ui);
    await signUp(first.url, uc);
    const a = (await signIn(first.url, ui.email, ui.password)).session!;
    const b = (await signIn(first.url, uc.email, uc.password)).session!;
    const { roomId } = await createPairedRoom(first.url, a.cookie, b.cookie);

    const int = new TestRoomClient(first.url, a.cookie, roomId, "int");
    const cand = new TestRoomClient(first.url, b.cookie, roomId, "cand");
    clients.push(int, cand);
    await int.until(() => int.sync.joined, 10_000, "interviewer joined");
    await cand.until(() => cand.sync.joined, 10_000, "candidate joined");
    int.submit({ type: "clock.start" });

    // Both type steadily; kill the server once a good number of ops has been acknowledged, keep typing while it
    // is down, then bring it back on the same port (the clients reconnect by themselves).
    const typeSome = chatInTurns(int, cand, 3, (i) => {
      if (i % 7 === 0) int.submit({ type: "note.add", text: `note ${i}` });
    });
    await typeSome(40);
    await int.until(() => int.acked.size + cand.acked.size >= 20, 10_000, "20 acks");
    first.proc.kill("SIGKILL");
    await new Promise((r) => first.proc.once("exit", r));
    const ackedBeforeKill = { interviewer: new Map(int.acked), candidate: new Map(cand.acked) };
    await typeSome(20);
    expect(int.sync.pending.length + cand.sync.pending.length).toBeGreaterThan(0);

    const second = await startTestServer(env);
    servers.push(second);
    await typeSome(20);
    await int.until(() => int.settled() && cand.settled(), 30_000, "both clients settled");

    const events = await storedEvents(requireEnv("TEST_DATABASE_URL"), roomId);
    // Gapless; every acknowledged op stored once at its acked seq; every submitted op stored once or refused
    // with a reason. Acknowledged before the kill means present after it.
    expectNothingLost(events, [int, cand]);
    for (const role of ["interviewer", "candidate"] as const) {
      const mine = streamFor(events, role); // each ack numbers its sender's own stream
      for (const [opId, seq] of ackedBeforeKill[role]) expect(mine[seq - 1]?.opId).toBe(opId);
    }
    expect(int.submitted.length + cand.submitted.length).toBeGreaterThanOrEqual(81);

    // Both clients converged on the stored log (each through its own view).
    await int.until(
      () => int.sync.lastSeq === events.length && cand.sync.lastSeq === streamLength(events, "candidate"),
      10_000,
      "clients caught up",
    );
    const folded = foldEvents(emptyRoom(roomId), events);
    expect(int.sync.state).toEqual(folded);
    expect(cand.sync.state).toEqual(viewOfLog(roomId, events, "candidate"));
    expect(folded.chat).toHaveLength(80);
  });
});
