"use client";

import type { RoomConnection } from "@/app/_components/room/room-connection";
import {
  CALL_TIMING,
  type CallModel,
  cameraProblem,
  initialCall,
  isPolite,
  joinCall,
  leaveCall,
  microphoneProblem,
  type PeerConnectionState,
  partnerLeftRoom,
  receiveSignal,
  setCamera,
  setMic,
  stateSignal,
  wantedPeer,
} from "@/lib/call";
import { type TCallSignal, ZCallSignalDelivery } from "@/lib/protocol/call";
import { type DeviceOption, errorName, listDevices, openCamera, openMicrophone } from "./media";
import { PeerLink } from "./peer-link";

export interface CallSnapshot {
  model: CallModel;
  /** Waiting for the microphone (the permission prompt may be open). */
  joining: boolean;
  connection: PeerConnectionState | null;
  /** Milliseconds from creating the peer connection to "connected" (null until then). */
  connectMs: number | null;
  /** Something went wrong that the person should read (role=alert). */
  error: string | null;
  mics: DeviceOption[];
  cameras: DeviceOption[];
  micId: string | null;
  cameraId: string | null;
  /** This browser's microphone and camera, and what arrives from the partner. */
  localAudio: MediaStream | null;
  localVideo: MediaStream | null;
  remoteAudio: MediaStream | null;
  remoteVideo: MediaStream | null;
  /** For the speaking meters; created on the click that joins (browsers start audio on a gesture only). */
  audioContext: AudioContext | null;
}

/**
 * The call in this browser: media, the one peer connection, and the signals that set it up. The decisions
 * (which signals count, which connection should exist, who yields in glare) are lib/call's; this class does
 * what they say. An external store for React (subscribe / getSnapshot), like RoomConnection.
 */
export class CallSession {
  private snap: CallSnapshot;
  private readonly listeners = new Set<() => void>();
  private link: PeerLink | null = null;
  private linkStartedAt = 0;
  private mic: MediaStreamTrack | null = null;
  private camera: MediaStreamTrack | null = null;
  /** The stream our tracks are sent in (the partner receives them grouped under its id). */
  private readonly outgoing = new MediaStream();
  private partnerUserId: string | null = null;
  private readonly unsubscribe: () => void;
  private readonly onDeviceChange = () => void this.refreshDevices();

  constructor(
    private readonly room: RoomConnection,
    private readonly selfUserId: string,
    private readonly iceServers: RTCIceServer[],
    private readonly newSid: () => string,
  ) {
    this.snap = {
      model: initialCall(newSid()),
      joining: false,
      connection: null,
      connectMs: null,
      error: null,
      mics: [],
      cameras: [],
      micId: null,
      cameraId: null,
      localAudio: null,
      localVideo: null,
      remoteAudio: null,
      remoteVideo: null,
      audioContext: null,
    };
    this.unsubscribe = room.subscribeSignal((d) => this.onDelivery(d));
    navigator.mediaDevices?.addEventListener("devicechange", this.onDeviceChange);
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = () => this.snap;

  /** The room's socket (re)joined: tell the partner where we are, and ask where they are. */
  onRoomJoined(): void {
    this.sendState(true);
    this.link?.kick();
  }

  /** The partner's presence in the room; once they left, nothing they said about the call holds. */
  onPartnerPresence(state: "connected" | "reconnecting" | "left" | "absent" | null): void {
    if (state === "left" || state === "absent") this.apply(partnerLeftRoom(this.snap.model));
  }

  async join(): Promise<void> {
    if (this.snap.model.self.inCall || this.snap.joining) return;
    const audioContext = this.snap.audioContext ?? new AudioContext();
    void audioContext.resume().catch(() => {});
    this.update({ joining: true, error: null, audioContext });
    let mic: "on" | "denied" | "missing" = "on";
    let error: string | null = null;
    try {
      this.mic = await openMicrophone(this.snap.micId);
    } catch (err) {
      // Joining without a microphone is allowed: the person listens, and the partner sees why it is silent.
      const problem = microphoneProblem(errorName(err));
      mic = problem.mic;
      error = problem.message;
    }
    this.update({
      joining: false,
      error,
      micId: this.mic?.getSettings().deviceId ?? this.snap.micId,
      localAudio: this.mic ? new MediaStream([this.mic]) : null,
    });
    if (this.mic) this.outgoing.addTrack(this.mic);
    this.apply(joinCall(this.snap.model, this.newSid(), mic));
    this.sendState(true);
    void this.refreshDevices();
  }

  leave(): void {
    if (!this.snap.model.self.inCall) return;
    this.apply(leaveCall(this.snap.model));
    this.sendState(false);
    for (const t of [this.mic, this.camera]) if (t) this.stopTrack(t);
    this.mic = null;
    this.camera = null;
    this.update({ localAudio: null, localVideo: null, error: null });
  }

  setMuted(muted: boolean): void {
    const { mic } = this.snap.model.self;
    if (!this.mic || (mic !== "on" && mic !== "muted")) return;
    this.mic.enabled = !muted;
    this.apply(setMic(this.snap.model, muted ? "muted" : "on"));
    this.sendState(false);
  }

  async setCamera(on: boolean): Promise<void> {
    if (!this.snap.model.self.inCall || on === this.snap.model.self.camera) return;
    if (!on) {
      if (this.camera) this.stopTrack(this.camera);
      this.camera = null;
      await this.link?.setTrack("video", null, this.outgoing);
      this.update({ localVideo: null });
      this.apply(setCamera(this.snap.model, false));
      this.sendState(false);
      return;
    }
    try {
      this.camera = await openCamera(this.snap.cameraId);
    } catch (err) {
      this.update({ error: cameraProblem(errorName(err)) });
      return;
    }
    if (!this.snap.model.self.inCall) return this.stopTrack(this.camera);
    this.outgoing.addTrack(this.camera);
    await this.link?.setTrack("video", this.camera, this.outgoing);
    this.update({
      localVideo: new MediaStream([this.camera]),
      cameraId: this.camera.getSettings().deviceId ?? this.snap.cameraId,
      error: null,
    });
    this.apply(setCamera(this.snap.model, true));
    this.sendState(false);
    void this.refreshDevices();
  }

  /** Switches microphone: the new track replaces the old one on the connection, with no renegotiation. */
  async selectMicrophone(deviceId: string): Promise<void> {
    this.update({ micId: deviceId });
    if (!this.snap.model.self.inCall) return;
    let track: MediaStreamTrack;
    try {
      track = await openMicrophone(deviceId);
    } catch (err) {
      this.update({ error: microphoneProblem(errorName(err)).message });
      return;
    }
    const muted = this.snap.model.self.mic === "muted";
    track.enabled = !muted;
    const old = this.mic;
    this.mic = track;
    this.outgoing.addTrack(track);
    await this.link?.setTrack("audio", track, this.outgoing);
    if (old) this.stopTrack(old);
    this.update({ localAudio: new MediaStream([track]), error: null });
    if (!muted) {
      this.apply(setMic(this.snap.model, "on"));
      this.sendState(false);
    }
  }

  async selectCamera(deviceId: string): Promise<void> {
    this.update({ cameraId: deviceId });
    if (!this.camera) return;
    let track: MediaStreamTrack;
    try {
      track = await openCamera(deviceId);
    } catch (err) {
      this.update({ error: cameraProblem(errorName(err)) });
      return;
    }
    const old = this.camera;
    this.camera = track;
    this.outgoing.addTrack(track);
    await this.link?.setTrack("video", track, this.outgoing);
    this.stopTrack(old);
    this.update({ localVideo: new MediaStream([track]) });
  }

  dismissError(): void {
    this.update({ error: null });
  }

  dispose(): void {
    this.leave();
    this.closeLink();
    this.unsubscribe();
    navigator.mediaDevices?.removeEventListener("devicechange", this.onDeviceChange);
    void this.snap.audioContext?.close().catch(() => {});
  }

  // ---- signals ---------------------------------------------------------------------------------------------

  private onDelivery(raw: unknown): void {
    const parsed = ZCallSignalDelivery.safeParse(raw);
    if (!parsed.success || parsed.data.roomId !== this.room.roomId || parsed.data.from === this.selfUserId)
      return;
    this.partnerUserId = parsed.data.from;
    const { model, received } = receiveSignal(this.snap.model, parsed.data.signal);
    switch (received.kind) {
      case "state":
        this.apply(model);
        if (received.reply) this.sendState(false);
        return;
      case "description":
        void this.link?.onDescription(received.description);
        return;
      case "candidate":
        void this.link?.onCandidate(received.candidate);
        return;
      case "drop":
        return;
    }
  }

  private sendState(ask: boolean): void {
    this.send(stateSignal(this.snap.model, ask));
  }

  private send(signal: TCallSignal): void {
    void this.room.sendSignal(signal, CALL_TIMING.signalAckTimeoutMs).then((ack) => {
      // Not joined: the room socket is reconnecting, and everything is said again once it is back.
      if (ack.ok || ack.error.code === "not_joined" || signal.type === "state") return;
      this.update({ error: `The call's signalling failed: ${ack.error.message}` });
    });
  }

  // ---- the peer connection ---------------------------------------------------------------------------------

  /** Takes a new model and makes the peer connection match it (see wantedPeer's invariant). */
  private apply(model: CallModel): void {
    this.update({ model });
    const wanted = wantedPeer(model);
    if (this.link && this.link.partnerSid !== wanted) this.closeLink();
    if (wanted && !this.link && this.partnerUserId) this.openLink(wanted, this.partnerUserId);
  }

  private openLink(partnerSid: string, partnerUserId: string): void {
    const link = new PeerLink({
      selfSid: this.snap.model.self.sid,
      partnerSid,
      polite: isPolite(this.selfUserId, partnerUserId),
      iceServers: this.iceServers,
      send: (s) => this.send(s),
      onConnectionState: (connection) => {
        if (this.link !== link) return;
        const connectMs =
          connection === "connected" && this.snap.connectMs === null
            ? Math.round(performance.now() - this.linkStartedAt)
            : this.snap.connectMs;
        this.update({ connection, connectMs });
      },
      onRemoteTrack: (track) => {
        if (this.link !== link) return;
        if (track.kind === "audio") this.update({ remoteAudio: new MediaStream([track]) });
        else this.update({ remoteVideo: new MediaStream([track]) });
      },
      onError: (error) => this.update({ error }),
    });
    this.link = link;
    this.linkStartedAt = performance.now();
    this.update({ connection: "new", connectMs: null });
    if (this.mic) void link.setTrack("audio", this.mic, this.outgoing);
    if (this.camera) void link.setTrack("video", this.camera, this.outgoing);
  }

  private closeLink(): void {
    this.link?.close();
    this.link = null;
    this.update({ connection: null, connectMs: null, remoteAudio: null, remoteVideo: null });
  }

  // ---- devices ---------------------------------------------------------------------------------------------

  private async refreshDevices(): Promise<void> {
    const { mics, cameras } = await listDevices();
    this.update({ mics, cameras });
  }

  private stopTrack(track: MediaStreamTrack): void {
    track.stop();
    this.outgoing.removeTrack(track);
  }

  private update(patch: Partial<CallSnapshot>): void {
    this.snap = { ...this.snap, ...patch };
    for (const l of this.listeners) l();
  }
}
