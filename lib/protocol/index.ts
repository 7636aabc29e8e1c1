import { z } from "zod";

// Every message that crosses the socket is described here. Bump PROTOCOL_VERSION on any incompatible change;
// a client with another version is told to reload.
export const PROTOCOL_VERSION = 1;

/** Sent by the server right after a socket is accepted: who the server says you are. */
export const ZServerHello = z.object({
  protocol: z.literal(PROTOCOL_VERSION),
  user: z.object({ id: z.string(), name: z.string() }),
  serverTime: z.number().int(),
});
export type TServerHello = z.infer<typeof ZServerHello>;

/** Why a socket was refused (socket.io `connect_error` message `data`). */
export const ZConnectRefusal = z.object({
  code: z.enum(["unauthenticated", "protocol_mismatch", "rate_limited", "unavailable"]),
  message: z.string(),
});
export type TConnectRefusal = z.infer<typeof ZConnectRefusal>;

export const SOCKET_PATH = "/socket.io";
