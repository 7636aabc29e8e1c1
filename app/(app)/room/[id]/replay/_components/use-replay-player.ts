"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import {
  advancePlayhead,
  REPLAY_STEP_MS,
  type ReplayLog,
  type ReplayMarker,
  type ReplayTimeline,
  stepSpeed,
  type TReplaySpeed,
} from "@/lib/replay";
import type { TPlayerCommand } from "../../_components/workspace/shortcuts";
import type { LoadProgress } from "./use-replay-log";

/** How often the page redraws while playing (the cluster animates every frame on its own). */
const RENDER_EVERY_MS = 100;

/**
 * The player: the playhead (server wall time, ms), play/pause, speed and idle skipping. The playhead moves every
 * frame in a ref and React redraws ten times a second; `pos` is null until the first frame can be shown. A paused
 * playhead is written into the address (?t=, seconds from the start), so a reload lands on the same moment.
 */
export function useReplayPlayer(args: {
  log: ReplayLog;
  progress: LoadProgress;
  timeline: ReplayTimeline;
  markers: readonly ReplayMarker[];
  initialT: number | null;
}) {
  const { log, progress, timeline, markers } = args;
  const [pos, setPos] = useState<number | null>(null);
  const posRef = useRef(0);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<TReplaySpeed>(1);
  const [skipIdle, setSkipIdle] = useState(true);
  const [pendingT, setPendingT] = useState<number | null>(args.initialT);

  const seek = useCallback((ms: number) => {
    posRef.current = ms;
    setPos(ms);
  }, []);

  // The first frame: the start, or the ?t= moment once the pages up to it have arrived.
  useEffect(() => {
    if (log.length === 0) return;
    if (pendingT === null) {
      if (pos === null) seek(timeline.startMs);
      return;
    }
    const target = timeline.startMs + pendingT * 1_000;
    if (target <= timeline.endMs || progress.done) {
      seek(Math.min(target, timeline.endMs));
      setPendingT(null);
    }
  }, [log, timeline, pendingT, pos, progress.done, seek]);

  useEffect(() => {
    if (!playing) return;
    let raf = 0;
    let last = performance.now();
    let lastRender = 0;
    const tick = (now: number) => {
      raf = requestAnimationFrame(tick);
      const next = advancePlayhead(timeline, posRef.current, now - last, speed, skipIdle);
      last = now;
      posRef.current = next;
      if (next >= timeline.endMs && progress.done) {
        setPlaying(false);
        setPos(next);
        return;
      }
      if (now - lastRender >= RENDER_EVERY_MS) {
        lastRender = now;
        setPos(next);
      }
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, [playing, timeline, speed, skipIdle, progress.done]);

  useEffect(() => {
    if (playing || pos === null || log.length === 0) return;
    const url = new URL(window.location.href);
    // Whole milliseconds: a reload lands on exactly this moment.
    url.searchParams.set("t", String(Math.floor(pos - timeline.startMs) / 1_000));
    window.history.replaceState(null, "", url);
  }, [playing, pos, log, timeline.startMs]);

  const togglePlay = useCallback(() => {
    // At the end of a fully loaded session, Play starts it over.
    if (posRef.current >= timeline.endMs && progress.done) seek(timeline.startMs);
    setPlaying((p) => !p);
  }, [timeline, progress.done, seek]);
  const jump = useCallback(
    (delta: number) => seek(Math.max(timeline.startMs, Math.min(timeline.endMs, posRef.current + delta))),
    [seek, timeline],
  );
  const jumpMarker = useCallback(
    (dir: 1 | -1) => {
      const here = posRef.current;
      const m = dir > 0 ? markers.find((x) => x.atMs > here + 1) : markers.findLast((x) => x.atMs < here - 1);
      if (m) seek(m.atMs);
    },
    [markers, seek],
  );

  /** The replay's keys (the workspace's table, shortcuts.ts). */
  const onCommand = (command: TPlayerCommand) => {
    switch (command.type) {
      case "play":
        return togglePlay();
      case "step":
        return jump(command.dir * REPLAY_STEP_MS);
      case "moment":
        return jumpMarker(command.dir);
      case "speed":
        return setSpeed((s) => stepSpeed(s, command.dir));
    }
  };

  return {
    pos,
    /** The playhead between redraws, for the cluster's per-frame animation. */
    posNow: () => posRef.current,
    pendingT,
    playing,
    speed,
    skipIdle,
    seek,
    togglePlay,
    jump,
    jumpMarker,
    setSpeed,
    setSkipIdle,
    onCommand,
  };
}
