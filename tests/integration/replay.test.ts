import { beforeAll, describe, expect, it } from "vitest";
import { ReplayLog, stateHash } from "../../lib/replay";
import type { RoomState, TRoomEvent } from "../../lib/room";
import { newUser, type SignedIn, signIn, signUp } from "../fixtures/auth";
import { openPairedRoom, serverForFile, THREE_NODES } from "../fixtures/room-client";
import { rect } from "../unit/board/helpers";
import { fullCard } from "../unit/room/helpers";

// Replay and its access rules, against a real server and Postgres: the replay of a recorded session shows, at
// every event, exactly the state each live participant had there; and every path a stranger, an anonymous
// visitor or a revoked link could take gets nothing.

let session: Awaited<ReturnType<typeof openPairedRoom>>;
let stranger: SignedIn;
const NOTE = "PRIVATE-4d2e: strong on trade-offs";
const DRAFT_TEXT = "PRIVATE-draft-77: partial answer";

const file = serverForFile("replay");
beforeAll(async () => {
  session = await openPairedRoom(file.server.url, "replay");
  const { int, cand } = session;
  file.clients.push(int, cand);
  const u = newUser("replay-stranger");
  await signUp(file.server.url, u);
  stranger = (await signIn(file.server.url, u.email, u.password)).session!;

  // A short but complete interview: clock, phases, chat, board, cluster, private notes and a draft, the end,
  // and the submitted scorecard.
  int.submit({ type: "clock.start" });
  cand.submit({ type: "chat.post", text: "Let me start with the requirements." });
  cand.submit({ type: "recording.consent", consent: true });
  cand.submit({ type: "board.upsert", elements: [rect("api-box"), rect("db-box", { x: 300 })] } as never);
  int.submit({ type: "note.add", text: NOTE });
  cand.submit({
    type: "sim.reset",
    config: {
      nodes: THREE_NODES,
      design: { kind: "quorum", n: 3, w: 2, r: 2 },
    } as never,
  });
  await int.until(() => cand.settled() && int.sync.state?.sim != null, 10_000, "cluster exists");
  int.submit({ type: "phase.set", phase: 1 });
  int.submit({ type: "sim.command", command: { type: "crash", node: "n2" } as never });
  cand.submit({ type: "board.upsert", elements: [rect("api-box", { version: 2, x: 50 })] } as never);
  const draft = fullCard();
  draft.dimensions.requirements!.evidence = [{ clockMs: 0, text: DRAFT_TEXT }];
  int.submit({ type: "scorecard.save", card: draft });
  cand.submit({ type: "chat.post", text: "n2 is down; reads still reach a quorum." });
  await int.until(() => int.settled() && cand.settled(), 10_000, "ops settled");
  int.submit({ type: "interview.end" });
  int.submit({ type: "scorecard.submit", card: fullCard() });
  await int.until(() => int.settled(), 10_000, "scorecard submitted");
  expect([...int.refused.values(), ...cand.refused.values()]).toEqual([]);
  await cand.until(() => cand.sync.lastSeq === int.sync.state!.pseq, 10_000, "candidate caught up");
});

async function readAll(base: string, cookie?: string): Promise<TRoomEvent[]> {
  const all: TRoomEvent[] = [];
  for (let after = 0; ; ) {
    const res = await fetch(`${base}/events?after=${after}&limit=3`, {
      headers: cookie ? { cookie } : {},
    });
    expect(res.status).toBe(200);
    const page = (await res.json()) as { events: TRoomEvent[]; done: boolean; lastSeq: number };
    all.push(...page.events);
    if (page.done) {
      // Each reader's own stream, numbered 1…n without gaps; `lastSeq` (for the progress bar) is its n.
      expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
      expect(page.lastSeq).toBe(all.length);
      return all;
    }
    after = page.events.at(-1)!.seq;
  }
}

function expectExact(folded: RoomState[], events: TRoomEvent[]) {
  const log = new ReplayLog(session.roomId);
  log.append(events);
  expect(folded.length).toBeGreaterThan(10);
  for (const live of folded) {
    const i = events.findIndex((e) => e.seq === live.seq);
    expect(i, `event ${live.seq} is in the replay`).toBeGreaterThanOrEqual(0);
    expect(stateHash(log.stateAtIndex(i)), `state after event ${live.seq}`).toBe(stateHash(live));
  }
}

describe("replay", () => {
  it("shows each participant, at every event, exactly the state they had live (paged reads)", async () => {
    const base = `${file.server.url}/api/rooms/${session.roomId}`;
    const forInterviewer = await readAll(base, session.interviewer.cookie);
    const forCandidate = await readAll(base, session.candidate.cookie);
    expect(forInterviewer.map((e) => e.seq)).toEqual(forInterviewer.map((_, i) => i + 1));
    expect(forCandidate.some((e) => e.kind === "note.added" || e.kind === "scorecard.saved")).toBe(false);
    expect(forCandidate).toHaveLength(session.int.sync.state!.pseq);
    expectExact(session.int.folded, forInterviewer);
    expectExact(session.cand.folded, forCandidate);
  });

  it("keeps interviewer notes from the candidate until the interviewer shares them, and never shares drafts", async () => {
    const base = `${file.server.url}/api/rooms/${session.roomId}`;
    const cand = session.candidate.cookie;
    const refused = await fetch(`${base}/notes-sharing`, {
      method: "POST",
      headers: { cookie: cand, "content-type": "application/json" },
      body: JSON.stringify({ shared: true }),
    });
    expect(refused.status).toBe(403);
    const share = await fetch(`${base}/notes-sharing`, {
      method: "POST",
      headers: { cookie: session.interviewer.cookie, "content-type": "application/json" },
      body: JSON.stringify({ shared: true }),
    });
    expect(share.status).toBe(200);
    const after = JSON.stringify(await readAll(base, cand));
    expect(after).toContain(NOTE);
    expect(after).not.toContain(DRAFT_TEXT);
    await fetch(`${base}/notes-sharing`, {
      method: "POST",
      headers: { cookie: session.interviewer.cookie, "content-type": "application/json" },
      body: JSON.stringify({ shared: false }),
    });
    expect(JSON.stringify(await readAll(base, cand))).not.toContain(NOTE);
  });

  it("exports the readable log as a versioned JSON download", async () => {
    const res = await fetch(`${file.server.url}/api/rooms/${session.roomId}/export`, {
      headers: { cookie: session.candidate.cookie },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="quorum-session-/);
    const body = (await res.json()) as { format: string; schemaVersion: number; events: TRoomEvent[] };
    expect(body.format).toBe("quorum.session");
    expect(body.schemaVersion).toBe(1);
    // Everything but the private note and the draft.
    expect(body.events.length).toBe(session.int.sync.lastSeq - 2);
    expect(JSON.stringify(body)).not.toContain(NOTE);
  });

  it("serves share links read-only, without private content, until revoked", async () => {
    const base = `${file.server.url}/api/rooms/${session.roomId}`;
    const made = await fetch(`${base}/shares`, {
      method: "POST",
      headers: { cookie: session.candidate.cookie },
    });
    expect(made.status).toBe(201);
    const link = (await made.json()) as { id: string; url: string };
    const token = link.url.split("/").pop()!;
    const shared = `${file.server.url}/api/shared/${token}`;

    // Anonymous visitors can read it; it holds the public log only.
    const events = await readAll(shared);
    expect(events.some((e) => e.kind === "chat.posted")).toBe(true);
    expect(JSON.stringify(events)).not.toContain(NOTE);
    expect(JSON.stringify(events)).not.toContain(DRAFT_TEXT);
    const page = await fetch(`${file.server.url}/shared/${token}`);
    expect(page.status).toBe(200);
    // The replay, reading from the link (the not-found text rides along in any page's payload: Next ships the
    // boundary, so the status and the replay's source tell the two apart).
    expect(await page.text()).toContain(`/api/shared/${token}`);
    expect((await fetch(shared, { method: "POST" })).status).toBe(405);
    // Only its maker sees it in their list, and only its maker can revoke it.
    const list = async (cookie: string) =>
      (
        (await (await fetch(`${base}/shares`, { headers: { cookie } })).json()) as {
          shares: { id: string }[];
        }
      ).shares;
    expect((await list(session.candidate.cookie)).map((s) => s.id)).toEqual([link.id]);
    expect(await list(session.interviewer.cookie)).toEqual([]);
    const foreign = await fetch(`${base}/shares/${link.id}`, {
      method: "DELETE",
      headers: { cookie: session.interviewer.cookie },
    });
    expect(foreign.status).toBe(404);

    const revoked = await fetch(`${base}/shares/${link.id}`, {
      method: "DELETE",
      headers: { cookie: session.candidate.cookie },
    });
    expect(revoked.status).toBe(200);
    const gone = await fetch(`${shared}/events`);
    const guessed = await fetch(`${file.server.url}/api/shared/AAAAAAAAAAAAAAAAAAAAAAAA/events`);
    expect(gone.status).toBe(404);
    expect(guessed.status).toBe(404);
    // A revoked link and a guessed one are indistinguishable.
    expect(await gone.text()).toBe(await guessed.text());
    // Its page answers 404 as its API does, and reads the same as a link that never existed.
    for (const t of [token, "AAAAAAAAAAAAAAAAAAAAAAAA", "not-a-token!"]) {
      const page = await fetch(`${file.server.url}/shared/${t}`);
      expect(page.status, `/shared/${t}`).toBe(404);
      const text = await page.text();
      expect(text).toContain("This share link doesn't work");
      expect(text).not.toContain(`/api/shared/${t}`);
      expect(text).not.toContain("Let me start with the requirements");
    }
  });

  it("refuses every other path: anonymous, stranger, guessed ids, wrong role, too early", async () => {
    const id = session.roomId;
    const paths = ["events", "export", "shares", ""].map((p) => `/api/rooms/${id}${p ? `/${p}` : ""}`);
    for (const p of paths) {
      const anon = await fetch(`${file.server.url}${p}`);
      expect(anon.status, `anonymous ${p}`).toBe(401);
      const strange = await fetch(`${file.server.url}${p}`, { headers: { cookie: stranger.cookie } });
      const guessed = await fetch(`${file.server.url}${p.replace(id, "cguessedroomid000000000000")}`, {
        headers: { cookie: stranger.cookie },
      });
      expect(strange.status, `stranger ${p}`).toBe(404);
      // A stranger can't tell a real room from a made-up id.
      expect(await strange.text()).toBe(await guessed.text());
    }
    for (const [method, p] of [
      ["POST", "shares"],
      ["POST", "notes-sharing"],
      ["DELETE", "shares/whatever"],
    ] as const) {
      const res = await fetch(`${file.server.url}/api/rooms/${id}/${p}`, {
        method,
        headers: { cookie: stranger.cookie, "content-type": "application/json" },
        body: method === "POST" ? "{}" : undefined,
      });
      expect(res.status, `stranger ${method} ${p}`).toBe(404);
    }
    const strangerPage = await (
      await fetch(`${file.server.url}/room/${id}/replay`, { headers: { cookie: stranger.cookie } })
    ).text();
    expect(strangerPage).toContain("You can't replay this session");
    expect(strangerPage).not.toContain("Let me start with the requirements");
    const bad = await fetch(`${file.server.url}/api/rooms/${id}/events?after=-1`, {
      headers: { cookie: session.candidate.cookie },
    });
    expect(bad.status).toBe(400);

    // A live session can't be shared yet.
    const live = await openPairedRoom(file.server.url, "replay-live");
    file.clients.push(live.int, live.cand);
    const early = await fetch(`${file.server.url}/api/rooms/${live.roomId}/shares`, {
      method: "POST",
      headers: { cookie: live.candidate.cookie },
    });
    expect(early.status).toBe(409);
    const earlyNotes = await fetch(`${file.server.url}/api/rooms/${live.roomId}/notes-sharing`, {
      method: "POST",
      headers: { cookie: live.interviewer.cookie, "content-type": "application/json" },
      body: JSON.stringify({ shared: true }),
    });
    expect(earlyNotes.status).toBe(409);
  });
});
