"use client";

import { useState } from "react";
import { secondaryButton } from "@/app/_components/ui/button-styles";
import { type RoomSim, SIM_SPEEDS, type TRole, type TRoomOp } from "@/lib/room";
import { SCENARIOS } from "@/lib/sim/scenarios/presets";
import type { SimulationScenario } from "@/lib/sim/scenarios/types";
import { ClusterDiagram } from "./cluster-diagram";
import { ClusterOutcomes } from "./cluster-outcomes";
import {
  clusterConfig,
  DEFAULT_KNOBS,
  DESIGN_LABELS,
  type DesignKind,
  type Knobs,
  NODES,
  WORKLOAD,
} from "./cluster-presets";
import { ClusterTimeline } from "./cluster-timeline";
import { PartitionBuilder } from "./partition-builder";
import { RangeMap } from "./range-map";
import { RingView } from "./ring-view";
import { useCluster } from "./use-cluster";

const small = `${secondaryButton} px-2 py-1 text-xs`;
const selectClass =
  "rounded border border-slate-300 bg-white px-1 py-1 text-sm dark:border-slate-700 dark:bg-slate-900";
const PRESETS = SCENARIOS.filter((s): s is SimulationScenario => s.kind === "simulation");

function designSummary(sim: RoomSim): string {
  const d = sim.config.design;
  switch (d.kind) {
    case "quorum":
      return `${DESIGN_LABELS.quorum}: N=${d.n}, W=${d.w}, R=${d.r} (${d.w + d.r > d.n ? "W + R > N" : "W + R ≤ N"})${d.sloppy ? ", sloppy quorum" : ""}, ${d.partitioning === "range" ? "range partitioning (by key order)" : `consistent hashing (${d.vnodes} virtual nodes)`}`;
    case "single-leader":
      return `${DESIGN_LABELS["single-leader"]} (${d.replication})`;
    default:
      return DESIGN_LABELS[d.kind];
  }
}

/**
 * The shared cluster: the candidate picks a design and drives load, the interviewer breaks it, both watch the
 * same simulation. Every button sends one room op; the server checks the sender's role.
 */
export function ClusterPanel(props: {
  roomId: string;
  sim: RoomSim | null;
  role: TRole;
  serverOffsetMs: number;
  disabled: boolean;
  send: (op: TRoomOp) => void;
  /** Replay mode: the cluster as it was at the replay's moment (server time in ms), without any controls. */
  replayAt?: () => number;
}) {
  const { view, outcome, hash, data, ops, resyncs } = useCluster(
    props.roomId,
    props.sim,
    props.serverOffsetMs,
    props.replayAt,
  );
  const controls = !props.replayAt;
  const [anomaly, setAnomaly] = useState<{ key: string; opIds: Set<number>; message: string } | null>(null);
  const [kind, setKind] = useState<DesignKind>("quorum");
  const [knobs, setKnobs] = useState<Knobs>(DEFAULT_KNOBS);
  const [load, setLoad] = useState({ rate: 200, hot: false });
  const [preset, setPreset] = useState("0:0");
  const [inspect, setInspect] = useState<string | null>(null);
  const sim = props.sim;
  const isCandidate = props.role === "candidate";
  const command = (c: object) => props.send({ type: "sim.command", command: c } as TRoomOp);
  const workloadOn =
    sim?.commands.reduce(
      (on, c) => (c.type === "startWorkload" ? true : c.type === "stopWorkload" ? false : on),
      false,
    ) ?? false;
  const leader = view?.nodes.find((n) => n.role === "leader" && n.status === "up");
  // The interviewer's chaos buttons: each one room command (null while it makes no sense, e.g. no leader yet).
  const faults: { label: string; command: object | null }[] = [
    {
      label: "Split regions",
      command: {
        type: "partition",
        groups: [
          ["n1", "n2", "n3"],
          ["n4", "n5"],
        ],
      },
    },
    {
      label: "Isolate the leader",
      command: leader
        ? {
            type: "partition",
            groups: [[leader.id], NODES.map((n) => n.id).filter((id) => id !== leader.id)],
          }
        : null,
    },
    { label: "Isolate n3", command: { type: "partition", groups: [["n3"], ["n1", "n2", "n4", "n5"]] } },
    { label: "Heal network", command: { type: "heal" } },
    { label: "20% message loss", command: { type: "setNetwork", network: { loss: 0.2 } } },
    {
      label: "Latency spikes",
      command: { type: "setNetwork", network: { spikeProbability: 0.2, spikeNs: 200_000_000 } },
    },
    {
      label: "Calm network",
      command: { type: "setNetwork", network: { loss: 0, spikeProbability: 0, spikeNs: 0 } },
    },
    {
      label: "Skew n2 clock +500 ms",
      command: { type: "setClock", node: "n2", offsetNs: 500_000_000, driftPpm: 0 },
    },
  ];
  const extraNode = [...(view?.nodes ?? [])]
    .reverse()
    .find((n) => n.status !== "removed" && !NODES.some((b) => b.id === n.id));
  const scenario = sim?.preset ? PRESETS.find((p) => p.id === sim.preset?.id) : undefined;
  const inspected = inspect ? Object.entries(data[inspect] ?? {}) : [];

  return (
    <section
      aria-labelledby="cluster-heading"
      className="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="cluster-heading" className="font-medium">
          Cluster
        </h2>
        {sim && (
          <div className="flex items-center gap-2 text-sm">
            <span className="font-mono tabular-nums" title="Virtual time">
              <span className="sr-only">Virtual time </span>
              {((view?.now ?? 0) / 1e9).toFixed(2)} s
            </span>
            {controls && (
              <>
                <button
                  type="button"
                  className={small}
                  disabled={props.disabled}
                  onClick={() =>
                    props.send({ type: "sim.clock", playing: !sim.clock.playing, speed: sim.clock.speed })
                  }
                >
                  {sim.clock.playing ? "Pause simulation" : "Play simulation"}
                </button>
                <label className="flex items-center gap-1 text-xs">
                  Speed
                  <select
                    value={sim.clock.speed}
                    disabled={props.disabled}
                    onChange={(e) =>
                      props.send({
                        type: "sim.clock",
                        playing: sim.clock.playing,
                        speed: Number(e.target.value),
                      })
                    }
                    className={selectClass}
                  >
                    {SIM_SPEEDS.map((s) => (
                      <option key={s} value={s}>
                        {s}×
                      </option>
                    ))}
                  </select>
                </label>
              </>
            )}
          </div>
        )}
      </div>

      {controls && (isCandidate || !sim) && (
        <form
          className="flex flex-wrap items-end gap-2 text-sm"
          onSubmit={(e) => {
            e.preventDefault();
            props.send({ type: "sim.reset", config: clusterConfig(kind, knobs) } as TRoomOp);
          }}
        >
          <label className="flex flex-col gap-0.5 text-xs">
            Design
            <select
              value={kind}
              onChange={(e) => setKind(e.target.value as DesignKind)}
              className={selectClass}
            >
              {(Object.keys(DESIGN_LABELS) as DesignKind[]).map((k) => (
                <option key={k} value={k}>
                  {DESIGN_LABELS[k]}
                </option>
              ))}
            </select>
          </label>
          {kind === "quorum" &&
            (["n", "w", "r"] as const).map((k) => (
              <label key={k} className="flex flex-col gap-0.5 text-xs">
                {k.toUpperCase()}
                <input
                  type="number"
                  min={1}
                  max={5}
                  value={knobs[k]}
                  onChange={(e) => setKnobs({ ...knobs, [k]: Number(e.target.value) })}
                  className={`${selectClass} w-14`}
                />
              </label>
            ))}
          {kind === "quorum" && (
            <>
              <label className="flex flex-col gap-0.5 text-xs">
                Partitioning
                <select
                  value={knobs.partitioning}
                  onChange={(e) =>
                    setKnobs({ ...knobs, partitioning: e.target.value as Knobs["partitioning"] })
                  }
                  className={selectClass}
                >
                  <option value="hash">Hash (consistent hashing)</option>
                  <option value="range">Range (by key order)</option>
                </select>
              </label>
              <label className="flex flex-col gap-0.5 text-xs">
                Virtual nodes
                <input
                  type="number"
                  min={1}
                  max={256}
                  disabled={knobs.partitioning === "range"}
                  value={knobs.vnodes}
                  onChange={(e) => setKnobs({ ...knobs, vnodes: Number(e.target.value) })}
                  className={`${selectClass} w-16`}
                />
              </label>
              <label className="flex flex-col gap-0.5 text-xs">
                Conflicts
                <select
                  value={knobs.conflict}
                  onChange={(e) => setKnobs({ ...knobs, conflict: e.target.value as Knobs["conflict"] })}
                  className={selectClass}
                >
                  <option value="lww">last write wins (wall clock)</option>
                  <option value="hlc">last write wins (hybrid logical clock)</option>
                  <option value="vector">vector clocks, keep siblings</option>
                </select>
              </label>
              <label className="flex items-center gap-1 self-center text-xs">
                <input
                  type="checkbox"
                  checked={knobs.sloppy}
                  onChange={(e) => setKnobs({ ...knobs, sloppy: e.target.checked })}
                />
                Sloppy quorum
              </label>
            </>
          )}
          {kind === "single-leader" && (
            <label className="flex flex-col gap-0.5 text-xs">
              Replication
              <select
                value={knobs.replication}
                onChange={(e) =>
                  setKnobs({ ...knobs, replication: e.target.value as typeof knobs.replication })
                }
                className={selectClass}
              >
                <option value="sync">synchronous</option>
                <option value="semi-sync">semi-synchronous</option>
                <option value="async">asynchronous</option>
              </select>
            </label>
          )}
          <button type="submit" className={small} disabled={props.disabled}>
            {sim ? "Restart cluster with this design" : "Start cluster"}
          </button>
        </form>
      )}

      {controls && (
        <form
          className="flex flex-wrap items-end gap-2 text-sm"
          onSubmit={(e) => {
            e.preventDefault();
            const [i, v] = preset.split(":").map(Number);
            const p = PRESETS[i ?? 0];
            if (p) props.send({ type: "sim.preset", presetId: p.id, variant: v ?? 0 });
          }}
        >
          <label className="flex flex-col gap-0.5 text-xs">
            Scenario
            <select
              value={preset}
              onChange={(e) => setPreset(e.target.value)}
              className={`${selectClass} max-w-80`}
            >
              {PRESETS.flatMap((p, i) =>
                p.variants.map((v, j) => (
                  <option key={`${p.id}-${j}`} value={`${i}:${j}`}>
                    {p.title} — {v.label}
                  </option>
                )),
              )}
            </select>
          </label>
          <button type="submit" className={small} disabled={props.disabled}>
            Load scenario
          </button>
        </form>
      )}

      {!sim && (
        <p className="text-sm text-slate-500">
          No cluster yet. The candidate picks a design, or either of you loads a scenario.
        </p>
      )}

      {sim && (
        <>
          <p className="text-sm" data-testid="cluster-design">
            {designSummary(sim)}
          </p>
          {scenario && sim.preset && (
            <p
              className="rounded-md bg-brand-50 px-3 py-2 text-sm dark:bg-brand-700/20"
              data-testid="scenario-question"
            >
              <span className="font-medium">{scenario.title}</span> ({sim.preset.label}): {scenario.question}
            </p>
          )}
          <div className="grid gap-3 md:grid-cols-[1fr_15rem]">
            <div className="text-slate-400">
              {view ? <ClusterDiagram view={view} /> : <p className="text-sm">Starting…</p>}
            </div>
            <div className="space-y-2 text-sm">
              <ul aria-label="Nodes" className="space-y-0.5">
                {view?.nodes.map((n) => (
                  <li
                    key={n.id}
                    aria-label={`${n.id}: ${n.status === "up" ? n.role : n.status}${n.term !== null ? `, term ${n.term}` : ""}`}
                    className="flex items-center justify-between gap-2"
                  >
                    <button
                      type="button"
                      className="text-left"
                      aria-pressed={inspect === n.id}
                      aria-label={`Show data on ${n.id}`}
                      onClick={() => setInspect(inspect === n.id ? null : n.id)}
                    >
                      <span className="font-mono underline decoration-dotted">{n.id}</span>{" "}
                      <span className="text-xs text-slate-500">{n.status === "up" ? n.role : n.status}</span>
                      {n.clockOffsetMs !== 0 && (
                        <span className="text-xs text-amber-600">
                          {" "}
                          clock {n.clockOffsetMs > 0 ? "+" : ""}
                          {n.clockOffsetMs} ms
                        </span>
                      )}
                    </button>
                    {controls && !isCandidate && (
                      <button
                        type="button"
                        className="text-xs text-brand-600 underline disabled:opacity-50 dark:text-brand-400"
                        disabled={props.disabled}
                        aria-label={n.status === "up" ? `Crash ${n.id}` : `Restart ${n.id}`}
                        onClick={() => command({ type: n.status === "up" ? "crash" : "restart", node: n.id })}
                      >
                        {n.status === "up" ? "crash" : "restart"}
                      </button>
                    )}
                  </li>
                ))}
              </ul>
              {inspect &&
                (() => {
                  const n = view?.nodes.find((x) => x.id === inspect);
                  return n?.log ? (
                    <p className="text-xs" data-testid="raft-log">
                      Raft log on {n.id}: {n.log.length} entries, committed up to {n.log.commitIndex} (term{" "}
                      {n.term})
                    </p>
                  ) : null;
                })()}
              {inspect && (
                <table className="w-full text-left text-xs" aria-label={`Data on ${inspect}`}>
                  <thead>
                    <tr>
                      <th scope="col">Key</th>
                      <th scope="col">Value(s)</th>
                    </tr>
                  </thead>
                  <tbody>
                    {inspected.length === 0 && (
                      <tr>
                        <td colSpan={2} className="text-slate-500">
                          No data on {inspect}.
                        </td>
                      </tr>
                    )}
                    {inspected.map(([key, values]) => (
                      <tr key={key}>
                        <td className="font-mono">{key}</td>
                        <td className={values.length > 1 ? "text-amber-600" : ""}>
                          {values.join(" | ")}
                          {values.length > 1 ? " (siblings)" : ""}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
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
                <p className="font-mono text-[10px] text-slate-400" data-testid="cluster-hash">
                  state {hash}
                  {resyncs > 0 ? ` · resynchronised ${resyncs}× after disagreeing with the server` : ""}
                </p>
              )}
            </div>
          </div>

          {sim.config.design.kind === "quorum" &&
            view &&
            (view.ranges ? (
              <RangeMap ranges={view.ranges} n={sim.config.design.n} />
            ) : (
              <RingView
                members={view.nodes.filter((n) => n.status !== "removed").map((n) => n.id)}
                vnodes={sim.config.design.vnodes}
              />
            ))}
          <ClusterTimeline ops={ops} now={view?.now ?? 0} highlight={anomaly?.opIds ?? new Set()} />
          {controls && !isCandidate && view && (
            <PartitionBuilder
              nodes={view.nodes.filter((n) => n.status !== "removed").map((n) => n.id)}
              disabled={props.disabled}
              onApply={(groups) => command({ type: "partition", groups })}
            />
          )}
          {controls && (
            <div className="flex flex-wrap gap-2">
              {isCandidate ? (
                <>
                  <label className="flex items-center gap-1 text-xs">
                    Rate
                    <select
                      value={load.rate}
                      disabled={workloadOn}
                      onChange={(e) => setLoad({ ...load, rate: Number(e.target.value) })}
                      className={selectClass}
                    >
                      {[50, 200, 1000].map((r) => (
                        <option key={r} value={r}>
                          {r} ops/s
                        </option>
                      ))}
                    </select>
                  </label>
                  <label className="flex items-center gap-1 text-xs">
                    Keys
                    <select
                      value={load.hot ? "hot" : "uniform"}
                      disabled={workloadOn}
                      onChange={(e) => setLoad({ ...load, hot: e.target.value === "hot" })}
                      className={selectClass}
                    >
                      <option value="uniform">uniform</option>
                      <option value="hot">one hot key (80%)</option>
                    </select>
                  </label>
                  <button
                    type="button"
                    className={small}
                    disabled={props.disabled}
                    onClick={() =>
                      command(
                        workloadOn
                          ? { type: "stopWorkload" }
                          : {
                              type: "startWorkload",
                              workload: {
                                ...WORKLOAD,
                                meanIntervalNs: Math.round(1e9 / load.rate),
                                hotKeyShare: load.hot ? 0.8 : 0,
                              },
                            },
                      )
                    }
                  >
                    {workloadOn ? "Stop workload" : "Start workload"}
                  </button>
                  <button
                    type="button"
                    className={small}
                    disabled={props.disabled || (view?.nodes.length ?? 0) >= 8}
                    onClick={() =>
                      command({
                        type: "addNode",
                        node: { id: `n${(view?.nodes.length ?? 5) + 1}`, region: "us", dc: "us-3" },
                      })
                    }
                  >
                    Add a node
                  </button>
                  <button
                    type="button"
                    className={small}
                    disabled={props.disabled || !extraNode}
                    onClick={() => extraNode && command({ type: "removeNode", node: extraNode.id })}
                  >
                    Remove the added node
                  </button>
                  <button
                    type="button"
                    className={small}
                    disabled={props.disabled}
                    onClick={() => command({ type: "clientWrite", node: "n1", key: "k0" })}
                  >
                    Write k0 via n1 (eu)
                  </button>
                  <button
                    type="button"
                    className={small}
                    disabled={props.disabled}
                    onClick={() => command({ type: "clientRead", node: "n4", key: "k0" })}
                  >
                    Read k0 via n4 (us)
                  </button>
                </>
              ) : (
                faults.map((f) => (
                  <button
                    key={f.label}
                    type="button"
                    className={small}
                    disabled={props.disabled || f.command === null}
                    onClick={() => f.command && command(f.command)}
                  >
                    {f.label}
                  </button>
                ))
              )}
            </div>
          )}
        </>
      )}
    </section>
  );
}
