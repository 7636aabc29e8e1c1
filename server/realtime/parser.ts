import { Decoder, Encoder, isPacketValid, PacketType, protocol } from "socket.io-parser";
import { ROOM_EVENTS } from "../../lib/protocol/room";

// socket.io's own packet parser, with one bound added before its JSON.parse: how deeply a message may nest.
// Parsing is the one thing the server does with a message before any handler can refuse it, and its cost grows
// with nesting far faster than with size (a 200,000-deep array of 400 KB takes JSON.parse ~50 ms here, against
// under 1 ms for 700 KB of text). Every real message nests under 10 levels.

/** Brackets and braces a message may nest (its envelope included). */
export const MAX_MESSAGE_NESTING = 64;

/**
 * Whether JSON text nests arrays and objects deeper than `max`. One pass over the text, jumping over strings
 * with indexOf, so a long text costs next to nothing; brackets inside strings don't count.
 */
export function nestedDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip to this string's closing quote: the next quote not escaped by an odd run of backslashes.
      for (let end = text.indexOf('"', i + 1); ; end = text.indexOf('"', end + 1)) {
        if (end === -1) return false; // unterminated: JSON.parse refuses it
        let slashes = 0;
        while (text.charCodeAt(end - 1 - slashes) === 0x5c) slashes++;
        if (slashes % 2 === 0) {
          i = end;
          break;
        }
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** socket.io-parser's decoder, refusing over-nested text before parsing it (socket.io then closes the link). */
class BoundedDecoder extends Decoder {
  override add(obj: unknown): void {
    if (
      typeof obj === "string" &&
      obj.length > MAX_MESSAGE_NESTING &&
      nestedDeeperThan(obj, MAX_MESSAGE_NESTING)
    )
      throw new Error(`A message may nest at most ${MAX_MESSAGE_NESTING} levels.`);
    super.add(obj);
  }
}

/**
 * socket.io-parser's encoder, encoding a broadcast message once. socket.io encodes per socket, so a room event sent
 * to every connection of both people (a large board change to a dozen tabs) was walked for binary data and
 * stringified once per connection, all in one go on the event loop. A message object emitted again as the same
 * event name reuses the text it was encoded to. Only for messages that are never changed once sent: the room's
 * events (see eventMessage in room-handlers.ts), which are immutable.
 */
class SharingEncoder extends Encoder {
  private readonly encoded = new WeakMap<object, string>();

  override encode(packet: Parameters<Encoder["encode"]>[0]): ReturnType<Encoder["encode"]> {
    const data: unknown[] | undefined = Array.isArray(packet.data) ? packet.data : undefined;
    const message = data?.[1];
    const shared =
      packet.type === PacketType.EVENT &&
      packet.id === undefined &&
      packet.nsp === "/" &&
      data?.length === 2 &&
      data[0] === SHARED_EVENT &&
      typeof message === "object" &&
      message !== null;
    if (!shared) return super.encode(packet);
    const hit = this.encoded.get(message);
    if (hit !== undefined) return [hit];
    const out = super.encode(packet);
    if (out.length === 1 && typeof out[0] === "string") this.encoded.set(message, out[0]);
    return out;
  }
}

/** The one event whose messages are shared between sockets. */
const SHARED_EVENT = ROOM_EVENTS.event;

/** The `parser` option of socket.io's Server. */
export const boundedParser = {
  protocol,
  PacketType,
  Encoder: SharingEncoder,
  Decoder: BoundedDecoder,
  isPacketValid,
};
