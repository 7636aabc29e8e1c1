import { describe, expect, it } from "vitest";
import { ZIceServersJson } from "../../../lib/protocol/call";
import { loadServerEnv } from "../../../server/config";

describe("ICE_SERVERS", () => {
  it("is empty by default (host candidates only)", () => {
    expect(loadServerEnv({}).ICE_SERVERS).toEqual([]);
    expect(loadServerEnv({ ICE_SERVERS: "  " }).ICE_SERVERS).toEqual([]);
    expect(ZIceServersJson.parse(undefined)).toEqual([]);
  });

  it("parses a JSON array of RTCIceServer", () => {
    const value =
      '[{"urls":"stun:stun.example.com:3478"},{"urls":["turn:turn.example.com:3478"],"username":"q","credential":"s"}]';
    expect(loadServerEnv({ ICE_SERVERS: value }).ICE_SERVERS).toEqual([
      { urls: "stun:stun.example.com:3478" },
      { urls: ["turn:turn.example.com:3478"], username: "q", credential: "s" },
    ]);
    expect(ZIceServersJson.parse(value)).toHaveLength(2);
  });

  it.each([
    ["not JSON", "stun:stun.example.com", /ICE_SERVERS: must be a JSON array/],
    ["an object, not an array", '{"urls":"stun:x"}', /ICE_SERVERS/],
    ["a wrong scheme", '[{"urls":"https://x"}]', /ICE_SERVERS\.0\.urls/],
  ])("refuses %s, naming the variable", (_what, value, message) => {
    expect(() => loadServerEnv({ ICE_SERVERS: value })).toThrow(message);
  });
});
