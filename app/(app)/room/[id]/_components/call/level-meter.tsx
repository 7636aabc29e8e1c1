"use client";

import { useEffect, useState } from "react";
import { CALL_TIMING, heldPeak, levelOf, nextSpeaking, rmsOf, SILENT } from "@/lib/call";

/**
 * How loud `stream` is right now, sampled through a Web Audio AnalyserNode (0–1, with a slowly falling peak),
 * and whether its owner is speaking. Its own component and state, so sampling redraws only the meter.
 */
function useVoiceLevel(stream: MediaStream | null, audio: AudioContext | null) {
  const [out, setOut] = useState({ level: 0, speaking: false });
  useEffect(() => {
    setOut({ level: 0, speaking: false });
    if (!stream || !audio || stream.getAudioTracks().length === 0) return;
    const source = audio.createMediaStreamSource(stream);
    const analyser = audio.createAnalyser();
    analyser.fftSize = CALL_TIMING.analyserFftSize;
    source.connect(analyser); // not to the speakers: the <audio> element plays the partner, and never ourselves
    const samples = new Float32Array(analyser.fftSize);
    let peak = 0;
    let speaking = SILENT;
    let last = performance.now();
    let shown = { level: -1, speaking: false };
    const timer = setInterval(() => {
      const now = performance.now();
      analyser.getFloatTimeDomainData(samples);
      peak = heldPeak(peak, levelOf(rmsOf(samples)), now - last);
      speaking = nextSpeaking(speaking, peak, now);
      last = now;
      const level = Math.round(peak * 100) / 100;
      if (level !== shown.level || speaking.speaking !== shown.speaking) {
        shown = { level, speaking: speaking.speaking };
        setOut(shown);
      }
    }, CALL_TIMING.levelSampleMs);
    return () => {
      clearInterval(timer);
      source.disconnect();
    };
  }, [stream, audio]);
  return out;
}

/** A participant's voice meter: a bar (an accessible meter) and a ring that lights up while they speak. */
export function LevelMeter(props: {
  stream: MediaStream | null;
  audio: AudioContext | null;
  /** Accessible name, e.g. "Cato's voice level". */
  label: string;
  /** A short bar, for the room's header. */
  compact?: boolean;
}) {
  const { level, speaking } = useVoiceLevel(props.stream, props.audio);
  return (
    <span
      className={`flex items-center ${props.compact ? "gap-1" : "gap-2"}`}
      data-speaking={speaking ? "true" : "false"}
    >
      <span
        aria-hidden="true"
        className={`size-2.5 rounded-full ${speaking ? "bg-emerald-500 ring-4 ring-emerald-500/30" : "bg-slate-300 dark:bg-slate-600"}`}
      />
      <meter
        aria-label={props.label}
        min={0}
        max={1}
        low={0.3}
        high={0.9}
        optimum={0.5}
        value={level}
        className={props.compact ? "h-1.5 w-10" : "h-2 w-20"}
      />
      {speaking && <span className="sr-only">speaking</span>}
    </span>
  );
}
