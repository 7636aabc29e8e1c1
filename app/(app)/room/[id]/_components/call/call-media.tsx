"use client";

import { useEffect, useRef } from "react";
import { createPortal } from "react-dom";

/** A <video> or <audio> playing a MediaStream (srcObject is not an attribute, so React can't set it). */
export function Media(props: {
  kind: "audio" | "video";
  stream: MediaStream | null;
  label?: string;
  mirrored?: boolean;
}) {
  const ref = useRef<HTMLVideoElement & HTMLAudioElement>(null);
  useEffect(() => {
    if (ref.current && ref.current.srcObject !== props.stream) ref.current.srcObject = props.stream;
  }, [props.stream]);
  // A live call has no captions to offer (the partner's voice, as it happens); nothing here is focusable.
  // biome-ignore lint/a11y/useMediaCaption: live call audio, no caption track exists
  if (props.kind === "audio") return <audio ref={ref} autoPlay />;
  return (
    <video
      ref={ref}
      autoPlay
      playsInline
      muted
      aria-label={props.label}
      className={`aspect-video w-full rounded-md bg-slate-900 object-cover ${props.mirrored ? "-scale-x-100" : ""}`}
    />
  );
}

/**
 * The camera tiles, floating over a corner of the workspace (`dock`) so the header stays one line; without a
 * dock they sit where they are rendered.
 */
export function VideoTiles(props: {
  dock: HTMLElement | null | undefined;
  partner: { stream: MediaStream | null; label: string } | null;
  self: MediaStream | null;
}) {
  if (!props.partner && !props.self) return null;
  const tiles = (
    <div className="pointer-events-auto flex gap-2 rounded-lg bg-slate-900/80 p-1.5 shadow-lg">
      {props.partner && (
        <div className="w-56">
          <Media kind="video" stream={props.partner.stream} label={props.partner.label} />
        </div>
      )}
      {props.self && (
        <div className="w-28 self-end">
          <Media kind="video" stream={props.self} label="Your camera" mirrored />
        </div>
      )}
    </div>
  );
  return props.dock ? createPortal(tiles, props.dock) : tiles;
}
