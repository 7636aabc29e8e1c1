"use client";

import { useEffect, useState, useSyncExternalStore } from "react";
import { RoomConnection, type RoomSnapshotView } from "./room-connection";

const EMPTY: RoomSnapshotView = {
  connection: "connecting",
  state: null,
  role: null,
  presence: [],
  pending: [],
  notices: [],
  fatal: null,
  serverOffsetMs: 0,
};
const noop = () => () => {};

/** Opens the room's connection for the lifetime of the component and re-renders on every change. */
export function useRoom(roomId: string): { view: RoomSnapshotView; connection: RoomConnection | null } {
  const [conn, setConn] = useState<RoomConnection | null>(null);
  useEffect(() => {
    const c = new RoomConnection(roomId);
    setConn(c);
    return () => c.close();
  }, [roomId]);
  const view = useSyncExternalStore(conn?.subscribe ?? noop, conn?.getSnapshot ?? (() => EMPTY), () => EMPTY);
  return { view, connection: conn };
}

/** Date.now(), refreshed every `ms` while `active`. */
export function useNow(active: boolean, ms = 250): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [active, ms]);
  return now;
}
