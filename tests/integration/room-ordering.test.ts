import { describe, expect, it } from "vitest";
import { requireEnv } from "../fixtures/database";
import { openPairedRoom, serverForFile } from "../fixtures/room-client";
import { storedEvents } from "../fixtures/stored-log";

// A sender's own event travels in its op's ack (one message, not an echo plus an ack), and the server holds
// that connection's later events until the ack has gone. This test makes both participants send bursts at the
// same time, so acks and the other side's events interleave as tightly as they can, and reads each socket's
// raw frames in arrival order.

const file = serverForFile("ordering");

/** Every room event a socket received, in arrival order: from event frames and from op acks. */
function arrivals(frames: string[]): { seq: number; opId: string; via: "event" | "ack" }[] {
  const out: { seq: number; opId: string; via: "event" | "ack" }[] = [];
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
  it("reach each sender once, in its ack, with every event in sequence order on both sockets", async () => {
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
      // Its own ops came back in acks only; the other side's as events only.
      for (const a of seen)
        expect(a.via, `${who}: seq ${a.seq}`).toBe(mine[who].has(a.opId) ? "ack" : "event");
    }
    // And the two live states are the stored log's fold.
    expect(int.sync.state?.chat.map((m) => m.text)).toEqual(cand.sync.state?.chat.map((m) => m.text));
    expect(int.sync.state?.chat).toHaveLength(80);
  });
});
