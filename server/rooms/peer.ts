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
}
