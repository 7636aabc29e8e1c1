import type { z } from "zod";
import { CALL_EVENTS, type TCallSignalAck, type TCallSignalDelivery, type ZCallSignalRequest } from "./call";
import type { TConnectRefusal, TServerHello } from "./index";
import { QUEUE_EVENTS, type TQueueJoinAck, type TQueueMatched, type ZQueueJoin } from "./queue";
import {
  ROOM_EVENTS,
  type TCursor,
  type TError,
  type TJoinAck,
  type TJoinRequest,
  type TOpAck,
  type TPresenceMessage,
  type TResyncMessage,
  type TRoomEventMessage,
  type ZCursorUpdate,
  type ZOpRequest,
} from "./room";

// The contract of the socket: every event, each way, with its payload and its answer. socket.io's typed Server
// and Socket, the browser's clients and the tests' room client take their types from here, so changing a message
// breaks the build wherever it is sent or read.
//
// Two views of the client's events, both honest:
// - ClientToServerEvents is what a well-behaved client of this build sends: the schemas' input types (an op is a
//   TRoomOpInput), each with the answer its acknowledgement callback receives. Clients emit through it.
// - The server never sees that type. Its handlers receive UncheckedClientToServerEvents: the same event names,
//   with whatever arguments a client sent (unknown, maybe no callback), which they parse with the same schemas
//   before reading. The answer they owe is typed from the contract (AnswerTo), so a wrong answer fails to
//   compile on the server too.
// The server's own messages (ServerToClientEvents) are typed at both ends: the client trusts its server (except
// a call signal's content, which comes from the other browser: the call parses it).
//
// Processes talk to each other over the room bus (./bus: calls, replies typed by their call, deliveries), not
// through socket.io: its Redis adapter only fans out broadcasts, so InterServerEvents is empty.

/** Client → server, as a client of this build sends them. */
export interface ClientToServerEvents {
  /** `lastRef` is optional on the wire for clients older than it; this build always sends it. */
  [ROOM_EVENTS.join]: (request: TJoinRequest, ack: (answer: TJoinAck) => void) => void;
  [ROOM_EVENTS.op]: (request: z.input<typeof ZOpRequest>, ack: (answer: TOpAck) => void) => void;
  [ROOM_EVENTS.leave]: () => void;
  /** Fire-and-forget (sent volatile): a pointer sample. */
  [ROOM_EVENTS.cursor]: (update: z.input<typeof ZCursorUpdate>) => void;
  [CALL_EVENTS.signal]: (
    request: z.input<typeof ZCallSignalRequest>,
    ack: (answer: TCallSignalAck) => void,
  ) => void;
  [QUEUE_EVENTS.join]: (preference: z.input<typeof ZQueueJoin>, ack: (answer: TQueueJoinAck) => void) => void;
  [QUEUE_EVENTS.leave]: () => void;
}

/** Server → client. */
export interface ServerToClientEvents {
  /** Right after the socket is accepted. */
  hello: (hello: TServerHello) => void;
  [ROOM_EVENTS.event]: (message: TRoomEventMessage) => void;
  [ROOM_EVENTS.presence]: (message: TPresenceMessage) => void;
  [ROOM_EVENTS.resync]: (message: TResyncMessage) => void;
  /** The other participant's pointer (volatile). */
  [ROOM_EVENTS.cursor]: (cursor: TCursor) => void;
  /** A refusal of a message that came without an acknowledgement callback. */
  [ROOM_EVENTS.error]: (error: TError) => void;
  [CALL_EVENTS.signal]: (delivery: TCallSignalDelivery) => void;
  [QUEUE_EVENTS.matched]: (match: TQueueMatched) => void;
}

/** The client's events as the server's handlers receive them: whatever arguments were sent, unchecked. */
export type UncheckedClientToServerEvents = {
  [E in keyof ClientToServerEvents]: (...args: unknown[]) => void;
};

/** The answer a client event's acknowledgement callback takes (never for events without one). */
export type AnswerTo<E extends keyof ClientToServerEvents> =
  Parameters<ClientToServerEvents[E]> extends [unknown, (answer: infer A) => void] ? A : never;

/** The client events that are answered through an acknowledgement callback. */
export type AckedClientEvent = {
  [E in keyof ClientToServerEvents]: [AnswerTo<E>] extends [never] ? never : E;
}[keyof ClientToServerEvents];

/** Nothing: processes talk over the room bus (see above). */
export type InterServerEvents = Record<string, never>;

/** What the server keeps on each socket (socket.data). */
export interface SocketData {
  userId: string;
  name: string;
  /** The sign-in (AuthSession) whose cookie opened this socket. */
  sid: string;
  /** The room this socket is joined to (set by the room handlers; read by the call's). */
  joined?: { roomId: string; peerId: string } | null;
}

/** socket.io-client's `connect_error`: `data` says why when the server's handshake check refused the socket. */
export type TConnectError = Error & { data?: TConnectRefusal };

// Every event name of the contract, at run time (the server's check for unknown events, the tests). Each list is
// a record keyed by the map's event names, so the compiler refuses one that is missing or not in the map.
const clientEvents: Record<keyof ClientToServerEvents, true> = {
  [ROOM_EVENTS.join]: true,
  [ROOM_EVENTS.op]: true,
  [ROOM_EVENTS.leave]: true,
  [ROOM_EVENTS.cursor]: true,
  [CALL_EVENTS.signal]: true,
  [QUEUE_EVENTS.join]: true,
  [QUEUE_EVENTS.leave]: true,
};
const serverEvents: Record<keyof ServerToClientEvents, true> = {
  hello: true,
  [ROOM_EVENTS.event]: true,
  [ROOM_EVENTS.presence]: true,
  [ROOM_EVENTS.resync]: true,
  [ROOM_EVENTS.cursor]: true,
  [ROOM_EVENTS.error]: true,
  [CALL_EVENTS.signal]: true,
  [QUEUE_EVENTS.matched]: true,
};
export const CLIENT_EVENT_NAMES: ReadonlySet<string> = new Set(Object.keys(clientEvents));
export const SERVER_EVENT_NAMES: ReadonlySet<string> = new Set(Object.keys(serverEvents));

export type {
  TBusAsk,
  TBusCall,
  TBusCallOf,
  TBusDelivery,
  TBusKind,
  TBusMessage,
  TBusNotice,
  TBusReplies,
} from "./bus";
