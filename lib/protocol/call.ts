import { z } from "zod";
import { type TError, ZRoomId } from "./room";

// The voice call's signalling: what two browsers say to each other, through the room's socket, to set up a
// peer-to-peer WebRTC connection. Every message is ephemeral: relayed by the room's actor to the *other*
// participant's connections and never written to the room's log. (Recording consent, when it comes, is room
// history the server must check before storing audio, so it travels as room ops, not as call signals.)

export const CALL_EVENTS = {
  /** client → server with an ack: a signal for the partner. server → client: a signal from the partner. */
  signal: "call:signal",
} as const;

export const CALL_LIMITS = {
  /** An SDP blob (audio + video + a data channel with a few codecs is ~6 kB; TURN adds nothing here). */
  maxSdpChars: 20_000,
  /** One ICE candidate line. */
  maxCandidateChars: 2_000,
  /** A whole client message as JSON, checked before it is parsed. */
  maxMessageChars: 24_000,
  /**
   * Signals per socket per window. A negotiation is an offer, an answer and a burst of candidates (a few
   * per network interface, more with TURN): tens, not hundreds. Refused beyond this, with a reason, because
   * unlike a pointer sample a lost candidate matters and the sender must know.
   */
  rate: { limit: 60, windowMs: 5_000 },
} as const;

/**
 * One browser's call session: a fresh id each time someone joins the call. Lets the partner tell a rejoin
 * (new peer connection needed) from a repeat of the same state, and drop answers meant for a session that
 * is gone.
 */
export const ZCallSessionId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, "call session ids are 8–64 url-safe characters");
export type TCallSessionId = z.infer<typeof ZCallSessionId>;

/** The microphone as the partner should see it. `missing`: no device (or it failed); `denied`: permission refused. */
export const ZMicState = z.enum(["on", "muted", "missing", "denied"]);
export type TMicState = z.infer<typeof ZMicState>;

/**
 * A participant's whole call state (joined or left, muted, camera, no mic). Sent whole, not as deltas, so a
 * lost or repeated one does no harm. `ask`: "tell me yours" (sent on joining the call or the room); the answer
 * never asks back, so the exchange ends.
 */
export const ZCallState = z
  .object({
    type: z.literal("state"),
    sid: ZCallSessionId,
    inCall: z.boolean(),
    mic: ZMicState,
    camera: z.boolean(),
    ask: z.boolean(),
  })
  .strict();

/** An offer or answer (perfect negotiation: either side may offer). `to` is the partner session it is meant for. */
export const ZCallDescription = z
  .object({
    type: z.literal("description"),
    sid: ZCallSessionId,
    to: ZCallSessionId,
    description: z
      .object({ type: z.enum(["offer", "answer"]), sdp: z.string().min(1).max(CALL_LIMITS.maxSdpChars) })
      .strict(),
  })
  .strict();

/** A trickled ICE candidate (RTCIceCandidateInit). */
export const ZCallCandidate = z
  .object({
    type: z.literal("candidate"),
    sid: ZCallSessionId,
    to: ZCallSessionId,
    candidate: z
      .object({
        candidate: z.string().max(CALL_LIMITS.maxCandidateChars),
        sdpMid: z.string().max(64).nullable(),
        sdpMLineIndex: z.number().int().min(0).max(64).nullable(),
        usernameFragment: z.string().max(256).nullable().optional(),
      })
      .strict(),
  })
  .strict();

export const ZCallSignal = z.discriminatedUnion("type", [ZCallState, ZCallDescription, ZCallCandidate]);
export type TCallSignal = z.infer<typeof ZCallSignal>;
export type TCallState = z.infer<typeof ZCallState>;
export type TCallDescription = z.infer<typeof ZCallDescription>;
export type TCallCandidate = z.infer<typeof ZCallCandidate>;

/** What a client sends: a signal for the other participant of `roomId`. Whom it reaches is the server's call. */
export const ZCallSignalRequest = z.object({ roomId: ZRoomId, signal: ZCallSignal }).strict();
export type TCallSignalRequest = z.infer<typeof ZCallSignalRequest>;

/** What the partner receives: the signal and who sent it (the sender's user id, from the server). */
export const ZCallSignalDelivery = z.object({
  roomId: ZRoomId,
  from: z.string().min(1).max(64),
  signal: ZCallSignal,
});
export type TCallSignalDelivery = z.infer<typeof ZCallSignalDelivery>;

/** The server's answer: how many of the partner's connections it reached (0 when they are not connected). */
export type TCallSignalAck = { ok: true; delivered: number } | { ok: false; error: TError };

/**
 * One ICE server (RTCIceServer) from configuration: STUN to find one's public address, TURN to relay media
 * when no direct path exists (strict NATs). Only the URL schemes browsers accept.
 */
export const ZIceServer = z
  .object({
    urls: z.union([
      z.string().regex(/^(stun|stuns|turn|turns):\S+$/, "ICE urls start with stun:, stuns:, turn: or turns:"),
      z
        .array(
          z
            .string()
            .regex(/^(stun|stuns|turn|turns):\S+$/, "ICE urls start with stun:, stuns:, turn: or turns:"),
        )
        .min(1)
        .max(8),
    ]),
    username: z.string().max(512).optional(),
    credential: z.string().max(512).optional(),
  })
  .strict();
export const ZIceServers = z.array(ZIceServer).max(10);
export type TIceServer = z.infer<typeof ZIceServer>;

/**
 * The ICE_SERVERS variable: a JSON array of RTCIceServer; empty or unset = none (host candidates only, which
 * connect two browsers on one network or on loopback).
 */
export const ZIceServersJson = z
  .string()
  .trim()
  .default("")
  .transform((text, ctx) => {
    if (text === "") return [];
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({
        code: "custom",
        message: 'must be a JSON array, e.g. [{"urls":"stun:stun.example.com:3478"}]',
      });
      return z.NEVER;
    }
  })
  .pipe(ZIceServers);
