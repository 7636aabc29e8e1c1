"use client";

import { useState } from "react";
import { SIM_SPEEDS, type SimClock, type TRoomOpInput } from "@/lib/room";
import type { TSimCommand } from "@/lib/sim";
import type { NodeView } from "@/lib/sim/view";
import { type DesignKind, WORKLOAD_RATES } from "./cluster-presets";
import { selectClass, smallButton } from "./cluster-styles";
import {
  candidateButtons,
  changeSpeed,
  faultButtons,
  pauseButton,
  togglePlaying,
  workloadButton,
} from "./commands";
import { PanelButtonView } from "./panel-button";
import type { Topology } from "./topology";

type Send = (op: TRoomOpInput) => void;

/** Play/pause and speed of the shared virtual clock; either participant may change them. */
export function ClockControls(props: { clock: SimClock; disabled: boolean; send: Send }) {
  const { clock } = props;
  return (
    <>
      <button
        type="button"
        className={smallButton}
        disabled={props.disabled}
        onClick={() => props.send(togglePlaying(clock))}
      >
        {clock.playing ? "Pause simulation" : "Play simulation"}
      </button>
      <label className="flex items-center gap-1 text-xs">
        Speed
        <select
          value={clock.speed}
          disabled={props.disabled}
          onChange={(e) => props.send(changeSpeed(clock, Number(e.target.value)))}
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
  );
}

/** Whether the last workload command started one (and no stop came after it). */
function workloadRunning(commands: readonly TSimCommand[]): boolean {
  return commands.reduce(
    (on, c) => (c.type === "startWorkload" ? true : c.type === "stopWorkload" ? false : on),
    false,
  );
}

/** The candidate's commands: start and stop load, grow and shrink the cluster, one read and one write. */
function WorkloadControls(props: {
  commands: readonly TSimCommand[];
  topology: Topology;
  disabled: boolean;
  send: Send;
}) {
  const [load, setLoad] = useState({ rate: 200, hot: false });
  const workloadOn = workloadRunning(props.commands);
  return (
    <>
      <label className="flex items-center gap-1 text-xs">
        Rate
        <select
          value={load.rate}
          disabled={workloadOn}
          onChange={(e) => setLoad({ ...load, rate: Number(e.target.value) })}
          className={selectClass}
        >
          {WORKLOAD_RATES.map((r) => (
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
      <PanelButtonView
        button={workloadButton(workloadOn, load, props.topology.nodes)}
        className={smallButton}
        disabled={props.disabled}
        send={props.send}
      />
      {candidateButtons(props.topology).map((b) => (
        <PanelButtonView
          key={b.label}
          button={b}
          className={smallButton}
          disabled={props.disabled}
          send={props.send}
        />
      ))}
    </>
  );
}

/** The interviewer's chaos buttons: partitions, network faults, a skewed clock, a GC pause. */
function FaultControls(props: {
  design: DesignKind;
  topology: Topology;
  nodes: readonly NodeView[] | undefined;
  disabled: boolean;
  send: Send;
}) {
  const buttons = [
    ...faultButtons(props.design, props.topology, props.nodes),
    pauseButton(props.design, props.topology, props.nodes),
  ];
  return buttons.map((f) => (
    <PanelButtonView
      key={f.label}
      button={f}
      className={smallButton}
      disabled={props.disabled}
      send={props.send}
    />
  ));
}

/** The commands row under the cluster: the candidate drives load, the interviewer breaks things. */
export function CommandControls(props: {
  isCandidate: boolean;
  design: DesignKind;
  commands: readonly TSimCommand[];
  /** Where commands land: the nodes at the end of the room's command log. */
  topology: Topology;
  /** The live view, for who leads right now. */
  nodes: readonly NodeView[] | undefined;
  disabled: boolean;
  send: Send;
}) {
  return (
    <div className="flex flex-wrap gap-2">
      {props.isCandidate ? (
        <WorkloadControls
          commands={props.commands}
          topology={props.topology}
          disabled={props.disabled}
          send={props.send}
        />
      ) : (
        <FaultControls
          design={props.design}
          topology={props.topology}
          nodes={props.nodes}
          disabled={props.disabled}
          send={props.send}
        />
      )}
    </div>
  );
}
