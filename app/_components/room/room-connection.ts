"use client";

import { io, type Socket } from "socket.io-client";
import {
  type ClientToServerEvents,
  PROTOCOL_VERSION,
  type ServerToClientEvents,
  SOCKET_PATH,
  type TConnectError,
} from "@/lib/protocol";
import { CALL_EVENTS, type TCallSignal, type TCallSignalAck } from "@/lib/protocol/call";
import {
  RETRYABLE,
  ROOM_EVENTS,
  type TCursor,
  type TCursorUpdate,
  type TError,
  type TJoinAck,
  type TOpAck,
  type TPresenceEntry,
} from "@/lib/protocol/room";
import { type RoomState, type TRole, type TRoomOpInput, ZOpId, ZRoomOp } from "@/lib/room";
import { type OpResult, type Outgoing, type PendingOp, RoomSyncClient } from "@/lib/room/sync-client";

// The browser's one module that talks to the room over socket.io. All ordering, resend and folding logic is in
// lib/room/sync-client (shared with the tests); this file only moves messages and tells React when to redraw.

export type ConnectionState = "connecting" | "connected" | "reconnecting" | "offline";

export interface RoomSnapshotView {
  connection: ConnectionState;
  state: RoomState | null;
  role: TRole | null;
  presence: TPresenceEntry[];
  pending: readonly PendingOp[];
  /** Ops the server refused, newest last, until dismissed. */
  notices: { id: string; message: string }[];
  /** A problem that stops the room from working at all (not a participant, signed out, unknown room). */
  fatal: TError | null;
  /** serverTime − Date.now(), to read the interview clock in the server's time. */
  serverOffsetMs: number;
  /** Connected, but the server answered "try again" (it is busy, or the room is changing process). */
  stalled: boolean;
}

export const INITIAL_ROOM_VIEW: RoomSnapshotView = {
  connection: "connecting",
  state: null,
  role: null,
  presence: [],
  pending: [],
  notices: [],
  fatal: null,
  serverOffsetMs: 0,
  stalled: false,
};

const OP_TIMEOUT_MS = 10_000;
const RETRY_MS = 1_500;

export class RoomConnection {
  private readonly sync: RoomSyncClient;
  private readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  private listeners = new Set<() => void>();
  private cursorListeners = new Set<(c: TCursor) => void>();
  private signalListeners = new Set<(delivery: unknown) => void>();
  private view: RoomSnapshotView;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** Handshakes refused in a row as "unavailable" (the backoff of the next try). */
  private refusals = 0;
  /** What session storage holds of the unsent ops (written only when it changes). */
  private unsent = "[]";

  constructor(readonly roomId: string) {
    this.sync = new RoomSyncClient(roomId, () => crypto.randomUUID().replaceAll("-", ""));
    // What was sent but not acknowledged before a reload goes again (same op ids: the server applies each once).
    for (const p of restoreUnsent(roomId)) this.sync.pending.push({ ...p, inflight: false });
    this.view = INITIAL_ROOM_VIEW;
    this.socket = io({
      path: SOCKET_PATH,
      auth: { protocol: PROTOCOL_VERSION },
      transports: ["websocket"],
      reconnectionDelay: 500,
      reconnectionDelayMax: 5_000,
    });
    this.socket.on("connect", () => this.send(this.sync.onConnected()));
    this.socket.on("disconnect", (reason) => {
      this.sync.onDisconnected();
      // "io client disconnect" is our own close(); anything else reconnects by itself.
      this.update({ connection: reason === "io client disconnect" ? "offline" : "reconnecting" });
    });
    this.socket.on("connect_error", (err: TConnectError) => {
      if (err.data?.code === "unauthenticated") {
        this.update({
          fatal: { code: "unauthenticated", message: "Your session has ended. Sign in again to rejoin." },
        });
        this.socket.close();
        return;
      }
      if (err.data?.code === "protocol_mismatch") {
        this.update({
          fatal: { code: "protocol_mismatch", message: "Quorum was updated — reload to continue." },
        });
        this.socket.close();
        return;
      }
      this.update({ connection: "reconnecting" });
      // A refusal by the server's handshake check ends socket.io's own retries; one that may pass later
      // (the sign-in could not be checked just now) is retried here, a little later each time.
      if (!this.socket.active && err.data?.code === "unavailable") {
        this.refusals += 1;
        setTimeout(() => this.socket.connect(), Math.min(5_000, 250 * 2 ** this.refusals));
      }
    });
    this.socket.on("connect", () => {
      this.refusals = 0;
    });
    this.socket.on("hello", (hello) => this.update({ serverOffsetMs: hello.serverTime - Date.now() }));
    this.socket.on(ROOM_EVENTS.event, (m) => {
      if (m.roomId !== this.roomId) return;
      this.sync.onEvent(m.event);
      this.update({});
    });
    this.socket.on(ROOM_EVENTS.cursor, (c) => {
      for (const l of this.cursorListeners) l(c);
    });
    // Call signals from the partner, handed on as unknown: the call validates them (the one place that reads
    // them), since what they say comes from the other browser, not from the server.
    this.socket.on(CALL_EVENTS.signal, (delivery) => {
      for (const l of this.signalListeners) l(delivery);
    });
    this.socket.on(ROOM_EVENTS.resync, (m) => {
      if (m.roomId === this.roomId) this.send(this.sync.onResync());
    });
    this.socket.on(ROOM_EVENTS.presence, (m) => {
      if (m.roomId === this.roomId) this.update({ presence: m.presence });
    });
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = () => this.view;

  submit(op: TRoomOpInput): void {
    const { out } = this.sync.submit(op);
    this.update({});
    this.send(out);
  }

  /** The other participant's pointer; a separate channel so 20 updates a second don't redraw the whole room. */
  subscribeCursor(listener: (c: TCursor) => void): () => void {
    this.cursorListeners.add(listener);
    return () => this.cursorListeners.delete(listener);
  }

  sendCursor(c: Omit<TCursorUpdate, "roomId">): void {
    if (this.sync.joined) this.socket.volatile.emit(ROOM_EVENTS.cursor, { roomId: this.roomId, ...c });
  }

  /** The call's signals from the partner (see lib/protocol/call). */
  subscribeSignal(listener: (delivery: unknown) => void): () => void {
    this.signalListeners.add(listener);
    return () => this.signalListeners.delete(listener);
  }

  /** Sends a call signal to the partner over the room's socket; resolves with the server's answer. */
  sendSignal(signal: TCallSignal, timeoutMs: number): Promise<TCallSignalAck> {
    if (!this.sync.joined || !this.socket.connected)
      return Promise.resolve({
        ok: false,
        error: { code: "not_joined", message: "Not connected to the interview right now." },
      });
    return this.socket
      .timeout(timeoutMs)
      .emitWithAck(CALL_EVENTS.signal, { roomId: this.roomId, signal })
      .catch(
        (): TCallSignalAck => ({
          ok: false,
          error: { code: "unavailable", message: "No answer from the server." },
        }),
      );
  }

  dismissNotice(id: string): void {
    this.update({ notices: this.view.notices.filter((n) => n.id !== id) });
  }

  close(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.socket.emit(ROOM_EVENTS.leave);
    this.socket.close();
  }

  private send(out: Outgoing[]): void {
    for (const o of out) {
      if (o.type === "join") {
        this.socket
          .timeout(OP_TIMEOUT_MS)
          .emit(
            ROOM_EVENTS.join,
            { roomId: this.roomId, lastSeq: o.lastSeq, lastRef: o.lastRef },
            (err: Error | null, ack: TJoinAck) => {
              if (err || (!ack.ok && RETRYABLE.has(ack.error.code))) {
                this.update({ stalled: true });
                return this.retryLater(() => this.send([o]));
              }
              if (!ack.ok) {
                this.update({ fatal: ack.error });
                return;
              }
              const more = this.sync.onJoined(ack);
              this.update({
                connection: "connected",
                stalled: false,
                presence: ack.presence,
                serverOffsetMs: ack.serverTime - Date.now(),
              });
              this.send(more);
            },
          );
        continue;
      }
      this.socket
        .timeout(OP_TIMEOUT_MS)
        .emit(
          ROOM_EVENTS.op,
          { roomId: this.roomId, opId: o.opId, op: o.op },
          (err: Error | null, ack: TOpAck) => {
            const result: OpResult = err
              ? {
                  ok: false,
                  error: { code: "unavailable", message: "No answer from the server." },
                  retryable: true,
                }
              : ack.ok
                ? ack
                : { ok: false, error: ack.error, retryable: RETRYABLE.has(ack.error.code) };
            this.sync.onOpResult(o.opId, result);
            if (!result.ok && result.retryable) this.retryLater(() => this.send(this.sync.flush()));
            const refused = this.sync.rejected.splice(0);
            this.update({
              stalled: !result.ok && result.retryable ? true : result.ok ? false : this.view.stalled,
              notices: [
                ...this.view.notices,
                ...refused.map((r) => ({ id: r.opId, message: r.error.message })),
              ],
            });
          },
        );
    }
  }

  private retryLater(fn: () => void): void {
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.socket.connected) fn();
    }, RETRY_MS);
  }

  private update(patch: Partial<RoomSnapshotView>): void {
    this.view = {
      ...this.view,
      ...patch,
      state: this.sync.state,
      role: this.sync.role,
      pending: [...this.sync.pending],
    };
    this.unsent = keepUnsent(this.roomId, this.sync.pending, this.unsent);
    for (const l of this.listeners) l();
  }
}

// Chat messages and notes sent but not yet acknowledged are kept in this tab's session storage, so a reload
// (asked for by a deploy, or by the person) sends them again instead of losing them. Only these two kinds:
// what a person typed; everything else is cheap to redo or lives on the board.
const UNSENT_KINDS = new Set(["chat.post", "note.add"]);
const unsentKey = (roomId: string) => `quorum:unsent:${roomId}`;

/** Stores the unsent chat and notes when they differ from `stored`; returns what storage now holds. */
function keepUnsent(roomId: string, pending: readonly PendingOp[], stored: string): string {
  const mine = pending.filter((p) => UNSENT_KINDS.has(p.op.type)).map((p) => ({ opId: p.opId, op: p.op }));
  const text = JSON.stringify(mine);
  if (text === stored) return stored;
  try {
    if (mine.length > 0) sessionStorage.setItem(unsentKey(roomId), text);
    else sessionStorage.removeItem(unsentKey(roomId));
    return text;
  } catch {
    // Storage full or disabled: the op is still pending in memory; only a reload would lose it.
    return stored;
  }
}

function restoreUnsent(roomId: string): { opId: string; op: TRoomOpInput }[] {
  try {
    const raw = JSON.parse(sessionStorage.getItem(unsentKey(roomId)) ?? "[]");
    if (!Array.isArray(raw)) return [];
    return raw.flatMap((x) => {
      const opId = ZOpId.safeParse(x?.opId);
      const op = ZRoomOp.safeParse(x?.op);
      return opId.success && op.success && UNSENT_KINDS.has(op.data.type)
        ? [{ opId: opId.data, op: op.data }]
        : [];
    });
  } catch {
    return [];
  }
}
