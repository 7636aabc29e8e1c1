import type { TDesign } from "../schema";
import type { Design } from "../types";
import { multiLeaderDesign } from "./multi-leader";
import { quorumDesign } from "./quorum";
import { raftDesign } from "./raft";
import { singleLeaderDesign } from "./single-leader";

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
    default: {
      const never: never = design;
      throw new Error(`unknown design ${JSON.stringify(never)}`);
    }
  }
}
