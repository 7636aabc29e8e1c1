"use client";

import { useEffect, useRef, useState } from "react";
import { detectStaleReads, toOperations } from "@/lib/check";
import { type RoomSim, simTimeAt } from "@/lib/room";
import { RoomSimRunner } from "@/lib/room/sim-runner";
import { type ClusterView, describeCluster } from "@/lib/sim/view";

export interface ClusterOutcome {
  ok: number;
  failed: number;
  timedOut: number;
  staleReads: number;
  lastStale: string | null;
}

const FRAME_MS = 33;
const CHECK_EVERY_MS = 500;

/**
 * Runs the room's cluster locally, in step with the shared virtual clock, and returns what to draw. Every
 * browser runs the same simulator from the same commands, so both participants see the same cluster.
 */
export function useCluster(
  sim: RoomSim | null,
  serverOffsetMs: number,
): { view: ClusterView | null; outcome: ClusterOutcome; hash: string | null } {
  const runner = useRef(new RoomSimRunner());
  const simRef = useRef(sim);
  simRef.current = sim;
  const [view, setView] = useState<ClusterView | null>(null);
  const [outcome, setOutcome] = useState<ClusterOutcome>({
    ok: 0,
    failed: 0,
    timedOut: 0,
    staleReads: 0,
    lastStale: null,
  });
  const [hash, setHash] = useState<string | null>(null);

  useEffect(() => {
    let raf = 0;
    let lastFrame = 0;
    let lastCheck = 0;
    const tick = (t: number) => {
      raf = requestAnimationFrame(tick);
      if (t - lastFrame < FRAME_MS) return;
      lastFrame = t;
      const room = simRef.current;
      const local = runner.current.advance(room, room ? simTimeAt(room, Date.now() + serverOffsetMs) : 0);
      if (!local) {
        setView(null);
        return;
      }
      setView(describeCluster(local.state));
      if (t - lastCheck >= CHECK_EVERY_MS) {
        lastCheck = t;
        const ops = toOperations(local.history());
        const stale = detectStaleReads(ops);
        setOutcome({
          ok: ops.filter((o) => o.status === "ok").length,
          failed: ops.filter((o) => o.status === "fail").length,
          timedOut: ops.filter((o) => o.status === "info").length,
          staleReads: stale.length,
          lastStale: stale.at(-1)?.message ?? null,
        });
        setHash(local.stateHash());
      }
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, [serverOffsetMs]);

  return { view, outcome, hash };
}
