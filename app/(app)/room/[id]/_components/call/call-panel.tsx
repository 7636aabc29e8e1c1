"use client";

import { useEffect, useState, useSyncExternalStore } from "react";
import type { RoomConnection } from "@/app/_components/room/room-connection";
import { partnerView, unsupportedReason } from "@/lib/call";
import type { TMicState } from "@/lib/protocol/call";
import type { TPresenceState } from "@/lib/protocol/room";
import type { TRole } from "@/lib/room";
import { Media, VideoTiles } from "./call-media";
import { CallSession } from "./call-session";
import { CallSettings, DeviceSelect } from "./call-settings";
import { LevelMeter } from "./level-meter";
import { callsSupported } from "./media";
import { RecordingControl, useCallRecorder } from "./recording-control";

const MY_MIC: Record<TMicState, string> = {
  on: "microphone on",
  muted: "muted",
  missing: "no microphone (listening only)",
  denied: "microphone blocked (listening only)",
};

const noop = () => () => {};
const join =
  "rounded-md bg-brand-600 px-2.5 py-1 text-xs font-medium text-white hover:bg-brand-700 disabled:opacity-60";
const bar =
  "rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium text-slate-800 hover:bg-slate-50 disabled:opacity-60 aria-pressed:border-brand-600 aria-pressed:bg-brand-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800 dark:aria-pressed:bg-brand-700/30";

function newSid(): string {
  return crypto.randomUUID().replaceAll("-", "");
}

/**
 * The room's voice call (optional video), peer to peer, as one line of the room's header: join/leave, mute,
 * camera, a speaking meter for each person and the partner's state; devices and recording consent behind "Call
 * settings". Signalling rides on the room's socket (see call-session.ts).
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
  /** Where the camera tiles float (over the workspace); inline when absent. */
  videoDock?: HTMLElement | null;
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
    <section aria-labelledby="call-heading" className="relative flex flex-wrap items-center gap-x-2 gap-y-1">
      <h2 id="call-heading" className="sr-only">
        Voice call
      </h2>
      {props.recording.active && (
        <p role="status" className="text-xs font-medium text-red-700 dark:text-red-300">
          <span aria-hidden="true">●</span> Recording
        </p>
      )}
      <fieldset className="flex items-center gap-1">
        <legend className="sr-only">Call controls</legend>
        {inCall ? (
          <>
            <button
              type="button"
              className={bar}
              aria-pressed={self?.mic === "muted"}
              disabled={!canMute}
              title={canMute ? undefined : "You have no microphone in this call"}
              onClick={() => session?.setMuted(self?.mic !== "muted")}
            >
              Mute
            </button>
            <button
              type="button"
              className={bar}
              aria-pressed={self?.camera ?? false}
              onClick={() => void session?.setCamera(!self?.camera)}
            >
              Camera
            </button>
            <button type="button" className={bar} onClick={() => session?.leave()}>
              Leave call
            </button>
          </>
        ) : (
          <button
            type="button"
            className={join}
            disabled={!session || !props.roomJoined || snap?.joining}
            onClick={() => void session?.join()}
          >
            {snap?.joining ? "Joining…" : "Join call"}
          </button>
        )}
      </fieldset>
      {inCall && self && self.mic !== "on" && self.mic !== "muted" && (
        <span className="text-xs text-amber-700 dark:text-amber-400">{MY_MIC[self.mic]}</span>
      )}
      {inCall && (
        <LevelMeter
          stream={snap?.localAudio ?? null}
          audio={snap?.audioContext ?? null}
          label="Your voice level"
          compact
        />
      )}
      <span className="flex items-center gap-1.5 text-xs text-slate-600 dark:text-slate-400">
        <span className="max-w-28 truncate font-medium text-slate-800 dark:text-slate-200">
          {props.partner ? partnerName : <em className="font-normal">no partner yet</em>}
        </span>
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
          compact
        />
      </span>

      <CallSettings>
        {inCall && snap && (
          <>
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
          </>
        )}
        <RecordingControl
          consent={props.recording.consent}
          myRole={props.myRole}
          partnerName={partnerName}
          disabled={props.recording.ended}
          onConsent={props.onRecordingConsent}
        />
      </CallSettings>

      {inCall && (
        <VideoTiles
          dock={props.videoDock}
          partner={
            view.camera ? { stream: snap?.remoteVideo ?? null, label: `${partnerName}'s camera` } : null
          }
          self={self?.camera ? (snap?.localVideo ?? null) : null}
        />
      )}
      {/* The partner's voice. Always mounted while in the call, so it plays as soon as it arrives. */}
      {inCall && <Media kind="audio" stream={snap?.remoteAudio ?? null} />}

      {(recordingError || unsupported || snap?.error) && (
        <div className="absolute top-full right-0 z-40 mt-1 w-80 space-y-1 rounded-lg border border-red-300 bg-red-50 p-2 text-sm text-red-800 shadow-lg dark:border-red-800 dark:bg-red-950 dark:text-red-200">
          {recordingError && <p role="alert">{recordingError}</p>}
          {(unsupported ?? snap?.error) && (
            <div role="alert" className="flex items-start justify-between gap-2">
              <span>{unsupported ?? snap?.error}</span>
              {!unsupported && (
                <button type="button" className="text-xs underline" onClick={() => session?.dismissError()}>
                  Dismiss
                </button>
              )}
            </div>
          )}
        </div>
      )}
    </section>
  );
}
