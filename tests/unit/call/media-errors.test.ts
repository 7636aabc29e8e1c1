import { describe, expect, it } from "vitest";
import { cameraProblem, microphoneProblem, unsupportedReason } from "../../../lib/call";

describe("media errors", () => {
  it.each([
    ["NotAllowedError", "denied", /refused/],
    ["SecurityError", "denied", /refused/],
    ["NotFoundError", "missing", /No microphone/],
    ["OverconstrainedError", "missing", /No microphone/],
    ["NotReadableError", "missing", /another app/],
    ["TypeError", "missing", /could not be started/],
  ])("a microphone %s means %s", (name, mic, message) => {
    const p = microphoneProblem(name);
    expect(p.mic).toBe(mic);
    expect(p.message).toMatch(message);
    expect(p.message).toMatch(/listen/); // always says the call still works for listening
  });

  it.each([
    ["NotAllowedError", /refused/],
    ["NotFoundError", /No camera/],
    ["NotReadableError", /another app/],
    ["Whatever", /could not be started/],
  ])("a camera %s is explained", (name, message) => {
    expect(cameraProblem(name)).toMatch(message);
  });

  it("says why calls can't work at all", () => {
    expect(unsupportedReason({ secure: true, mediaDevices: true, peerConnection: true })).toBeNull();
    expect(unsupportedReason({ secure: false, mediaDevices: true, peerConnection: true })).toMatch(/secure/);
    expect(unsupportedReason({ secure: true, mediaDevices: true, peerConnection: false })).toMatch(/WebRTC/);
  });
});
