"use client";

import { useState } from "react";
import type { TRoomOpInput } from "@/lib/room";
import type { NodeView } from "@/lib/sim/view";
import { nodeFault } from "./commands";
import { PanelButtonView } from "./panel-button";
import type { Topology } from "./topology";

/**
 * The nodes, each with its status and role; picking one shows what it holds (keys and values, siblings flagged)
 * and, under Raft, its log. The interviewer also crashes and restarts nodes here.
 */
export function NodeInspector(props: {
  nodes: readonly NodeView[] | undefined;
  /** node → key → values it holds. */
  data: Record<string, Record<string, number[]>>;
  /** Show the crash/restart buttons (the interviewer, live). */
  faults: boolean;
  /** The nodes a command may name (the end of the room's command log). */
  topology: Pick<Topology, "nodes">;
  disabled: boolean;
  send: (op: TRoomOpInput) => void;
}) {
  const [inspect, setInspect] = useState<string | null>(null);
  const inspected = inspect ? Object.entries(props.data[inspect] ?? {}) : [];
  const raftNode = inspect ? props.nodes?.find((n) => n.id === inspect) : undefined;
  return (
    <>
      <ul aria-label="Nodes" className="space-y-0.5">
        {props.nodes?.map((n) => (
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
              <span className="text-xs text-slate-500 dark:text-slate-400">
                {n.status === "up" ? n.role : n.status}
                {n.paused && ", paused (GC)"}
              </span>
              {n.clockOffsetMs !== 0 && (
                <span className="text-xs text-amber-700 dark:text-amber-400">
                  {" "}
                  clock {n.clockOffsetMs > 0 ? "+" : ""}
                  {n.clockOffsetMs} ms
                </span>
              )}
            </button>
            {props.faults && (
              <NodeFaultButton
                node={n}
                topology={props.topology}
                disabled={props.disabled}
                send={props.send}
              />
            )}
          </li>
        ))}
      </ul>
      {raftNode?.log && (
        <p className="text-xs" data-testid="raft-log">
          Raft log on {raftNode.id}: {raftNode.log.length} entries, committed up to {raftNode.log.commitIndex}{" "}
          (term {raftNode.term})
        </p>
      )}
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
                <td colSpan={2} className="text-slate-500 dark:text-slate-400">
                  No data on {inspect}.
                </td>
              </tr>
            )}
            {inspected.map(([key, values]) => (
              <tr key={key}>
                <td className="font-mono">{key}</td>
                <td className={values.length > 1 ? "text-amber-700 dark:text-amber-400" : ""}>
                  {values.join(" | ")}
                  {values.length > 1 ? " (siblings)" : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function NodeFaultButton(props: {
  node: NodeView;
  topology: Pick<Topology, "nodes">;
  disabled: boolean;
  send: (op: TRoomOpInput) => void;
}) {
  const fault = nodeFault(props.node, props.topology);
  if (!fault) return null;
  return (
    <PanelButtonView
      button={fault}
      className="text-xs text-brand-600 underline disabled:opacity-50 dark:text-brand-400"
      disabled={props.disabled}
      send={props.send}
    >
      {props.node.status === "up" ? "crash" : "restart"}
    </PanelButtonView>
  );
}
