import {
  baseElement,
  COMPONENT_KINDS,
  connectComponents,
  elementOf,
  placeComponent,
  type TBoardElement,
} from "../lib/board";
import {
  applyEvent,
  decide,
  decideJoin,
  emptyRoom,
  INTERVIEW_MINUTES,
  PHASES,
  type RoomState,
  type TEventBody,
  type TRoomEvent,
  type TRoomOp,
} from "../lib/room";
import { DIMENSION_IDS, emptyScorecard, type TScorecardDraft } from "../lib/rubric";
import { deriveStream, nextFloat, nextInt, type RngState } from "../lib/sim/prng";
import { ZSimConfig } from "../lib/sim/schema";

// A whole interview as its room log, for replay tests and benchmarks. Every event after `room.created` goes
// through the server's own `decideJoin` / `decide` (so clock readings, cluster seeds, command stamps and board
// limits are what the server would record) and is folded as it is made; a refusal is a bug here and throws. Pure and deterministic: the
// same spec gives the same log, byte for byte.

export interface SessionSpec {
  seed: number;
  roomId: string;
  /** Exactly this many events (at least MIN_EVENTS). */
  events: number;
  /** Wall time from `room.created` to the last event (the submitted scorecard). */
  minutes: number;
  interviewer: { userId: string; name: string };
  candidate: { userId: string; name: string };
  questionId: string;
  /** Epoch ms of `room.created`. */
  startAt: number;
}

export const MIN_EVENTS = 80;
/** Live elements past which the generated board stops growing (each kind of change stays in the mix). */
const BOARD_TARGET_LIVE = 600;

type Who = "interviewer" | "candidate";

/** What the skeleton does at a point of the interview, as a share of the events between start and end. */
type Beat =
  | { at: number; kind: "phase"; phase: number }
  | { at: number; kind: "op"; who: Who; op: TRoomOp }
  | { at: number; kind: "draft" }
  | { at: number; kind: "lock"; locked: boolean };

const NODES = [
  { id: "n1", region: "eu", dc: "eu-1" },
  { id: "n2", region: "eu", dc: "eu-2" },
  { id: "n3", region: "us", dc: "us-1" },
  { id: "n4", region: "us", dc: "us-2" },
  { id: "n5", region: "ap", dc: "ap-1" },
];

/** W + R ≤ N without read repair: the stale reads a partition exposes stay visible. */
const QUORUM_CONFIG = ZSimConfig.parse({
  nodes: NODES,
  design: { kind: "quorum", n: 3, w: 1, r: 1, readRepair: false },
});

const sim = (command: object): TRoomOp => ({ type: "sim.command", command }) as TRoomOp;

/** Phase k begins when the interview's share of its budget so far has elapsed. */
function phaseBeats(): Beat[] {
  const out: Beat[] = [];
  let minutes = 0;
  for (let p = 1; p < PHASES.length; p++) {
    minutes += PHASES[p - 1]!.budgetMinutes;
    out.push({ at: minutes / INTERVIEW_MINUTES, kind: "phase", phase: p });
  }
  return out;
}

const SKELETON: Beat[] = [
  ...phaseBeats(),
  { at: 0.3, kind: "op", who: "candidate", op: { type: "sim.reset", config: QUORUM_CONFIG } },
  {
    at: 0.32,
    kind: "op",
    who: "candidate",
    op: sim({
      type: "startWorkload",
      workload: {
        clients: NODES.map((n) => ({ id: `c-${n.id}`, node: n.id })),
        keys: 5,
        readRatio: 0.5,
        meanIntervalNs: 20_000_000,
        hotKeyShare: 0,
      },
    }),
  },
  { at: 0.35, kind: "draft" },
  {
    at: 0.4,
    kind: "op",
    who: "interviewer",
    op: sim({
      type: "partition",
      groups: [
        ["n1", "n2"],
        ["n3", "n4", "n5"],
      ],
    }),
  },
  { at: 0.44, kind: "op", who: "interviewer", op: { type: "sim.clock", playing: false, speed: 0.1 } },
  { at: 0.46, kind: "op", who: "candidate", op: { type: "sim.clock", playing: true, speed: 0.25 } },
  { at: 0.48, kind: "op", who: "interviewer", op: sim({ type: "heal" }) },
  { at: 0.5, kind: "op", who: "interviewer", op: sim({ type: "crash", node: "n3" }) },
  // The interview clock's break: the long quiet gap follows this beat.
  { at: 0.52, kind: "op", who: "interviewer", op: { type: "clock.pause" } },
  { at: 0.53, kind: "op", who: "interviewer", op: { type: "clock.resume" } },
  { at: 0.55, kind: "op", who: "interviewer", op: sim({ type: "restart", node: "n3" }) },
  { at: 0.57, kind: "op", who: "interviewer", op: sim({ type: "setNetwork", network: { loss: 0.05 } }) },
  {
    at: 0.58,
    kind: "op",
    who: "interviewer",
    op: sim({ type: "setClock", node: "n1", offsetNs: 200_000_000, driftPpm: 0 }),
  },
  { at: 0.6, kind: "op", who: "candidate", op: sim({ type: "stopWorkload" }) },
  { at: 0.65, kind: "draft" },
  {
    at: 0.7,
    kind: "op",
    who: "interviewer",
    op: { type: "sim.preset", presetId: "quorum-overlap", variant: 1 },
  },
  { at: 0.8, kind: "op", who: "interviewer", op: { type: "sim.clock", playing: false, speed: 0.25 } },
  { at: 0.88, kind: "lock", locked: true },
  { at: 0.9, kind: "lock", locked: false },
  { at: 0.95, kind: "draft" },
];

const CHAT = [
  "Can I assume reads outnumber writes about ten to one?",
  "Roughly 200 million keys, values under 1 KB, p99 reads under 10 ms.",
  "Let's say stale reads are fine for the feed but not for the balance.",
  "I'll spread keys on a consistent-hash ring with virtual nodes so adding a server moves ~1/N of them.",
  "Three replicas per key, in two datacenters.",
  "With N=3, W=2, R=2 every read quorum overlaps the last write quorum.",
  "What happens if the link between the datacenters goes down?",
  "The minority side can't reach W, so it refuses writes: that's the CP choice.",
  "Or a sloppy quorum with hinted handoff, and we accept conflicts.",
  "How would you resolve two concurrent writes to the same key?",
  "Last-write-wins is simple but a fast clock silently wins; vector clocks keep siblings.",
  "Watch n3: it's still serving the old value after the heal.",
  "Read repair fixes it on the next read; anti-entropy catches the keys nobody reads.",
  "Look at the stale reads counter, that's W=1 R=1 under the partition.",
  "ok",
  "Makes sense.",
  "Can you sketch the write path on the board?",
  "I'd put a cache in front for the hot keys, invalidated on write.",
];

const NOTES = [
  "Asked about read/write ratio unprompted.",
  "Good: quantified scale before drawing.",
  "Hand-waved the failure detector; probe later.",
  "Explained quorum overlap clearly (W+R>N).",
  "Did not notice the stale reads until pointed at them.",
  "Strong on trade-offs, named Dynamo and Cassandra correctly.",
  "Needed a nudge on hinted handoff.",
];

const EVIDENCE = [
  "Pinned down freshness per operation before drawing anything",
  "Drew the ring and explained virtual nodes",
  "Chose hash partitioning and justified it against range scans",
  "Predicted what the minority side returns during the partition",
  "Weighed latency against consistency with numbers",
  "Thought aloud and checked in at each step",
];

const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

/** A freehand stroke as Excalidraw 0.18 writes it. */
function strokeElement(id: string, at: { x: number; y: number }, r: RngState, now: number): TBoardElement {
  const points: [number, number][] = [];
  let x = 0;
  let y = 0;
  for (let i = 0; i < 40; i++) {
    x += nextInt(r, -3, 8);
    y += nextInt(r, -4, 5);
    points.push([x, y]);
  }
  return {
    ...baseElement(id, now),
    type: "freedraw",
    x: at.x,
    y: at.y,
    width: 120,
    height: 60,
    seed: nextInt(r, 1, 2 ** 31 - 1),
    versionNonce: nextInt(r, 0, 2 ** 31 - 1),
    points,
    pressures: [],
    simulatePressure: true,
    lastCommittedPoint: null,
  };
}

class Session {
  state: RoomState;
  readonly out: TRoomEvent[] = [];
  /** Live element ids, and the component containers among them (label id alongside). */
  private readonly live: string[] = [];
  private readonly containers: string[] = [];
  /** A drag lasts several batches: the element being dragged, and how many batches it has left. */
  private drag: { id: string; left: number } | null = null;
  /** Clock readings at chat events: where evidence notes point. */
  readonly moments: number[] = [];

  constructor(
    readonly spec: SessionSpec,
    readonly r: RngState,
  ) {
    this.state = emptyRoom(spec.roomId);
  }

  private userOf(who: Who): string {
    return who === "interviewer" ? this.spec.interviewer.userId : this.spec.candidate.userId;
  }

  private opId(): string {
    let s = "";
    for (let i = 0; i < 12; i++) s += ID_ALPHABET[nextInt(this.r, 0, 63)];
    return `op-${s}`;
  }

  newElementId(): string {
    let s = "";
    for (let i = 0; i < 21; i++) s += ID_ALPHABET[nextInt(this.r, 0, 63)];
    return s;
  }

  record(body: TEventBody, actorId: string | null, at: number): void {
    const e = { seq: this.state.seq + 1, opId: this.opId(), actorId, at, ...body } as TRoomEvent;
    this.state = applyEvent(this.state, e);
    this.out.push(e);
  }

  op(who: Who, op: TRoomOp, at: number): void {
    const d = decide(this.state, this.userOf(who), op, at);
    if (!d.ok)
      throw new Error(`generateSession: ${op.type} refused at seq ${this.state.seq}: ${d.error.message}`);
    this.record(d.event, this.userOf(who), at);
  }

  join(who: Who, at: number): void {
    const user = who === "interviewer" ? this.spec.interviewer : this.spec.candidate;
    const d = decideJoin(this.state, { id: user.userId, name: user.name });
    if (!d.ok || !d.event) throw new Error(`generateSession: ${user.name} could not join`);
    this.record(d.event, user.userId, at);
  }

  chat(at: number): void {
    const who: Who = nextInt(this.r, 0, 9) < 6 ? "candidate" : "interviewer";
    this.op(who, { type: "chat.post", text: CHAT[nextInt(this.r, 0, CHAT.length - 1)]! }, at);
    const last = this.out.at(-1)!;
    if (last.kind === "chat.posted") this.moments.push(last.payload.clockMs);
  }

  note(at: number): void {
    this.op("interviewer", { type: "note.add", text: NOTES[nextInt(this.r, 0, NOTES.length - 1)]! }, at);
  }

  card(final: boolean): TScorecardDraft {
    const card = emptyScorecard(this.spec.questionId, "senior");
    const pick = () => this.moments[nextInt(this.r, 0, Math.max(0, this.moments.length - 1))] ?? 0;
    DIMENSION_IDS.forEach((id, i) => {
      if (!final && i % 2 === 1) return;
      const evidence = Array.from({ length: nextInt(this.r, 1, 2) }, () => ({
        clockMs: pick(),
        text: EVIDENCE[i]!,
      })).sort((a, b) => a.clockMs - b.clockMs);
      card.dimensions[id] = { score: nextInt(this.r, 2, 4), evidence };
    });
    card.checklist = [
      { concept: "quorum", clockMs: pick() },
      { concept: "cap-partition", clockMs: pick() },
    ];
    if (final) {
      card.recommendation = "yes";
      card.feedback = {
        wentWell: "Clear requirements, and a quorum design whose trade-offs were stated with numbers.",
        toWorkOn: "Notice the cluster's anomalies sooner and say what a client sees during a partition.",
      };
    }
    return card;
  }

  private upsert(who: Who, elements: TBoardElement[], at: number): void {
    this.op(who, { type: "board.upsert", elements } as TRoomOp, at);
  }

  private current(id: string): TBoardElement {
    return elementOf(this.state.board, id)!;
  }

  /** The next version of a stored element, as the editor would send it after a change. */
  private bump(id: string, change: Partial<TBoardElement>, at: number): TBoardElement {
    const cur = this.current(id);
    return {
      ...cur,
      ...change,
      version: cur.version + nextInt(this.r, 1, 6),
      versionNonce: nextInt(this.r, 0, 2 ** 31 - 1),
      updated: at,
    } as TBoardElement;
  }

  private forget(id: string): void {
    const i = this.live.indexOf(id);
    if (i >= 0) this.live.splice(i, 1);
    const j = this.containers.indexOf(id);
    if (j >= 0) this.containers.splice(j, 1);
    if (this.drag?.id === id) this.drag = null;
  }

  /** Labels bound to a container (they move and vanish with it). */
  private labelsOf(id: string): string[] {
    return (this.current(id).boundElements ?? []).filter((b) => b.type === "text").map((b) => b.id);
  }

  /** One batch of board changes, weighted like a real session: mostly drags of what was just drawn. */
  board(at: number): void {
    const r = this.r;
    const who: Who = this.state.board.locked || nextInt(r, 0, 99) < 15 ? "interviewer" : "candidate";
    const ctx = { newId: () => this.newElementId(), now: at };
    const roll = nextInt(r, 0, 99);
    const spot = () => ({ x: nextInt(r, 0, 40) * 50, y: nextInt(r, 0, 30) * 50 });
    if (this.drag && this.drag.left > 0 && roll >= 20) {
      this.drag.left -= 1;
      const id = this.drag.id;
      const dx = nextInt(r, -40, 40);
      const dy = nextInt(r, -30, 30);
      const move = (eid: string) => {
        const cur = this.current(eid);
        return this.bump(eid, { x: cur.x + dx, y: cur.y + dy }, at);
      };
      this.upsert(who, [move(id), ...this.labelsOf(id).map(move)], at);
      return;
    }
    // A real board levels off at a few hundred elements; past that, people edit rather than add.
    const adding = this.live.length < BOARD_TARGET_LIVE;
    if (this.containers.length < 3 || (adding && roll < 4)) {
      const kind = COMPONENT_KINDS[nextInt(r, 0, COMPONENT_KINDS.length - 2)]!;
      const els = placeComponent(kind, spot(), ctx);
      this.upsert(who, els, at);
      for (const el of els) this.live.push(el.id);
      this.containers.push(els[0].id);
      this.drag = { id: els[0].id, left: nextInt(r, 0, 8) };
      return;
    }
    if (adding && roll < 6) {
      const a = this.containers[nextInt(r, 0, this.containers.length - 1)]!;
      const b = this.containers[nextInt(r, 0, this.containers.length - 1)]!;
      if (a !== b) {
        const els = connectComponents(this.current(a), this.current(b), ctx);
        this.upsert(who, els, at);
        this.live.push(els[0].id);
        return;
      }
    }
    if (adding && roll < 9) {
      const el = strokeElement(this.newElementId(), spot(), r, at);
      this.upsert(who, [el], at);
      this.live.push(el.id);
      return;
    }
    const id = this.live[nextInt(r, 0, this.live.length - 1)]!;
    const cur = this.current(id);
    if (roll < 11 && cur.type === "text") {
      const text = `${cur.text.split(" (")[0]} (${nextInt(r, 1, 9)})`;
      this.upsert(who, [this.bump(id, { text, originalText: text } as Partial<TBoardElement>, at)], at);
      return;
    }
    if (roll >= 11 && roll < 13 && cur.type !== "text") {
      // A deletion takes the container's label with it.
      const gone = [id, ...this.labelsOf(id)];
      this.upsert(
        who,
        gone.map((g) => this.bump(g, { isDeleted: true }, at)),
        at,
      );
      for (const g of gone) this.forget(g);
      return;
    }
    if (roll < 17) {
      const colours = ["#1e1e1e", "#e03131", "#2f9e44", "#1971c2", "#f08c00"];
      const strokeColor = colours[nextInt(r, 0, colours.length - 1)]!;
      this.upsert(who, [this.bump(id, { strokeColor }, at)], at);
      return;
    }
    // Start dragging something (a label drags its container).
    const target = cur.type === "text" && cur.containerId ? cur.containerId : id;
    this.drag = { id: target, left: nextInt(r, 2, 12) };
    const dx = nextInt(r, -40, 40);
    const move = (eid: string) => {
      const c = this.current(eid);
      return this.bump(eid, { x: c.x + dx, y: c.y + dx }, at);
    };
    this.upsert(who, [move(target), ...this.labelsOf(target).map(move)], at);
  }
}

/**
 * Event times: the ordinary gaps are bursty draws scaled to fill the session; on top of them, fixed quiet
 * stretches (the clock's break, a few long thinks, the interviewer writing up before submitting) that a
 * replay's idle skip should find.
 */
function eventTimes(spec: SessionSpec, r: RngState, quiet: Map<number, number>): number[] {
  const n = spec.events;
  const total = spec.minutes * 60_000;
  const draws: number[] = [0];
  let sum = 0;
  for (let i = 1; i < n; i++) {
    const u = nextFloat(r);
    const d = nextInt(r, 0, 9) < 6 ? u * 0.3 : 0.3 + u * 2.2;
    draws.push(d);
    sum += d;
  }
  let fixed = 0;
  for (const ms of quiet.values()) fixed += ms;
  if (fixed >= total) throw new Error("generateSession: the session is too short for its quiet stretches");
  const scale = (total - fixed) / sum;
  const times: number[] = [];
  let t = 0;
  for (let i = 0; i < n; i++) {
    t += draws[i]! * scale + (quiet.get(i) ?? 0);
    times.push(spec.startAt + Math.min(total, Math.round(t)));
  }
  times[n - 1] = spec.startAt + total;
  return times;
}

/** A plausible interview as its room log; see the file comment. */
export function generateSession(spec: SessionSpec): TRoomEvent[] {
  const n = spec.events;
  if (!Number.isInteger(n) || n < MIN_EVENTS)
    throw new RangeError(`generateSession: events must be ≥ ${MIN_EVENTS}`);
  const r = deriveStream(spec.seed, `session:${spec.roomId}`);
  const total = spec.minutes * 60_000;

  // Index layout: 0 created, 1–2 joins, 3 clock start, [4, n-3] the interview, n-2 end, n-1 submitted.
  const first = 4;
  const span = n - 3 - first;
  const beats = new Map<number, Beat>();
  for (const b of SKELETON) {
    let i = first + Math.round(b.at * span);
    while (beats.has(i)) i++;
    beats.set(i, b);
  }
  const quiet = new Map<number, number>();
  const pauseAt = [...beats].find(([, b]) => b.kind === "op" && b.op.type === "clock.pause")![0];
  quiet.set(pauseAt + 1, Math.min(120_000, total * 0.04));
  quiet.set(n - 1, Math.min(90_000, total * 0.03));
  const thinks = Math.max(1, Math.floor(spec.minutes / 8));
  for (let k = 0; k < thinks; k++) {
    const i = first + 1 + nextInt(r, 0, span - 2);
    if (!quiet.has(i)) quiet.set(i, Math.min(12_000 + nextInt(r, 0, 28_000), total * 0.01));
  }
  const times = eventTimes(spec, r, quiet);

  const s = new Session(spec, r);
  s.record(
    {
      kind: "room.created",
      payload: {
        questionId: spec.questionId,
        createdBy: spec.interviewer.userId,
        creatorRole: "interviewer",
      },
    },
    spec.interviewer.userId,
    times[0]!,
  );
  s.join("interviewer", times[1]!);
  s.join("candidate", times[2]!);
  s.op("interviewer", { type: "clock.start" }, times[3]!);
  for (let i = first; i < n - 2; i++) {
    const at = times[i]!;
    const beat = beats.get(i);
    if (beat) {
      switch (beat.kind) {
        case "phase":
          s.op("interviewer", { type: "phase.set", phase: beat.phase }, at);
          break;
        case "op":
          s.op(beat.who, beat.op, at);
          break;
        case "draft":
          s.op("interviewer", { type: "scorecard.save", card: s.card(false) }, at);
          break;
        case "lock":
          s.op("interviewer", { type: "board.lock", locked: beat.locked } as TRoomOp, at);
          break;
      }
      continue;
    }
    const roll = nextInt(r, 0, 99);
    if (roll < 8) s.chat(at);
    else if (roll < 11) s.note(at);
    else s.board(at);
  }
  s.op("interviewer", { type: "interview.end" }, times[n - 2]!);
  s.op("interviewer", { type: "scorecard.submit", card: s.card(true) }, times[n - 1]!);
  return s.out;
}

/** The 50,000-event hour the benchmark replays (the room's event cap; a real interview has a few thousand). */
export const BENCH_SESSION: SessionSpec = {
  seed: 7,
  roomId: "bench-room",
  events: 50_000,
  minutes: 60,
  interviewer: { userId: "u-ines", name: "Ines" },
  candidate: { userId: "u-cas", name: "Cas" },
  questionId: "kv-store",
  startAt: 1_732_000_000_000,
};
