// The baseline for the room benchmark: a bare socket.io relay on its own process. It forwards every op, as
// sent, to the other sockets of the room and acknowledges at once: no validation, no ordering, no persistence.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";

const http = createServer();
const io = new Server(http, { serveClient: false });
io.on("connection", (socket) => {
  socket.on("join", (roomId: string, ack: () => void) => {
    void socket.join(roomId);
    ack();
  });
  socket.on("op", (m: { roomId: string; opId: string }, ack: (r: unknown) => void) => {
    socket.to(m.roomId).emit("event", m);
    ack({ ok: true });
  });
});
http.listen(0, "127.0.0.1", () => {
  console.log(JSON.stringify({ msg: "listening", port: (http.address() as AddressInfo).port }));
});
process.on("SIGTERM", () => {
  io.close();
  process.exit(0);
});
