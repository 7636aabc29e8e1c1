import {
  applyEvent,
  decide,
  decideJoin,
  emptyRoom,
  type RoomState,
  type TRoomEvent,
  type TRoomOp,
} from "../../../lib/room";

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
