"use client";

import { useState } from "react";
import type { TRoomOpInput } from "@/lib/room";
import { SCENARIO_PRESETS } from "./cluster-presets";
import { selectClass, smallButton } from "./cluster-styles";
import { loadScenario, scenarioChoice } from "./commands";

/** Either participant loads a scenario preset: a design, a workload and scripted faults, with its question. */
export function ScenarioPicker(props: { disabled: boolean; send: (op: TRoomOpInput) => void }) {
  const [choice, setChoice] = useState(scenarioChoice(0, 0));
  return (
    <form
      className="flex flex-wrap items-end gap-2 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        const op = loadScenario(choice);
        if (op) props.send(op);
      }}
    >
      <label className="flex flex-col gap-0.5 text-xs">
        Scenario
        <select
          value={choice}
          onChange={(e) => setChoice(e.target.value)}
          className={`${selectClass} max-w-80`}
        >
          {SCENARIO_PRESETS.flatMap((p, i) =>
            p.variants.map((v, j) => (
              <option key={`${p.id}-${j}`} value={scenarioChoice(i, j)}>
                {p.title} — {v.label}
              </option>
            )),
          )}
        </select>
      </label>
      <button type="submit" className={smallButton} disabled={props.disabled}>
        Load scenario
      </button>
    </form>
  );
}
