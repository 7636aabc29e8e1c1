"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { RECORDING, type RecordingTrack } from "@/lib/call/recording";
import { audioAction, trackPosition, trackStartMs } from "@/lib/replay";
import type { TRoomEvent } from "@/lib/room";

/**
 * The session's recorded call, in one line of the replay's header: one <audio> per track, kept on the playhead
 * (seek, play/pause, speed and idle skips all move the playhead, and each track follows it), and the list of
 * tracks with "Delete my audio" for the viewer's own.
 */
export function ReplayAudio(props: {
  source: string;
  events: readonly TRoomEvent[];
  /** Whether the whole log has arrived (track starts are read from it). */
  loaded: boolean;
  names: Record<string, string>;
  viewerId: string | null;
  canDelete: boolean;
  pos: number;
  playing: boolean;
  speed: number;
  /** Reports when each track is heard on the timeline (skipping idle stretches must not skip speech). */
  onSpans?: (spans: { fromMs: number; toMs: number }[]) => void;
}) {
  const [tracks, setTracks] = useState<RecordingTrack[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const audios = useRef(new Map<string, HTMLAudioElement>());

  const load = useCallback(() => {
    fetch(`${props.source}/recordings`)
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error())))
      .then((b: { tracks: RecordingTrack[] }) => setTracks(b.tracks))
      .catch(() => setError("Couldn't load the recorded audio."));
  }, [props.source]);
  useEffect(load, [load]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the log grows in place; `loaded` marks it complete
  const starts = useMemo(
    () => new Map(tracks?.map((t) => [t.recordingId, trackStartMs(props.events, t.clockMs)])),
    [tracks, props.events, props.loaded],
  );

  const { onSpans } = props;
  useEffect(() => {
    if (!tracks || !onSpans) return;
    const spans: { fromMs: number; toMs: number }[] = [];
    for (const t of tracks) {
      const start = starts.get(t.recordingId);
      // Each chunk holds at most one timeslice of audio.
      if (start != null) spans.push({ fromMs: start, toMs: start + t.chunks * RECORDING.timesliceMs });
    }
    onSpans(spans);
  }, [tracks, starts, onSpans]);

  // Every redraw of the player (ten a second while playing, and on every seek) re-aligns each track.
  useEffect(() => {
    if (!tracks || !props.loaded) return;
    for (const t of tracks) {
      const audio = audios.current.get(t.recordingId);
      if (!audio) continue;
      const start = starts.get(t.recordingId) ?? null;
      const target = start === null ? null : trackPosition(start, props.pos);
      const action = audioAction(target, audio, props.playing);
      audio.playbackRate = props.speed;
      if (action.seekTo !== null) audio.currentTime = action.seekTo;
      if (action.play && audio.paused) void audio.play().catch(() => {});
      if (!action.play && !audio.paused) audio.pause();
    }
  }, [tracks, starts, props.loaded, props.pos, props.playing, props.speed]);

  // The header has room for the tracks there are: none recorded, nothing to show.
  if ((tracks === null || tracks.length === 0) && !error) return null;
  const mine = tracks?.some((t) => t.userId === props.viewerId) ?? false;

  const deleteMine = async () => {
    if (!window.confirm("Delete your recorded audio from this session? This can't be undone.")) return;
    setBusy(true);
    const res = await fetch(`${props.source}/recordings/mine`, { method: "DELETE" }).catch(() => null);
    setBusy(false);
    if (!res?.ok) setError("Couldn't delete your audio. Try again.");
    else load();
  };

  return (
    <section aria-labelledby="audio-heading" className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs">
      <h2 id="audio-heading" className="font-medium">
        Audio
      </h2>
      <ul className="flex flex-wrap gap-x-2">
        {tracks?.map((t) => {
          const owner = t.userId === props.viewerId ? "You" : (props.names[t.userId] ?? "A participant");
          return (
            <li key={t.recordingId} className="whitespace-nowrap">
              {owner}
              <span className="text-slate-500 dark:text-slate-400"> · {Math.round(t.bytes / 1024)} kB</span>
              {/* Played in step with the timeline, not on its own; the recorded call has no caption track. */}
              {/* biome-ignore lint/a11y/useMediaCaption: recorded call audio, no caption track exists */}
              <audio
                ref={(el) => {
                  if (el) audios.current.set(t.recordingId, el);
                  else audios.current.delete(t.recordingId);
                }}
                src={`${props.source}/recordings/${t.recordingId}`}
                preload="auto"
                aria-label={`${owner === "You" ? "Your" : `${owner}'s`} recorded audio`}
                data-recording-id={t.recordingId}
              />
            </li>
          );
        })}
      </ul>
      {props.canDelete && mine && (
        <button
          type="button"
          className="rounded-md border border-slate-300 bg-white px-2 py-0.5 font-medium whitespace-nowrap text-slate-800 hover:bg-slate-50 disabled:opacity-60 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800"
          disabled={busy}
          onClick={deleteMine}
        >
          Delete my audio
        </button>
      )}
      {error && (
        <p role="alert" className="text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
    </section>
  );
}
