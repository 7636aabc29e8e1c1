"use client";

import { secondaryButton } from "@/app/_components/ui/button-styles";
import { Modal } from "./modal";
import { CONTROL_KEYS, shortcutsFor, type TKeyContext } from "./shortcuts";

/** Every key the workspace answers to here, from the same table the key handler reads. */
export function ShortcutSheet(props: {
  open: boolean;
  onClose: () => void;
  at: TKeyContext;
  /** The side panel's tabs in order, to name what 1–5 open. */
  tabs: readonly string[];
}) {
  const rows = shortcutsFor(props.at).flatMap((s) => {
    if (s.command.type !== "tab") return [{ label: s.label, does: s.does }];
    const tab = props.tabs[s.command.index];
    return tab ? [{ label: s.label, does: `Open ${tab} in the side panel` }] : [];
  });
  const controls = CONTROL_KEYS.filter((k) => k.place === undefined || k.place === props.at.place);
  return (
    <Modal open={props.open} onClose={props.onClose} labelledBy="shortcuts-title">
      <h2 id="shortcuts-title" className="text-lg font-semibold">
        Keyboard shortcuts
      </h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        They work anywhere in the {props.at.place} except while you type, or while the whiteboard has focus
        (its own keys pick its tools there: click outside it first).
      </p>
      <table className="mt-3 w-full text-left text-sm">
        <thead className="sr-only">
          <tr>
            <th scope="col">Key</th>
            <th scope="col">What it does</th>
          </tr>
        </thead>
        <tbody>
          {[...rows, ...controls].map((r) => (
            <tr key={r.does} className="border-t border-slate-100 dark:border-slate-800">
              <td className="py-1 pr-3 align-top">
                <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 font-mono text-xs dark:border-slate-600 dark:bg-slate-800">
                  {r.label}
                </kbd>
              </td>
              <td className="py-1">{r.does}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="mt-4 flex justify-end">
        <button type="button" className={secondaryButton} onClick={props.onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}
