"use client";

import { onRemoteDescription, type PeerConnectionState } from "@/lib/call";
import type { TCallCandidate, TCallDescription, TCallSignal } from "@/lib/protocol/call";

export interface PeerLinkOptions {
  selfSid: string;
  partnerSid: string;
  polite: boolean;
  iceServers: RTCIceServer[];
  send(signal: TCallSignal): void;
  onConnectionState(state: PeerConnectionState): void;
  onRemoteTrack(track: MediaStreamTrack): void;
  onError(message: string): void;
}

/**
 * One RTCPeerConnection to one partner session, negotiated the "perfect negotiation" way: whoever's tracks
 * change sends an offer; in a collision the polite side yields (lib/call/negotiation decides). Closed, never
 * reused: a partner who rejoins gets a new link.
 *
 * The first negotiation is the impolite side's alone: the polite side adds nothing until it has the first
 * offer, then answers with its tracks in. Chromium (156) gathers no ICE candidates at all on a side that rolls
 * back its *first* offer to take the other's, so a glare at the very start would leave the call "new" for
 * ever; later collisions (both turning the camera on at once) roll back fine and are left to the rule.
 */
export class PeerLink {
  readonly pc: RTCPeerConnection;
  private makingOffer = false;
  private settingRemoteAnswer = false;
  private ignoredOffer = false;
  private closed = false;
  /** The side has added its data channel and tracks (the impolite one at once, the polite one on the first offer). */
  private started = false;
  private readonly held = new Map<"audio" | "video", { track: MediaStreamTrack; stream: MediaStream }>();
  private readonly senders = new Map<"audio" | "video", RTCRtpSender>();

  constructor(private readonly o: PeerLinkOptions) {
    this.pc = new RTCPeerConnection({ iceServers: o.iceServers });
    const { pc } = this;
    pc.onnegotiationneeded = async () => {
      try {
        this.makingOffer = true;
        await pc.setLocalDescription();
        this.sendDescription();
      } catch (err) {
        this.fail("Could not start the call's connection", err);
      } finally {
        this.makingOffer = false;
      }
    };
    pc.onicecandidate = ({ candidate }) => {
      if (!candidate || this.closed) return;
      const c = candidate.toJSON();
      this.o.send({
        type: "candidate",
        sid: o.selfSid,
        to: o.partnerSid,
        candidate: {
          candidate: c.candidate ?? "",
          sdpMid: c.sdpMid ?? null,
          sdpMLineIndex: c.sdpMLineIndex ?? null,
          usernameFragment: c.usernameFragment ?? null,
        },
      });
    };
    pc.onconnectionstatechange = () => o.onConnectionState(pc.connectionState);
    // A path that broke for good (network change): gather again; negotiationneeded sends the new offer.
    pc.oniceconnectionstatechange = () => {
      if (pc.iceConnectionState === "failed") pc.restartIce();
    };
    pc.ontrack = ({ track }) => o.onRemoteTrack(track);
    if (!o.polite) this.start();
  }

  /**
   * Adds this side's part: a data channel both sides declare (negotiated, id 0: the connection forms even when
   * neither side sends media, e.g. two listeners without microphones) and the tracks held so far.
   */
  private start(): void {
    this.started = true;
    this.pc.createDataChannel("quorum", { negotiated: true, id: 0 });
    for (const [kind, { track, stream }] of this.held)
      this.senders.set(kind, this.pc.addTrack(track, stream));
    this.held.clear();
  }

  get partnerSid(): string {
    return this.o.partnerSid;
  }

  /** Sends `track` as this side's audio or video (the first time adds it, which renegotiates; later replaces). */
  async setTrack(
    kind: "audio" | "video",
    track: MediaStreamTrack | null,
    stream: MediaStream,
  ): Promise<void> {
    if (this.closed) return;
    if (!this.started) {
      if (track) this.held.set(kind, { track, stream });
      else this.held.delete(kind);
      return;
    }
    const sender = this.senders.get(kind);
    if (sender) await sender.replaceTrack(track);
    else if (track) this.senders.set(kind, this.pc.addTrack(track, stream));
  }

  /** An offer or answer from the partner. Must not await before setRemoteDescription (keeps candidates after it). */
  async onDescription(d: TCallDescription["description"]): Promise<void> {
    if (this.closed) return;
    const verdict = onRemoteDescription(
      {
        polite: this.o.polite,
        makingOffer: this.makingOffer,
        signalingState: this.pc.signalingState,
        settingRemoteAnswer: this.settingRemoteAnswer,
      },
      d.type,
    );
    this.ignoredOffer = !verdict.apply && verdict.reason === "glare_impolite";
    if (!verdict.apply) return;
    try {
      this.settingRemoteAnswer = d.type === "answer";
      // On the polite side a colliding offer rolls our own back implicitly.
      await this.pc.setRemoteDescription(d);
      this.settingRemoteAnswer = false;
      // Polite side, first offer: our tracks join the transceivers it created, so the answer carries them.
      if (d.type === "offer" && !this.started) this.start();
      if (d.type === "offer") {
        await this.pc.setLocalDescription();
        this.sendDescription();
      }
    } catch (err) {
      this.settingRemoteAnswer = false;
      this.fail("The call's connection could not be set up", err);
    }
  }

  async onCandidate(c: TCallCandidate["candidate"]): Promise<void> {
    if (this.closed) return;
    try {
      await this.pc.addIceCandidate(c);
    } catch (err) {
      // Candidates of an offer we ignored (glare) are expected to fail.
      if (!this.ignoredOffer && !this.closed) this.fail("A network route to your partner was refused", err);
    }
  }

  /** After the room's socket came back: if the media path is not up, gather afresh and renegotiate. */
  kick(): void {
    if (!this.closed && this.started && this.pc.connectionState !== "connected") this.pc.restartIce();
  }

  close(): void {
    this.closed = true;
    this.pc.onnegotiationneeded = null;
    this.pc.onicecandidate = null;
    this.pc.onconnectionstatechange = null;
    this.pc.ontrack = null;
    this.pc.close();
  }

  private sendDescription(): void {
    const local = this.pc.localDescription;
    if (this.closed || !local || (local.type !== "offer" && local.type !== "answer")) return;
    this.o.send({
      type: "description",
      sid: this.o.selfSid,
      to: this.o.partnerSid,
      description: { type: local.type, sdp: local.sdp },
    });
  }

  private fail(what: string, err: unknown): void {
    if (this.closed) return;
    console.warn(what, err);
    this.o.onError(`${what}. Leave the call and join again.`);
  }
}
