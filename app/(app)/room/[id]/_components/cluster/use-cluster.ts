"use client";

import { useEffect, useRef, useState } from "react";
import { type Operation, toOperations } from "@/lib/check/history";
import { type RoomSim, simTimeAt } from "@/lib/room";
import { RoomSimRunner } from "@/lib/room/sim-runner";
import { type RunOutcome, runOutcome } from "@/lib/sim/outcomes";
import { type ClusterView, describeCluster } from "@/lib/sim/view";

const FRAME_MS = 33;
const CHECK_EVERY_MS = 500;
const MAX_TIMELINE_OPS = 400;

export interface ClusterLive {
  view: ClusterView | null;
  outcome: RunOutcome | null;
  hash: string | null;
  /** node → key → values it holds (siblings when more than one). */
  data: Record<string, Record<string, number[]>>;
  /** The most recent client operations, for the timeline. */
  ops: Operation[];
}

/**
 * Runs the room's cluster locally, in step with the shared virtual clock, and returns what to draw. Every
 * browser runs the same simulator from the same commands, so both participants see the same cluster.
 */
export function useCluster(sim: RoomSim | null, serverOffsetMs: number): ClusterLive {
  const runner = useRef(new RoomSimRunner());
  const simRef = useRef(sim);
  simRef.current = sim;
  const [live, setLive] = useState<ClusterLive>({ view: null, outcome: null, hash: null, data: {}, ops: [] });

  useEffect(() => {
    let raf = 0;
    let lastFrame = 0;
    let lastCheck = 0;
    let slow: Omit<ClusterLive, "view"> = { outcome: null, hash: null, data: {}, ops: [] };
    const tick = (t: number) => {
      raf = requestAnimationFrame(tick);
      if (t - lastFrame < FRAME_MS) return;
      lastFrame = t;
      const room = simRef.current;
      const local = runner.current.advance(room, room ? simTimeAt(room, Date.now() + serverOffsetMs) : 0);
      if (!local || !room) {
        setLive({ view: null, outcome: null, hash: null, data: {}, ops: [] });
        return;
      }
      const view = describeCluster(local.state);
      if (t - lastCheck >= CHECK_EVERY_MS) {
        lastCheck = t;
        slow = {
          outcome: runOutcome(local.history(), room.commands, view.groups, local.state.now),
          hash: local.stateHash(),
          data: local.observe(),
          ops: toOperations(local.history()).slice(-MAX_TIMELINE_OPS),
        };
      }
      setLive({ view, ...slow });
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, [serverOffsetMs]);

  return live;
}
