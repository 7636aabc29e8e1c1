import { z } from "zod";

/**
 * The room's workspace layout as one person left it: where the splitter between the board and the cluster sits,
 * which pane (if any) fills the main area, whether the side rail is collapsed and which of its tabs is open.
 * Pure: the hook around it (use-workspace-layout.ts) reads and writes the browser's storage.
 */

/** The live room, or a past session replayed on its timeline: one workspace, two places. */
export type TWorkspacePlace = "room" | "replay";
export const RAIL_TABS = ["chat", "notes", "scorecard", "guide", "question", "share"] as const;
export type TRailTab = (typeof RAIL_TABS)[number];
export type TPane = "board" | "cluster";

export const WORKSPACE_LAYOUT = {
  /** The board's share of the main area, in percent of its width. */
  splitDefault: 62,
  splitMin: 25,
  splitMax: 80,
  /** One arrow-key press on the splitter. */
  splitStep: 5,
  /** At this width and wider the rail sits beside the panes; narrower, it is a drawer over them. */
  dockedRailMinPx: 1280,
  /** Narrower than this the panes are not shown: the interview needs a larger screen. */
  workspaceMinPx: 900,
  /** Bump the version when the stored shape changes in a way the field defaults can't absorb. */
  storagePrefix: "quorum:workspace:v1:",
} as const;

export const DEFAULT_LAYOUT = {
  split: WORKSPACE_LAYOUT.splitDefault as number,
  maximised: null as TPane | null,
  railCollapsed: false,
  tab: "chat" as TRailTab,
};

// Every field falls back on its own: a value from an older or newer build, or a hand-edited one, costs only
// that field. Invariant of every layout this module returns: splitMin <= split <= splitMax.
export const ZWorkspaceLayout = z
  .object({
    split: z.number().catch(DEFAULT_LAYOUT.split).transform(clampSplit),
    maximised: z.enum(["board", "cluster"]).nullable().catch(null),
    railCollapsed: z.boolean().catch(false),
    tab: z.enum(RAIL_TABS).catch(DEFAULT_LAYOUT.tab),
  })
  .catch(DEFAULT_LAYOUT);
export type TWorkspaceLayout = z.infer<typeof ZWorkspaceLayout>;

export type TLayoutAction =
  | { type: "split.set"; split: number }
  | { type: "split.nudge"; steps: number }
  | { type: "split.reset" }
  | { type: "pane.toggleMaximised"; pane: TPane }
  | { type: "pane.restore" }
  | { type: "rail.toggle" }
  | { type: "tab.open"; tab: TRailTab };

export function clampSplit(split: number): number {
  if (!Number.isFinite(split)) return WORKSPACE_LAYOUT.splitDefault;
  const bounded = Math.min(WORKSPACE_LAYOUT.splitMax, Math.max(WORKSPACE_LAYOUT.splitMin, split));
  return Math.round(bounded * 10) / 10;
}

export function layoutReducer(state: TWorkspaceLayout, action: TLayoutAction): TWorkspaceLayout {
  switch (action.type) {
    // Moving the splitter means wanting both panes: it also ends a maximised pane.
    case "split.set":
      return { ...state, split: clampSplit(action.split), maximised: null };
    case "split.nudge":
      return {
        ...state,
        split: clampSplit(state.split + action.steps * WORKSPACE_LAYOUT.splitStep),
        maximised: null,
      };
    case "split.reset":
      return { ...state, split: WORKSPACE_LAYOUT.splitDefault, maximised: null };
    case "pane.toggleMaximised":
      return { ...state, maximised: state.maximised === action.pane ? null : action.pane };
    case "pane.restore":
      return { ...state, maximised: null };
    case "rail.toggle":
      return { ...state, railCollapsed: !state.railCollapsed };
    // Opening a tab shows it, so a collapsed rail opens too.
    case "tab.open":
      return { ...state, tab: action.tab, railCollapsed: false };
  }
}

/** The layout stored under a person's key: anything unreadable gives the defaults. */
export function parseStoredLayout(raw: string | null): TWorkspaceLayout {
  if (raw === null) return DEFAULT_LAYOUT;
  try {
    return ZWorkspaceLayout.parse(JSON.parse(raw));
  } catch {
    return DEFAULT_LAYOUT;
  }
}

export function layoutStorageKey(owner: string): string {
  return `${WORKSPACE_LAYOUT.storagePrefix}${owner}`;
}

/**
 * Whose layout a place keeps: the room's is the person's own (the key it always had). A replay keeps one of its
 * own, since its tabs differ and rearranging a past session shouldn't rearrange the next interview; a share
 * link's visitor has no id, so every one of them in this browser shares "shared".
 */
export function layoutOwner(place: TWorkspacePlace, userId: string | null): string {
  return place === "room" ? (userId ?? "shared") : `replay:${userId ?? "shared"}`;
}

/** The tab to show: the stored one when this seat has it (a candidate has no notes), else the first. */
export function shownTab(layout: TWorkspaceLayout, tabs: readonly TRailTab[]): TRailTab {
  return tabs.includes(layout.tab) ? layout.tab : (tabs[0] ?? "chat");
}

/** Messages from the other person after the last one this person has seen. */
export function unreadCount(
  messages: readonly { seq: number; authorId: string }[],
  seenSeq: number,
  meId: string,
): number {
  let n = 0;
  for (const m of messages) if (m.seq > seenSeq && m.authorId !== meId) n += 1;
  return n;
}
