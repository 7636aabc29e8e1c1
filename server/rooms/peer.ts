import type { TCallSignalDelivery } from "../../lib/protocol/call";
import type { TCursor, TPresenceEntry } from "../../lib/protocol/room";
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
   * broadcast, and puts the event in the ack. The connection holds every later event until that ack has gone.
   */
  expectOwn?(opId: string): void;
}

/**
 * The ordering half of `RoomPeer.expectOwn` for one connection. What the connection receives goes out in the
 * room's order: an own op takes its place in the line when it is decided (`expect`), and its answer, which
 * carries its event, goes out from that place once it is ready (`answer`); events behind it wait for it.
 */
export class OwnEventGate {
  private line: { opId?: string; send: (() => void) | null }[] = [];

  expect(opId: string): void {
    this.line.push({ opId, send: null });
  }

  /** An event for this connection: sent now, or behind the answers it follows. */
  deliver(send: () => void): void {
    if (this.line.length === 0) send();
    else this.line.push({ send });
  }

  /** The answer to `opId` (whatever it says): from its place in the line if it has one, else in turn. */
  answer(opId: string, send: () => void): void {
    const slot = this.line.find((s) => s.opId === opId && s.send === null);
    if (slot) slot.send = send;
    else if (this.line.length > 0) this.line.push({ send });
    else {
      send();
      return;
    }
    while (this.line[0]?.send) this.line.shift()!.send!();
  }

  /** How many messages wait (tests). */
  get waiting(): number {
    return this.line.length;
  }
}
