"use client";

import type { ReactNode } from "react";
import type { RoomSnapshotView } from "@/app/_components/room/room-connection";

const banner = "mx-2 mt-2 rounded-md border px-3 py-1.5 text-sm";

/**
 * The strips between the room's header and its workspace: the connection's state, notices from the server, the
 * invite while a seat is free, and the end of the interview (with round two). Each takes its height from the
 * panes below, never from the page.
 */
export function RoomBanners(props: {
  view: Pick<RoomSnapshotView, "connection" | "stalled" | "pending" | "notices">;
  onDismiss: (id: string) => void;
  invite: ReactNode;
  ended: ReactNode;
}) {
  const { view } = props;
  return (
    <>
      {(view.connection !== "connected" || (view.stalled && view.pending.length > 0)) && (
        <div
          role="status"
          className={`${banner} border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100`}
        >
          {view.connection !== "connected"
            ? "Reconnecting… your actions are kept and will be sent when the connection is back"
            : "The server can't save right now; retrying… your actions are kept"}
          {view.pending.length > 0 ? ` (${view.pending.length} waiting)` : ""}.
        </div>
      )}
      {view.notices.map((n) => (
        <div
          key={n.id}
          role="alert"
          className={`${banner} flex items-center justify-between border-red-300 bg-red-50 text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200`}
        >
          {n.message}
          <button type="button" className="text-xs underline" onClick={() => props.onDismiss(n.id)}>
            Dismiss
          </button>
        </div>
      ))}
      {props.invite && <div className="mx-2 mt-2">{props.invite}</div>}
      {props.ended && (
        <div
          className={`${banner} flex flex-wrap items-center justify-between gap-2 border-slate-300 bg-slate-50 dark:border-slate-700 dark:bg-slate-900`}
        >
          {props.ended}
        </div>
      )}
    </>
  );
}
