import type { Rejection } from "./decide";
import { eventRef, type TRole, type TRoomEvent, type TRoomOpInput } from "./events";
import { applyEvent, type RoomState } from "./state";

// The client half of the room protocol as a pure state machine: the browser's socket code, the fuzz test and
// the benchmark all drive this same class. It never touches a socket; it returns what should be sent.
//
// Invariants:
// - ops are sent in the order they were submitted, and each is resent (same opId) until acknowledged, so the
//   server applies each exactly once (it de-duplicates by opId);
// - `state` only ever changes by folding server events in sequence order;
// - `state.seq` is how far this client has read in its own stream (lib/room/views.ts: the candidate's stream
//   is numbered without the interviewer's private events); a reconnect asks for "everything after my seq".

// Ops are held as the client built them (TRoomOpInput): the server parses each into a TRoomOp.
export type Outgoing =
  | { type: "join"; lastSeq: number; lastRef: string | null }
  | { type: "op"; opId: string; op: TRoomOpInput };

export interface PendingOp {
  opId: string;
  op: TRoomOpInput;
  /** Sent on the current connection and not yet acknowledged. */
  inflight: boolean;
  /**
   * Its event is already folded into `state` (it can arrive before the ack); the op stays pending until the ack
   * says it is committed, but a view should not show it twice.
   */
  applied?: boolean;
}

export type JoinResult =
  | { ok: true; role: TRole; snapshot: RoomState | null; snapshotRef?: string | null; events: TRoomEvent[] }
  | { ok: false; error: { code: string; message: string } };

export type OpResult =
  | { ok: true; seq: number; event?: TRoomEvent }
  | { ok: false; error: { code: string; message: string }; retryable: boolean };

export class RoomSyncClient {
  state: RoomState | null = null;
  /** eventRef of the last event folded into `state` (with `state.seq`, what a resume is checked against). */
  lastRef: string | null = null;
  role: TRole | null = null;
  pending: PendingOp[] = [];
  connected = false;
  joined = false;
  /** Ops the server refused for good, oldest first (the UI shows and clears them). */
  rejected: { opId: string; op: TRoomOpInput; error: Rejection | { code: string; message: string } }[] = [];

  constructor(
    readonly roomId: string,
    private readonly newOpId: () => string,
  ) {}

  get lastSeq(): number {
    return this.state?.seq ?? 0;
  }

  onConnected(): Outgoing[] {
    this.connected = true;
    this.joined = false;
    for (const p of this.pending) p.inflight = false;
    return [{ type: "join", lastSeq: this.lastSeq, lastRef: this.lastRef }];
  }

  /** The server asked for a fresh join on the same connection (it could not keep an event it had sent). */
  onResync(): Outgoing[] {
    if (!this.connected) return [];
    return this.onConnected();
  }

  onDisconnected(): void {
    this.connected = false;
    this.joined = false;
    for (const p of this.pending) p.inflight = false;
  }

  /** Folds the catch-up, then resends every unacknowledged op in order. */
  onJoined(result: JoinResult): Outgoing[] {
    if (!result.ok) return [];
    this.role = result.role;
    // A snapshot replaces whatever the client had, even a "newer" state: that state held an event the
    // server never committed.
    if (result.snapshot) {
      this.state = result.snapshot;
      this.lastRef = result.snapshotRef ?? null;
      for (const p of this.pending) p.applied = false;
    }
    this.joined = true;
    for (const e of result.events) this.onEvent(e);
    return this.flush();
  }

  onEvent(e: TRoomEvent): void {
    // Until a join is answered, the answer covers everything (events sent before it are part of it).
    if (!this.state || !this.joined || e.seq <= this.state.seq) return;
    this.state = applyEvent(this.state, e);
    this.lastRef = eventRef(e);
    for (const p of this.pending) if (p.opId === e.opId) p.applied = true;
  }

  submit(op: TRoomOpInput): { opId: string; out: Outgoing[] } {
    const opId = this.newOpId();
    this.pending.push({ opId, op, inflight: false });
    return { opId, out: this.flush() };
  }

  onOpResult(opId: string, result: OpResult): Outgoing[] {
    // The op's own event, folded before the op stops being pending (the UI never shows it as neither), and
    // folded even if an earlier answer to a resend of it already settled the op.
    if (result.ok && result.event) this.onEvent(result.event);
    const i = this.pending.findIndex((p) => p.opId === opId);
    if (i < 0) return [];
    const p = this.pending[i]!;
    if (result.ok) {
      this.pending.splice(i, 1);
      return [];
    }
    if (result.retryable) {
      p.inflight = false; // resent on the next flush (reconnect, or the caller's retry timer)
      return [];
    }
    this.pending.splice(i, 1);
    this.rejected.push({ opId, op: p.op, error: result.error });
    return [];
  }

  /** Everything pending that is not in flight, marked in flight; empty unless joined. */
  flush(): Outgoing[] {
    if (!this.connected || !this.joined) return [];
    const out: Outgoing[] = [];
    for (const p of this.pending) {
      if (p.inflight) continue;
      p.inflight = true;
      out.push({ type: "op", opId: p.opId, op: p.op });
    }
    return out;
  }
}
