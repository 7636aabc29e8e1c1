import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TJoinAck, TOpAck, TPresenceEntry } from "../../lib/protocol/room";
import { RETRYABLE } from "../../lib/protocol/room";
import {
  emptyRoom,
  foldEvents,
  type TRole,
  type TRoomEvent,
  type TRoomOp,
  viewOfLog,
  ZRoomEvent,
  ZRoomOp,
} from "../../lib/room";
import { type Outgoing, RoomSyncClient } from "../../lib/room/sync-client";
import { createRoom } from "../../server/persistence/create-room";
import { insertParticipant } from "../../server/persistence/join-room";
import { loadRoomLog } from "../../server/persistence/load-room-log";
import { saveSnapshot } from "../../server/persistence/save-snapshot";
import { answerToSend, OwnEventGate, type RoomPeer } from "../../server/rooms/peer";
import { RoomRegistry } from "../../server/rooms/registry";
import type { RoomActor } from "../../server/rooms/room-actor";
import { requireEnv } from "../fixtures/database";

// A seeded convergence fuzz of the room protocol: the real RoomActor and Postgres store, the real client state
// machine, and between them a fake network that interleaves deliveries, duplicates sends and cuts connections
// (sometimes after the server applied an op but before its ack arrived). Whatever happens, both clients and
// the stored log must end identical.

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Down =
  | { kind: "event"; event: TRoomEvent }
  | { kind: "join"; ack: TJoinAck }
  | { kind: "op"; opId: string; ack: TOpAck }
  | { kind: "resync" };

class FuzzClient {
  sync: RoomSyncClient;
  up: Outgoing[] = [];
  down: Down[] = [];
  peer: RoomPeer | null = null;
  /** Every other connection takes its own events in its acks, through the server's gate (both ways fuzzed). */
  gate: OwnEventGate | null = null;
  conn = 0;
  submitted: string[] = [];
  refused = new Map<string, string>();
  private n = 0;

  constructor(
    readonly userId: string,
    readonly role: TRole,
    roomId: string,
  ) {
    this.sync = new RoomSyncClient(roomId, () => `${role}-${++this.n}-fuzzfuzz`);
  }

  connect() {
    this.conn += 1;
    const conn = this.conn;
    const gate = conn % 2 === 1 ? new OwnEventGate() : null;
    this.gate = gate;
    const push = (event: TRoomEvent) => {
      if (this.conn === conn && this.peer) this.down.push({ kind: "event", event });
    };
    this.peer = {
      id: `${this.role}-peer-${conn}`,
      userId: this.userId,
      role: this.role,
      sendEvent: (_roomId, event) => (gate ? gate.deliver(() => push(event)) : push(event)),
      ...(gate
        ? {
            expectOwn: (_roomId: string, event: TRoomEvent) =>
              gate.expect(event.opId, () => {
                released += 1;
                push(event);
              }),
          }
        : {}),
      sendPresence: (_roomId: string, _p: TPresenceEntry[]) => {},
      sendResync: () => {
        if (this.conn === conn && this.peer) this.down.push({ kind: "resync" });
      },
    };
    this.up.push(...this.sync.onConnected());
  }

  submit(op: TRoomOp) {
    const { opId, out } = this.sync.submit(op);
    this.submitted.push(opId);
    this.up.push(...out);
  }

  receive(d: Down) {
    if (d.kind === "event") this.sync.onEvent(d.event);
    else if (d.kind === "resync") this.up.push(...this.sync.onResync());
    else if (d.kind === "join")
      this.up.push(...this.sync.onJoined(d.ack.ok ? d.ack : { ok: false, error: d.ack.error }));
    else if (d.ack.ok) this.sync.onOpResult(d.opId, d.ack);
    else {
      const retryable = RETRYABLE.has(d.ack.error.code);
      if (!retryable) this.refused.set(d.opId, d.ack.error.message);
      this.sync.onOpResult(d.opId, { ok: false, error: d.ack.error, retryable });
    }
  }
}

async function deliverUp(actor: RoomActor, c: FuzzClient, msg: Outgoing, conn: number) {
  if (!c.peer) return;
  if (msg.type === "join") {
    const ack = await actor.join(c.peer, msg.lastSeq, msg.lastRef);
    if (c.conn === conn && c.peer) c.down.push({ kind: "join", ack });
  } else {
    const gate = c.gate;
    // As the server's socket handler does: the op as sent is parsed into the op the room decides on.
    const ack = await actor.submit(c.peer.id, msg.opId, ZRoomOp.parse(msg.op));
    const push = (carry = true) => {
      if (c.conn === conn && c.peer)
        c.down.push({ kind: "op", opId: msg.opId, ack: answerToSend(ack, carry) });
    };
    if (gate) gate.answer(msg.opId, push);
    else push();
  }
}

function randomOp(rand: () => number, role: TRole, k: number): TRoomOp {
  const r = rand();
  if (role === "candidate") return r < 0.9 ? { type: "chat.post", text: `c${k}` } : { type: "clock.start" }; // the latter is refused
  if (r < 0.35) return { type: "chat.post", text: `i${k}` };
  if (r < 0.5) return { type: "note.add", text: `n${k}` };
  if (r < 0.65) return { type: "phase.set", phase: Math.floor(rand() * 5) };
  if (r < 0.75) return { type: "clock.pause" };
  if (r < 0.85) return { type: "clock.resume" };
  if (r < 0.97) return { type: "clock.start" };
  return { type: "chat.post", text: `late ${k}` };
}

let db: pg.Client;
let registry: RoomRegistry;
const userIds: string[] = [];

beforeAll(async () => {
  process.env.DATABASE_URL = requireEnv("TEST_DATABASE_URL");
  db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  for (const name of ["Fuzz Interviewer", "Fuzz Candidate"]) {
    const id = `fuzz${Date.now().toString(36)}${userIds.length}`;
    await db.query(`INSERT INTO "User" (id, name, email, "updatedAt") VALUES ($1, $2, $3, now())`, [
      id,
      name,
      `${id}@example.test`,
    ]);
    userIds.push(id);
  }
  let t = 1_800_000_000_000;
  const now = () => {
    t += 250;
    return t;
  };
  // Postgres, with injected write failures: some appends fail before writing, some after committing (the
  // answer is lost), which is what a dropped connection looks like from the server.
  const base = new RoomRegistry(now);
  let appends = 0;
  registry = new RoomRegistry(now, {
    load: loadRoomLog,
    insertParticipant,
    saveSnapshot,
    append: async (roomId, event) => {
      appends += 1;
      if (appends % 13 === 0) throw new Error("injected: write lost");
      await base.writer.append(roomId, event);
      if (appends % 17 === 0) throw new Error("injected: committed, but the answer was lost");
    },
  });
});

/** Own events the gates sent on their own, ahead of a partner's event, across every seed. */
let released = 0;

afterAll(async () => {
  await registry?.drain();
  await db?.end();
});

describe("room protocol under a hostile network", () => {
  it.each(Array.from({ length: Number(process.env.FUZZ_SEEDS ?? 20) }, (_, k) => k + 1))(
    "converges (seed %i)",
    async (seed) => {
      const rand = mulberry32(seed * 7919);
      const [intId, candId] = userIds as [string, string];
      const { roomId } = await createRoom({
        creator: { id: intId, name: "Fuzz Interviewer" },
        role: "interviewer",
        questionId: "kv-store",
        at: 1_800_000_000_000,
      });
      const actor = (await registry.get(roomId))!;
      expect((await actor.seat({ id: candId, name: "Fuzz Candidate" })).ok).toBe(true);

      const clients = [
        new FuzzClient(intId, "interviewer", roomId),
        new FuzzClient(candId, "candidate", roomId),
      ];
      for (const c of clients) c.connect();

      let dupes = 0;
      let cuts = 0;
      let overlaps = 0;
      for (let step = 0; step < 400; step++) {
        const c = clients[rand() < 0.5 ? 0 : 1]!;
        const r = rand();
        if (r < 0.25) {
          c.submit(randomOp(rand, c.role, step));
        } else if (r < 0.5 && c.up.length > 0 && c.peer) {
          // Up to three messages in flight at once (the server decides the next while the last is being
          // written), sometimes with a resend of one of them before its ack: each op must apply once.
          const burst = (from: FuzzClient) => {
            const msgs = from.up.splice(0, 1 + Math.floor(rand() * 3));
            const sends = msgs.map((msg) => deliverUp(actor, from, msg, from.conn));
            const again = msgs.find((m) => m.type === "op");
            if (again && rand() < 0.15) {
              dupes += 1;
              sends.push(deliverUp(actor, from, again, from.conn));
            }
            return sends;
          };
          const sends = burst(c);
          // Sometimes the other side sends at the same moment: its events reach this connection while this
          // connection's own ops are still being written (the gate sends those events on ahead).
          const other = clients[c === clients[0] ? 1 : 0]!;
          if (rand() < 0.5 && other.up.length > 0 && other.peer) {
            overlaps += 1;
            sends.push(...burst(other));
          }
          await Promise.all(sends);
        } else if (r < 0.9 && c.down.length > 0) {
          c.receive(c.down.shift()!);
        } else if (r < 0.95 && c.peer) {
          // The connection drops; maybe the server got the first message in flight, but its answer is lost.
          cuts += 1;
          const inflight = c.up.shift();
          const conn = c.conn;
          if (inflight && rand() < 0.5) await deliverUp(actor, c, inflight, conn);
          c.conn += 1; // answers for the old connection are dropped from here on
          actor.leave(c.peer.id);
          c.peer = null;
          c.up = [];
          c.down = [];
          c.sync.onDisconnected();
        } else if (!c.peer) {
          c.connect();
        }
      }

      // Heal: everyone reconnects and the network drains until nothing is pending.
      for (const c of clients) if (!c.peer) c.connect();
      for (let round = 0; round < 10_000; round++) {
        let moved = false;
        for (const c of clients) {
          while (c.up.length > 0) {
            moved = true;
            await deliverUp(actor, c, c.up.shift()!, c.conn);
          }
          while (c.down.length > 0) {
            moved = true;
            c.receive(c.down.shift()!);
          }
          if (c.sync.pending.length > 0 && c.sync.joined) {
            const out = c.sync.flush();
            if (out.length) {
              moved = true;
              c.up.push(...out);
            }
          }
        }
        if (!moved) break;
      }
      await actor.idle();

      const rows = await db.query(
        `SELECT seq, "opId", kind, "actorId", at, payload FROM "RoomEvent" WHERE "roomId" = $1 ORDER BY seq`,
        [roomId],
      );
      const events = rows.rows.map((x) => ZRoomEvent.parse({ ...x, at: x.at.getTime() }));
      expect(events.map((e) => e.seq)).toEqual(events.map((_, k) => k + 1));
      const folded = foldEvents(emptyRoom(roomId), events);
      for (const c of clients) {
        expect(c.sync.pending).toEqual([]);
        // Each client holds exactly the fold of its own seat's stream (the candidate's is numbered without the
        // interviewer's private events: lib/room/views.ts).
        expect(c.sync.state).toEqual(viewOfLog(roomId, events, c.role));
      }
      expect(actor.state).toEqual(folded);
      const stored = new Map<string, number>();
      for (const e of events) stored.set(e.opId, (stored.get(e.opId) ?? 0) + 1);
      for (const c of clients)
        for (const opId of c.submitted) {
          const n = stored.get(opId) ?? 0;
          expect(
            n === 1 || (n === 0 && (c.refused.get(opId)?.length ?? 0) > 0),
            `${opId}: stored ${n}×, refused: ${c.refused.get(opId)}`,
          ).toBe(true);
        }
      // The schedule really was hostile.
      expect(dupes + cuts).toBeGreaterThan(5);
      expect(events.length).toBeGreaterThan(20);
      expect(overlaps).toBeGreaterThan(0);
    },
  );

  it("sent own events ahead of partner events in some of those schedules (the gate's other path ran)", () => {
    expect(released).toBeGreaterThan(0);
  });
});
