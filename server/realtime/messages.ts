import type { Socket } from "socket.io";
import type { z } from "zod";
import { ROOM_EVENTS, type TError } from "../../lib/protocol/room";
import { log } from "../log";

// What every socket handler does with a client's message before reading it: find its ack, measure it, name
// what is wrong with it, and refuse it with a reason.

export type Ack = (reply: unknown) => void;

/** The first schema problem, as the client should read it ("op.text: The message is empty"). */
export function issueSummary(error: z.ZodError): string {
  const i = error.issues[0];
  if (!i) return "The message is malformed.";
  const where = i.path.length ? `${i.path.join(".")}: ` : "";
  return `${where}${i.message}`;
}

/** A message as JSON text (its size is measured on this), or null when it can't be encoded (nested too deeply). */
export function jsonOf(payload: unknown): string | null {
  try {
    return JSON.stringify(payload) ?? "";
  } catch {
    return null;
  }
}

/** A message's size in JSON characters; unencodable messages are infinitely large (refused as too large). */
export function sizeOf(payload: unknown): number {
  return jsonOf(payload)?.length ?? Number.POSITIVE_INFINITY;
}

/**
 * Refuses a message: through its ack when it has one, else with a `room:error` on the socket; logged with the
 * reason. `what` names the kind of message in the log ("room message refused").
 */
export function refuser(socket: Socket, what: string): (ack: unknown, error: TError) => void {
  return (ack, error) => {
    log.info(`${what} refused`, {
      socket: socket.id,
      user: socket.data.userId,
      code: error.code,
      reason: error.message,
    });
    if (typeof ack === "function") (ack as Ack)({ ok: false, error });
    else socket.emit(ROOM_EVENTS.error, error);
  };
}

/**
 * Requests are (payload, ack). socket.io hands the ack over as the last argument wherever the client put it,
 * so `emit(event, ack)` and `emit(event, payload, extra, ack)` are refused through that ack (not left waiting
 * for an answer that went elsewhere). Null once the message has been refused.
 */
export function requestOf(
  event: string,
  args: unknown[],
  refuse: (ack: unknown, error: TError) => void,
): [unknown, Ack] | null {
  const ack = args.at(-1);
  if (typeof ack !== "function" || args.length !== 2) {
    refuse(ack, {
      code: "bad_request",
      message:
        typeof ack === "function"
          ? `${event} takes one payload and an acknowledgement callback.`
          : `${event} needs an acknowledgement callback.`,
    });
    return null;
  }
  return [args[0], ack as Ack];
}
