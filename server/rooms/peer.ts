import type { TCallSignalDelivery } from "../../lib/protocol/call";
import type { TCursor, TOpAck, TPresenceEntry } from "../../lib/protocol/room";
import type { TRole, TRoomEvent } from "../../lib/room";

/**
 * One connection of a participant to a room, as the room actor sees it. socket.io sockets are wrapped into
 * this; tests use in-memory peers. The actor decides *what* each peer may receive; the peer only delivers.
 */
export interface RoomPeer {
  readonly id: string;
  readonly userId: string;
  role: TRole;
  sendEvent(roomId: string, event: TRoomEvent): void;
  sendPresence(roomId: string, presence: TPresenceEntry[]): void;
  /** Asks the client to join again (it may hold an event that was never committed). */
  sendResync(roomId: string): void;
  /** The other participant's pointer (ephemeral). */
  sendCursor?(roomId: string, cursor: TCursor): void;
  /** A call signal from the other participant (ephemeral; must arrive in order, so never volatile). */
  sendSignal?(delivery: TCallSignalDelivery): void;
  /**
   * Present on connections that take their own events in their op acks: the actor calls it when it decides an
   * op this connection sent (before broadcasting anything later), skips this connection in that event's
   * broadcast, and puts the event in the ack. If the room has something else for this connection before that
   * ack is ready, the event goes out on its own first (see OwnEventGate), and the ack then goes without it.
   */
  expectOwn?(roomId: string, event: TRoomEvent): void;
}

/**
 * The ordering half of `RoomPeer.expectOwn` for one connection. What the connection receives goes out in the
 * room's order. An own op's event waits to travel in its answer (one message instead of an event and an ack),
 * but only while nothing else has to go out: when the room sends this connection anything else, every own event
 * still waiting goes out first as a plain event (`release`), then the new one, at once. So what the partner
 * does reaches this connection without waiting for this connection's own writes to commit. An answer whose
 * event already went out is sent without it (`send(false)`); one whose event still waits carries it
 * (`send(true)`), after the answers of earlier own ops that carry theirs (each connection's ops commit in order).
 */
export class OwnEventGate {
  /** Own ops decided and not yet answered, in order, and the answers queued behind them. */
  private line: { opId?: string; release?: () => void; send: (() => void) | null }[] = [];
  /** Own ops whose event went out on its own; their answers go without it, whenever they come. */
  private readonly released = new Set<string>();

  /** `release` sends the op's event as a plain event (used only if something else must go out first). */
  expect(opId: string, release: () => void): void {
    this.line.push({ opId, release, send: null });
  }

  /** A room message for this connection (an event of the room's): goes out now, after what still waits. */
  deliver(send: () => void): void {
    for (const slot of this.line.splice(0)) {
      if (slot.send) slot.send();
      else {
        slot.release!();
        this.released.add(slot.opId!);
      }
    }
    send();
  }

  /**
   * The answer to `opId` (whatever it says). `send(carry)`: carry is false when the op's event already went out
   * on its own, so the answer must not repeat it.
   */
  answer(opId: string, send: (carry: boolean) => void): void {
    if (this.released.delete(opId)) {
      send(false);
      return;
    }
    const slot = this.line.find((s) => s.opId === opId && s.send === null);
    if (slot) slot.send = () => send(true);
    else if (this.line.length > 0) this.line.push({ send: () => send(true) });
    else {
      send(true);
      return;
    }
    while (this.line[0]?.send) this.line.shift()!.send!();
  }

  /** How many messages wait (tests). */
  get waiting(): number {
    return this.line.length;
  }
}

/** What goes to the connection for an op's answer: as decided, or without the event that went out on its own. */
export function answerToSend(reply: TOpAck, carry: boolean): TOpAck {
  if (carry || !reply.ok || reply.event === undefined) return reply;
  return { ok: true, seq: reply.seq, duplicate: reply.duplicate };
}
