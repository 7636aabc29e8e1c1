import { describe, expect, it } from "vitest";
import { chunkProblem, RECORDING, startsAudioFile } from "../../../lib/call/recording";

const EBML = [0x1a, 0x45, 0xdf, 0xa3];
const bytes = (n: number, head: number[] = EBML) => {
  const b = new Uint8Array(n).fill(1);
  b.set(head.slice(0, n));
  return b;
};
const ok = {
  contentType: "audio/webm;codecs=opus",
  recordingId: "abcdef012345",
  index: "0",
  clockMs: "1500",
};

describe("recorded chunk checks", () => {
  it("recognises the start of a WebM or Ogg file", () => {
    expect(startsAudioFile(bytes(10))).toBe(true);
    expect(startsAudioFile(bytes(10, [0x4f, 0x67, 0x67, 0x53]))).toBe(true);
    expect(startsAudioFile(bytes(10, [0, 0, 0, 0]))).toBe(false);
    expect(startsAudioFile(bytes(3))).toBe(false);
  });

  it.each<[string, Partial<typeof ok>, Uint8Array, string | null]>([
    ["a first WebM chunk", {}, bytes(100), null],
    ["an Ogg chunk", { contentType: "audio/ogg" }, bytes(100, [0x4f, 0x67, 0x67, 0x53]), null],
    ["a later chunk needs no magic", { index: "7" }, bytes(100, [9, 9, 9, 9]), null],
    ["not audio", { contentType: "video/mp4" }, bytes(100), "unsupported_type"],
    ["no type", { contentType: undefined }, bytes(100), "unsupported_type"],
    ["a first chunk that isn't WebM or Ogg", {}, bytes(100, [0, 1, 2, 3]), "not_audio"],
    ["too large", {}, bytes(RECORDING.maxChunkBytes + 1), "too_large"],
    ["empty", {}, new Uint8Array(0), "invalid"],
    ["negative index", { index: "-1" }, bytes(100), "invalid"],
    ["index past the bound", { index: String(RECORDING.maxChunkIndex + 1) }, bytes(100), "invalid"],
    ["fractional clock", { clockMs: "1.5" }, bytes(100), "invalid"],
    ["bad recording id", { recordingId: "../x" }, bytes(100), "invalid"],
  ])("%s", (_name, headers, body, code) => {
    expect(chunkProblem({ ...ok, ...headers, bytes: body })?.code ?? null).toBe(code);
  });
});
