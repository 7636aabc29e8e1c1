import type { Server as HttpServer } from "node:http";
import { Server, type Socket } from "socket.io";
import {
  type InterServerEvents,
  PROTOCOL_VERSION,
  type ServerToClientEvents,
  SOCKET_PATH,
  type SocketData,
  servesProtocol,
  type TConnectRefusal,
  type UncheckedClientToServerEvents,
} from "../../lib/protocol";
import { userFromCookieHeader } from "../auth/session-cookie";
import { SOCKET_MAX_MESSAGE_BYTES } from "../constants";
import { sameOrigin } from "../http/json";
import { log } from "../log";
import type { RoomGateway } from "../rooms/gateway";
import { attachCallHandlers } from "./call-handlers";
import { boundedParser } from "./parser";
import { PartnerQueue } from "./partner-queue";
import { attachRoomHandlers } from "./room-handlers";

/** socket.io's Server and Socket typed by the contract (lib/protocol/contract.ts): handlers get unchecked input. */
export type QuorumServer = Server<
  UncheckedClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;
export type QuorumSocket = Socket<
  UncheckedClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;

const sessionRoom = (sid: string) => `session:${sid}`;
const userRoom = (userId: string) => `user:${userId}`;

/** Ends the sockets of revoked sign-ins, in every process (through the Redis adapter when there is one). */
export interface SessionSockets {
  /** Disconnects the sockets opened with sign-in `sid`. */
  endSession(sid: string): void;
  /** Disconnects all of a user's sockets, except those of sign-in `keepSid`. */
  endUser(userId: string, keepSid?: string): void;
}

export function sessionSockets(io: QuorumServer): SessionSockets {
  return {
    endSession: (sid) => io.in(sessionRoom(sid)).disconnectSockets(true),
    endUser: (userId, keepSid) => {
      const sockets = io.in(userRoom(userId));
      (keepSid ? sockets.except(sessionRoom(keepSid)) : sockets).disconnectSockets(true);
    },
  };
}

/** A handshake refusal: socket.io-client hands `data` to the page's `connect_error` (TConnectError). */
function refuse(code: TConnectRefusal["code"], message: string): Error & { data: TConnectRefusal } {
  const data: TConnectRefusal = { code, message };
  return Object.assign(new Error(message), { data });
}

/**
 * socket.io on the same HTTP server as the pages. Every socket must carry the next-auth session cookie; the
 * user id comes from that cookie alone (whatever a client claims is ignored).
 */
export function attachSocketServer(
  httpServer: HttpServer,
  opts: { secret: string; rooms: RoomGateway },
): QuorumServer {
  const io = new Server<UncheckedClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>(
    httpServer,
    {
      path: SOCKET_PATH,
      serveClient: false,
      maxHttpBufferSize: SOCKET_MAX_MESSAGE_BYTES,
      // Messages nested deeper than any real one are refused before they are parsed (server/realtime/parser.ts).
      parser: boundedParser,
      // Other upgrade requests are the server's to answer (server/app.ts), not socket.io's to cut off after 1 s.
      destroyUpgrade: false,
      // Same-origin only: the pages and the socket share a port, so no CORS is configured; and since CORS does
      // not cover WebSockets, a handshake from another site's page is refused here.
      allowRequest: (req, callback) => callback(null, sameOrigin(req)),
    },
  );

  io.use(async (socket, next) => {
    // A page built for another protocol (a tab left open across a deploy) is told to reload, before anything else.
    if (!servesProtocol(socket.handshake.auth)) {
      log.info("socket refused", { reason: "protocol_mismatch", auth: socket.handshake.auth });
      return next(refuse("protocol_mismatch", "Quorum was updated. Reload the page to continue."));
    }
    let user: Awaited<ReturnType<typeof userFromCookieHeader>>;
    try {
      user = await userFromCookieHeader(socket.handshake.headers.cookie, opts.secret);
    } catch (err) {
      // The sign-in could not be checked (Postgres unreachable): refused, not trusted; the client retries.
      log.warn("socket sign-in check failed", { err: (err as Error).message });
      return next(refuse("unavailable", "Can't check your sign-in just now. Retrying…"));
    }
    if (!user) {
      log.info("socket refused", { reason: "unauthenticated", ip: socket.handshake.address });
      return next(refuse("unauthenticated", "Sign in to connect."));
    }
    socket.data.userId = user.id;
    socket.data.name = user.name;
    socket.data.sid = user.sid;
    // Revoking a sign-in disconnects these rooms' sockets (sessionSockets below).
    socket.join([sessionRoom(user.sid), userRoom(user.id)]);
    next();
  });

  const queue = new PartnerQueue(
    io,
    opts.rooms,
    opts.rooms.queueStore?.((id) => io.sockets.sockets.has(id)),
  );

  io.on("connection", (socket) => {
    log.info("socket connected", { socket: socket.id, user: socket.data.userId });
    socket.emit("hello", {
      protocol: PROTOCOL_VERSION,
      user: { id: socket.data.userId, name: socket.data.name },
      serverTime: Date.now(),
    });
    attachRoomHandlers(socket, opts.rooms);
    attachCallHandlers(socket, opts.rooms);
    queue.attach(socket);
    socket.on("disconnect", (reason) =>
      log.info("socket disconnected", { socket: socket.id, user: socket.data.userId, reason }),
    );
  });

  return io;
}
