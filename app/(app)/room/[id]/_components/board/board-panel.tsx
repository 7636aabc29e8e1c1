"use client";

import "@excalidraw/excalidraw/index.css";
import dynamic from "next/dynamic";
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { RoomConnection } from "@/app/_components/room/room-connection";
import { COMPONENT_KINDS, COMPONENT_LIBRARY, placeComponent, type TComponentKind } from "@/lib/board/library";
import { BOARD_TIMING } from "@/lib/board/limits";
import { splitUpsert, unsentChanges } from "@/lib/board/outgoing";
import { type BoardState, elementOf, sceneElements, type Versioned } from "@/lib/board/reduce";
import type { TBoardElement } from "@/lib/board/schema";
import type { TCursor } from "@/lib/protocol/room";
import type { TRole, TRoomOpInput } from "@/lib/room";
import { describeBoard } from "./board-summary";
import { keepFontsSameOrigin } from "./same-origin-fonts";

// Excalidraw touches `window` on import: load it in the browser only, after the rest of the room is usable.
const Excalidraw = dynamic(
  () => {
    keepFontsSameOrigin();
    return import("@excalidraw/excalidraw").then((m) => m.Excalidraw);
  },
  {
    ssr: false,
    loading: () => (
      <p role="status" className="grid h-full place-items-center text-sm text-slate-500 dark:text-slate-400">
        Loading the whiteboard…
      </p>
    ),
  },
);

type ExcalidrawModule = typeof import("@excalidraw/excalidraw");
// The imperative API Excalidraw hands back; typed loosely to keep its types out of the rest of the app.
interface BoardApi {
  getSceneElementsIncludingDeleted(): readonly TBoardElement[];
  getAppState(): Record<string, unknown>;
  getFiles(): Record<string, unknown>;
  updateScene(scene: {
    elements?: readonly unknown[];
    captureUpdate?: unknown;
    collaborators?: Map<string, unknown>;
    appState?: Record<string, unknown>;
  }): void;
  scrollToContent(elements?: readonly unknown[], opts?: { fitToContent?: boolean }): void;
}

// Not secondaryButton plus overrides: its own padding and size would win over the smaller ones in the cascade.
const small =
  "inline-flex items-center rounded-md border border-slate-300 bg-white px-2 py-0.5 text-xs font-medium text-slate-800 hover:bg-slate-50 disabled:opacity-60 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800";
const SEND_BUDGET = { maxBytes: 256_000 };

function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(
    bytes,
    (b) => "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"[b % 64],
  ).join("");
}

/**
 * The shared whiteboard: Excalidraw drawing locally, element-level ops through the room's log, and the room's
 * fold of those ops (lib/board) drawn back in. Remote changes never enter the local undo stack, so undo only
 * takes back your own strokes.
 */
export function BoardPanel(props: {
  board: BoardState;
  role: TRole;
  disabled: boolean;
  send: (op: TRoomOpInput) => void;
  connection: RoomConnection | null;
  /** A replay: the board as it was, view-only, without the live room's lock, follow and pointer. */
  replay?: boolean;
  /** Fill the parent's height (the room's workspace pane) instead of a fixed-height box. */
  fill?: boolean;
  /** Extra buttons for the header row (the workspace's maximise button). */
  actions?: ReactNode;
}) {
  const [api, setApi] = useState<BoardApi | null>(null);
  const lib = useRef<ExcalidrawModule | null>(null);
  const boardRef = useRef(props.board);
  boardRef.current = props.board;
  const sent = useRef(new Map<string, Versioned>());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const [exporting, setExporting] = useState(false);
  const readOnly = props.disabled || (props.board.locked && props.role === "candidate");
  const [partner, setPartner] = useState<TCursor | null>(null);
  const [follow, setFollow] = useState(false);
  const followRef = useRef(follow);
  followRef.current = follow;
  const lastPointer = useRef(0);

  // The other participant's pointer (drawn by Excalidraw as a collaborator) and, when following, their view.
  useEffect(() => {
    if (!api || !props.connection) return;
    return props.connection.subscribeCursor((c) => {
      setPartner(c);
      const update: { collaborators: Map<string, unknown>; appState?: Record<string, unknown> } = {
        collaborators: new Map([
          [c.userId, { username: c.name, pointer: { x: c.x, y: c.y, tool: "pointer" }, button: "up" }],
        ]),
      };
      if (followRef.current)
        update.appState = { scrollX: c.scrollX, scrollY: c.scrollY, zoom: { value: c.zoom } };
      api.updateScene(update);
    });
  }, [api, props.connection]);

  const onPointerUpdate = useCallback(
    (p: { pointer: { x: number; y: number } }) => {
      const now = performance.now();
      if (!api || now - lastPointer.current < BOARD_TIMING.cursorIntervalMs) return;
      lastPointer.current = now;
      const app = api.getAppState() as { scrollX: number; scrollY: number; zoom: { value: number } };
      props.connection?.sendCursor({
        x: p.pointer.x,
        y: p.pointer.y,
        scrollX: app.scrollX,
        scrollY: app.scrollY,
        zoom: app.zoom.value,
      });
    },
    [api, props.connection],
  );

  useEffect(() => {
    (window as unknown as { EXCALIDRAW_ASSET_PATH: string }).EXCALIDRAW_ASSET_PATH = "/excalidraw-assets/";
    keepFontsSameOrigin();
    void import("@excalidraw/excalidraw").then((m) => {
      lib.current = m;
    });
  }, []);

  // Send what changed locally, at most every BOARD_TIMING.sendIntervalMs.
  const flush = useCallback(() => {
    timer.current = null;
    if (!api || readOnly) return;
    const board = boardRef.current;
    const changes = unsentChanges(
      api.getSceneElementsIncludingDeleted(),
      board,
      sent.current,
    ) as TBoardElement[];
    if (changes.length === 0) return;
    for (const op of splitUpsert(changes, SEND_BUDGET)) props.send(op);
    for (const el of changes)
      sent.current.set(el.id, {
        version: el.version,
        versionNonce: el.versionNonce,
        isDeleted: el.isDeleted,
      });
  }, [api, readOnly, props.send]);

  const onChange = useCallback(() => {
    if (!timer.current) timer.current = setTimeout(flush, BOARD_TIMING.sendIntervalMs);
  }, [flush]);

  // Draw the room's board whenever it changes (ours come back too, and reconcile keeps what is being edited).
  useEffect(() => {
    const m = lib.current;
    if (!api || !m) return;
    // Excalidraw mutates the elements it is given (on every drag): hand it copies, never the room's state.
    const remote = structuredClone(sceneElements(props.board, { includeDeleted: true }));
    const local = api.getSceneElementsIncludingDeleted();
    const merged = m.reconcileElements(local as never, remote as never, api.getAppState() as never);
    api.updateScene({ elements: merged, captureUpdate: m.CaptureUpdateAction.NEVER });
    for (const [id, v] of sent.current) {
      const held = elementOf(props.board, id);
      if (held && held.version >= v.version) sent.current.delete(id);
    }
  }, [api, props.board]);

  const addComponent = (kind: TComponentKind) => {
    const m = lib.current;
    if (!api || !m) return;
    const n = describeBoard(api.getSceneElementsIncludingDeleted()).length;
    const created = placeComponent(
      kind,
      { x: 60 + (n % 4) * 220, y: 60 + Math.floor(n / 4) * 140 },
      { newId: randomId, now: Date.now() },
    );
    api.updateScene({
      elements: [...api.getSceneElementsIncludingDeleted(), ...created],
      captureUpdate: m.CaptureUpdateAction.IMMEDIATELY,
    });
    onChange();
  };

  const download = async (format: "png" | "svg") => {
    const m = lib.current;
    if (!api || !m) return;
    setExporting(true);
    try {
      const elements = api.getSceneElementsIncludingDeleted().filter((e) => !e.isDeleted);
      const appState = { ...api.getAppState(), exportBackground: true };
      const blob =
        format === "png"
          ? await m.exportToBlob({
              elements: elements as never,
              appState: appState as never,
              files: api.getFiles() as never,
              mimeType: "image/png",
            })
          : new Blob(
              [
                (
                  await m.exportToSvg({
                    elements: elements as never,
                    appState: appState as never,
                    files: api.getFiles() as never,
                  })
                ).outerHTML,
              ],
              { type: "image/svg+xml" },
            );
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = `quorum-board.${format}`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } finally {
      setExporting(false);
    }
  };

  const summary = useMemo(() => describeBoard(sceneElements(props.board)), [props.board]);

  return (
    <section
      aria-labelledby="board-heading"
      className={`rounded-lg border border-slate-200 dark:border-slate-800 ${props.fill ? "flex h-full min-h-0 flex-col gap-1.5 p-2" : "space-y-2 p-3"}`}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex items-center gap-2">
          <h2 id="board-heading" className="font-medium">
            Whiteboard{" "}
            {props.board.locked && (
              <span className="text-xs font-normal text-amber-700 dark:text-amber-400">
                (locked by the interviewer)
              </span>
            )}
          </h2>
          {props.actions}
        </div>
        <div className="flex flex-wrap gap-2">
          {props.role === "interviewer" && !props.replay && (
            <button
              type="button"
              className={small}
              disabled={props.disabled}
              onClick={() => props.send({ type: "board.lock", locked: !props.board.locked })}
            >
              {props.board.locked ? "Unlock board" : "Lock board"}
            </button>
          )}
          {!props.replay && (
            <button
              type="button"
              className={small}
              aria-pressed={follow}
              disabled={!partner}
              onClick={() => setFollow((f) => !f)}
            >
              {partner ? `Follow ${partner.name.split(" ")[0]}'s view` : "Follow partner's view"}
            </button>
          )}
          <button
            type="button"
            className={small}
            disabled={!api || exporting}
            onClick={() => download("png")}
          >
            Export PNG
          </button>
          <button
            type="button"
            className={small}
            disabled={!api || exporting}
            onClick={() => download("svg")}
          >
            Export SVG
          </button>
        </div>
      </div>
      {!readOnly && (
        <fieldset className="flex flex-wrap gap-1">
          <legend className="sr-only">Add a component</legend>
          {COMPONENT_KINDS.map((k) => (
            <button key={k} type="button" className={small} disabled={!api} onClick={() => addComponent(k)}>
              + {COMPONENT_LIBRARY[k].label.replace("\n", " ")}
            </button>
          ))}
        </fieldset>
      )}
      <div
        className={`overflow-hidden rounded border border-slate-200 dark:border-slate-800 ${props.fill ? "min-h-0 flex-1" : "h-[28rem]"}`}
      >
        <Excalidraw
          excalidrawAPI={(a: unknown) => setApi(a as BoardApi)}
          onChange={onChange}
          onPointerUpdate={onPointerUpdate}
          viewModeEnabled={readOnly}
          UIOptions={{ tools: { image: false } }}
          initialData={{
            elements: structuredClone(sceneElements(props.board)) as never,
            appState: { viewBackgroundColor: "#ffffff" },
          }}
        />
      </div>
      <div
        className={props.fill ? "flex flex-wrap-reverse items-start justify-between gap-x-4" : "space-y-2"}
      >
        {!props.replay && (
          <p className="text-xs text-slate-500 dark:text-slate-400" data-testid="partner-pointer">
            {partner
              ? `${partner.name} is pointing at (${Math.round(partner.x)}, ${Math.round(partner.y)})${follow ? `; following their view at ${Math.round(partner.zoom * 100)}%` : ""}`
              : "Your partner's pointer appears here when they move it over the board."}
          </p>
        )}
        <details>
          <summary className="cursor-pointer text-xs text-slate-500 dark:text-slate-400">
            Board contents ({summary.length})
          </summary>
          <ul
            aria-label="Board contents"
            className={`mt-1 list-disc pl-5 text-xs ${props.fill ? "max-h-28 overflow-y-auto" : ""}`}
          >
            {summary.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
        </details>
      </div>
    </section>
  );
}
