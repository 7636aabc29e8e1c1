"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { type Operation, toOperations } from "@/lib/check/history";
import { type RoomSim, simTimeAt } from "@/lib/room";
import { RoomSimRunner } from "@/lib/room/sim-runner";
import { dataModelOf, type RunOutcome, runOutcome } from "@/lib/sim/outcomes";
import type { Simulation } from "@/lib/sim/simulation";
import { type ClusterView, describeCluster } from "@/lib/sim/view";

const FRAME_MS = 33;
const CHECK_EVERY_MS = 500;
/**
 * Wall time the consistency check may take inside one animation frame. The check runs in the frame callback
 * every CHECK_EVERY_MS; the panel draws every FRAME_MS (33 ms), so 12 ms leaves room for the simulator step
 * and React's render in the same frame. An hour-long history that does not fit names the keys it skipped.
 */
const CHECK_BUDGET_MS = 12;
const MAX_TIMELINE_OPS = 400;
const VERIFY_EVERY_MS = 10_000;
/** Real time after which a state is checked: commands are stamped 250 ms ahead and arrive well within this. */
const VERIFY_SETTLE_MS = 3_000;

export interface ClusterLive {
  view: ClusterView | null;
  outcome: RunOutcome | null;
  hash: string | null;
  /** node → key → values it holds (siblings when more than one). */
  data: Record<string, Record<string, number[]>>;
  /** The most recent client operations, for the timeline. */
  ops: Operation[];
  /** Times this browser's cluster disagreed with the server's and was rebuilt from the room's commands. */
  resyncs: number;
}

/**
 * Runs the room's cluster locally, in step with the shared virtual clock, and returns what to draw. Every
 * browser runs the same simulator from the same commands, so both participants see the same cluster.
 */
export function useCluster(
  roomId: string,
  sim: RoomSim | null,
  serverOffsetMs: number,
  /** Replay: the moment to show (server time, ms), read every frame; the server check is off then. */
  replayAt?: () => number,
): ClusterLive & { simulation: () => Simulation | null } {
  const runner = useRef(new RoomSimRunner());
  const simRef = useRef(sim);
  simRef.current = sim;
  const replayRef = useRef(replayAt);
  replayRef.current = replayAt;
  const [live, setLive] = useState<ClusterLive>({
    view: null,
    outcome: null,
    hash: null,
    data: {},
    ops: [],
    resyncs: 0,
  });

  useEffect(() => {
    let raf = 0;
    let lastFrame = 0;
    let lastCheck = 0;
    let slow: Omit<ClusterLive, "view" | "resyncs"> = { outcome: null, hash: null, data: {}, ops: [] };
    // (epoch, vt) → the hash this browser computed there; checked against the server's now and then.
    let marks: { epoch: number; vt: number; hash: string }[] = [];
    let lastRewinds = 0;
    let lastVerify = performance.now();
    let resyncs = 0;
    const verify = async (mark: { epoch: number; vt: number; hash: string }) => {
      try {
        const res = await fetch(`/api/rooms/${roomId}/sim?vt=${mark.vt}`);
        if (!res.ok) return;
        const server = (await res.json()) as { epoch: number; hash: string };
        if (server.epoch !== mark.epoch || server.hash === mark.hash) return;
        // Divergence: rebuild from the room's commands (the authority) and say so.
        console.warn(`cluster state differed from the server's at vt=${mark.vt}; resynchronising`, {
          local: mark.hash,
          server: server.hash,
        });
        runner.current = new RoomSimRunner();
        marks = [];
        resyncs += 1;
      } catch {
        // offline: the next check will try again
      }
    };
    const tick = (t: number) => {
      raf = requestAnimationFrame(tick);
      if (t - lastFrame < FRAME_MS) return;
      lastFrame = t;
      const room = simRef.current;
      const at = replayRef.current ? replayRef.current() : Date.now() + serverOffsetMs;
      const local = runner.current.advance(room, room ? simTimeAt(room, at) : 0);
      if (!local || !room) {
        setLive({ view: null, outcome: null, hash: null, data: {}, ops: [], resyncs });
        return;
      }
      const view = describeCluster(local.state);
      if (t - lastCheck >= CHECK_EVERY_MS) {
        lastCheck = t;
        slow = {
          outcome: runOutcome(local.history(), room.commands, view.groups, local.state.now, {
            model: dataModelOf(local.state.design),
            now: () => performance.now(),
            budgetMs: CHECK_BUDGET_MS,
          }),
          hash: local.stateHash(),
          data: local.observe(),
          ops: toOperations(local.history()).slice(-MAX_TIMELINE_OPS),
        };
        // A rewind means earlier marks may describe states that never were: forget them.
        if (runner.current.rewinds !== lastRewinds) {
          lastRewinds = runner.current.rewinds;
          marks = [];
        }
        marks.push({ epoch: room.epoch, vt: local.state.now, hash: slow.hash! });
        if (marks.length > 40) marks.shift();
        // Every so often, check a mark old enough that every command before it has surely arrived.
        if (!replayRef.current && t - lastVerify > VERIFY_EVERY_MS) {
          lastVerify = t;
          const settleNs = VERIFY_SETTLE_MS * room.clock.speed * 1_000_000;
          const mark = [...marks]
            .reverse()
            .find((m) => m.epoch === room.epoch && m.vt <= local.state.now - settleNs);
          if (mark) void verify(mark);
        }
      }
      setLive({ view, ...slow, resyncs });
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, [roomId, serverOffsetMs]);

  // The local simulator itself, for views that re-run part of it (the space-time diagram traces a fork).
  const simulation = useCallback(() => runner.current.sim, []);
  return { ...live, simulation };
}
