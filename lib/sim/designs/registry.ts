import type { TDesign } from "../schema";
import type { Design } from "../types";
import { gossipDesign } from "./gossip";
import { leaseDesign } from "./lease";
import { multiLeaderDesign } from "./multi-leader";
import { paxosDesign } from "./paxos";
import { quorumDesign } from "./quorum";
import { raftDesign } from "./raft";
import { singleLeaderDesign } from "./single-leader";
import { twoPhaseCommitDesign } from "./two-phase-commit";

/** Adding a design: implement `Design<S>` in its own file, add its config to `ZDesign`, and a case here. */
export function designFor(design: TDesign): Design<unknown> {
  switch (design.kind) {
    case "quorum":
      return quorumDesign as Design<unknown>;
    case "raft":
      return raftDesign as Design<unknown>;
    case "single-leader":
      return singleLeaderDesign as Design<unknown>;
    case "multi-leader":
      return multiLeaderDesign as Design<unknown>;
    case "gossip":
      return gossipDesign as Design<unknown>;
    case "paxos":
      return paxosDesign as Design<unknown>;
    case "lease":
      return leaseDesign as Design<unknown>;
    case "two-phase-commit":
      return twoPhaseCommitDesign as Design<unknown>;
    default: {
      const never: never = design;
      throw new Error(`unknown design ${JSON.stringify(never)}`);
    }
  }
}
