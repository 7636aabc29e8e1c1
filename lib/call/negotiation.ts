// "Perfect negotiation" (W3C WebRTC, §10.7): either side may send an offer whenever its tracks change, and
// when both offer at once (glare) exactly one side yields. The polite side rolls its own offer back and
// answers; the impolite side ignores the incoming offer and waits for the answer to its own.

/** The side with the smaller user id is polite, so the two browsers always disagree about who yields. */
export function isPolite(selfUserId: string, partnerUserId: string): boolean {
  return selfUserId < partnerUserId;
}

/** What the browser shell knows at the moment a description arrives. */
export interface NegotiationFlags {
  polite: boolean;
  /** Between negotiationneeded and the end of our setLocalDescription(). */
  makingOffer: boolean;
  signalingState:
    | "stable"
    | "have-local-offer"
    | "have-remote-offer"
    | "have-local-pranswer"
    | "have-remote-pranswer"
    | "closed";
  /** We are applying an answer right now (the state will be stable as soon as that finishes). */
  settingRemoteAnswer: boolean;
}

export type DescriptionVerdict =
  /** Apply it (an offer is then answered). */
  | { apply: true; collision: boolean }
  /** Drop it: the impolite side's rule in a collision, or an answer to no offer of ours. */
  | { apply: false; reason: "glare_impolite" | "unexpected_answer" | "closed" };

export function onRemoteDescription(f: NegotiationFlags, type: "offer" | "answer"): DescriptionVerdict {
  if (f.signalingState === "closed") return { apply: false, reason: "closed" };
  if (type === "answer")
    // An answer only makes sense to an offer we have outstanding; any other is left over from a rollback.
    return f.signalingState === "have-local-offer" || f.settingRemoteAnswer
      ? { apply: true, collision: false }
      : { apply: false, reason: "unexpected_answer" };
  const readyForOffer = !f.makingOffer && (f.signalingState === "stable" || f.settingRemoteAnswer);
  const collision = !readyForOffer;
  if (collision && !f.polite) return { apply: false, reason: "glare_impolite" };
  return { apply: true, collision };
}
