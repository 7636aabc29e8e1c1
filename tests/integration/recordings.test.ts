import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { RECORDING, RECORDING_HEADERS } from "../../lib/call/recording";
import { newUser, type SignedIn, signIn, signUp } from "../fixtures/auth";
import { requireEnv } from "../fixtures/database";
import { openPairedRoom, serverForFile, type TestRoomClient } from "../fixtures/room-client";
import { startTestServer } from "../fixtures/server";

// The recorded call against a real server and Postgres: a chunk is stored only while both participants agree
// and the interview runs; every bad upload is refused with a reason; only those who may replay the session can
// list or fetch the audio; deleted and expired audio is gone from the database.

let session: Awaited<ReturnType<typeof openPairedRoom>>;
let stranger: SignedIn;
const dbUrl = requireEnv("TEST_DATABASE_URL");

/** A fake WebM chunk: the EBML magic (first chunk) or arbitrary bytes (later chunks). */
const webm = (size: number, first = true) => {
  const b = new Uint8Array(size).fill(7);
  if (first) b.set([0x1a, 0x45, 0xdf, 0xa3]);
  return b;
};

function upload(
  who: SignedIn | null,
  o: { recordingId?: string; index?: number; clockMs?: number; type?: string; body?: Uint8Array } = {},
) {
  const headers: Record<string, string> = {
    "content-type": o.type ?? "audio/webm",
    [RECORDING_HEADERS.recordingId]: o.recordingId ?? "rec-int-0001",
    [RECORDING_HEADERS.index]: String(o.index ?? 0),
    [RECORDING_HEADERS.clockMs]: String(o.clockMs ?? 1000),
  };
  if (who) headers.cookie = who.cookie;
  return fetch(`${file.server.url}/api/rooms/${session.roomId}/recordings`, {
    method: "POST",
    headers,
    body: Buffer.from(o.body ?? webm(1000)),
  });
}

async function refusal(res: Response): Promise<[number, string]> {
  const body = (await res.json()) as { error?: { code: string; message: string } };
  expect(body.error?.message, "a refusal says why").toBeTruthy();
  return [res.status, body.error!.code];
}

async function consent(c: TestRoomClient, value: boolean) {
  c.submit({ type: "recording.consent", consent: value });
  await c.until(() => c.settled(), 10_000, "consent acknowledged");
}

async function chunkRows(): Promise<{ userId: string; recordingId: string }[]> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    const r = await client.query(`SELECT "userId", "recordingId" FROM "RecordingChunk" WHERE "roomId" = $1`, [
      session.roomId,
    ]);
    return r.rows;
  } finally {
    await client.end();
  }
}

const file = serverForFile("recordings");
beforeAll(async () => {
  session = await openPairedRoom(file.server.url, "rec");
  file.clients.push(session.int, session.cand);
  const u = newUser("rec-stranger");
  await signUp(file.server.url, u);
  stranger = (await signIn(file.server.url, u.email, u.password)).session!;
});

describe("recording uploads", () => {
  it("refuses a chunk before the clock, with no consent and with one consent; accepts it with both", async () => {
    expect(await refusal(await upload(session.interviewer))).toEqual([409, "not_started"]);
    session.int.submit({ type: "clock.start" });
    await session.int.until(() => session.int.settled(), 10_000, "clock started");
    expect(await refusal(await upload(session.interviewer))).toEqual([409, "no_consent"]);
    await consent(session.int, true);
    expect(await refusal(await upload(session.interviewer))).toEqual([409, "no_consent"]);
    await consent(session.cand, true);
    expect((await upload(session.interviewer)).status).toBe(201);
    expect((await upload(session.interviewer, { index: 1, body: webm(500, false) })).status).toBe(201);
    expect((await upload(session.candidate, { recordingId: "rec-cand-0001", clockMs: 1500 })).status).toBe(
      201,
    );
  });

  it("refuses bad chunks with a reason", async () => {
    const cases: [string, Promise<Response>, [number, string]][] = [
      [
        "oversize",
        upload(session.interviewer, { index: 2, body: webm(RECORDING.maxChunkBytes + 1) }),
        [413, "too_large"],
      ],
      ["wrong type", upload(session.interviewer, { index: 2, type: "video/mp4" }), [415, "unsupported_type"]],
      [
        "bad magic",
        upload(session.interviewer, { recordingId: "rec-int-0002", body: webm(100, false) }),
        [400, "not_audio"],
      ],
      [
        "index out of range",
        upload(session.interviewer, { index: RECORDING.maxChunkIndex + 1 }),
        [400, "invalid"],
      ],
      ["bad recording id", upload(session.interviewer, { recordingId: "x" }), [400, "invalid"]],
      ["someone else's recording id", upload(session.candidate, { index: 5 }), [409, "not_yours"]],
    ];
    for (const [name, res, expected] of cases) expect(await refusal(await res), name).toEqual(expected);
    // A stranger and an anonymous visitor learn nothing about the room.
    expect((await upload(stranger)).status).toBe(404);
    expect((await upload(null)).status).toBe(401);
  });

  it("stops storing when either withdraws, keeping only the recorder's closing chunk", async () => {
    await consent(session.cand, false);
    // Not a continuation of a track (index 1 is its last): refused.
    expect(await refusal(await upload(session.interviewer, { index: 3, body: webm(10, false) }))).toEqual([
      409,
      "no_consent",
    ]);
    expect(await refusal(await upload(session.interviewer, { recordingId: "rec-int-0002" }))).toEqual([
      409,
      "no_consent",
    ]);
    await consent(session.cand, true);
  });
});

describe("serving and deleting recordings", () => {
  const base = () => `${file.server.url}/api/rooms/${session.roomId}/recordings`;

  it("lists tracks and serves the concatenated audio to participants only", async () => {
    const list = await fetch(base(), { headers: { cookie: session.candidate.cookie } });
    expect(list.status).toBe(200);
    const { tracks } = (await list.json()) as {
      tracks: { recordingId: string; userId: string; clockMs: number; chunks: number; bytes: number }[];
    };
    expect(tracks).toEqual([
      {
        recordingId: "rec-int-0001",
        userId: session.interviewer.userId,
        clockMs: 1000,
        chunks: 2,
        bytes: 1500,
      },
      {
        recordingId: "rec-cand-0001",
        userId: session.candidate.userId,
        clockMs: 1500,
        chunks: 1,
        bytes: 1000,
      },
    ]);
    const audio = await fetch(`${base()}/rec-int-0001`, { headers: { cookie: session.candidate.cookie } });
    expect(audio.status).toBe(200);
    expect(audio.headers.get("content-type")).toBe("audio/webm");
    const bytes = new Uint8Array(await audio.arrayBuffer());
    expect(bytes.length).toBe(1500);
    expect([...bytes.subarray(0, 4)]).toEqual([0x1a, 0x45, 0xdf, 0xa3]);
    const part = await fetch(`${base()}/rec-int-0001`, {
      headers: { cookie: session.candidate.cookie, range: "bytes=1000-" },
    });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe("bytes 1000-1499/1500");
    expect((await part.arrayBuffer()).byteLength).toBe(500);

    for (const path of ["", "/rec-int-0001"]) {
      expect((await fetch(`${base()}${path}`, { headers: { cookie: stranger.cookie } })).status).toBe(404);
      expect((await fetch(`${base()}${path}`)).status).toBe(401);
    }
  });

  it("refuses uploads after the end", async () => {
    session.int.submit({ type: "interview.end" });
    await session.int.until(() => session.int.settled(), 10_000, "ended");
    expect(await refusal(await upload(session.interviewer, { index: 3, body: webm(10, false) }))).toEqual([
      409,
      "room_ended",
    ]);
  });

  it("lets a share-link holder list and play, and a revoked or unknown link nothing", async () => {
    const made = await fetch(`${file.server.url}/api/rooms/${session.roomId}/shares`, {
      method: "POST",
      headers: { cookie: session.candidate.cookie },
    });
    expect(made.status).toBe(201);
    const { url, id } = (await made.json()) as { url: string; id: string };
    const shared = `${file.server.url}/api${url}/recordings`;
    const list = (await (await fetch(shared)).json()) as { tracks: unknown[] };
    expect(list.tracks).toHaveLength(2);
    expect((await fetch(`${shared}/rec-cand-0001`)).status).toBe(200);
    expect((await fetch(`${shared}/no-such-track`)).status).toBe(404);
    await fetch(`${file.server.url}/api/rooms/${session.roomId}/shares/${id}`, {
      method: "DELETE",
      headers: { cookie: session.candidate.cookie },
    });
    expect((await fetch(shared)).status).toBe(404);
    expect((await fetch(`${file.server.url}/api/shared/not-a-real-token-123/recordings`)).status).toBe(404);
  });

  it("deletes the caller's own audio, from the database and from the list", async () => {
    const del = await fetch(`${base()}/mine`, {
      method: "DELETE",
      headers: { cookie: session.interviewer.cookie },
    });
    expect(del.status).toBe(200);
    expect(await del.json()).toEqual({ deletedChunks: 2 });
    const rows = await chunkRows();
    expect(rows.map((r) => r.userId)).toEqual([session.candidate.userId]);
    const { tracks } = (await (
      await fetch(base(), { headers: { cookie: session.candidate.cookie } })
    ).json()) as {
      tracks: { recordingId: string }[];
    };
    expect(tracks.map((t) => t.recordingId)).toEqual(["rec-cand-0001"]);
    expect(
      (await fetch(`${base()}/rec-int-0001`, { headers: { cookie: session.candidate.cookie } })).status,
    ).toBe(404);
    // A stranger can't delete anything (and learns nothing).
    expect(
      (await fetch(`${base()}/mine`, { method: "DELETE", headers: { cookie: stranger.cookie } })).status,
    ).toBe(404);
  });
});

describe("retention", () => {
  it("the sweep deletes tracks stored before the cutoff and keeps newer ones", async () => {
    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    try {
      // Age the candidate's track by 40 days; add a fresh one.
      await client.query(
        `UPDATE "RecordingChunk" SET "createdAt" = "createdAt" - interval '40 days' WHERE "roomId" = $1`,
        [session.roomId],
      );
      await client.query(
        `INSERT INTO "RecordingChunk" (id, "roomId", "userId", "recordingId", index, "clockMs", bytes, "createdAt")
         VALUES ('fresh-chunk-' || $1, $1, $2, 'rec-fresh-001', 0, 0, '\\x1a45dfa3'::bytea,
                 now() AT TIME ZONE 'UTC')`,
        [session.roomId, session.candidate.userId],
      );
    } finally {
      await client.end();
    }
    // The server sweeps at start when RECORDING_RETENTION_DAYS is set.
    const sweeper = await startTestServer({
      DATABASE_URL: dbUrl,
      NEXTAUTH_SECRET: "integration-secret-recordings-0123456789",
      RECORDING_RETENTION_DAYS: "30",
    });
    try {
      const line = await sweeper.waitForLog((l) => l.msg === "recordings swept", 30_000);
      expect(line.deletedChunks).toBeGreaterThanOrEqual(1);
    } finally {
      await sweeper.stop();
    }
    expect((await chunkRows()).map((r) => r.recordingId)).toEqual(["rec-fresh-001"]);
  });
});

describe("the recorder's closing chunk", () => {
  it("is kept after consent is withdrawn or the interview ends, if its audio began before the stop", async () => {
    const other = await openPairedRoom(file.server.url, "rec-tail");
    file.clients.push(other.int, other.cand);
    const send = (index: number, clockMs: number, recordingId = "rec-tail-0001") =>
      fetch(`${file.server.url}/api/rooms/${other.roomId}/recordings`, {
        method: "POST",
        headers: {
          cookie: other.candidate.cookie,
          "content-type": "audio/webm",
          [RECORDING_HEADERS.recordingId]: recordingId,
          [RECORDING_HEADERS.index]: String(index),
          [RECORDING_HEADERS.clockMs]: String(clockMs),
        },
        body: Buffer.from(webm(100, index === 0)),
      });
    const stoppedAt = () => other.int.sync.state!.recording.stoppedAtClockMs!;
    other.int.submit({ type: "clock.start" });
    await consent(other.int, true);
    await consent(other.cand, true);
    expect((await send(0, 0)).status).toBe(201);
    await consent(other.int, false);
    expect(stoppedAt()).toBeGreaterThan(0);
    // The flush as the recorder stops: audio from before the stop, continuing the track.
    expect((await send(1, stoppedAt() - 1)).status).toBe(201);
    // Nothing recorded after the stop, and no new track.
    expect(await refusal(await send(2, stoppedAt()))).toEqual([409, "no_consent"]);
    expect(await refusal(await send(0, 0, "rec-tail-0002"))).toEqual([409, "no_consent"]);

    await consent(other.int, true);
    expect((await send(0, stoppedAt() + 1, "rec-tail-0003")).status).toBe(201);
    other.int.submit({ type: "interview.end" });
    await other.int.until(() => other.int.settled(), 10_000, "ended");
    expect((await send(1, stoppedAt() - 1, "rec-tail-0003")).status).toBe(201);
    expect(await refusal(await send(2, stoppedAt() + 1, "rec-tail-0003"))).toEqual([409, "room_ended"]);
  });
});
