"use client";

import { useEffect, useRef, useState } from "react";
import { ReplayLog } from "@/lib/replay";
import type { TRoomEvent } from "@/lib/room";

/** Events per request: a small first page for a quick first frame, then larger ones behind the player. */
const FIRST_PAGE = 500;
const PAGE = 2_000;

export interface LoadProgress {
  /** Events loaded so far. */
  events: number;
  /** Sequence number loaded up to, and the room's last one (events the viewer may not see are skipped). */
  seq: number;
  lastSeq: number;
  done: boolean;
  error: string | null;
  /** Bumped on every page, so memoised views recompute. */
  version: number;
}

/**
 * Loads a session's log in pages into a ReplayLog (kept across renders) and reports progress. A failed page
 * stops the loading with the server's message; `retry` resumes from where it stopped.
 */
export function useReplayLog(roomId: string, source: string) {
  const logRef = useRef<ReplayLog | null>(null);
  if (!logRef.current) logRef.current = new ReplayLog(roomId);
  const [progress, setProgress] = useState<LoadProgress>({
    events: 0,
    seq: 0,
    lastSeq: 0,
    done: false,
    error: null,
    version: 0,
  });
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` restarts the loader after an error
  useEffect(() => {
    const log = logRef.current!;
    let cancelled = false;
    void (async () => {
      let after = log.length > 0 ? log.events[log.length - 1]!.seq : 0;
      for (;;) {
        let body: { events: TRoomEvent[]; lastSeq: number; done: boolean; error?: { message: string } };
        try {
          const limit = after === 0 ? FIRST_PAGE : PAGE;
          const res = await fetch(`${source}/events?after=${after}&limit=${limit}`);
          body = await res.json();
          if (!res.ok) throw new Error(body.error?.message ?? `The server answered ${res.status}.`);
        } catch (err) {
          if (cancelled) return;
          const message =
            err instanceof TypeError
              ? "Couldn't reach the server. Check your connection."
              : err instanceof Error
                ? err.message
                : String(err);
          setProgress((p) => ({ ...p, error: message }));
          return;
        }
        if (cancelled) return;
        log.append(body.events);
        after = body.events.at(-1)?.seq ?? after;
        setProgress((p) => ({
          events: log.length,
          seq: after,
          lastSeq: body.lastSeq,
          done: body.done,
          error: null,
          version: p.version + 1,
        }));
        if (body.done) return;
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [source, attempt]);

  return {
    log: logRef.current,
    progress,
    retry: () => {
      setProgress((p) => ({ ...p, error: null }));
      setAttempt((a) => a + 1);
    },
  };
}
