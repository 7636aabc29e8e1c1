import fc from "fast-check";
import { encode } from "next-auth/jwt";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOM_EVENTS, type TJoinAck, ZCursorUpdate } from "../../lib/protocol/room";
import { emptyRoom, foldEvents, type RoomState, type TRoomEvent, visibilityOf } from "../../lib/room";
import { ROOM_USER_OP_RATE } from "../../server/constants";
import { newUser, type SignedIn, signIn, signUp } from "../fixtures/auth";
import { requireEnv } from "../fixtures/database";
import { Hole, type RoomName, SIM_CONFIG, type Who } from "../fixtures/protocol-fuzz/ops";
import {
  deepJson,
  EVENT_KIND,
  KNOWN_CODES,
  predictJoin,
  predictOp,
  wire,
} from "../fixtures/protocol-fuzz/oracle";
import { type ProbeResult, type Prober, startProber } from "../fixtures/protocol-fuzz/prober";
import { type CookieKind, type Step, stepArb } from "../fixtures/protocol-fuzz/steps";
import { createPairedRoom } from "../fixtures/room-client";
import { startTestServer, type TestServer } from "../fixtures/server";

// A protocol fuzzer against one real server process: ≥10,000 messages drawn by fast-check from a fixed seed
// (malformed, oversized, misaddressed, wrong-role, replayed, flooding, unauthenticated), sent by real socket.io
// clients. The server must stay up, answer every message that carries an ack with a reason, change nothing
// it refused (the stored logs grow by exactly the acknowledged ops), and keep another room fast meanwhile.
// Reproduce a failure with FUZZ_SEED=<the seed in the failure> (FUZZ_MESSAGES=<n> for a shorter run).

const SEED = Number(process.env.FUZZ_SEED ?? 20_240_611);
const MESSAGES = Number(process.env.FUZZ_MESSAGES ?? 10_000);
const SECRET = "integration-secret-protocol-fuzz-0123456789";
/**
 * Ops are limited to 40 per 5 s per socket (server/constants.ts ROOM_OP_RATE): pace ours under it. What a person
 * gets *in* is limited too (50 per 5 s per room, 80 across rooms, whatever the number of sockets): the 12 sockets
 * of one person together send faster than that, so some of their valid ops are refused as rate_limited (counted,
 * not violations); check (5) below holds the server to the per-person limit.
 */
const OP_SPACING_MS = 140;
const POOL: Record<Who, number> = { interviewer: 12, candidate: 12, stranger: 8 };
const MAX_IN_FLIGHT = 200;
const ACK_TIMEOUT_MS = 10_000;
/** When the interviewer ends the interview (share of the messages); everything sent later is "after the end". */
const END_AT = 0.75;
const PROBE_EVERY_MS = 100;
/**
 * The control room's baseline is timed before the fuzz and in pauses spread through it, so that both samples
 * see the same background load (this machine's two cores are shared with other test runs).
 */
const BASELINE_MS = 3_000;
const PAUSE_EVERY = 2_000;
const PAUSE_MS = 1_000;
/** Before a pause's baseline starts, the fuzz's last messages settle (not counted in either sample). */
const SETTLE_MS = 250;
/**
 * The control room's p99 op latency under fuzz may be at most max(this, 5 × its baseline p99). 250 ms: a
 * partner's chat or drawing still feels live, and on this shared 2-core machine the fuzz itself (client and
 * server) takes both cores, so an op may wait behind a few large messages being parsed.
 */
const P99_FLOOR_MS = 250;
/**
 * The longest the server's event loop may stall under the fuzz. Issue #29's target is 50 ms, and the fix for it
 * measured 23–59 ms (2026-12-07). On 2026-12-08 the same machine class gave 67–122 ms for that code and 35–103 ms
 * (one run 295 ms) for today's, with no GC pause over 15 ms in the server: the stall is not yet explained, and
 * a 50 ms assertion failed about half the runs for code old and new. So this test guards against gross stalls
 * (the old sim endpoint's took seconds); a regression the size of the unbounded-nesting parse (87–104 ms) is
 * inside today's spread and is not caught here: the 50 ms target waits for a benchmark that explains the spread.
 */
const MAX_LOOP_STALL_MS = 150;

type Reply =
  | { ok: true; seq?: number; duplicate?: boolean; role?: string }
  | { ok: false; error: { code: string; message: string } };

interface FuzzSocket {
  s: Socket;
  who: Who;
  label: string;
  /** The room this socket is joined to, as far as the driver knows. */
  joined: RoomName | null;
  busy: boolean;
  nextOpAt: number;
  errorsExpected: number;
  errorsSeen: number;
  /** room:leave messages sent so far. */
  leaves: number;
}

interface Accepted {
  room: RoomName;
  opId: string;
  /** In the sender's own stream (a candidate's is numbered without private events: lib/room/views.ts). */
  seq: number;
  op: { type: string; text?: string; [field: string]: unknown };
  actorId: string;
  asCandidate: boolean;
}

let server: TestServer;
let prober: Prober | undefined;
const users = {} as Record<Who | "hInt" | "hCand", SignedIn>;
const rooms = {} as Record<RoomName, string>;
const pools = {} as Record<Who, FuzzSocket[]>;
const floods = {} as Record<Who, FuzzSocket>;
/** Connections for raw packets, which the server may close: deep payloads (per sender) and broken frames. */
const raws: Partial<Record<Who | "frames", FuzzSocket>> = {};
const closed: Socket[] = [];
const ownRoom = (w: Who): RoomName => (w === "stranger" ? "stranger" : "fuzz");
const roomNamed = (roomId: unknown): RoomName | null =>
  (Object.keys(rooms) as RoomName[]).find((r) => rooms[r] === roomId) ?? null;

// ---- bookkeeping ------------------------------------------------------------------------------------------

const violations: { at: number; what: string; detail?: string }[] = [];
/** Index of the step being sent or judged (acks are judged under the index of the step that sent them). */
let current = -1;
function violation(what: string, ...detail: unknown[]) {
  violations.push({ at: current, what, detail: detail.length ? show(detail) : undefined });
}
function show(v: unknown, max = 400): string {
  const s =
    JSON.stringify(v, (_k, x) =>
      typeof x === "string" && x.length > 80 ? `${x.slice(0, 40)}…(${x.length} chars)` : x,
    ) ?? "undefined";
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

const stats = {
  messages: 0,
  byCategory: new Map<string, number>(),
  codes: new Map<string, number>(),
  acceptedNew: 0,
  acceptedDuplicate: 0,
  rateLimitedWhilePaced: 0,
  /** Op ids sent by one seat that the other seat had used (each a new op for its sender). */
  collisions: 0,
  simStatuses: new Map<string, number>(),
  floods: 0,
  handshakes: 0,
  rawFrames: 0,
  connectionsClosedByServer: 0,
};
const bump = (m: Map<string, number>, k: string, n = 1) => m.set(k, (m.get(k) ?? 0) + n);
const accepted: Accepted[] = [];
const duplicates: { room: RoomName; opId: string; seq: number; actorId: string; asCandidate: boolean }[] = [];
let ended = false;

function refusalIsReasoned(reply: Reply): boolean {
  if (reply.ok) return true;
  const e = reply.error;
  const fine = !!e && KNOWN_CODES.has(e.code) && typeof e.message === "string" && e.message.trim() !== "";
  if (!fine) {
    violation("refusal without a known code and a message", reply);
    return false;
  }
  bump(stats.codes, e.code);
  if (e.code === "unavailable") violation("unavailable, though nothing failed on purpose", e);
  return true;
}

/** Judges the ack of a room:op sent while the socket was in `sent.joined` (a leave since may refuse it). */
function judgeOp(
  fs: FuzzSocket,
  sent: { joined: RoomName | null; leaves: number },
  payload: unknown,
  reply: Reply,
  refuse: readonly string[] | undefined,
) {
  if (!reply.ok && !refusalIsReasoned(reply)) return;
  if (!reply.ok && reply.error.code === "rate_limited") {
    if (fs !== floods[fs.who]) stats.rateLimitedWhilePaced += 1;
    return;
  }
  const predicted = predictOp(payload);
  if (predicted.code !== null) {
    if (reply.ok || reply.error.code !== predicted.code)
      violation(`expected ${predicted.code}`, payload, reply);
    return;
  }
  const { roomId, opId, op } = predicted.request;
  const target = roomNamed(roomId);
  if (target === null || sent.joined !== target) {
    if (reply.ok || reply.error.code !== "not_joined")
      violation(`expected not_joined (the socket is in ${sent.joined})`, payload, reply);
    return;
  }
  // Sent just before a leave: the room may have detached the socket before it got to the op.
  if (!reply.ok && reply.error.code === "not_joined" && fs.leaves !== sent.leaves) return;
  const closedRoom = ended && target === "fuzz" && !op.type.startsWith("scorecard.");
  if (!reply.ok) {
    const code = reply.error.code;
    if (code === "not_joined") violation("not_joined on a joined socket", payload, reply);
    else if (closedRoom && code !== "room_ended")
      violation("expected room_ended after the end", payload, reply);
    else if (!closedRoom && refuse && refuse.length > 0 && !refuse.includes(code))
      violation(`refused as ${code}, expected one of ${refuse.join(", ")}`, payload, reply);
    return;
  }
  // An ack only ever carries the sender's own event (op ids are per sender: issue #29).
  const carried = (reply as { event?: TRoomEvent }).event;
  if (carried && (carried.opId !== opId || carried.actorId !== users[fs.who].userId))
    violation("an ack carried an event that is not the sender's own", payload, reply);
  const asCandidate = fs.who === "candidate" && target === "fuzz";
  if (reply.duplicate) {
    stats.acceptedDuplicate += 1;
    duplicates.push({ room: target, opId, seq: reply.seq!, actorId: users[fs.who].userId, asCandidate });
    return;
  }
  if (refuse) violation("accepted an op that must be refused", payload, reply);
  if (closedRoom) violation("accepted after the end", payload, reply);
  stats.acceptedNew += 1;
  accepted.push({ room: target, opId, seq: reply.seq!, op, actorId: users[fs.who].userId, asCandidate });
}

function judgeJoin(fs: FuzzSocket, payload: unknown, reply: Reply) {
  if (!reply.ok && !refusalIsReasoned(reply)) return;
  const predicted = predictJoin(payload);
  let expected: string;
  if (predicted.code !== null) expected = predicted.code;
  else {
    const target = roomNamed(predicted.request.roomId);
    // A room one is not in answers exactly like one that does not exist.
    expected = target === ownRoom(fs.who) ? "ok" : "not_found";
  }
  const got = reply.ok ? "ok" : reply.error.code;
  if (got !== expected) violation(`join: expected ${expected}, got ${got}`, payload, reply);
  if (reply.ok && reply.role !== (fs.who === "candidate" ? "candidate" : "interviewer"))
    violation("join answered with the wrong role", reply.role);
}

// ---- sockets ------------------------------------------------------------------------------------------------

function connect(cookie: string, who: Who, label: string, mayBeClosed = false): Promise<FuzzSocket> {
  const s = io(server.url, { transports: ["websocket"], extraHeaders: { cookie }, reconnection: false });
  const fs: FuzzSocket = {
    s,
    who,
    label,
    joined: null,
    busy: false,
    nextOpAt: 0,
    errorsExpected: 0,
    errorsSeen: 0,
    leaves: 0,
  };
  s.on(ROOM_EVENTS.error, (e: { code?: unknown; message?: unknown }) => {
    fs.errorsSeen += 1;
    if (!KNOWN_CODES.has(String(e?.code)) || typeof e?.message !== "string" || e.message === "")
      violation(`${label}: room:error without a reason`, e);
  });
  // What a candidate's socket receives must hold nothing of the interviewer's private events.
  if (who === "candidate")
    s.on(ROOM_EVENTS.event, (m: { event?: TRoomEvent }) => {
      const kind = m?.event?.kind;
      if (kind === "note.added" || kind === "scorecard.saved" || JSON.stringify(m).includes("PRIVATE-"))
        violation(`${label}: a candidate's socket received a private event`, m);
    });
  s.on("disconnect", (reason) => {
    if (reason === "io client disconnect") return;
    if (mayBeClosed) stats.connectionsClosedByServer += 1;
    else violation(`${label}: disconnected (${reason})`);
  });
  return new Promise((resolve, reject) => {
    s.once("hello", () => resolve(fs));
    s.once("connect_error", reject);
  });
}

async function join(fs: FuzzSocket, room: RoomName): Promise<Extract<TJoinAck, { ok: true }>> {
  const ack = (await fs.s.timeout(ACK_TIMEOUT_MS).emitWithAck(ROOM_EVENTS.join, {
    roomId: rooms[room],
    lastSeq: 0,
  })) as TJoinAck;
  if (!ack.ok) throw new Error(`${fs.label} could not join ${room}: ${ack.error.code}`);
  fs.joined = room;
  return ack;
}

/** A live raw connection for `who` (deep payloads) or for broken frames, opened again after the server closed it. */
async function rawSocket(key: Who | "frames"): Promise<FuzzSocket> {
  const have = raws[key];
  if (have?.s.connected) return have;
  const who = key === "frames" ? "stranger" : key;
  const fs = await connect(users[who].cookie, who, `${key}-raw`, true);
  if (key !== "frames") await join(fs, ownRoom(who));
  if (have) closed.push(have.s);
  raws[key] = fs;
  return fs;
}

/** Sends an already encoded socket.io packet; resolves with its ack, or null if the server closed the connection. */
let rawAckId = 1_000_000_000; // far above socket.io-client's own ack ids
function sendRaw(fs: FuzzSocket, eventAndArgs: string): Promise<unknown[] | null> {
  const id = ++rawAckId;
  return new Promise((resolve) => {
    const onPacket = (p: { type: number; id?: number; data?: unknown[] }) => {
      if (p.type !== 3 || p.id !== id) return;
      settle(p.data ?? []);
    };
    const settle = (v: unknown[] | null) => {
      fs.s.io.off("packet", onPacket);
      fs.s.off("disconnect", onClose);
      clearTimeout(timer);
      resolve(v);
    };
    const onClose = () => settle(null);
    const timer = setTimeout(() => {
      violation(`no ack for a raw packet within ${ACK_TIMEOUT_MS} ms`, eventAndArgs);
      settle(null);
    }, ACK_TIMEOUT_MS);
    fs.s.io.on("packet", onPacket);
    fs.s.on("disconnect", onClose);
    fs.s.io.engine.write(`2${id}${eventAndArgs}`);
  });
}

// ---- the driver ---------------------------------------------------------------------------------------------

const inFlight = new Set<Promise<unknown>>();
async function track(p: Promise<unknown>) {
  while (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
  const t = p.finally(() => inFlight.delete(t));
  inFlight.add(t);
}
async function drain() {
  while (inFlight.size > 0) await Promise.all([...inFlight]);
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A free socket of `who`; for a paced op, the one that may send soonest without passing the rate limit. */
async function pick(who: Who, paced: boolean): Promise<FuzzSocket> {
  for (;;) {
    const free = pools[who].filter((f) => !f.busy);
    if (free.length === 0) {
      await sleep(10);
      continue;
    }
    if (!paced) return free[stats.messages % free.length]!;
    const fs = free.reduce((a, b) => (a.nextOpAt <= b.nextOpAt ? a : b));
    const wait = fs.nextOpAt - Date.now();
    if (wait > 0) await sleep(wait);
    if (fs.busy) continue;
    fs.nextOpAt = Date.now() + OP_SPACING_MS;
    return fs;
  }
}

let idCounter = 0;
/** Fills a step's holes. Keys are defined, not assigned, so a "__proto__" key stays an own property. */
function fill(v: unknown): unknown {
  if (v instanceof Hole) {
    switch (v.hole) {
      case "room":
        return rooms[v.arg as RoomName];
      case "opId":
        return `fz-${SEED.toString(36)}-${String(++idCounter).padStart(6, "0")}`;
      case "elementId":
        return `el${++idCounter}`;
      case "big":
        return "x".repeat(v.arg as number);
      case "deep":
        return `\u0001deep${v.arg}\u0001`; // replaced in the encoded text (see runDeep)
      case "json":
        return JSON.parse(v.arg as string);
    }
  }
  if (Array.isArray(v)) return v.map(fill);
  if (v === null || typeof v !== "object" || Buffer.isBuffer(v) || v instanceof Date) return v;
  const out = {};
  for (const [k, x] of Object.entries(v))
    Object.defineProperty(out, k, { value: fill(x), enumerable: true, writable: true, configurable: true });
  return out;
}

function emitWithAck(fs: FuzzSocket, event: string, args: unknown[], judge: (r: Reply) => void) {
  const at = current;
  return new Promise<void>((resolve) => {
    fs.s.timeout(ACK_TIMEOUT_MS).emit(event, ...args, (err: Error | null, reply: Reply) => {
      const outer = current;
      current = at;
      try {
        if (err) violation(`no ack for ${event} within ${ACK_TIMEOUT_MS} ms (${fs.label})`, args);
        else if (!reply || typeof reply !== "object" || typeof reply.ok !== "boolean")
          violation(`an ack of an unknown shape for ${event}`, args, reply);
        else judge(reply);
      } catch (e) {
        violation(`judging the ack threw: ${(e as Error).message}`, args, reply);
      } finally {
        current = outer;
      }
      resolve();
    });
  });
}

async function runSend(step: Extract<Step, { kind: "send" }>) {
  if (step.category === "deep") return runDeep(step);
  // Unknown names, and the ack not where the protocol puts it: always a bad request.
  const shaped =
    step.category.startsWith("shape:") || (step.event !== ROOM_EVENTS.op && step.event !== ROOM_EVENTS.join);
  const fs = await pick(step.who, step.event === ROOM_EVENTS.op && step.ack && !shaped);
  const sent = { joined: fs.joined, leaves: fs.leaves };
  const args = step.args.map(fill);
  stats.messages += 1;
  if (!step.ack) {
    // Without an ack, a refusal comes back as room:error (a well-formed pointer update gets no answer).
    if (step.event !== ROOM_EVENTS.cursor || !ZCursorUpdate.safeParse(wire(args[0])).success)
      fs.errorsExpected += 1;
    fs.s.emit(step.event, ...args);
    return;
  }
  await track(
    emitWithAck(fs, step.event, args, (reply) => {
      if (shaped) {
        if (reply.ok || !refusalIsReasoned(reply) || reply.error.code !== "bad_request")
          violation(`${step.category} ${step.event}: expected bad_request`, args, reply);
      } else if (step.event === ROOM_EVENTS.join) judgeJoin(fs, args[0], reply);
      else judgeOp(fs, sent, args[0], reply, step.refuse);
    }),
  );
}

/** Deeply nested payloads, as raw text: must be refused with a reason, or the connection dropped. */
async function runDeep(step: Extract<Step, { kind: "send" }>) {
  const fs = await rawSocket(step.who);
  const text = JSON.stringify([step.event, ...step.args.map(fill)]).replace(
    /"\\u0001deep(\d+)\\u0001"/g,
    (_m, depth: string) => deepJson(Number(depth)),
  );
  stats.messages += 1;
  const at = current;
  await track(
    sendRaw(fs, text).then((data) => {
      const outer = current;
      current = at;
      // null: the server closed the connection, a refusal at the transport.
      const reply = data?.[0] as Reply | undefined;
      if (data && reply?.ok !== false) violation("a deep payload was not refused", show(text, 200), reply);
      else if (reply) refusalIsReasoned(reply);
      current = outer;
    }),
  );
}

async function runStep(step: Step, cookieOf: (c: CookieKind) => Promise<string | undefined>) {
  switch (step.kind) {
    case "send":
      bump(stats.byCategory, step.category);
      return runSend(step);
    case "replay": {
      bump(stats.byCategory, "replay");
      const originals = accepted.filter((a) => a.room === "fuzz");
      const original = originals[step.pick % originals.length]!;
      const fs = await pick(step.who, true);
      const leaves = fs.leaves;
      const payload = { roomId: rooms.fuzz, opId: original.opId, op: fill(step.op) };
      stats.messages += 1;
      // The other seat's op id is not theirs: for them it names a new op, judged like any other.
      if (original.actorId !== users[step.who].userId) {
        stats.collisions += 1;
        const sent = { joined: fs.joined, leaves };
        return track(
          emitWithAck(fs, ROOM_EVENTS.op, [payload], (reply) => judgeOp(fs, sent, payload, reply, undefined)),
        );
      }
      return track(
        emitWithAck(fs, ROOM_EVENTS.op, [payload], (reply) => {
          if (!reply.ok && !refusalIsReasoned(reply)) return;
          if (!reply.ok && reply.error.code === "rate_limited") {
            stats.rateLimitedWhilePaced += 1;
            return;
          }
          if (!reply.ok && reply.error.code === "not_joined" && fs.leaves !== leaves) return;
          const predicted = predictOp(payload).code;
          if (predicted) {
            if (reply.ok || reply.error.code !== predicted)
              violation(`replay: expected ${predicted}`, payload, reply);
          } else if (!reply.ok || !reply.duplicate || reply.seq !== original.seq)
            violation(
              `replayed op id ${original.opId} (seq ${original.seq}) not answered as that op`,
              payload,
              reply,
            );
          else stats.acceptedDuplicate += 1;
        }),
      );
    }
    case "sim": {
      bump(stats.byCategory, `sim:${step.vt}`);
      stats.messages += 1;
      // vt in ns: an hour ahead of anything the room can have reached.
      const vt = { far: "3600000000000000", now: "", junk: "soon" }[step.vt];
      const url = `${server.url}/api/rooms/${rooms.fuzz}/sim${vt ? `?vt=${vt}` : ""}`;
      const allowed =
        step.who === "stranger"
          ? [404]
          : { far: [409, 429], now: [200, 429, 503], junk: [400, 429] }[step.vt];
      const at = current;
      return track(
        fetch(url, { headers: { cookie: users[step.who].cookie } }).then(async (res) => {
          const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
          bump(stats.simStatuses, `${step.vt}:${res.status}`);
          if (!allowed.includes(res.status) || (res.status >= 400 && !body?.error?.message))
            violations.push({
              at,
              what: `sim check ${step.vt} as ${step.who}: ${res.status}`,
              detail: show(body),
            });
        }),
      );
    }
    case "collide": {
      bump(stats.byCategory, "collide");
      const [fi, fc] = [await pick("interviewer", true), await pick("candidate", true)];
      const opId = fill(new Hole("opId"));
      const note = { roomId: rooms.fuzz, opId, op: { type: "note.add", text: step.text } };
      const chat = {
        roomId: rooms.fuzz,
        opId,
        op: { type: "chat.post", text: "same op id, my own message" },
      };
      const [si, sc] = [
        { joined: fi.joined, leaves: fi.leaves },
        { joined: fc.joined, leaves: fc.leaves },
      ];
      stats.messages += 2;
      stats.collisions += 1;
      return track(
        Promise.all([
          emitWithAck(fi, ROOM_EVENTS.op, [note], (reply) => judgeOp(fi, si, note, reply, undefined)),
          emitWithAck(fc, ROOM_EVENTS.op, [chat], (reply) => {
            if (JSON.stringify(reply).includes(step.text))
              violation("the candidate's ack carried the interviewer's note", reply);
            judgeOp(fc, sc, chat, reply, undefined);
          }),
        ]),
      );
    }
    case "flood": {
      bump(stats.byCategory, "flood", step.size);
      stats.floods += 1;
      const fs = floods[step.who];
      const sent = { joined: fs.joined, leaves: fs.leaves };
      let limited = 0;
      const burst: Promise<void>[] = [];
      for (let k = 0; k < step.size; k++) {
        const payload = { roomId: rooms[fs.joined!], opId: fill(new Hole("opId")), op: fill(step.op) };
        stats.messages += 1;
        burst.push(
          emitWithAck(fs, ROOM_EVENTS.op, [payload], (reply) => {
            if (!reply.ok && reply.error?.code === "rate_limited") limited += 1;
            judgeOp(fs, sent, payload, reply, undefined);
          }),
        );
      }
      const at = current;
      return track(
        Promise.all(burst).then(() => {
          if (limited === 0)
            violations.push({ at, what: `a flood of ${step.size} ops never hit the rate limit` });
        }),
      );
    }
    case "leave": {
      bump(stats.byCategory, "leave");
      const fs = await pick(step.who, false);
      const room = fs.joined!;
      fs.busy = true;
      fs.joined = null;
      fs.leaves += 1;
      stats.messages += 2;
      fs.s.emit(ROOM_EVENTS.leave, { roomId: rooms[room] });
      return track(
        emitWithAck(fs, ROOM_EVENTS.join, [{ roomId: rooms[room], lastSeq: 0 }], (reply) => {
          if (!reply.ok) violation("join after leave refused", reply);
          else fs.joined = room;
          fs.busy = false;
        }),
      );
    }
    case "raw": {
      bump(stats.byCategory, "raw");
      stats.messages += 1;
      stats.rawFrames += 1;
      const fs = await rawSocket("frames");
      const frame =
        step.frame instanceof Hole ? `2${JSON.stringify(["room:op", fill(step.frame)])}` : step.frame;
      fs.s.io.engine.write(frame);
      return;
    }
    case "handshake": {
      bump(stats.byCategory, "handshake");
      stats.handshakes += 1;
      const cookie = await cookieOf(step.cookie);
      const s = io(server.url, {
        transports: ["websocket"],
        reconnection: false,
        extraHeaders: cookie === undefined ? {} : { cookie },
      });
      const at = current;
      return track(
        new Promise<void>((resolve) => {
          const done = (what?: string, detail?: unknown) => {
            if (what)
              violations.push({ at, what: `handshake ${step.cookie.kind}: ${what}`, detail: show(detail) });
            clearTimeout(timer);
            s.close();
            resolve();
          };
          const timer = setTimeout(() => done("no answer"), ACK_TIMEOUT_MS);
          s.once("hello", () => done("accepted without a valid session"));
          s.once("connect", () => done("connected without a valid session"));
          s.once("connect_error", (err: Error & { data?: { code?: string; message?: string } }) =>
            err.data?.code === "unauthenticated" && err.data.message
              ? done()
              : done("refused without the unauthenticated reason", { message: err.message, data: err.data }),
          );
        }),
      );
    }
  }
}

/** The Cookie header of a connection attempt without a valid session. */
async function cookieOf(c: CookieKind): Promise<string | undefined> {
  const printable = (s: string) => s.replace(/[^\x20-\x7e]/g, "?");
  const sub = users.interviewer.userId;
  const token = users.interviewer.cookie.slice(users.interviewer.cookie.indexOf("=") + 1);
  switch (c.kind) {
    case "none":
      return undefined;
    case "random":
      return printable(`${c.name}=${c.value}`);
    case "tampered": {
      // Not a segment's last character: its low bits may be padding, and flipping them changes nothing.
      const end = (i: number) => token[i] === "." || i === token.length - 1 || token[i + 1] === ".";
      let k = c.at % token.length;
      while (end(k)) k = (k + 1) % token.length;
      return `next-auth.session-token=${token.slice(0, k)}${token[k] === "A" ? "B" : "A"}${token.slice(k + 1)}`;
    }
    case "wrong-secret":
      return `next-auth.session-token=${await encode({ token: { sub, name: "Mallory" }, secret: `${SECRET}-not` })}`;
    case "expired":
      return `next-auth.session-token=${await encode({ token: { sub, name: "Late" }, secret: SECRET, maxAge: -3_600 })}`;
    case "no-subject":
      return `next-auth.session-token=${await encode({ token: { name: "Nobody" }, secret: SECRET })}`;
    case "header":
      return printable(c.header);
  }
}

// ---- setup --------------------------------------------------------------------------------------------------

async function account(label: string): Promise<SignedIn> {
  const u = newUser(label);
  await signUp(server.url, u);
  const { session, error } = await signIn(server.url, u.email, u.password);
  if (!session) throw new Error(`sign in ${label}: ${error}`);
  return session;
}

async function readLog(room: RoomName, as: SignedIn): Promise<TRoomEvent[]> {
  const out: TRoomEvent[] = [];
  for (let after = 0; ; ) {
    const res = await fetch(`${server.url}/api/rooms/${rooms[room]}/events?after=${after}`, {
      headers: { cookie: as.cookie },
    });
    if (res.status !== 200) throw new Error(`events of ${room}: ${res.status}`);
    const page = (await res.json()) as { events: TRoomEvent[]; done: boolean };
    out.push(...page.events);
    if (page.done || page.events.length === 0) return out;
    after = page.events.at(-1)!.seq;
  }
}

beforeAll(async () => {
  server = await startTestServer({ DATABASE_URL: requireEnv("TEST_DATABASE_URL"), NEXTAUTH_SECRET: SECRET });
  const [i, c, s, hi, hc] = await Promise.all(
    ["pf-int", "pf-cand", "pf-stranger", "pf-h-int", "pf-h-cand"].map(account),
  );
  Object.assign(users, { interviewer: i, candidate: c, stranger: s, hInt: hi, hCand: hc });
  rooms.fuzz = (await createPairedRoom(server.url, i!.cookie, c!.cookie)).roomId;
  rooms.healthy = (await createPairedRoom(server.url, hi!.cookie, hc!.cookie)).roomId;
  const res = await fetch(`${server.url}/api/rooms`, {
    method: "POST",
    headers: { cookie: s!.cookie, "content-type": "application/json" },
    body: JSON.stringify({ role: "interviewer", questionId: "kv-store" }),
  });
  rooms.stranger = ((await res.json()) as { roomId: string }).roomId;

  for (const who of ["interviewer", "candidate", "stranger"] as const) {
    const joined = async (label: string) => {
      const fs = await connect(users[who].cookie, who, label);
      await join(fs, ownRoom(who));
      return fs;
    };
    pools[who] = await Promise.all(Array.from({ length: POOL[who] }, (_, k) => joined(`${who}#${k}`)));
    floods[who] = await joined(`${who}-flood`);
  }
  // A live interview with a cluster, so the fuzz's ops have something to act on and replays have targets.
  const setup: [FuzzSocket, Accepted["op"]][] = [
    [pools.interviewer[0]!, { type: "clock.start" }],
    [pools.candidate[0]!, { type: "sim.reset", config: SIM_CONFIG }],
    [pools.stranger[0]!, { type: "chat.post", text: "my own room" }],
  ];
  for (const [fs, op] of setup) {
    const opId = fill(new Hole("opId")) as string;
    const reply = (await fs.s
      .timeout(ACK_TIMEOUT_MS)
      .emitWithAck(ROOM_EVENTS.op, { roomId: rooms[fs.joined!], opId, op })) as Reply;
    if (!reply.ok) throw new Error(`setup ${op.type}: ${show(reply)}`);
    accepted.push({
      room: fs.joined!,
      opId,
      seq: reply.seq!,
      op,
      actorId: users[fs.who].userId,
      asCandidate: fs.who === "candidate",
    });
  }
}, 120_000);

afterAll(async () => {
  prober?.terminate();
  const all = [...Object.values(pools).flat(), ...Object.values(floods), ...Object.values(raws)];
  for (const fs of all) fs.s.close();
  for (const s of closed) s.close();
  await server?.stop();
});

// ---- the test -----------------------------------------------------------------------------------------------

const p = (q: number, xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : Number.NaN;
};
const ms = (x: number) => Math.round(x * 10) / 10;

describe("protocol fuzz", () => {
  it(`survives ${MESSAGES} hostile messages (seed ${SEED})`, async () => {
    const t0 = performance.now();
    const logAs: Record<RoomName, SignedIn> = {
      fuzz: users.interviewer,
      stranger: users.stranger,
      healthy: users.hInt,
    };
    const before = {} as Record<RoomName, TRoomEvent[]>;
    for (const r of Object.keys(rooms) as RoomName[]) before[r] = await readLog(r, logAs[r]);
    const setupAccepted = accepted.length;

    // The control room: a chat op every 100 ms, timed alone (before the fuzz and in pauses) and under fuzz.
    prober = await startProber({
      url: server.url,
      roomId: rooms.healthy,
      cookies: [users.hInt.cookie, users.hCand.cookie],
      everyMs: PROBE_EVERY_MS,
      timeoutMs: ACK_TIMEOUT_MS,
      events: { join: ROOM_EVENTS.join, op: ROOM_EVENTS.op, event: ROOM_EVENTS.event },
      tag: `probe${SEED.toString(36)}${Date.now().toString(36)}`,
    });
    prober.phase("baseline");
    await sleep(BASELINE_MS);
    prober.phase("fuzz");
    const tFuzz = performance.now();
    // The server's own event-loop delay (GET /api/health reports each of the last 10 seconds' worst): read every
    // few seconds while the fuzz runs, so every second of it is covered.
    let loopMax = 0;
    const loopWorst: number[] = [];
    const fuzzStart = Date.now();
    const readLoop = async () => {
      const h = (await (await fetch(`${server.url}/api/health`)).json()) as {
        eventLoopDelayMs: { max: number; bySecond: number[] };
      };
      // Only the seconds since the fuzz began (the first reading's window also holds the set-up's).
      const seconds = h.eventLoopDelayMs.bySecond.slice(-Math.ceil((Date.now() - fuzzStart) / 1_000));
      loopMax = Math.max(loopMax, ...seconds);
      loopWorst.push(...seconds);
    };
    const loopPoll = setInterval(() => void readLoop().catch(() => {}), 4_000);
    let pausedAt = 0;
    let pausedMs = 0;

    // The same seed draws the same steps (the room ids, op ids and timings differ from run to run).
    const plan = fc.sample(stepArb, { seed: SEED, numRuns: MESSAGES });
    for (let k = 0; k < plan.length && stats.messages < MESSAGES; k++) {
      current = k;
      if (stats.messages - pausedAt >= PAUSE_EVERY && MESSAGES - stats.messages > PAUSE_EVERY / 2) {
        const t = performance.now();
        await drain();
        prober.phase("settle");
        await sleep(SETTLE_MS);
        prober.phase("baseline");
        await sleep(PAUSE_MS);
        prober.phase("fuzz");
        pausedAt = stats.messages;
        pausedMs += performance.now() - t;
      }
      // The interview ends three quarters of the way in: whatever comes later must find the room closed.
      if (!ended && stats.messages >= END_AT * MESSAGES) {
        await drain();
        const opId = fill(new Hole("opId")) as string;
        const op = { type: "interview.end" };
        let reply: Reply;
        // The interviewer's own flood may have used up their allowance for a few seconds: wait it out.
        for (let tries = 0; ; tries++) {
          const fs = await pick("interviewer", true);
          reply = (await fs.s
            .timeout(ACK_TIMEOUT_MS)
            .emitWithAck(ROOM_EVENTS.op, { roomId: rooms.fuzz, opId, op })) as Reply;
          if (reply.ok || reply.error.code !== "rate_limited" || tries >= 10) break;
          await sleep(1_000);
        }
        if (!reply.ok) violation("the interviewer could not end the interview", reply);
        else
          accepted.push({
            room: "fuzz",
            opId,
            seq: reply.seq!,
            op,
            actorId: users.interviewer.userId,
            asCandidate: false,
          });
        ended = true;
        stats.messages += 1;
      }
      try {
        await runStep(plan[k]!, cookieOf);
      } catch (err) {
        violation(`the driver threw: ${(err as Error).message}`);
      }
    }
    await drain();
    clearInterval(loopPoll);
    await readLoop();
    const fuzzMs = performance.now() - tFuzz;
    current = -1;
    const { results: probed, loopDelayMaxMs } = await prober.stop();
    for (const r of probed) {
      if (!r.reply?.ok || r.reply.duplicate) violation("a control room op was not accepted", r);
      else
        accepted.push({
          room: "healthy",
          opId: r.opId,
          seq: r.reply.seq!,
          op: r.op,
          actorId: (r.who === 0 ? users.hInt : users.hCand).userId,
          asCandidate: r.who === 1,
        });
    }

    // Every check below is soft, so a failure shows all that went wrong (and the summary) at once.
    // (1) The server is up.
    expect.soft(server.proc.exitCode, "the server exited").toBeNull();
    expect.soft(server.proc.signalCode, "the server was killed").toBeNull();
    expect.soft((await fetch(`${server.url}/api/health`)).status, "health").toBe(200);

    // (2) The messages without an ack that the server refuses were answered on room:error (those with an ack
    // were judged as they came back), and the server complained about nothing.
    await sleep(500);
    for (const fs of [...Object.values(pools).flat(), ...Object.values(floods)])
      if (fs.errorsSeen !== fs.errorsExpected)
        violation(
          `${fs.label}: ${fs.errorsSeen} room:error for ${fs.errorsExpected} refusals without an ack`,
        );
    for (const line of server.logs)
      if (line.level === "warn" || line.level === "error")
        violation(`server logged ${line.level}: ${line.msg}`, line);

    // (3) Nothing refused changed anything: each log grew by exactly the ops acknowledged as new, in order,
    // with their kind, author and text; a duplicate's ack names its op id's one event; and the room the
    // server holds is the fold of its stored log.
    const logs = {} as Record<RoomName, TRoomEvent[]>;
    for (const r of Object.keys(rooms) as RoomName[]) {
      const after = await readLog(r, logAs[r]);
      logs[r] = after;
      // A candidate's acks number its own stream; the stored log (read as its interviewer) numbers every event.
      const seqOfPseq = new Map<number, number>();
      for (const e of after) if (visibilityOf(e.kind) === "all") seqOfPseq.set(seqOfPseq.size + 1, e.seq);
      const stored = (a: { seq: number; asCandidate: boolean }) =>
        a.asCandidate ? seqOfPseq.get(a.seq) : a.seq;
      expect
        .soft(after.slice(0, before[r].length), `${r}: the log before the fuzz is untouched`)
        .toEqual(before[r]);
      const mine = accepted
        .slice(setupAccepted)
        .filter((a) => a.room === r)
        .map((a) => ({ ...a, seq: stored(a) ?? -1 }))
        .sort((a, b) => a.seq - b.seq);
      const added = after.slice(before[r].length);
      expect
        .soft(
          added.map((e) => [e.seq, e.opId, e.kind, e.actorId]),
          `${r}: the events added are the ops acknowledged`,
        )
        .toEqual(mine.map((a) => [a.seq, a.opId, EVENT_KIND[a.op.type], a.actorId]));
      for (const [k, a] of mine.entries())
        if (a.op.type === "chat.post" || a.op.type === "note.add") {
          const stored = (added[k]!.payload as { text: string }).text;
          if (stored !== a.op.text!.trim()) violation(`${r}: stored text differs from the op`, a, stored);
        }
      for (const d of duplicates.filter((x) => x.room === r)) {
        const e = after.find((x) => x.seq === stored(d));
        if (e?.opId !== d.opId || e.actorId !== d.actorId)
          violation(`${r}: a duplicate ack names another event`, d);
      }
      const owner =
        r === "healthy"
          ? await connect(users.hInt.cookie, "interviewer", "healthy-owner")
          : pools[r === "fuzz" ? "interviewer" : "stranger"][0]!;
      const { snapshot } = await join(owner, r);
      if (r === "healthy") owner.s.close();
      const folded = wire(foldEvents(emptyRoom(rooms[r]), after)) as RoomState;
      expect.soft(snapshot, `${r}: the live room equals the fold of its stored log`).toEqual(folded);
    }

    // (5) However many sockets a person used, what they got into a room stayed within one person's allowance:
    // the room's fixed windows (server/constants.ts ROOM_USER_OP_RATE), replayed from the events' own times.
    const fuzzLog = logs.fuzz;
    for (const who of ["interviewer", "candidate"] as const) {
      let start = -Infinity;
      let inWindow = 0;
      let worst = 0;
      for (const e of fuzzLog) {
        if (e.actorId !== users[who].userId || e.kind === "participant.joined" || e.kind === "room.created")
          continue;
        if (e.at - start >= ROOM_USER_OP_RATE.windowMs) [start, inWindow] = [e.at, 0];
        worst = Math.max(worst, ++inWindow);
      }
      expect
        .soft(worst, `${who}: most ops in one window (${POOL[who]} sockets)`)
        .toBeLessThanOrEqual(ROOM_USER_OP_RATE.limit);
    }

    // (4) The control room stayed fast.
    const latency = (phase: string, of: (r: ProbeResult) => number = (r) => r.ms) =>
      probed.filter((r) => r.phase === phase).map(of);
    const [base, fuzz] = [latency("baseline"), latency("fuzz")];
    const seen = (r: ProbeResult) => r.eventMs;
    const [baseEvent, fuzzEvent] = [latency("baseline", seen), latency("fuzz", seen)];
    // The prober's own worst stall (its thread descheduled) is added: it delays what it measures, not the server.
    const bound = Math.max(P99_FLOOR_MS, 5 * p(0.99, base)) + loopDelayMaxMs;
    const summary = {
      seed: SEED,
      messages: stats.messages,
      wallSeconds: ms((performance.now() - t0) / 1000),
      fuzzSeconds: ms((fuzzMs - pausedMs) / 1000),
      byCategory: Object.fromEntries([...stats.byCategory].sort((a, b) => b[1] - a[1])),
      refusalCodes: Object.fromEntries([...stats.codes].sort((a, b) => b[1] - a[1])),
      acceptedNew: stats.acceptedNew,
      acceptedDuplicate: stats.acceptedDuplicate,
      rateLimitedWhilePaced: stats.rateLimitedWhilePaced,
      collisions: stats.collisions,
      simChecks: Object.fromEntries(stats.simStatuses),
      serverLoopDelayMs: { max: ms(loopMax), worstSeconds: loopWorst.sort((a, b) => b - a).slice(0, 5) },
      floods: stats.floods,
      handshakesRefused: stats.handshakes,
      rawFrames: stats.rawFrames,
      connectionsClosedByServer: stats.connectionsClosedByServer,
      roomErrors: [...Object.values(pools).flat(), ...Object.values(floods)].reduce(
        (n, f) => n + f.errorsSeen,
        0,
      ),
      controlRoomMs: {
        baseline: {
          n: base.length,
          p50: ms(p(0.5, base)),
          p99: ms(p(0.99, base)),
          max: ms(Math.max(...base)),
        },
        fuzz: { n: fuzz.length, p50: ms(p(0.5, fuzz)), p99: ms(p(0.99, fuzz)), max: ms(Math.max(...fuzz)) },
        bound: ms(bound),
        // Until the partner saw the event (decided and broadcast, before the commit the ack waits for).
        eventP99: { baseline: ms(p(0.99, baseEvent)), fuzz: ms(p(0.99, fuzzEvent)) },
        proberLoopDelayMax: ms(loopDelayMaxMs),
      },
    };
    console.info(`protocol fuzz summary ${JSON.stringify(summary, null, 1)}`);

    // Grouped by what went wrong, each with its first occurrence and the step that produced it.
    const groups = new Map<string, { n: number; first: (typeof violations)[number] }>();
    for (const v of violations) {
      const key = v.what.replace(/\d+/g, "#");
      const g = groups.get(key);
      if (g) g.n += 1;
      else groups.set(key, { n: 1, first: v });
    }
    const report = [...groups.values()].map(
      ({ n, first: v }) =>
        `${n}× ${v.what}${v.detail ? ` ${v.detail}` : ""}${v.at >= 0 ? ` | step #${v.at} ${show(plan[v.at], 300)}` : ""}`,
    );
    expect
      .soft(
        report,
        `${violations.length} violations (reproduce: FUZZ_SEED=${SEED} FUZZ_MESSAGES=${MESSAGES})`,
      )
      .toEqual([]);
    expect.soft(stats.messages).toBeGreaterThanOrEqual(MESSAGES);
    expect.soft(stats.acceptedNew, "some ops were accepted").toBeGreaterThan(50);
    expect
      .soft(p(0.99, fuzz), `control room p99 under fuzz (baseline p99 ${ms(p(0.99, base))} ms)`)
      .toBeLessThanOrEqual(bound);
    // No message or request held the server's event loop more than MAX_LOOP_STALL_MS. What the server reports includes time
    // it was simply not scheduled (two cores, shared with the fuzzer, Postgres and the pages process); the
    // prober's own worst stall in the same run measures that, as for the bound above.
    expect
      .soft(loopMax, `server event-loop delay under fuzz (prober's own stall ${ms(loopDelayMaxMs)} ms)`)
      .toBeLessThanOrEqual(MAX_LOOP_STALL_MS + loopDelayMaxMs);
  }, 180_000);
});
