"use client";

import { useEffect, useState, useSyncExternalStore } from "react";
import { INITIAL_ROOM_VIEW, RoomConnection, type RoomSnapshotView } from "./room-connection";

const noop = () => () => {};

/** Opens the room's connection for the lifetime of the component and re-renders on every change. */
export function useRoom(roomId: string): { view: RoomSnapshotView; connection: RoomConnection | null } {
  const [conn, setConn] = useState<RoomConnection | null>(null);
  useEffect(() => {
    const c = new RoomConnection(roomId);
    setConn(c);
    return () => c.close();
  }, [roomId]);
  const view = useSyncExternalStore(
    conn?.subscribe ?? noop,
    conn?.getSnapshot ?? (() => INITIAL_ROOM_VIEW),
    () => INITIAL_ROOM_VIEW,
  );
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
