/**
 * The room's keys: one table that both the key handler and the shortcut sheet read, so the sheet always lists
 * what the keys do. Keys never fire while someone types, nor inside the whiteboard, whose own keys (Excalidraw's
 * tools, its text editor) must keep working.
 */

export type TShortcutCommand =
  | { type: "help" }
  | { type: "evidence" }
  | { type: "maximise"; pane: "board" | "cluster" }
  | { type: "rail" }
  | { type: "tab"; index: number };

export interface TShortcut {
  /** The key as KeyboardEvent.key gives it, lower case for letters. */
  keys: readonly string[];
  /** As the sheet shows it. */
  label: string;
  does: string;
  interviewerOnly?: boolean;
  command: TShortcutCommand;
}

export const TAB_KEYS = ["1", "2", "3", "4", "5"] as const;

export const SHORTCUTS: readonly TShortcut[] = [
  { keys: ["?"], label: "?", does: "Show these keyboard shortcuts", command: { type: "help" } },
  {
    keys: ["e"],
    label: "E",
    does: "Write an evidence note for a rubric dimension, stamped with the interview clock",
    interviewerOnly: true,
    command: { type: "evidence" },
  },
  {
    keys: ["b"],
    label: "B",
    does: "Maximise the whiteboard, or restore the split",
    command: { type: "maximise", pane: "board" },
  },
  {
    keys: ["c"],
    label: "C",
    does: "Maximise the cluster, or restore the split",
    command: { type: "maximise", pane: "cluster" },
  },
  { keys: ["s"], label: "S", does: "Show or hide the side panel", command: { type: "rail" } },
  ...TAB_KEYS.map((k, i) => ({
    keys: [k],
    label: k,
    does: `Open side panel tab ${i + 1}`,
    command: { type: "tab", index: i } as const,
  })),
];

/** Keys that belong to a focused control, listed on the sheet but handled by the control itself. */
export const CONTROL_KEYS: readonly { label: string; does: string }[] = [
  { label: "← →", does: "On the splitter: move it (Home, End: as far as it goes)" },
  { label: "← →", does: "On the side panel's tabs: the previous or next tab" },
  { label: "Esc", does: "Close a dialog, the call settings or the side panel drawer" },
];

interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  isComposing?: boolean;
}

/** Where a key goes to its target instead: text fields, open dialogs and the whiteboard's canvas. */
export interface TargetLike {
  tagName?: string;
  isContentEditable?: boolean;
  closest?: (selector: string) => unknown;
}

const TEXT_TAGS = new Set(["INPUT", "TEXTAREA", "SELECT"]);
/** Excalidraw's container (its keys and its text editor live inside it) and any open dialog. */
const OWN_KEYS_SELECTOR = ".excalidraw, dialog, [data-own-keys]";

export function keyBelongsToTarget(target: TargetLike | null): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  if (target.tagName && TEXT_TAGS.has(target.tagName)) return true;
  return Boolean(target.closest?.(OWN_KEYS_SELECTOR));
}

/** The room command for a key press, or null when the key is not the room's to take. */
export function shortcutFor(
  e: KeyLike,
  target: TargetLike | null,
  seat: { interviewer: boolean },
): TShortcutCommand | null {
  if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return null;
  if (keyBelongsToTarget(target)) return null;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  const found = SHORTCUTS.find((s) => s.keys.includes(key));
  if (!found || (found.interviewerOnly && !seat.interviewer)) return null;
  return found.command;
}
