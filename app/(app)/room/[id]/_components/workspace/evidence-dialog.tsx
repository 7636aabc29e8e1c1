"use client";

import { type RefObject, useRef, useState } from "react";
import { primaryButton, secondaryButton } from "@/app/_components/ui/button-styles";
import { formatClock } from "@/lib/room";
import { DIMENSIONS, EVIDENCE_TEXT_MAX, type TDimensionId } from "@/lib/rubric";
import { Modal } from "./modal";

const field =
  "mt-0.5 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900";

/**
 * "Evidence in one move": a note for one rubric dimension, written without leaving the board or the cluster. It
 * is stamped with the interview clock at the moment the dialog opened (when the thing was seen), and goes into
 * the scorecard's draft like a note typed there.
 */
export function EvidenceDialog(props: {
  open: boolean;
  onClose: () => void;
  /** The interview clock when the dialog opened. */
  stampMs: number;
  /** The dimension the dialog opens on (the current phase's). */
  dimension: TDimensionId;
  onAdd: (dimension: TDimensionId, text: string, clockMs: number) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <Modal open={props.open} onClose={props.onClose} labelledBy="evidence-title" initialFocus={input}>
      <EvidenceForm {...props} input={input} />
    </Modal>
  );
}

// Mounted each time the dialog opens, so it starts on the current phase's dimension with an empty note.
function EvidenceForm(
  props: Parameters<typeof EvidenceDialog>[0] & { input: RefObject<HTMLInputElement | null> },
) {
  const [dimension, setDimension] = useState<TDimensionId>(props.dimension);
  const [text, setText] = useState("");
  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        const note = text.trim();
        if (!note) return;
        props.onAdd(dimension, note, props.stampMs);
        props.onClose();
      }}
    >
      <div>
        <h2 id="evidence-title" className="text-lg font-semibold">
          Evidence note
        </h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Stamped <span className="font-mono">{formatClock(props.stampMs)}</span> on the interview clock; it
          goes into your scorecard draft.
        </p>
      </div>
      <label className="block text-sm font-medium">
        Dimension
        <select
          value={dimension}
          onChange={(e) => setDimension(e.target.value as TDimensionId)}
          className={`${field} font-normal`}
        >
          {DIMENSIONS.map((d) => (
            <option key={d.id} value={d.id}>
              {d.label}
            </option>
          ))}
        </select>
      </label>
      <label className="block text-sm font-medium">
        What did you see?
        <input
          ref={props.input}
          value={text}
          maxLength={EVIDENCE_TEXT_MAX}
          onChange={(e) => setText(e.target.value)}
          className={`${field} font-normal`}
        />
      </label>
      <div className="flex justify-end gap-2">
        <button type="button" className={secondaryButton} onClick={props.onClose}>
          Cancel
        </button>
        <button type="submit" className={primaryButton} disabled={!text.trim()}>
          Add evidence
        </button>
      </div>
    </form>
  );
}
