"use client";

import { type ReactNode, useEffect, useRef, useState } from "react";
import type { ChatMessage } from "@/lib/room";
import type { TDimensionId } from "@/lib/rubric";
import { EvidenceDialog } from "./evidence-dialog";
import {
  layoutOwner,
  shownTab,
  type TRailTab,
  type TWorkspacePlace,
  unreadCount,
  WORKSPACE_LAYOUT,
} from "./layout-state";
import { Panes } from "./panes";
import { ShortcutSheet } from "./shortcut-sheet";
import { shortcutFor, type TPlayerCommand } from "./shortcuts";
import { SideRail, type TRailPanel } from "./side-rail";
import { useViewport, useWorkspaceLayout } from "./use-workspace-layout";
import { WorkspaceToolbar } from "./workspace-toolbar";

export interface TEvidenceTarget {
  /** False until there is a draft to add to (the scorecard opens when the clock starts). */
  available: boolean;
  clockMs: () => number;
  /** The dimension the note starts on. */
  dimension: TDimensionId;
  add: (dimension: TDimensionId, text: string, clockMs: number) => void;
}

const NARROW_NOTICE: Record<TWorkspacePlace, { title: string; rest: string }> = {
  room: { title: "Use a larger screen for the interview.", rest: "the chat and the call work here." },
  replay: {
    title: "Use a larger screen to watch the replay.",
    rest: "the timeline and the side panel work here.",
  },
};

/**
 * The room as a workspace: a header, the whiteboard and the cluster in split panes, and a side rail of tabs;
 * one screen, no page scroll. Owns the layout (remembered per person and place), the keys and the two dialogs.
 * The live room and the replay are both one, so a moment looks the same in either.
 */
export function Workspace(props: {
  place: TWorkspacePlace;
  /** Null for someone watching a replay through a share link. */
  userId: string | null;
  interviewer: boolean;
  header: (tools: { toolbar: ReactNode; videoDock: HTMLElement | null }) => ReactNode;
  banners?: ReactNode;
  board: (actions: ReactNode) => ReactNode;
  cluster: (actions: ReactNode) => ReactNode;
  panels: readonly TRailPanel[];
  chat: readonly ChatMessage[];
  /** Null for the candidate, and in a replay. */
  evidence: TEvidenceTarget | null;
  /** The replay's player keys (shortcuts.ts); absent in the room, whose table has none. */
  onPlayer?: (command: TPlayerCommand) => void;
}) {
  const [layout, dispatch] = useWorkspaceLayout(layoutOwner(props.place, props.userId));
  const viewport = useViewport();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [dialog, setDialog] = useState<null | "help" | "evidence">(null);
  const [stampMs, setStampMs] = useState(0);
  const [toast, setToast] = useState<string | null>(null);
  const [dock, setDock] = useState<HTMLDivElement | null>(null);
  const toggle = useRef<HTMLButtonElement>(null);

  const keyContext = { place: props.place, interviewer: props.interviewer };
  const tabs = props.panels.map((p) => p.id);
  const tab = shownTab(layout, tabs);
  const mode = viewport === "wide" ? "docked" : viewport === "medium" ? "drawer" : "full";
  const railOpen = mode === "docked" ? !layout.railCollapsed : mode === "drawer" ? drawerOpen : true;

  // Unread: the other person's messages since the chat was last in view.
  const lastSeq = props.chat.at(-1)?.seq ?? 0;
  const [seenSeq, setSeenSeq] = useState(lastSeq);
  const chatInView = railOpen && tab === "chat";
  useEffect(() => {
    if (chatInView) setSeenSeq(lastSeq);
  }, [chatInView, lastSeq]);
  const unread = chatInView ? 0 : unreadCount(props.chat, seenSeq, props.userId ?? "");

  // A drawer that opens takes focus to its tab, so the keyboard is where the eyes are (Escape gives it back).
  useEffect(() => {
    if (mode === "drawer" && drawerOpen) document.getElementById(`rail-tab-${tab}`)?.focus();
  }, [mode, drawerOpen, tab]);

  useEffect(() => {
    if (!toast) return;
    const t = setTimeout(() => setToast(null), 4_000);
    return () => clearTimeout(t);
  }, [toast]);

  const openTab = (next: TRailTab) => {
    dispatch({ type: "tab.open", tab: next });
    if (mode === "drawer") setDrawerOpen(true);
  };
  const toggleRail = () => (mode === "drawer" ? setDrawerOpen((o) => !o) : dispatch({ type: "rail.toggle" }));
  const openEvidence = () => {
    if (!props.evidence) return;
    if (!props.evidence.available)
      return setToast(
        "Evidence notes need a scorecard draft: from the start of the clock until you submit it.",
      );
    setStampMs(props.evidence.clockMs());
    setDialog("evidence");
  };

  // The room's keys (shortcuts.ts): read through a ref so the listener is added once.
  const onKey = useRef<(e: KeyboardEvent) => void>(() => {});
  onKey.current = (e) => {
    if (e.defaultPrevented || dialog) return;
    const command = shortcutFor(e, e.target as Element | null, keyContext);
    if (!command) return;
    e.preventDefault();
    switch (command.type) {
      case "help":
        return setDialog("help");
      case "evidence":
        return openEvidence();
      case "maximise":
        if (mode !== "full") dispatch({ type: "pane.toggleMaximised", pane: command.pane });
        return;
      case "rail":
        return toggleRail();
      case "tab": {
        const next = tabs[command.index];
        if (!next) return;
        openTab(next);
        requestAnimationFrame(() => document.getElementById(`rail-tab-${next}`)?.focus());
        return;
      }
      case "play":
      case "step":
      case "moment":
      case "speed":
        return props.onPlayer?.(command);
    }
  };
  useEffect(() => {
    const listener = (e: KeyboardEvent) => onKey.current(e);
    window.addEventListener("keydown", listener);
    return () => window.removeEventListener("keydown", listener);
  }, []);

  const toolbar = (
    <WorkspaceToolbar
      evidence={props.evidence ? { available: props.evidence.available, open: openEvidence } : null}
      onHelp={() => setDialog("help")}
      rail={{ open: railOpen, toggle: toggleRail, ref: toggle, unread, disabled: mode === "full" }}
    />
  );

  return (
    <div data-workspace className="flex min-h-0 flex-1 flex-col">
      {props.header({ toolbar, videoDock: dock })}
      {props.banners}
      <div className={`relative flex min-h-0 flex-1 ${mode === "full" ? "flex-col" : ""}`}>
        {mode === "full" ? (
          <p
            role="note"
            className="m-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
          >
            <strong>{NARROW_NOTICE[props.place].title}</strong> The whiteboard and the cluster need a window
            at least {WORKSPACE_LAYOUT.workspaceMinPx} pixels wide; {NARROW_NOTICE[props.place].rest}
          </p>
        ) : (
          <Panes
            layout={layout}
            dispatch={dispatch}
            board={props.board}
            cluster={props.cluster}
            dockRef={setDock}
          />
        )}
        <SideRail
          panels={props.panels}
          active={tab}
          onSelect={openTab}
          unread={unread}
          mode={mode}
          open={railOpen}
          onClose={() => {
            setDrawerOpen(false);
            toggle.current?.focus();
          }}
        />
      </div>
      {props.evidence && (
        <EvidenceDialog
          open={dialog === "evidence"}
          onClose={() => setDialog(null)}
          stampMs={stampMs}
          dimension={props.evidence.dimension}
          onAdd={(dimension, text, clockMs) => {
            props.evidence?.add(dimension, text, clockMs);
            setToast("Evidence noted in your scorecard.");
          }}
        />
      )}
      <ShortcutSheet
        open={dialog === "help"}
        onClose={() => setDialog(null)}
        at={keyContext}
        tabs={props.panels.map((p) => p.label)}
      />
      <p
        role="status"
        className={`pointer-events-none fixed bottom-4 left-1/2 z-40 -translate-x-1/2 rounded-md bg-slate-900 px-3 py-1.5 text-sm text-white shadow-lg dark:bg-slate-100 dark:text-slate-900 ${toast ? "" : "sr-only"}`}
      >
        {toast}
      </p>
    </div>
  );
}
