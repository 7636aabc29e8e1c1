"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import { primaryButton, secondaryButton } from "@/app/_components/ui/button-styles";
import { RadioChoices } from "@/app/_components/ui/radio-choices";
import {
  type ClientToServerEvents,
  PROTOCOL_VERSION,
  type ServerToClientEvents,
  SOCKET_PATH,
  type TConnectError,
} from "@/lib/protocol";
import { QUEUE_EVENTS, type TQueueJoin, ZQueueJoin } from "@/lib/protocol/queue";

/** "Find a partner": wait for someone with a fitting seat and level; both land in a new room together. */
export function FindPartner() {
  const router = useRouter();
  const socket = useRef<Socket<ServerToClientEvents, ClientToServerEvents> | null>(null);
  const [state, setState] = useState<"idle" | "waiting" | "matched">("idle");
  const [error, setError] = useState<string | null>(null);

  useEffect(() => () => void socket.current?.close(), []);

  const start = (pref: TQueueJoin) => {
    setError(null);
    setState("waiting");
    const s: Socket<ServerToClientEvents, ClientToServerEvents> = io({
      path: SOCKET_PATH,
      auth: { protocol: PROTOCOL_VERSION },
      transports: ["websocket"],
    });
    socket.current = s;
    s.on(QUEUE_EVENTS.matched, (m) => {
      setState("matched");
      s.close();
      router.push(`/room/${m.roomId}`);
    });
    s.on("connect", () => {
      s.emit(QUEUE_EVENTS.join, pref, (r) => {
        if (!r.ok) {
          setError(r.error.message);
          setState("idle");
          s.close();
        }
      });
    });
    s.on("connect_error", (err: TConnectError) => {
      // Refusals by the server's handshake (a deploy since this page loaded, a session that ended) don't retry.
      if (!s.active) {
        setError(
          err.data?.code === "protocol_mismatch"
            ? "Quorum was updated. Reload the page to look for a partner."
            : (err.data?.message ?? "Couldn't reach the server."),
        );
        setState("idle");
        s.close();
        return;
      }
      setError("Couldn't reach the server. Retrying…");
    });
  };

  const cancel = () => {
    socket.current?.emit(QUEUE_EVENTS.leave);
    socket.current?.close();
    socket.current = null;
    setState("idle");
  };

  if (state !== "idle")
    return (
      <div className="space-y-3">
        <p role="status" className="text-sm">
          {state === "matched"
            ? "Matched! Opening your room…"
            : "Looking for a partner… keep this page open."}
        </p>
        {state === "waiting" && (
          <button type="button" className={secondaryButton} onClick={cancel}>
            Stop looking
          </button>
        )}
        {error && <p className="text-sm text-amber-700 dark:text-amber-400">{error}</p>}
      </div>
    );

  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        const pref = ZQueueJoin.safeParse({
          seat: data.get("seat"),
          level: data.get("level"),
          anonymous: data.get("anonymous") === "on",
        });
        if (pref.success) start(pref.data);
        else setError("Choose a seat and a target level.");
      }}
    >
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium">I'd like to be</legend>
        <RadioChoices
          name="seat"
          options={[
            ["candidate", "the candidate"],
            ["interviewer", "the interviewer"],
            ["either", "either"],
          ]}
        />
      </fieldset>
      <label className="flex flex-col gap-1 text-sm font-medium">
        Target level
        <select
          name="level"
          defaultValue="senior"
          className="rounded-md border border-slate-300 bg-white px-2 py-1.5 font-normal dark:border-slate-700 dark:bg-slate-900"
        >
          <option value="mid">Mid-level</option>
          <option value="senior">Senior</option>
          <option value="staff">Staff</option>
        </select>
      </label>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="anonymous" /> Stay anonymous to my partner
      </label>
      {error && (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
      <button type="submit" className={primaryButton}>
        Find a partner
      </button>
    </form>
  );
}
