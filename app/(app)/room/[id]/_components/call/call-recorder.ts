"use client";

import { RECORDING, RECORDING_HEADERS } from "@/lib/call/recording";

/** Upload attempts per chunk before it is given up (a chunk is a couple of seconds; the next one goes on). */
const UPLOAD_ATTEMPTS = 3;
const RETRY_DELAY_MS = 1_500;

/**
 * Records this browser's own microphone while recording is on: MediaRecorder in RECORDING.timesliceMs chunks,
 * each uploaded as soon as it exists (in order, one at a time), stamped with the interview clock at its start.
 * One instance is one recording run (one recording id, one track in the replay).
 */
export class CallRecorder {
  readonly recordingId = crypto.randomUUID().replaceAll("-", "");
  private readonly recorder: MediaRecorder;
  private index = 0;
  private chunkStartClockMs: number;
  private queue: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly roomId: string,
    stream: MediaStream,
    private readonly clockMs: () => number,
    private readonly onError: (message: string) => void,
  ) {
    const mimeType = MediaRecorder.isTypeSupported(RECORDING.mimeType) ? RECORDING.mimeType : "";
    this.recorder = new MediaRecorder(new MediaStream(stream.getAudioTracks()), {
      ...(mimeType ? { mimeType } : {}),
      audioBitsPerSecond: RECORDING.audioBitsPerSecond,
    });
    this.chunkStartClockMs = clockMs();
    this.recorder.ondataavailable = (e) => {
      if (e.data.size === 0) return;
      const index = this.index++;
      const clockAtStart = this.chunkStartClockMs;
      this.chunkStartClockMs = this.clockMs();
      this.queue = this.queue.then(() => this.upload(e.data, index, clockAtStart));
    };
    this.recorder.start(RECORDING.timesliceMs);
  }

  /** Stops recording; the last partial chunk is still uploaded. Resolves when every upload has finished. */
  stop(): Promise<void> {
    if (!this.stopped) {
      this.stopped = true;
      if (this.recorder.state !== "inactive") {
        const flushed = new Promise<void>((resolve) => {
          this.recorder.addEventListener("stop", () => resolve(), { once: true });
        });
        this.recorder.stop();
        return flushed.then(() => this.queue);
      }
    }
    return this.queue;
  }

  private async upload(blob: Blob, index: number, clockMs: number): Promise<void> {
    const body = await blob.arrayBuffer();
    for (let attempt = 1; attempt <= UPLOAD_ATTEMPTS; attempt++) {
      const res = await fetch(`/api/rooms/${this.roomId}/recordings`, {
        method: "POST",
        headers: {
          "content-type": blob.type || "audio/webm",
          [RECORDING_HEADERS.recordingId]: this.recordingId,
          [RECORDING_HEADERS.index]: String(index),
          [RECORDING_HEADERS.clockMs]: String(Math.max(0, Math.round(clockMs))),
        },
        body,
      }).catch(() => null);
      if (res?.ok) return;
      // Refused for good (consent withdrawn a moment ago, the interview ended): nothing to retry.
      if (res && res.status !== 429 && res.status < 500) {
        const why = ((await res.json().catch(() => null)) as { error?: { message?: string } } | null)?.error;
        if (res.status !== 409) this.onError(why?.message ?? "A piece of the recording was refused.");
        return;
      }
      if (attempt < UPLOAD_ATTEMPTS) await new Promise((r) => setTimeout(r, RETRY_DELAY_MS));
    }
    this.onError("A few seconds of the recording could not be uploaded.");
  }
}
