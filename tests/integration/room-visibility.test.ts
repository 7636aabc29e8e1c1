import { describe, expect, it } from "vitest";
import { emptyScorecard } from "../../lib/rubric";
import { newUser, signIn, signUp } from "../fixtures/auth";
import { openPairedRoom, serverForFile } from "../fixtures/room-client";

const file = serverForFile("visibility");

const SECRET_NOTES = ["PRIVATE-7f3a: weak on quorums", "PRIVATE-91bc: would hire at mid level"];

describe("interviewer-private notes", () => {
  it("never reach the candidate's socket or the candidate's HTTP reads, during or after the interview", async () => {
    const { roomId, int, cand, interviewer: a, candidate: b } = await openPairedRoom(file.server.url, "vis");
    file.clients.push(int, cand);

    int.submit({ type: "clock.start" });
    cand.submit({ type: "chat.post", text: "public hello" });
    int.submit({ type: "note.add", text: SECRET_NOTES[0]! });
    // A scorecard draft is the interviewer's alone too.
    const draft = emptyScorecard("kv-store", "senior");
    draft.dimensions.requirements = {
      score: 2,
      evidence: [{ clockMs: 1_000, text: "PRIVATE-draft: skipped scale" }],
    };
    int.submit({ type: "scorecard.save", card: draft });
    int.submit({ type: "phase.set", phase: 1 });
    await int.until(() => int.settled(), 10_000, "interviewer ops acked");

    // The candidate reconnects from scratch (lastSeq 0 → snapshot) while notes exist.
    cand.socket.disconnect();
    (cand.sync as { state: unknown }).state = null;
    cand.socket.connect();
    await cand.until(
      () => cand.sync.joined && cand.sync.lastSeq >= int.sync.state!.pseq,
      10_000,
      "candidate rejoined",
    );

    int.submit({ type: "note.add", text: SECRET_NOTES[1]! });
    int.submit({ type: "interview.end" });
    await int.until(() => int.settled(), 10_000, "end acked");
    await cand.until(() => cand.sync.lastSeq === int.sync.state!.pseq, 10_000, "candidate caught up");

    // The interviewer has both notes; the candidate's every received frame is free of them.
    expect(int.sync.state?.notes.map((n) => n.text)).toEqual(SECRET_NOTES);
    expect(cand.sync.state?.notes).toEqual([]);
    expect(cand.sync.state?.scorecard).toEqual({ draft: null, submitted: null });
    expect(int.sync.state?.scorecard.draft?.dimensions.requirements?.evidence[0]?.text).toMatch(
      /PRIVATE-draft/,
    );
    expect(cand.frames.length).toBeGreaterThan(5);
    for (const frame of cand.frames) {
      for (const secret of SECRET_NOTES) expect(frame).not.toContain(secret);
      expect(frame).not.toContain("PRIVATE-");
      expect(frame).not.toContain("note.added");
    }
    expect(cand.frames.some((f) => f.includes("public hello"))).toBe(true);
    expect(int.frames.some((f) => f.includes(SECRET_NOTES[0]!))).toBe(true);

    // Nor does anything the candidate received tell that private events exist: their op ids appear nowhere
    // (not in a join's snapshotRef either, though the room's last event was a private note when it re-joined),
    // and every sequence number it saw belongs to its own gapless stream 1…n, n being the events it may read.
    const privateOps = int.submitted
      .filter((o) => o.op.type === "note.add" || o.op.type === "scorecard.save")
      .map((o) => o.opId);
    expect(privateOps).toHaveLength(3);
    for (const frame of cand.frames) for (const opId of privateOps) expect(frame).not.toContain(opId);
    const publicCount = int.sync.state!.pseq;
    expect(publicCount).toBeLessThan(int.sync.lastSeq);
    expect(cand.sync.lastSeq).toBe(publicCount);
    const seen = new Set<number>();
    for (const frame of cand.frames) for (const m of frame.matchAll(/"seq":(\d+)/g)) seen.add(Number(m[1]));
    // (It joined after the first events, so it saw those only inside a snapshot; "seq":0 is an empty board's.)
    expect(Math.max(...seen)).toBe(publicCount);
    const received = [...seen].filter((n) => n > 0).sort((x, y) => x - y);
    expect(received).toEqual(
      Array.from({ length: received.length }, (_, i) => publicCount - received.length + i + 1),
    );

    // HTTP reads are filtered the same way (after the end too).
    const asCandidate = await (
      await fetch(`${file.server.url}/api/rooms/${roomId}/events`, { headers: { cookie: b.cookie } })
    ).text();
    expect(asCandidate).not.toContain("PRIVATE-");
    expect(asCandidate).toContain("public hello");
    const page = JSON.parse(asCandidate) as { events: { seq: number; opId: string }[]; lastSeq: number };
    expect(page.events.map((e) => e.seq)).toEqual(page.events.map((_, i) => i + 1));
    expect(page.lastSeq).toBe(publicCount);
    for (const opId of privateOps) expect(asCandidate).not.toContain(opId);
    const asInterviewer = await (
      await fetch(`${file.server.url}/api/rooms/${roomId}/events`, { headers: { cookie: a.cookie } })
    ).text();
    for (const secret of SECRET_NOTES) expect(asInterviewer).toContain(secret);

    // Someone outside the room learns nothing.
    const uo = newUser("vis-out");
    await signUp(file.server.url, uo);
    const o = (await signIn(file.server.url, uo.email, uo.password)).session!;
    const outsider = await fetch(`${file.server.url}/api/rooms/${roomId}/events`, {
      headers: { cookie: o.cookie },
    });
    expect(outsider.status).toBe(404);
  });
});
