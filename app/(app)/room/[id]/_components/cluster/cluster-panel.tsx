"use client";

import { type ReactNode, useMemo, useState } from "react";
import type { RoomSim, TRole, TRoomOpInput } from "@/lib/room";
import { antiEntropySummary } from "@/lib/sim/designs/merkle";
import { describeBlocking } from "@/lib/sim/designs/two-phase-commit-metrics";
import { ClockControls, CommandControls } from "./cluster-controls";
import { ClusterDiagram } from "./cluster-diagram";
import { ClusterOutcomes } from "./cluster-outcomes";
import { designSummary, SCENARIO_PRESETS } from "./cluster-presets";
import { ClusterTimeline } from "./cluster-timeline";
import { partitionNetwork } from "./commands";
import { DesignForm } from "./design-form";
import { GossipMetricsView } from "./gossip-metrics";
import { NodeInspector } from "./node-inspector";
import { PartitionBuilder } from "./partition-builder";
import { RangeMap } from "./range-map";
import { RingView } from "./ring-view";
import { ScenarioPicker } from "./scenario-picker";
import { SpaceTime } from "./space-time";
import { clusterTopology } from "./topology";
import { useCluster } from "./use-cluster";

const NO_OPS: ReadonlySet<number> = new Set();

/**
 * The shared cluster: the candidate picks a design and drives load, the interviewer breaks it, both watch the
 * same simulation. Every button sends one room op (built in commands.ts); the server checks the sender's role.
 */
export function ClusterPanel(props: {
  roomId: string;
  sim: RoomSim | null;
  role: TRole;
  serverOffsetMs: number;
  disabled: boolean;
  send: (op: TRoomOpInput) => void;
  /** Replay mode: the cluster as it was at the replay's moment (server time in ms), without any controls. */
  replayAt?: () => number;
  /** Extra buttons for the header row (the workspace's maximise button). */
  actions?: ReactNode;
}) {
  const { view, outcome, hash, data, ops, resyncs, simulation } = useCluster(
    props.roomId,
    props.sim,
    props.serverOffsetMs,
    props.replayAt,
  );
  const controls = !props.replayAt;
  const [anomaly, setAnomaly] = useState<{ key: string; opIds: Set<number>; message: string } | null>(null);
  const sim = props.sim;
  const isCandidate = props.role === "candidate";
  const scenario = sim?.preset ? SCENARIO_PRESETS.find((p) => p.id === sim.preset?.id) : undefined;
  const liveNodes = view?.nodes.filter((n) => n.status !== "removed").map((n) => n.id);
  // Buttons name nodes from the command log, where the next command lands; the view is for what is drawn.
  const topology = useMemo(() => (sim ? clusterTopology(sim) : null), [sim]);

  return (
    <section
      aria-labelledby="cluster-heading"
      className="@container space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex items-center gap-2">
          <h2 id="cluster-heading" className="font-medium">
            Cluster
          </h2>
          {props.actions}
        </div>
        {sim && (
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <span className="font-mono tabular-nums" title="Virtual time">
              <span className="sr-only">Virtual time </span>
              {((view?.now ?? 0) / 1e9).toFixed(2)} s
            </span>
            {controls && <ClockControls clock={sim.clock} disabled={props.disabled} send={props.send} />}
          </div>
        )}
      </div>

      {controls && (isCandidate || !sim) && (
        // Remounted whenever anyone (re)sets the cluster, so the form shows the running design; edits made since
        // survive every other render.
        <DesignForm
          key={sim?.epoch ?? 0}
          running={sim?.config ?? null}
          disabled={props.disabled}
          send={props.send}
        />
      )}
      {controls && <ScenarioPicker disabled={props.disabled} send={props.send} />}

      {!sim && (
        <p className="text-sm text-slate-500 dark:text-slate-400">
          No cluster yet. The candidate picks a design, or either of you loads a scenario.
        </p>
      )}

      {sim && (
        <>
          <p className="text-sm" data-testid="cluster-design">
            {designSummary(sim.config.design, sim.config.engine)}
          </p>
          {view?.antiEntropy && sim.config.design.kind === "quorum" && (
            <p className="text-xs text-slate-600 dark:text-slate-400" data-testid="anti-entropy-bytes">
              {antiEntropySummary(view.antiEntropy, sim.config.design.antiEntropyMode ?? "full")}
            </p>
          )}
          {scenario && sim.preset && (
            <p
              className="rounded-md bg-brand-50 px-3 py-2 text-sm dark:bg-brand-700/20"
              data-testid="scenario-question"
            >
              <span className="font-medium">{scenario.title}</span> ({sim.preset.label}): {scenario.question}
            </p>
          )}
          <div className="grid gap-3 @lg:grid-cols-[1fr_15rem]">
            <div className="text-slate-400">
              {view ? (
                <ClusterDiagram view={view} />
              ) : (
                <p className="text-sm text-slate-600 dark:text-slate-400">Starting…</p>
              )}
            </div>
            <div className="space-y-2 text-sm">
              <NodeInspector
                nodes={view?.nodes}
                data={data}
                faults={controls && !isCandidate}
                topology={topology ?? { nodes: [] }}
                disabled={props.disabled}
                send={props.send}
              />
              <ClusterOutcomes
                outcome={outcome}
                selected={anomaly}
                onSelect={(a) =>
                  setAnomaly((prev) =>
                    a
                      ? {
                          key: a.key,
                          message: a.message,
                          opIds: a.opIds.length ? new Set(a.opIds) : (prev?.opIds ?? new Set()),
                        }
                      : null,
                  )
                }
              />
              {hash && (
                <p
                  className="font-mono text-[10px] text-slate-600 dark:text-slate-400"
                  data-testid="cluster-hash"
                >
                  state {hash}
                  {resyncs > 0 ? ` · resynchronised ${resyncs}× after disagreeing with the server` : ""}
                </p>
              )}
            </div>
          </div>

          {sim.config.design.kind === "quorum" &&
            view &&
            liveNodes &&
            (view.ranges ? (
              <RangeMap ranges={view.ranges} n={sim.config.design.n} />
            ) : (
              <RingView members={liveNodes} vnodes={sim.config.design.vnodes} />
            ))}
          {view?.gossip && <GossipMetricsView metrics={view.gossip} />}
          {view?.twoPhaseCommit && (
            <p className="text-sm tabular-nums" data-testid="two-phase-commit-metrics">
              {describeBlocking(
                view.twoPhaseCommit,
                view.nodes.map((n) => n.id),
              )}
            </p>
          )}
          <ClusterTimeline ops={ops} now={view?.now ?? 0} highlight={anomaly?.opIds ?? new Set()} />
          <SpaceTime simulation={simulation} highlight={anomaly?.opIds ?? NO_OPS} ops={ops} />
          {controls && !isCandidate && topology && (
            <PartitionBuilder
              nodes={topology.nodes.map((n) => n.id)}
              disabled={props.disabled}
              onApply={(groups) => props.send(partitionNetwork(groups))}
            />
          )}
          {controls && topology && (
            <CommandControls
              isCandidate={isCandidate}
              design={sim.config.design.kind}
              commands={sim.commands}
              topology={topology}
              nodes={view?.nodes}
              disabled={props.disabled}
              send={props.send}
            />
          )}
        </>
      )}
    </section>
  );
}
