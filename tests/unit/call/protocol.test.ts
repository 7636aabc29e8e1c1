import { describe, expect, it } from "vitest";
import {
  CALL_LIMITS,
  ZCallSignal,
  ZCallSignalDelivery,
  ZCallSignalRequest,
  ZIceServers,
} from "../../../lib/protocol/call";

const sid = "a1b2c3d4e5f6";
const other = "z9y8x7w6v5u4";
const state = { type: "state", sid, inCall: true, mic: "on", camera: false, ask: true };
const offer = { type: "description", sid, to: other, description: { type: "offer", sdp: "v=0\r\n" } };
const candidate = {
  type: "candidate",
  sid,
  to: other,
  candidate: {
    candidate: "candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host",
    sdpMid: "0",
    sdpMLineIndex: 0,
  },
};

/** An SDP-like text (lines of 30 characters, CRLF-terminated, as real SDP is) of exactly `n` characters. */
function sdpOfLength(n: number): string {
  return `${"a=x".padEnd(28, "x")}\r\n`.repeat(Math.ceil(n / 30)).slice(0, n);
}

describe("call signals", () => {
  it.each([
    ["a state", state],
    ["a state without a microphone (denied)", { ...state, mic: "denied", ask: false }],
    ["an offer", offer],
    ["an answer", { ...offer, description: { type: "answer", sdp: "v=0\r\n" } }],
    [
      "an SDP at the limit",
      { ...offer, description: { type: "offer", sdp: "x".repeat(CALL_LIMITS.maxSdpChars) } },
    ],
    ["a candidate", candidate],
    [
      "a candidate with a ufrag",
      { ...candidate, candidate: { ...candidate.candidate, usernameFragment: "abcd" } },
    ],
    [
      "an end-of-candidates marker",
      { ...candidate, candidate: { candidate: "", sdpMid: null, sdpMLineIndex: null } },
    ],
  ])("accepts %s", (_what, signal) => {
    expect(ZCallSignal.safeParse(signal).success).toBe(true);
  });

  it.each([
    [
      "an SDP over 20 kB",
      { ...offer, description: { type: "offer", sdp: "x".repeat(CALL_LIMITS.maxSdpChars + 1) } },
    ],
    ["an empty SDP", { ...offer, description: { type: "offer", sdp: "" } }],
    ["a rollback", { ...offer, description: { type: "rollback", sdp: "v=0" } }],
    ["a pranswer", { ...offer, description: { type: "pranswer", sdp: "v=0" } }],
    [
      "a candidate over 2 kB",
      {
        ...candidate,
        candidate: { ...candidate.candidate, candidate: "c".repeat(CALL_LIMITS.maxCandidateChars + 1) },
      },
    ],
    ["a negative m-line index", { ...candidate, candidate: { ...candidate.candidate, sdpMLineIndex: -1 } }],
    ["an unknown type", { ...state, type: "recording" }],
    ["an unknown microphone state", { ...state, mic: "loud" }],
    ["a missing session id", { ...state, sid: undefined }],
    ["a session id with odd characters", { ...state, sid: "<script>alert(1)</script>" }],
    ["a short session id", { ...state, sid: "abc" }],
    ["a description without a target session", { ...offer, to: undefined }],
    ["extra fields", { ...state, userId: "someone-else" }],
    ["extra fields in a candidate", { ...candidate, candidate: { ...candidate.candidate, extra: 1 } }],
    ["not an object", "hello"],
  ])("refuses %s", (_what, signal) => {
    expect(ZCallSignal.safeParse(signal).success).toBe(false);
  });

  it("a request names a room and carries one signal, nothing else", () => {
    expect(ZCallSignalRequest.safeParse({ roomId: "abc123", signal: state }).success).toBe(true);
    expect(ZCallSignalRequest.safeParse({ roomId: "ABC!", signal: state }).success).toBe(false);
    expect(ZCallSignalRequest.safeParse({ roomId: "abc123", signal: state, to: "x" }).success).toBe(false);
    expect(ZCallSignalRequest.safeParse({ roomId: "abc123" }).success).toBe(false);
  });

  it("a delivery names the sender", () => {
    expect(ZCallSignalDelivery.safeParse({ roomId: "abc123", from: "u1", signal: offer }).success).toBe(true);
    expect(ZCallSignalDelivery.safeParse({ roomId: "abc123", signal: offer }).success).toBe(false);
  });

  it("the largest valid message fits the message limit checked before parsing", () => {
    const biggest = {
      roomId: "r".repeat(64),
      signal: {
        ...offer,
        sid: "s".repeat(64),
        to: "t".repeat(64),
        description: { type: "answer", sdp: sdpOfLength(CALL_LIMITS.maxSdpChars) },
      },
    };
    expect(ZCallSignalRequest.safeParse(biggest).success).toBe(true);
    expect(JSON.stringify(biggest).length).toBeLessThanOrEqual(CALL_LIMITS.maxMessageChars);
  });
});

describe("ICE servers", () => {
  it.each([
    [[]],
    [[{ urls: "stun:stun.example.com:3478" }]],
    [
      [
        {
          urls: ["turn:turn.example.com:3478?transport=udp", "turns:turn.example.com:5349"],
          username: "u",
          credential: "p",
        },
      ],
    ],
  ])("accepts %j", (servers) => {
    expect(ZIceServers.safeParse(servers).success).toBe(true);
  });

  it.each([
    [[{ urls: "http://stun.example.com" }]],
    [[{ urls: [] }]],
    [[{ url: "stun:x" }]],
    [[{ urls: "stun:x", credentialType: "oauth" }]],
    [{ urls: "stun:x" }],
    [Array.from({ length: 11 }, () => ({ urls: "stun:x" }))],
  ])("refuses %j", (servers) => {
    expect(ZIceServers.safeParse(servers).success).toBe(false);
  });
});
