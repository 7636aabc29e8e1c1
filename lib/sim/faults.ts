import { MS } from "./constants";
import { deriveStream, nextFloat, nextInt, nextUint32, type RngState } from "./prng";
import type { TSimCommandInput } from "./schema";

/**
 * A random fault schedule ("chaos") drawn only from the seed's "faults" stream, so the same seed injects the
 * same faults at the same times whichever design is running: comparing designs compares like with like.
 * Every fault is undone by `untilNs` (heal, restart, loss off, clocks reset), so the run can settle after it.
 */
export type FaultKind = "crash" | "partition" | "oneWay" | "loss" | "skew";

export interface FaultScheduleOptions {
  nodes: readonly string[];
  fromNs: number;
  untilNs: number;
  meanGapNs?: number;
  kinds?: readonly FaultKind[];
}

function pick<T>(rng: RngState, xs: readonly T[]): T {
  return xs[nextUint32(rng) % xs.length] as T;
}

function shuffled<T>(rng: RngState, xs: readonly T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = nextUint32(rng) % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

export function generateFaultSchedule(seed: number, options: FaultScheduleOptions): TSimCommandInput[] {
  const rng = deriveStream(seed, "faults");
  const kinds = options.kinds ?? ["crash", "partition", "oneWay", "loss", "skew"];
  const gap = options.meanGapNs ?? 200 * MS;
  const { nodes, untilNs } = options;
  const out: TSimCommandInput[] = [];
  let t = options.fromNs;
  for (;;) {
    t += nextInt(rng, 1, 2 * gap);
    if (t >= untilNs || nodes.length === 0) break;
    const kind = pick(rng, kinds);
    const lasts = nextInt(rng, 50 * MS, 2 * gap);
    const end = Math.min(untilNs, t + lasts);
    switch (kind) {
      case "crash": {
        const node = pick(rng, nodes);
        out.push({ type: "crash", at: t, node }, { type: "restart", at: end, node });
        break;
      }
      case "partition": {
        const order = shuffled(rng, nodes);
        const cut = nextInt(rng, 1, Math.max(1, nodes.length - 1));
        out.push(
          { type: "partition", at: t, groups: [order.slice(0, cut), order.slice(cut)] },
          { type: "heal", at: end },
        );
        break;
      }
      case "oneWay": {
        const order = shuffled(rng, nodes);
        out.push(
          { type: "partitionOneWay", at: t, from: order.slice(0, 1), to: order.slice(1) },
          { type: "heal", at: end },
        );
        break;
      }
      case "loss":
        out.push(
          { type: "setNetwork", at: t, network: { loss: Math.round(nextFloat(rng) * 30) / 100 } },
          { type: "setNetwork", at: end, network: { loss: 0 } },
        );
        break;
      case "skew": {
        const node = pick(rng, nodes);
        const offsetNs = nextInt(rng, -500, 500) * MS;
        out.push(
          { type: "setClock", at: t, node, offsetNs, driftPpm: nextInt(rng, -200, 200) },
          { type: "setClock", at: end, node, offsetNs: 0, driftPpm: 0 },
        );
        break;
      }
      default: {
        const never: never = kind;
        throw new Error(`unknown fault ${never}`);
      }
    }
  }
  out.push({ type: "heal", at: untilNs }, { type: "setNetwork", at: untilNs, network: { loss: 0 } });
  for (const node of nodes) out.push({ type: "restart", at: untilNs, node });
  return out.sort((a, b) => a.at - b.at);
}
