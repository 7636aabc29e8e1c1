import { Encoder, PacketType } from "socket.io-parser";
import { describe, expect, it } from "vitest";
import { boundedParser } from "../../../server/realtime/parser";

// The server's socket.io encoder encodes a room event's message once for every connection it goes to
// (server/realtime/parser.ts): the text must be exactly socket.io's own, and nothing else may be reused.

const stock = new Encoder();
const event = (name: string, message: unknown, id?: number) => ({
  type: PacketType.EVENT,
  nsp: "/",
  data: [name, message],
  id,
});

describe("the sharing encoder", () => {
  it("writes exactly what socket.io's own encoder writes", () => {
    const enc = new boundedParser.Encoder();
    const message = {
      roomId: "r1",
      event: { seq: 3, opId: "o", kind: "chat.posted", payload: { text: 'é\\n"' } },
    };
    for (const packet of [
      event("room:event", message),
      event("room:presence", { a: [1, 2] }),
      event("x", 1, 7),
    ])
      expect(enc.encode(packet)).toEqual(stock.encode(packet));
  });

  it("encodes one room event's message once, however many sockets it is sent to", () => {
    const enc = new boundedParser.Encoder();
    const message = { roomId: "r1", event: { seq: 1, payload: { big: "x".repeat(100) } } };
    const first = enc.encode(event("room:event", message));
    // Were it encoded again, the change would show: it is not (room events never change once sent).
    message.event.payload.big = "changed";
    expect(enc.encode(event("room:event", message))).toEqual(first);
  });

  it("reuses nothing for other messages, acks or another event name", () => {
    const enc = new boundedParser.Encoder();
    const presence = { list: ["a"] };
    enc.encode(event("room:presence", presence));
    presence.list.push("b");
    expect(enc.encode(event("room:presence", presence))).toEqual(
      stock.encode(event("room:presence", presence)),
    );
    const message = { roomId: "r1", n: 1 };
    enc.encode(event("room:event", message));
    message.n = 2;
    expect(enc.encode(event("room:event", message, 5))).toEqual(
      stock.encode(event("room:event", message, 5)),
    );
  });
});
