"use client";

import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import type { RoomConnection } from "@/app/_components/room/room-connection";
import { primaryButton, secondaryButton } from "@/app/_components/ui/button-styles";
import { partnerView, unsupportedReason } from "@/lib/call";
import type { TMicState } from "@/lib/protocol/call";
import type { TPresenceState } from "@/lib/protocol/room";
import type { TRole } from "@/lib/room";
import { CallSession } from "./call-session";
import { LevelMeter } from "./level-meter";
import { callsSupported, type DeviceOption } from "./media";
import { RecordingControl, useCallRecorder } from "./recording-control";

const MY_MIC: Record<TMicState, string> = {
  on: "microphone on",
  muted: "muted",
  missing: "no microphone (listening only)",
  denied: "microphone blocked (listening only)",
};

const noop = () => () => {};

function newSid(): string {
  return crypto.randomUUID().replaceAll("-", "");
}

/** A <video> or <audio> playing a MediaStream (srcObject is not an attribute, so React can't set it). */
function Media(props: {
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
 * The room's voice call (optional video), peer to peer: join/leave, mute, camera, devices, a speaking meter
 * for each person and the partner's state. Signalling rides on the room's socket (see call-session.ts).
 */
export function CallPanel(props: {
  connection: RoomConnection | null;
  /** The room socket is joined (signals can flow). */
  roomJoined: boolean;
  me: { id: string };
  partner: { userId: string; name: string } | null;
  partnerPresence: TPresenceState | null;
  iceServers: RTCIceServer[];
  roomId: string;
  myRole: TRole;
  /** Who agrees to record, whether recording is on, and whether the interview has ended (no more changes). */
  recording: { consent: { interviewer: boolean; candidate: boolean }; active: boolean; ended: boolean };
  onRecordingConsent: (consent: boolean) => void;
  /** The interview clock now (ms), to stamp recorded chunks. */
  clockMs: () => number;
}) {
  const { connection, me, iceServers } = props;
  const [session, setSession] = useState<CallSession | null>(null);
  const [unsupported, setUnsupported] = useState<string | null>(null);
  useEffect(() => {
    const why = unsupportedReason(callsSupported());
    setUnsupported(why);
    if (!connection || why) return;
    const s = new CallSession(connection, me.id, iceServers, newSid);
    setSession(s);
    return () => s.dispose();
  }, [connection, me.id, iceServers]);
  const snap = useSyncExternalStore(
    session?.subscribe ?? noop,
    session?.getSnapshot ?? (() => null),
    () => null,
  );

  useEffect(() => {
    if (props.roomJoined) session?.onRoomJoined();
  }, [session, props.roomJoined]);
  useEffect(() => {
    session?.onPartnerPresence(props.partnerPresence);
  }, [session, props.partnerPresence]);

  const self = snap?.model.self;
  const inCall = self?.inCall ?? false;
  const partnerName = props.partner?.name ?? "Your partner";
  const view = partnerView({
    presence: props.partner ? props.partnerPresence : null,
    partner: snap?.model.partner ?? null,
    selfInCall: inCall,
    connection: snap?.connection ?? null,
  });
  const canMute = self?.mic === "on" || self?.mic === "muted";
  // Each browser records only its own microphone, and only while in the call with recording on.
  const recordingError = useCallRecorder({
    active: props.recording.active && inCall,
    roomId: props.roomId,
    stream: snap?.localAudio ?? null,
    clockMs: props.clockMs,
  });

  return (
    <section
      aria-labelledby="call-heading"
      className="rounded-lg border border-slate-200 p-3 dark:border-slate-800"
    >
      <h2 id="call-heading" className="mb-2 text-sm font-medium">
        Voice call
      </h2>

      <ul className="space-y-1.5 text-sm">
        <li className="flex items-center justify-between gap-2">
          <span>You</span>
          <span className="flex items-center gap-2 text-xs text-slate-500">
            {inCall && self ? MY_MIC[self.mic] : "not in the call"}
            <LevelMeter
              stream={snap?.localAudio ?? null}
              audio={snap?.audioContext ?? null}
              label="Your voice level"
            />
          </span>
        </li>
        <li className="flex items-center justify-between gap-2">
          <span>{props.partner ? partnerName : <em className="text-slate-500">no partner yet</em>}</span>
          <span className="flex items-center gap-2 text-xs text-slate-500">
            <output
              aria-label={`${partnerName}'s call status`}
              data-connection-state={snap?.connection ?? "none"}
              data-connect-ms={snap?.connectMs ?? undefined}
              data-partner-mic={view.mic ?? "none"}
            >
              {view.text}
            </output>
            <LevelMeter
              stream={snap?.remoteAudio ?? null}
              audio={snap?.audioContext ?? null}
              label={`${partnerName}'s voice level`}
            />
          </span>
        </li>
      </ul>

      {inCall && (view.camera || self?.camera) && (
        <div className="mt-3 grid grid-cols-2 gap-2">
          {view.camera && (
            <Media kind="video" stream={snap?.remoteVideo ?? null} label={`${partnerName}'s camera`} />
          )}
          {self?.camera && (
            <Media kind="video" stream={snap?.localVideo ?? null} label="Your camera" mirrored />
          )}
        </div>
      )}
      {/* The partner's voice. Always mounted while in the call, so it plays as soon as it arrives. */}
      {inCall && <Media kind="audio" stream={snap?.remoteAudio ?? null} />}

      <fieldset className="mt-3 flex flex-wrap gap-2">
        <legend className="sr-only">Call controls</legend>
        {inCall ? (
          <button type="button" className={secondaryButton} onClick={() => session?.leave()}>
            Leave call
          </button>
        ) : (
          <button
            type="button"
            className={primaryButton}
            disabled={!session || !props.roomJoined || snap?.joining}
            onClick={() => void session?.join()}
          >
            {snap?.joining ? "Joining…" : "Join call"}
          </button>
        )}
        {inCall && (
          <button
            type="button"
            className={secondaryButton}
            aria-pressed={self?.mic === "muted"}
            disabled={!canMute}
            title={canMute ? undefined : "You have no microphone in this call"}
            onClick={() => session?.setMuted(self?.mic !== "muted")}
          >
            Mute
          </button>
        )}
        {inCall && (
          <button
            type="button"
            className={secondaryButton}
            aria-pressed={self?.camera ?? false}
            onClick={() => void session?.setCamera(!self?.camera)}
          >
            Camera
          </button>
        )}
      </fieldset>

      {inCall && snap && (
        <div className="mt-3 space-y-2 text-sm">
          <DeviceSelect
            label="Microphone"
            devices={snap.mics}
            value={snap.micId}
            placeholder={
              snap.mics.length === 0
                ? "No microphone found"
                : snap.micId === null
                  ? "Choose a microphone"
                  : undefined
            }
            onSelect={(id) => void session?.selectMicrophone(id)}
          />
          {self?.camera && (
            <DeviceSelect
              label="Camera"
              devices={snap.cameras}
              value={snap.cameraId}
              onSelect={(id) => void session?.selectCamera(id)}
            />
          )}
        </div>
      )}

      <RecordingControl
        consent={props.recording.consent}
        myRole={props.myRole}
        partnerName={partnerName}
        active={props.recording.active}
        disabled={props.recording.ended}
        onConsent={props.onRecordingConsent}
      />
      {recordingError && (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-300">
          {recordingError}
        </p>
      )}

      {(unsupported ?? snap?.error) && (
        <div
          role="alert"
          className="mt-3 flex items-start justify-between gap-2 text-sm text-red-700 dark:text-red-300"
        >
          <span>{unsupported ?? snap?.error}</span>
          {!unsupported && (
            <button type="button" className="text-xs underline" onClick={() => session?.dismissError()}>
              Dismiss
            </button>
          )}
        </div>
      )}
    </section>
  );
}

/** A labelled device picker; `placeholder` is an empty first option (nothing found, or nothing chosen yet). */
function DeviceSelect(props: {
  label: string;
  devices: readonly DeviceOption[];
  value: string | null;
  placeholder?: string;
  onSelect: (deviceId: string) => void;
}) {
  return (
    <label className="block">
      <span className="text-xs text-slate-500">{props.label}</span>
      <select
        className="mt-0.5 block w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900"
        value={props.value ?? ""}
        onChange={(e) => props.onSelect(e.target.value)}
      >
        {props.placeholder && <option value="">{props.placeholder}</option>}
        {props.devices.map((d) => (
          <option key={d.deviceId} value={d.deviceId}>
            {d.label}
          </option>
        ))}
      </select>
    </label>
  );
}
