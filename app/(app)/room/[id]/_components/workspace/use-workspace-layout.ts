"use client";

import { useEffect, useReducer, useSyncExternalStore } from "react";
import {
  layoutReducer,
  layoutStorageKey,
  parseStoredLayout,
  type TLayoutAction,
  type TWorkspaceLayout,
  WORKSPACE_LAYOUT,
} from "./layout-state";

function readStored(owner: string): TWorkspaceLayout {
  try {
    return parseStoredLayout(localStorage.getItem(layoutStorageKey(owner)));
  } catch {
    return parseStoredLayout(null); // storage disabled
  }
}

/**
 * The layout, remembered per owner (layoutOwner: a person, in the room or in a replay) in this browser. The
 * workspace mounts only once the room has connected or the replay's first moment has loaded (never on the
 * server), so the stored layout can be the first state rather than a correction after the first paint.
 */
export function useWorkspaceLayout(owner: string): [TWorkspaceLayout, (a: TLayoutAction) => void] {
  const [layout, dispatch] = useReducer(layoutReducer, owner, readStored);
  useEffect(() => {
    try {
      localStorage.setItem(layoutStorageKey(owner), JSON.stringify(layout));
    } catch {
      // Storage full or disabled: the layout lasts as long as the tab.
    }
  }, [owner, layout]);
  return [layout, dispatch];
}

export type TViewport = "wide" | "medium" | "narrow";

const QUERIES = {
  wide: `(min-width: ${WORKSPACE_LAYOUT.dockedRailMinPx}px)`,
  medium: `(min-width: ${WORKSPACE_LAYOUT.workspaceMinPx}px)`,
};

function subscribe(onChange: () => void) {
  const lists = Object.values(QUERIES).map((q) => window.matchMedia(q));
  for (const l of lists) l.addEventListener("change", onChange);
  return () => {
    for (const l of lists) l.removeEventListener("change", onChange);
  };
}

function snapshot(): TViewport {
  if (window.matchMedia(QUERIES.wide).matches) return "wide";
  return window.matchMedia(QUERIES.medium).matches ? "medium" : "narrow";
}

/** wide: rail docked beside the panes; medium: rail as a drawer over them; narrow: no panes, a notice. */
export function useViewport(): TViewport {
  return useSyncExternalStore(subscribe, snapshot, () => "wide");
}
