"use client";

// The browser's microphone and camera: acquiring tracks and listing devices. Errors keep their DOMException
// name so lib/call/media-errors can say what went wrong.

export interface DeviceOption {
  deviceId: string;
  label: string;
}

export interface Devices {
  mics: DeviceOption[];
  cameras: DeviceOption[];
}

/** Echo cancellation and noise suppression on: the partner's voice comes out of the same machine's speakers. */
const VOICE: MediaTrackConstraints = {
  echoCancellation: true,
  noiseSuppression: true,
  autoGainControl: true,
};

export async function openMicrophone(deviceId: string | null): Promise<MediaStreamTrack> {
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: deviceId ? { ...VOICE, deviceId: { exact: deviceId } } : VOICE,
  });
  const [track] = stream.getAudioTracks();
  if (!track) throw new DOMException("No audio track", "NotFoundError");
  return track;
}

export async function openCamera(deviceId: string | null): Promise<MediaStreamTrack> {
  const size = { width: { ideal: 640 }, height: { ideal: 360 }, frameRate: { ideal: 24 } };
  const stream = await navigator.mediaDevices.getUserMedia({
    video: deviceId ? { ...size, deviceId: { exact: deviceId } } : size,
  });
  const [track] = stream.getVideoTracks();
  if (!track) throw new DOMException("No video track", "NotFoundError");
  return track;
}

/** Device names are empty until the person has allowed a device once; a numbered name stands in. */
export async function listDevices(): Promise<Devices> {
  const all = await navigator.mediaDevices.enumerateDevices().catch(() => [] as MediaDeviceInfo[]);
  const pick = (kind: MediaDeviceKind, noun: string) =>
    all
      .filter((d) => d.kind === kind && d.deviceId !== "")
      .map((d, i) => ({ deviceId: d.deviceId, label: d.label || `${noun} ${i + 1}` }));
  return { mics: pick("audioinput", "Microphone"), cameras: pick("videoinput", "Camera") };
}

export function errorName(err: unknown): string {
  return err instanceof Error || err instanceof DOMException ? err.name : "Error";
}

export function callsSupported(): { mediaDevices: boolean; peerConnection: boolean; secure: boolean } {
  return {
    mediaDevices: typeof navigator !== "undefined" && !!navigator.mediaDevices?.getUserMedia,
    peerConnection: typeof RTCPeerConnection !== "undefined",
    secure: typeof window !== "undefined" && window.isSecureContext,
  };
}
