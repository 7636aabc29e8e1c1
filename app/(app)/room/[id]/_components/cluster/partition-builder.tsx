"use client";

import { type PointerEvent, useId, useState } from "react";
import { secondaryButton } from "@/app/_components/ui/button-styles";

const GROUPS = ["A", "B", "C"] as const;
type Group = (typeof GROUPS)[number];

/**
 * The interviewer's custom partition: drag node chips between up to three groups (or use the buttons on each
 * chip, which do the same without a mouse), then apply. Every node starts in group A; a node added later joins A.
 * Applying sends one `partition` command naming every non-empty group.
 */
export function PartitionBuilder(props: {
  nodes: readonly string[];
  disabled: boolean;
  onApply: (groups: string[][]) => void;
}) {
  const [placed, setPlaced] = useState<Record<string, Group>>({});
  const [over, setOver] = useState<Group | null>(null);
  const [dragging, setDragging] = useState<string | null>(null);
  const hint = useId();
  const groupOf = (id: string): Group => placed[id] ?? "A";
  const members = (g: Group) => props.nodes.filter((id) => groupOf(id) === g);
  const groups = GROUPS.map(members).filter((m) => m.length > 0);
  const move = (id: string, g: Group) => setPlaced((p) => ({ ...p, [id]: g }));
  // Dragging follows the pointer (mouse, pen or touch): the chip captures it, and the group under the pointer
  // when it is released takes the node. (Pointer events rather than HTML drag and drop: they work on touch
  // screens too, and nothing re-renders mid-drag into a lost drop.)
  const groupAt = (e: PointerEvent): Group | null => {
    const el = document.elementFromPoint(e.clientX, e.clientY)?.closest("[data-group]");
    const g = el?.getAttribute("data-group");
    return GROUPS.find((x) => x === g) ?? null;
  };
  const grab = (e: PointerEvent, id: string) => {
    if (props.disabled || (e.target as HTMLElement).closest("button")) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    setDragging(id);
  };
  const drag = (e: PointerEvent) => {
    if (dragging) setOver(groupAt(e));
  };
  const release = (e: PointerEvent) => {
    if (!dragging) return;
    const g = groupAt(e);
    if (g) move(dragging, g);
    setDragging(null);
    setOver(null);
  };

  return (
    <fieldset className="space-y-2 text-xs" aria-describedby={hint}>
      <legend className="mb-1 font-medium">Partition builder</legend>
      <p id={hint} className="text-slate-500 dark:text-slate-400">
        Drag nodes between groups (or use the arrows on each node); nodes in different groups cannot reach
        each other.
      </p>
      <div className="grid grid-cols-3 gap-2">
        {GROUPS.map((g) => (
          <fieldset
            key={g}
            data-group={g}
            className={`min-h-16 rounded border border-dashed p-1 ${over === g ? "border-brand-500 bg-brand-50 dark:bg-brand-700/20" : "border-slate-300 dark:border-slate-700"}`}
          >
            <legend className="px-1 text-slate-500 dark:text-slate-400">Group {g}</legend>
            <ul className="flex flex-wrap gap-1">
              {members(g).map((id) => (
                <li
                  key={id}
                  onPointerDown={(e) => grab(e, id)}
                  onPointerMove={drag}
                  onPointerUp={release}
                  onPointerCancel={() => {
                    setDragging(null);
                    setOver(null);
                  }}
                  className="flex cursor-grab touch-none items-center gap-0.5 rounded-full border border-slate-300 bg-white px-2 py-0.5 dark:border-slate-600 dark:bg-slate-900"
                >
                  <span className="font-mono">{id}</span>
                  {GROUPS.filter((o) => o !== g).map((o) => (
                    <button
                      key={o}
                      type="button"
                      aria-label={`Move ${id} to group ${o}`}
                      title={`Move ${id} to group ${o}`}
                      onClick={() => move(id, o)}
                      className="rounded px-0.5 text-brand-600 hover:bg-slate-100 dark:text-brand-400 dark:hover:bg-slate-800"
                    >
                      →{o}
                    </button>
                  ))}
                </li>
              ))}
            </ul>
          </fieldset>
        ))}
      </div>
      <button
        type="button"
        className={`${secondaryButton} px-2 py-1 text-xs`}
        disabled={props.disabled || groups.length < 2}
        onClick={() => props.onApply(groups)}
      >
        Apply partition
      </button>
    </fieldset>
  );
}
