import { REPLAY_STEP_MS } from "@/lib/replay";
import type { TWorkspacePlace } from "./layout-state";

/**
 * The workspace's keys, in the room and in the replay: one table that both the key handler and the shortcut
 * sheet read, so the sheet always lists what the keys do. Keys never fire while someone types, nor inside the
 * whiteboard, whose own keys (Excalidraw's tools, its text editor) must keep working.
 */

/** The replay's player: its own keys, handled by the replay. */
export type TPlayerCommand =
  | { type: "play" }
  | { type: "step"; dir: 1 | -1 }
  | { type: "moment"; dir: 1 | -1 }
  | { type: "speed"; dir: 1 | -1 };

export type TShortcutCommand =
  | { type: "help" }
  | { type: "evidence" }
  | { type: "maximise"; pane: "board" | "cluster" }
  | { type: "rail" }
  | { type: "tab"; index: number }
  | TPlayerCommand;

export interface TShortcut {
  /** The key as KeyboardEvent.key gives it, lower case for letters. */
  keys: readonly string[];
  /** As the sheet shows it. */
  label: string;
  does: string;
  /** The one place it works in (absent: both). */
  place?: TWorkspacePlace;
  interviewerOnly?: boolean;
  command: TShortcutCommand;
}

/** Where a key is pressed: which workspace, and whether its interviewer. */
export interface TKeyContext {
  place: TWorkspacePlace;
  interviewer: boolean;
}

export const TAB_KEYS = ["1", "2", "3", "4", "5"] as const;
const STEP_S = REPLAY_STEP_MS / 1_000;

export const SHORTCUTS: readonly TShortcut[] = [
  { keys: ["?"], label: "?", does: "Show these keyboard shortcuts", command: { type: "help" } },
  {
    keys: ["e"],
    label: "E",
    does: "Write an evidence note for a rubric dimension, stamped with the interview clock",
    place: "room",
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
  // The player's. Digits open tabs here as in the room, so the speed steps with < and > (as video players do).
  { keys: [" ", "k"], label: "Space", does: "Play or pause", place: "replay", command: { type: "play" } },
  {
    keys: ["ArrowLeft"],
    label: "←",
    does: `Back ${STEP_S} s`,
    place: "replay",
    command: { type: "step", dir: -1 },
  },
  {
    keys: ["ArrowRight"],
    label: "→",
    does: `Forward ${STEP_S} s`,
    place: "replay",
    command: { type: "step", dir: 1 },
  },
  {
    keys: ["["],
    label: "[",
    does: "The previous moment",
    place: "replay",
    command: { type: "moment", dir: -1 },
  },
  { keys: ["]"], label: "]", does: "The next moment", place: "replay", command: { type: "moment", dir: 1 } },
  { keys: ["<"], label: "<", does: "Slower", place: "replay", command: { type: "speed", dir: -1 } },
  { keys: [">"], label: ">", does: "Faster", place: "replay", command: { type: "speed", dir: 1 } },
];

/** The shortcuts that work here. */
export function shortcutsFor(at: TKeyContext): TShortcut[] {
  return SHORTCUTS.filter(
    (s) => (s.place === undefined || s.place === at.place) && (!s.interviewerOnly || at.interviewer),
  );
}

/** Keys that belong to a focused control, listed on the sheet but handled by the control itself. */
export const CONTROL_KEYS: readonly { label: string; does: string; place?: TWorkspacePlace }[] = [
  { label: "← →", does: "On the splitter: move it (Home, End: as far as it goes)" },
  { label: "← →", does: "On the side panel's tabs: the previous or next tab" },
  { label: "← →", does: "On the position slider: move it", place: "replay" },
  { label: "Esc", does: "Close a dialog, the call settings or the side panel drawer", place: "room" },
  { label: "Esc", does: "Close a dialog or the side panel drawer", place: "replay" },
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

/** Space presses a focused button, link or disclosure: no shortcut takes it from one. */
const PRESSABLE_SELECTOR = "button, a[href], summary";

/** The workspace command for a key press, or null when the key is not the workspace's to take. */
export function shortcutFor(e: KeyLike, target: TargetLike | null, at: TKeyContext): TShortcutCommand | null {
  if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return null;
  if (keyBelongsToTarget(target)) return null;
  if (e.key === " " && target?.closest?.(PRESSABLE_SELECTOR)) return null;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  return shortcutsFor(at).find((s) => s.keys.includes(key))?.command ?? null;
}
