import type { z } from "zod";
import type { AckedClientEvent, AnswerTo } from "../../lib/protocol/contract";
import { ROOM_EVENTS, type TError } from "../../lib/protocol/room";
import { log } from "../log";
import type { QuorumSocket } from "./io";

// What every socket handler does with a client's message before reading it: find its ack, measure it, name
// what is wrong with it, and refuse it with a reason.

/** How a handler answers a client event: with the answer the contract names for it. */
export type Ack<E extends AckedClientEvent> = (answer: AnswerTo<E>) => void;

/** A value a client sent where a callback belongs: socket.io passes the client's acknowledgement as a function. */
function isCallback(v: unknown): v is (...args: unknown[]) => unknown {
  return typeof v === "function";
}

/** Any object, to walk a message not yet parsed (its keys are looked at, never trusted). */
function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null;
}

/** The first schema problem, as the client should read it ("op.text: The message is empty"). */
export function issueSummary(error: z.ZodError): string {
  const i = error.issues[0];
  if (!i) return "The message is malformed.";
  const where = i.path.length ? `${i.path.join(".")}: ` : "";
  return `${where}${i.message}`;
}

/** How much of a message `surelyLonger` looks at before leaving the answer to the encoder. */
const QUICK_LOOK_VALUES = 2_000;

/**
 * True when a message is surely longer than `limit` as JSON: its strings alone (plus a quote pair each) add up to
 * more. Looks at no more than QUICK_LOOK_VALUES values, so it costs next to nothing; false means "not sure".
 * Lets the handlers refuse an oversized message without encoding it: a flood of them would otherwise have the
 * server copy every byte once more, after socket.io has parsed it.
 */
export function surelyLonger(payload: unknown, limit: number): boolean {
  let total = 0;
  let seen = 0;
  const stack: unknown[] = [payload];
  while (stack.length > 0 && seen++ < QUICK_LOOK_VALUES) {
    const v = stack.pop();
    if (typeof v === "string") {
      total += v.length + 2;
      if (total > limit) return true;
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length && i < QUICK_LOOK_VALUES; i++) stack.push(v[i]);
    } else if (isObject(v) && typeof v.toJSON !== "function") {
      for (const key in v) {
        if (!Object.hasOwn(v, key)) continue;
        total += key.length + 3;
        stack.push(v[key]);
      }
      if (total > limit) return true;
    }
  }
  return false;
}

/**
 * A message as JSON text (its size is measured on this) when it is at most `limit` characters long; null when it
 * is longer or can't be encoded (nested too deeply). One that is surely longer is not encoded at all.
 */
export function jsonWithin(payload: unknown, limit: number): string | null {
  if (surelyLonger(payload, limit)) return null;
  try {
    const json = JSON.stringify(payload) ?? "";
    return json.length <= limit ? json : null;
  } catch {
    return null;
  }
}

/**
 * Whether JSON text holds a NUL or an unpaired surrogate (JSON.stringify writes both as \u escapes). Postgres
 * can't store either in a jsonb column.
 */
export function unstorable(json: string): boolean {
  for (let i = json.indexOf("\\"); i !== -1; i = json.indexOf("\\", i + 2)) {
    if (json[i + 1] !== "u") continue;
    const unit = Number.parseInt(json.slice(i + 2, i + 6), 16);
    if (unit === 0 || (unit >= 0xd800 && unit <= 0xdfff)) return true;
  }
  return false;
}

/**
 * Refuses a message: through its ack when it has one, else with a `room:error` on the socket; logged with the
 * reason. `what` names the kind of message in the log ("room message refused").
 */
export function refuser(socket: QuorumSocket, what: string): (ack: unknown, error: TError) => void {
  return (ack, error) => {
    log.info(`${what} refused`, {
      socket: socket.id,
      user: socket.data.userId,
      code: error.code,
      reason: error.message,
    });
    // Every answer in the contract has this refusal form.
    if (isCallback(ack)) ack({ ok: false, error });
    else socket.emit(ROOM_EVENTS.error, error);
  };
}

/**
 * Requests are (payload, ack). socket.io hands the ack over as the last argument wherever the client put it,
 * so `emit(event, ack)` and `emit(event, payload, extra, ack)` are refused through that ack (not left waiting
 * for an answer that went elsewhere). Null once the message has been refused.
 */
export function requestOf<E extends AckedClientEvent>(
  event: E,
  args: unknown[],
  refuse: (ack: unknown, error: TError) => void,
): [unknown, Ack<E>] | null {
  const ack = args.at(-1);
  if (!isCallback(ack) || args.length !== 2) {
    refuse(ack, {
      code: "bad_request",
      message:
        typeof ack === "function"
          ? `${event} takes one payload and an acknowledgement callback.`
          : `${event} needs an acknowledgement callback.`,
    });
    return null;
  }
  return [args[0], (answer) => ack(answer)];
}
