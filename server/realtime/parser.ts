import { Decoder, Encoder, isPacketValid, PacketType, protocol } from "socket.io-parser";

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

/** The `parser` option of socket.io's Server. */
export const boundedParser = { protocol, PacketType, Encoder, Decoder: BoundedDecoder, isPacketValid };
