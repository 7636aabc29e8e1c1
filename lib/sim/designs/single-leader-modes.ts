import type { TSingleLeaderDesign } from "../schema";

/**
 * What people read about a single-leader design's knobs, in the article's words. The stored values ("sync",
 * "semi-sync", "async") are in every stored session's event log and state hash, so they stay; this table is the
 * only place that says what they are called. The article's "synchronous replication" is the leader waiting for
 * at least one follower, which is the stored "semi-sync"; waiting for every follower is a different mode.
 */
export type TReplicationMode = TSingleLeaderDesign["replication"];
export type TPromotionRule = NonNullable<TSingleLeaderDesign["promote"]>;

interface Described {
  /** The name shown in the form, the panel and the presets. */
  name: string;
  /** One sentence on what it does and what it costs. */
  meaning: string;
}

/** In the order the form lists them. */
export const REPLICATION_MODES: Record<TReplicationMode, Described> = {
  "semi-sync": {
    name: "Synchronous (one follower)",
    meaning:
      "The leader acknowledges a write once at least one follower has applied it; the others follow asynchronously. The article's synchronous replication (often called semi-synchronous).",
  },
  sync: {
    name: "All followers",
    meaning:
      "The leader acknowledges a write once every follower has applied it: no follower is behind, but one slow or unreachable follower stops every write.",
  },
  async: {
    name: "Asynchronous",
    meaning:
      "The leader acknowledges a write once its own disk has it and ships it with the next heartbeat: a leader crash loses what it had not shipped.",
  },
};

export const PROMOTION_RULES: Record<TPromotionRule, Described> = {
  freshest: {
    name: "Most up-to-date follower",
    meaning:
      "On failover the follower that has applied the most of the old leader's changes takes over, as a real failover manager would choose.",
  },
  first: {
    name: "First follower to notice",
    meaning:
      "On failover the first follower in order that hears nothing takes over, even when another follower holds writes it lacks.",
  },
};

/** The rule a design runs: explicit, or the engine's default (engine 1 promoted the first; later the freshest). */
export function promotionRule(
  design: { promote?: TPromotionRule | undefined },
  engine: number,
): TPromotionRule {
  return design.promote ?? (engine >= 2 ? "freshest" : "first");
}
