import pg from "pg";
import { describe, expect, it } from "vitest";
import { requireEnv } from "../fixtures/database";
import { openPairedRoom, serverForFile } from "../fixtures/room-client";
import { storedEvents } from "../fixtures/stored-log";

// A sender's own event travels in its op's ack (one message, not an echo plus an ack) while nothing else is due
// to that connection. When the room has something else for it first (the partner's event), the own event goes
// out on its own ahead of it and the ack comes later without it, so the partner's events never wait for this
// connection's writes to commit. These tests read each socket's raw frames in arrival order.

const file = serverForFile("ordering");

type Arrival = { seq: number; opId: string; via: "event" | "ack" };

/** Every room event a socket received, in arrival order: from event frames and from op acks. */
function arrivals(frames: string[]): Arrival[] {
  const out: Arrival[] = [];
  for (const f of frames) {
    const m = /^(\d)(\d*)(\[.*)$/s.exec(f);
    if (!m) continue;
    const body = JSON.parse(m[3]!) as unknown[];
    if (m[1] === "2" && body[0] === "room:event") {
      const { event } = body[1] as { event: { seq: number; opId: string } };
      out.push({ seq: event.seq, opId: event.opId, via: "event" });
    } else if (m[1] === "3") {
      const ack = body[0] as { ok?: boolean; event?: { seq: number; opId: string } };
      if (ack?.ok && ack.event) out.push({ seq: ack.event.seq, opId: ack.event.opId, via: "ack" });
    }
  }
  return out;
}

describe("own events in acks", () => {
  it("reach each sender once, with every event in sequence order on both sockets", async () => {
    const { roomId, int, cand } = await openPairedRoom(file.server.url, "order");
    file.clients.push(int, cand);
    const mine = { int: new Set<string>(), cand: new Set<string>() };
    for (let i = 0; i < 40; i++) {
      mine.int.add(int.submit({ type: "chat.post", text: `i${i}` }));
      mine.cand.add(cand.submit({ type: "chat.post", text: `c${i}` }));
    }
    await int.until(() => int.settled() && cand.settled(), 20_000, "all acked");
    const stored = await storedEvents(requireEnv("TEST_DATABASE_URL"), roomId);
    const last = stored.at(-1)!.seq;
    // Only chat here: the candidate's stream is the whole log, numbered the same.
    await int.until(() => int.sync.lastSeq === last && cand.sync.lastSeq === last, 10_000, "both caught up");

    for (const [who, client] of [
      ["int", int],
      ["cand", cand],
    ] as const) {
      const seen = arrivals(client.frames).filter((a) => a.seq > stored.length - 80);
      // In order, no gaps, nothing twice: exactly the stored log's last 80 chat events.
      expect(
        seen.map((a) => a.seq),
        `${who}: arrival order`,
      ).toEqual(stored.slice(-80).map((e) => e.seq));
      // The other side's came as events only (its own came in acks, or on their own ahead of a partner event).
      for (const a of seen) if (!mine[who].has(a.opId)) expect(a.via, `${who}: seq ${a.seq}`).toBe("event");
    }
    // And the two live states are the stored log's fold.
    expect(int.sync.state?.chat.map((m) => m.text)).toEqual(cand.sync.state?.chat.map((m) => m.text));
    expect(int.sync.state?.chat).toHaveLength(80);
  });

  it("do not hold the partner's events back while the sender's own write waits to commit", async () => {
    const { roomId, int, cand } = await openPairedRoom(file.server.url, "held");
    file.clients.push(int, cand);
    const before = { int: int.frames.length, cand: cand.frames.length };
    // Every append waits on this lock: the candidate's op is decided and broadcast, but not committed.
    const locker = new pg.Client({ connectionString: requireEnv("TEST_DATABASE_URL") });
    await locker.connect();
    try {
      await locker.query("BEGIN");
      await locker.query('LOCK TABLE "RoomEvent" IN SHARE ROW EXCLUSIVE MODE');
      const own = cand.submit({ type: "chat.post", text: "candidate, not yet committed" });
      await int.until(
        () => int.sync.state?.chat.length === 1,
        10_000,
        "interviewer has the candidate's message",
      );
      int.submit({ type: "chat.post", text: "interviewer, also waiting" });
      // The candidate gets the interviewer's message now, after its own (sent on its own, first).
      await cand.until(() => cand.sync.state?.chat.length === 2, 10_000, "candidate has both messages");
      expect(cand.sync.state?.chat.map((m) => m.text)).toEqual([
        "candidate, not yet committed",
        "interviewer, also waiting",
      ]);
      // Neither op is acknowledged: nothing is durable yet, and the client still holds its op to resend.
      expect(cand.sync.pending.map((p) => [p.opId, p.applied])).toEqual([[own, true]]);
      expect(int.settled() || cand.settled()).toBe(false);
      await locker.query("COMMIT");
    } finally {
      await locker.end();
    }
    await int.until(() => int.settled() && cand.settled(), 20_000, "both acked after the commit");
    const stored = await storedEvents(requireEnv("TEST_DATABASE_URL"), roomId);
    const lastTwo = stored.slice(-2).map((e) => e.seq);
    await int.until(() => int.sync.lastSeq === lastTwo[1], 10_000, "interviewer caught up");
    // The candidate saw its own event once, as an event ahead of the interviewer's; its ack did not repeat it.
    expect(arrivals(cand.frames.slice(before.cand)).map((a) => [a.seq, a.via])).toEqual([
      [lastTwo[0], "event"],
      [lastTwo[1], "event"],
    ]);
    // The interviewer's own event waited for nothing else and came in its ack.
    expect(arrivals(int.frames.slice(before.int)).map((a) => [a.seq, a.via])).toEqual([
      [lastTwo[0], "event"],
      [lastTwo[1], "ack"],
    ]);
    expect(int.sync.state?.chat).toEqual(cand.sync.state?.chat);
  });
});
