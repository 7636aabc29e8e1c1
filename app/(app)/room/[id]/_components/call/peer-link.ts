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
 */
export class PeerLink {
  readonly pc: RTCPeerConnection;
  private makingOffer = false;
  private settingRemoteAnswer = false;
  private ignoredOffer = false;
  private closed = false;
  private readonly senders = new Map<"audio" | "video", RTCRtpSender>();

  constructor(private readonly o: PeerLinkOptions) {
    this.pc = new RTCPeerConnection({ iceServers: o.iceServers });
    const { pc } = this;
    // A data channel both sides declare (negotiated, id 0): the connection forms even when neither side
    // sends media (two listeners without microphones), and it is there for later uses of the call.
    pc.createDataChannel("quorum", { negotiated: true, id: 0 });
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
      console.log("[call] local cand", candidate?.candidate);
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
    pc.onconnectionstatechange = () => { console.log("[call] conn", pc.connectionState); o.onConnectionState(pc.connectionState); };
    pc.onsignalingstatechange = () => console.log("[call] sig", pc.signalingState);
    pc.onicegatheringstatechange = () => console.log("[call] gather", pc.iceGatheringState);
    // A path that broke for good (network change): gather again; negotiationneeded sends the new offer.
    pc.oniceconnectionstatechange = () => {
      if (pc.iceConnectionState === "failed") pc.restartIce();
    };
    pc.ontrack = ({ track }) => o.onRemoteTrack(track);
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
    const sender = this.senders.get(kind);
    if (sender) await sender.replaceTrack(track);
    else if (track) this.senders.set(kind, this.pc.addTrack(track, stream));
  }

  /** An offer or answer from the partner. Must not await before setRemoteDescription (keeps candidates after it). */
  async onDescription(d: TCallDescription["description"]): Promise<void> {
    console.log("[call] remote desc", d.type, this.pc.signalingState, this.makingOffer);
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
    console.log("[call] remote cand", c.candidate);
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
    if (!this.closed && this.pc.connectionState !== "connected") this.pc.restartIce();
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
    console.log("[call] send desc", local?.type);
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
