import {
  applyEvent,
  decide,
  decideJoin,
  emptyRoom,
  type RoomState,
  type TRoomEvent,
  type TRoomOp,
} from "../../../lib/room";
import { DIMENSION_IDS, emptyScorecard } from "../../../lib/rubric";

export const I = { id: "u-int", name: "Ines" };
export const C = { id: "u-cand", name: "Cas" };
export const X = { id: "u-other", name: "Xavi" };

/** A room built through the same decide → event → fold path the server uses, at times t = 1000, 2000, … */
export class RoomBuilder {
  state: RoomState = emptyRoom("r1");
  events: TRoomEvent[] = [];
  t = 0;

  constructor() {
    this.push(
      {
        kind: "room.created",
        payload: { questionId: "kv-store", createdBy: I.id, creatorRole: "interviewer" },
      },
      I.id,
    );
  }

  private tick(at?: number): number {
    this.t = at ?? this.t + 1000;
    return this.t;
  }

  push(
    body: Omit<TRoomEvent, "seq" | "opId" | "actorId" | "at">,
    actorId: string | null,
    atArg?: number,
  ): TRoomEvent {
    const at = this.tick(atArg);
    const e = {
      ...body,
      seq: this.state.seq + 1,
      opId: `op-${this.state.seq + 1}-xxxxx`,
      actorId,
      at,
    } as TRoomEvent;
    this.state = applyEvent(this.state, e);
    this.events.push(e);
    return e;
  }

  join(user: { id: string; name: string }): this {
    const d = decideJoin(this.state, user);
    if (!d.ok) throw new Error(d.error.message);
    if (d.event) this.push(d.event, user.id);
    return this;
  }

  op(userId: string, op: TRoomOp, atArg?: number): this {
    const at = this.tick(atArg);
    const d = decide(this.state, userId, op, at);
    if (!d.ok) throw new Error(`${op.type}: ${d.error.message}`);
    this.push(d.event, userId, at);
    return this;
  }
}

/** A scorecard draft for the kv-store question with one score and one evidence note. */
export function draftCard() {
  const card = emptyScorecard("kv-store", "senior");
  card.dimensions.requirements = {
    score: 3,
    evidence: [{ clockMs: 60_000, text: "Asked how fresh reads must be" }],
  };
  return card;
}

/** A scorecard ready to submit. */
export function fullCard() {
  const card = draftCard();
  for (const id of DIMENSION_IDS) card.dimensions[id] ??= { score: 3, evidence: [] };
  card.recommendation = "yes";
  card.feedback = {
    wentWell: "Clear requirements and a sound quorum design.",
    toWorkOn: "Say what happens to writes during a partition.",
  };
  return card;
}
