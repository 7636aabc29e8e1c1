import type { TMicState } from "../protocol/call";

// What a failed getUserMedia means for the person, by the DOMException's name (the message varies by browser).

export type MediaProblem = { mic: Extract<TMicState, "denied" | "missing">; message: string };

export function microphoneProblem(errorName: string): MediaProblem {
  switch (errorName) {
    case "NotAllowedError":
    case "SecurityError":
      return {
        mic: "denied",
        message:
          "Microphone access was refused. You are in the call to listen; allow the microphone in your browser's site settings and pick it below to talk.",
      };
    case "NotFoundError":
    case "OverconstrainedError":
      return { mic: "missing", message: "No microphone was found. You are in the call to listen." };
    case "NotReadableError":
    case "AbortError":
      return {
        mic: "missing",
        message:
          "Your microphone could not be started (another app may be using it). You are in the call to listen.",
      };
    default:
      return {
        mic: "missing",
        message: "Your microphone could not be started. You are in the call to listen.",
      };
  }
}

export function cameraProblem(errorName: string): string {
  switch (errorName) {
    case "NotAllowedError":
    case "SecurityError":
      return "Camera access was refused. Allow it in your browser's site settings to turn the camera on.";
    case "NotFoundError":
    case "OverconstrainedError":
      return "No camera was found.";
    case "NotReadableError":
    case "AbortError":
      return "Your camera could not be started (another app may be using it).";
    default:
      return "Your camera could not be started.";
  }
}

/** Where the call can't work at all, and why. */
export function unsupportedReason(has: {
  mediaDevices: boolean;
  peerConnection: boolean;
  secure: boolean;
}): string | null {
  if (!has.secure) return "Calls need a secure page (https or localhost).";
  if (!has.peerConnection || !has.mediaDevices) return "This browser can't make calls (no WebRTC).";
  return null;
}
