import type { Server as HttpServer } from "node:http";
import { Server, type Socket } from "socket.io";
import { PROTOCOL_VERSION, SOCKET_PATH, type TConnectRefusal, type TServerHello } from "../../lib/protocol";
import { userFromCookieHeader } from "../auth/session-cookie";
import { SOCKET_MAX_MESSAGE_BYTES } from "../constants";
import { log } from "../log";
import type { RoomGateway } from "../rooms/gateway";
import { attachCallHandlers } from "./call-handlers";
import { PartnerQueue } from "./partner-queue";
import { attachRoomHandlers } from "./room-handlers";

export interface SocketData {
  userId: string;
  name: string;
  /** The room this socket is joined to (set by the room handlers; read by the call's). */
  joined?: { roomId: string; peerId: string } | null;
}

export type QuorumSocket = Socket<
  Record<string, never>,
  { hello: (hello: TServerHello) => void },
  Record<string, never>,
  SocketData
>;

function refuse(code: TConnectRefusal["code"], message: string): Error {
  const err = new Error(message) as Error & { data: TConnectRefusal };
  err.data = { code, message };
  return err;
}

/**
 * socket.io on the same HTTP server as the pages. Every socket must carry the next-auth session cookie; the
 * user id comes from that cookie alone (whatever a client claims is ignored).
 */
export function attachSocketServer(httpServer: HttpServer, opts: { secret: string; rooms: RoomGateway }) {
  const io = new Server(httpServer, {
    path: SOCKET_PATH,
    serveClient: false,
    maxHttpBufferSize: SOCKET_MAX_MESSAGE_BYTES,
    // Other upgrade requests are the server's to answer (server/app.ts), not socket.io's to cut off after 1 s.
    destroyUpgrade: false,
    // Same-origin only: the pages and the socket share a port, so no CORS is configured.
  });

  io.use(async (socket, next) => {
    const user = await userFromCookieHeader(socket.handshake.headers.cookie, opts.secret);
    if (!user) {
      log.info("socket refused", { reason: "unauthenticated", ip: socket.handshake.address });
      return next(refuse("unauthenticated", "Sign in to connect."));
    }
    socket.data.userId = user.id;
    socket.data.name = user.name;
    next();
  });

  const queue = new PartnerQueue(
    io,
    opts.rooms,
    opts.rooms.queueStore?.((id) => io.sockets.sockets.has(id)),
  );

  io.on("connection", (socket: QuorumSocket) => {
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
