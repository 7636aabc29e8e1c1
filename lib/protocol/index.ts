import { z } from "zod";

// Every message that crosses the socket is described here. Bump PROTOCOL_VERSION on any incompatible change;
// a client with another version is told to reload.
export const PROTOCOL_VERSION = 1;

/**
 * The versions a server of this build can serve. A client names its version in the handshake's `auth`
 * (`{protocol}`); one that names none speaks version 1, from before versions were sent. Any other is refused
 * with `protocol_mismatch`, and its page asks the person to reload (a tab left open across a deploy).
 */
export const SERVED_PROTOCOLS: readonly number[] = [1];

export const ZClientAuth = z.object({ protocol: z.number().int().optional() }).passthrough();

/** Whether this server can serve a client whose handshake carried `auth`. */
export function servesProtocol(auth: unknown): boolean {
  const parsed = ZClientAuth.safeParse(auth ?? {});
  return parsed.success && SERVED_PROTOCOLS.includes(parsed.data.protocol ?? 1);
}

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

export * from "./contract";
