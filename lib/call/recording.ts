// Recording the call: each browser records its own microphone in short chunks and uploads them as it goes.
// The limits and the checks of one chunk, shared by the uploader (browser) and the server that refuses.

export const RECORDING = {
  /** MediaRecorder timeslice: a crash loses at most this much audio. */
  timesliceMs: 2_000,
  mimeType: "audio/webm;codecs=opus",
  /** Content types the server stores (MediaRecorder's containers for opus). */
  contentTypes: ["audio/webm", "audio/ogg"],
  /** Opus at the browser default is ~4 kB/s; 256 kB leaves room for a long timeslice or a high bitrate. */
  maxChunkBytes: 256 * 1024,
  /** 2-second chunks for a little over five hours. */
  maxChunkIndex: 10_000,
  /** Largest interview clock reading a chunk may carry (24 h). */
  maxClockMs: 24 * 3_600_000,
  /**
   * Opus at 32 kbit/s: clear speech at ~240 kB a minute per voice (the browser default, ~120 kbit/s, measured
   * 0.87–0.94 MB a minute).
   */
  audioBitsPerSecond: 32_000,
  /**
   * The chunk a recorder flushes when it stops arrives after the consent was withdrawn (or the interview
   * ended): it is still taken if its audio began before the stop and it continues a track whose previous chunk
   * came in this recently.
   */
  tailGraceMs: 6_000,
} as const;

/** Request headers of an upload (the body is the chunk's raw bytes). */
export const RECORDING_HEADERS = {
  recordingId: "x-recording-id",
  index: "x-chunk-index",
  clockMs: "x-clock-ms",
} as const;

export const RECORDING_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

const EBML = [0x1a, 0x45, 0xdf, 0xa3];
const OGGS = [0x4f, 0x67, 0x67, 0x53];

/** Whether bytes begin a WebM (EBML header) or Ogg ("OggS") file: the start of every track. */
export function startsAudioFile(bytes: Uint8Array): boolean {
  const starts = (magic: number[]) => magic.every((b, i) => bytes[i] === b);
  return bytes.length >= 4 && (starts(EBML) || starts(OGGS));
}

export type TChunkProblem = { code: string; message: string };

/** What is wrong with one uploaded chunk before anyone looks at the room, or null. */
export function chunkProblem(chunk: {
  contentType: string | undefined;
  recordingId: string | undefined;
  index: string | undefined;
  clockMs: string | undefined;
  bytes: Uint8Array;
}): TChunkProblem | null {
  const type = chunk.contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
  if (!(RECORDING.contentTypes as readonly string[]).includes(type))
    return { code: "unsupported_type", message: "Chunks must be audio/webm or audio/ogg." };
  if (!chunk.recordingId || !RECORDING_ID_PATTERN.test(chunk.recordingId))
    return {
      code: "invalid",
      message: `Send a recording id (${RECORDING_HEADERS.recordingId}, 8–64 letters).`,
    };
  const index = Number(chunk.index);
  if (chunk.index === undefined || !/^\d+$/.test(chunk.index) || index > RECORDING.maxChunkIndex)
    return {
      code: "invalid",
      message: `${RECORDING_HEADERS.index} must be an integer from 0 to ${RECORDING.maxChunkIndex}.`,
    };
  const clockMs = Number(chunk.clockMs);
  if (chunk.clockMs === undefined || !/^\d+$/.test(chunk.clockMs) || clockMs > RECORDING.maxClockMs)
    return { code: "invalid", message: `${RECORDING_HEADERS.clockMs} must be the interview clock in ms.` };
  if (chunk.bytes.length === 0) return { code: "invalid", message: "The chunk is empty." };
  if (chunk.bytes.length > RECORDING.maxChunkBytes)
    return { code: "too_large", message: `A chunk may be at most ${RECORDING.maxChunkBytes / 1024} kB.` };
  if (index === 0 && !startsAudioFile(chunk.bytes))
    return { code: "not_audio", message: "The first chunk must start a WebM or Ogg file." };
  return null;
}

/** One recorded track as the recordings API lists it: one person's microphone over one recording run. */
export interface RecordingTrack {
  recordingId: string;
  userId: string;
  /** The interview clock (ms) at the first chunk. */
  clockMs: number;
  chunks: number;
  bytes: number;
}
