import pg from "pg";
import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOM_EVENTS, type TJoinAck } from "../../lib/protocol/room";
import { EVENT_SCHEMA_VERSION, NEWER_VERSION_MESSAGE } from "../../lib/room";
import { newUser, signIn, signUp } from "../fixtures/auth";
import { requireEnv } from "../fixtures/database";
import { createPairedRoom, serverForFile } from "../fixtures/room-client";
import { startTestServer } from "../fixtures/server";

// A session holding an event from a newer version of Quorum (a deploy that has not reached this process, or a
// database shared with a newer build): this server refuses it with a reason at every door, and never answers
// with a half-read log or a crash.

const file = serverForFile("event-versions");
let db: pg.Client;
let roomId: string;
let interviewer: string;

beforeAll(async () => {
  const base = file.server.url;
  const [ui, uc] = [newUser("ver-int"), newUser("ver-cand")];
  await signUp(base, ui);
  await signUp(base, uc);
  interviewer = (await signIn(base, ui.email, ui.password)).session!.cookie;
  const candidate = (await signIn(base, uc.email, uc.password)).session!.cookie;
  ({ roomId } = await createPairedRoom(base, interviewer, candidate));
  db = new pg.Client({ connectionString: requireEnv("TEST_DATABASE_URL") });
  await db.connect();
  await db.query(
    `INSERT INTO "RoomEvent" ("roomId", seq, "opId", kind, "actorId", visibility, at, payload, v)
     SELECT $1, max(seq) + 1, 'op-from-the-future', 'chat.posted', NULL, 'all', now(),
            '{"text": {"rich": "text of tomorrow"}}'::jsonb, $2
     FROM "RoomEvent" WHERE "roomId" = $1`,
    [roomId, EVENT_SCHEMA_VERSION + 1],
  );
});

afterAll(async () => {
  await db?.end();
});

describe("a session with an event from a newer version", () => {
  it("is refused by the replay API with 409 and the reason the replay page shows", async () => {
    const res = await fetch(`${file.server.url}/api/rooms/${roomId}/events?after=0`, {
      headers: { cookie: interviewer },
    });
    expect(res.status).toBe(409);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("newer_version");
    expect(body.error.message).toContain(NEWER_VERSION_MESSAGE);
    expect(body.error.message).toContain(`version ${EVENT_SCHEMA_VERSION + 1}`);
  });

  it("is refused by the export the same way, not with a partial file", async () => {
    const res = await fetch(`${file.server.url}/api/rooms/${roomId}/export`, {
      headers: { cookie: interviewer },
    });
    expect(res.status).toBe(409);
    expect(res.headers.get("content-disposition")).toBeNull();
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("newer_version");
  });

  it("answers a join with protocol_mismatch, so the page offers a reload instead of retrying", async () => {
    // Accepting the invite loaded the room into the first process; a process that loads it now reads the row.
    const other = await startTestServer({
      DATABASE_URL: requireEnv("TEST_DATABASE_URL"),
      NEXTAUTH_SECRET: "integration-secret-event-versions-0123456789",
    });
    const socket = io(other.url, {
      transports: ["websocket"],
      reconnection: false,
      extraHeaders: { cookie: interviewer },
    });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", resolve);
        socket.once("connect_error", reject);
      });
      const ack = (await socket
        .timeout(10_000)
        .emitWithAck(ROOM_EVENTS.join, { roomId, lastSeq: 0, lastRef: null })) as TJoinAck;
      expect(ack).toEqual({
        ok: false,
        error: { code: "protocol_mismatch", message: NEWER_VERSION_MESSAGE },
      });
    } finally {
      socket.close();
      await other.stop();
    }
  });
});
