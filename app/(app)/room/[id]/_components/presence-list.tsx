"use client";

import type { TPresenceEntry, TPresenceState } from "@/lib/protocol/room";
import type { RoomState } from "@/lib/room";

const LABEL: Record<TPresenceState, string> = {
  connected: "connected",
  reconnecting: "reconnecting…",
  left: "left",
  absent: "not here yet",
};
const DOT: Record<TPresenceState, string> = {
  connected: "bg-emerald-500",
  reconnecting: "bg-amber-500 animate-pulse",
  left: "bg-slate-400",
  absent: "bg-slate-300 dark:bg-slate-600",
};

/**
 * Both seats, who holds them, and whether they are connected right now. `compact` is one line for the room's
 * header: the dot says the state, and the words are there (visibly when something is wrong).
 */
export function PresenceList({
  state,
  presence,
  meId,
  compact,
}: {
  state: RoomState;
  presence: TPresenceEntry[];
  meId: string;
  compact?: boolean;
}) {
  if (compact) return <CompactPresence state={state} presence={presence} meId={meId} />;
  return (
    <section
      aria-labelledby="people-heading"
      className="rounded-lg border border-slate-200 p-3 dark:border-slate-800"
    >
      <h2 id="people-heading" className="mb-2 text-sm font-medium">
        Participants
      </h2>
      <ul className="space-y-1.5 text-sm">
        {(["interviewer", "candidate"] as const).map((role) => {
          const seat = state.seats[role];
          const p = presence.find((x) => x.role === role);
          const st: TPresenceState = seat ? (p?.state ?? "absent") : "absent";
          return (
            <li
              key={role}
              className="flex items-center justify-between gap-2"
              aria-label={`${role}: ${seat ? seat.name : "empty seat"}, ${LABEL[st]}`}
            >
              <span className="flex items-center gap-2">
                <span aria-hidden="true" className={`size-2.5 rounded-full ${DOT[st]}`} />
                <span>
                  {seat ? (
                    seat.name
                  ) : (
                    <em className="text-slate-500 dark:text-slate-400">waiting for someone</em>
                  )}
                  {seat?.userId === meId && (
                    <span className="text-slate-500 dark:text-slate-400"> (you)</span>
                  )}
                </span>
              </span>
              <span className="text-xs text-slate-500 dark:text-slate-400">
                {role === "interviewer" ? "Interviewer" : "Candidate"} · {LABEL[st]}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function CompactPresence({
  state,
  presence,
  meId,
}: {
  state: RoomState;
  presence: TPresenceEntry[];
  meId: string;
}) {
  return (
    <section aria-labelledby="people-heading" className="min-w-0">
      <h2 id="people-heading" className="sr-only">
        Participants
      </h2>
      <ul className="flex items-center gap-3 text-sm">
        {(["interviewer", "candidate"] as const).map((role) => {
          const seat = state.seats[role];
          const p = presence.find((x) => x.role === role);
          const st: TPresenceState = seat ? (p?.state ?? "absent") : "absent";
          const roleName = role === "interviewer" ? "Interviewer" : "Candidate";
          return (
            <li
              key={role}
              className="flex min-w-0 items-center gap-1.5"
              aria-label={`${role}: ${seat ? seat.name : "empty seat"}, ${LABEL[st]}`}
              title={`${roleName} · ${LABEL[st]}`}
            >
              <span aria-hidden="true" className={`size-2.5 shrink-0 rounded-full ${DOT[st]}`} />
              <span className="max-w-32 truncate">
                {seat ? (
                  seat.name
                ) : (
                  <em className="text-slate-500 dark:text-slate-400">waiting for someone</em>
                )}
              </span>
              {seat?.userId === meId && <span className="text-slate-500 dark:text-slate-400">(you)</span>}
              <span
                className={
                  st === "connected"
                    ? "sr-only"
                    : "text-xs whitespace-nowrap text-amber-700 dark:text-amber-400"
                }
              >
                <span className="sr-only">{roleName} · </span>
                {LABEL[st]}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
