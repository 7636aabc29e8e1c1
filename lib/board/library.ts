import { fnv1a32 } from "../sim/hash";
import type { TBoardElement } from "./schema";

// System-design components, one click away, in the article's vocabulary. Each is a labelled Excalidraw
// shape: a container plus a text bound to it (`boundElements` ↔ `containerId`), so the label moves with the
// shape. Ids come from the caller's generator and `seed`/`versionNonce` are hashes of the id, so the same
// inputs always give the same elements (no randomness and no clock in here).

export const COMPONENT_KINDS = [
  "client",
  "load-balancer",
  "api-service",
  "cache",
  "message-queue",
  "database-leader",
  "database-follower",
  "database-shard",
  "cdn",
  "region-boundary",
] as const;
export type TComponentKind = (typeof COMPONENT_KINDS)[number];

interface ComponentStyle {
  label: string;
  shape: "rectangle" | "ellipse" | "diamond";
  width: number;
  height: number;
  strokeColor: string;
  backgroundColor: string;
  strokeStyle?: "dashed";
  /** Where the label sits in the shape: a region's name goes at the top, out of the way. */
  verticalAlign?: "top";
  /** The label's colour, when not the default ink. */
  labelColor?: string;
}

// Excalidraw's default palette, so library shapes look like hand-drawn ones.
export const COMPONENT_LIBRARY: Record<TComponentKind, ComponentStyle> = {
  client: {
    label: "Client",
    shape: "rectangle",
    width: 140,
    height: 70,
    strokeColor: "#1e1e1e",
    backgroundColor: "#e9ecef",
  },
  "load-balancer": {
    label: "Load balancer",
    shape: "rectangle",
    width: 190,
    height: 70,
    strokeColor: "#1971c2",
    backgroundColor: "#a5d8ff",
  },
  "api-service": {
    label: "API service",
    shape: "rectangle",
    width: 170,
    height: 80,
    strokeColor: "#2f9e44",
    backgroundColor: "#b2f2bb",
  },
  cache: {
    label: "Cache",
    shape: "rectangle",
    width: 140,
    height: 70,
    strokeColor: "#e03131",
    backgroundColor: "#ffc9c9",
  },
  "message-queue": {
    label: "Message queue",
    shape: "rectangle",
    width: 220,
    height: 60,
    strokeColor: "#f08c00",
    backgroundColor: "#ffec99",
  },
  "database-leader": {
    label: "Database\n(leader)",
    shape: "ellipse",
    width: 180,
    height: 110,
    strokeColor: "#6741d9",
    backgroundColor: "#d0bfff",
  },
  "database-follower": {
    label: "Database\n(follower)",
    shape: "ellipse",
    width: 180,
    height: 110,
    strokeColor: "#6741d9",
    backgroundColor: "#eebefa",
  },
  "database-shard": {
    label: "Database\n(shard)",
    shape: "ellipse",
    width: 180,
    height: 110,
    strokeColor: "#6741d9",
    backgroundColor: "#e5dbff",
  },
  cdn: {
    label: "CDN",
    shape: "ellipse",
    width: 150,
    height: 80,
    strokeColor: "#0c8599",
    backgroundColor: "#99e9f2",
  },
  "region-boundary": {
    label: "Region",
    shape: "rectangle",
    width: 640,
    height: 420,
    strokeColor: "#868e96",
    backgroundColor: "transparent",
    strokeStyle: "dashed",
    verticalAlign: "top",
    labelColor: "#495057",
  },
};

export interface LibraryContext {
  /** The caller's id generator (Excalidraw-style nanoids in the browser, a counter in tests). */
  newId: () => string;
  /** `updated` of the new elements: the caller's clock, in epoch ms. */
  now: number;
}

const FONT_SIZE = 20;
const LINE_HEIGHT = 1.25;
/** Excalifont, Excalidraw 0.18's default hand-drawn font. */
const FONT_FAMILY = 5;
/** Average glyph width as a share of the font size: Excalidraw re-measures text on load; this is the first guess. */
const GLYPH_WIDTH = 0.55;
/** Excalidraw's BOUND_TEXT_PADDING. */
const TEXT_PADDING = 5;

/** Excalidraw seeds are 31-bit non-negative integers. */
const seedOf = (id: string, salt: string) => fnv1a32(`${salt}:${id}`) >>> 1;

/** The fields every Excalidraw 0.18 element carries, with its defaults (seeds derived from the id). */
export function baseElement(id: string, now: number) {
  return {
    id,
    angle: 0,
    strokeColor: "#1e1e1e",
    backgroundColor: "transparent",
    fillStyle: "solid",
    strokeWidth: 2,
    strokeStyle: "solid",
    roughness: 1,
    opacity: 100,
    groupIds: [] as string[],
    frameId: null,
    index: null,
    roundness: null as { type: number } | null,
    seed: seedOf(id, "seed"),
    version: 1,
    versionNonce: seedOf(id, "nonce"),
    isDeleted: false,
    boundElements: null as { id: string; type: "arrow" | "text" }[] | null,
    updated: now,
    link: null,
    locked: false,
  };
}

/**
 * A labelled component with its top-left corner at (x, y): `[container, label]`. `label` overrides the
 * default name (e.g. "Region eu-west" or "Orders DB (shard 2)").
 */
export function placeComponent(
  kind: TComponentKind,
  at: { x: number; y: number },
  ctx: LibraryContext,
  label: string = COMPONENT_LIBRARY[kind].label,
): [TBoardElement, TBoardElement] {
  const style = COMPONENT_LIBRARY[kind];
  const containerId = ctx.newId();
  const textId = ctx.newId();
  const lines = label.split("\n");
  const textWidth = Math.ceil(Math.max(...lines.map((l) => l.length)) * FONT_SIZE * GLYPH_WIDTH);
  const textHeight = Math.ceil(lines.length * FONT_SIZE * LINE_HEIGHT);
  // Grow the shape to fit its label: Excalidraw's text area is the whole box for a rectangle, the inscribed
  // box (1/√2) for an ellipse and half the box for a diamond, inside a 5 px padding.
  const scale = style.shape === "rectangle" ? 1 : style.shape === "ellipse" ? Math.SQRT2 : 2;
  const width = Math.max(style.width, Math.ceil((textWidth + 2 * TEXT_PADDING) * scale));
  const height =
    style.verticalAlign === "top"
      ? style.height
      : Math.max(style.height, Math.ceil((textHeight + 2 * TEXT_PADDING) * scale));
  const container: TBoardElement = {
    ...baseElement(containerId, ctx.now),
    type: style.shape,
    x: at.x,
    y: at.y,
    width,
    height,
    strokeColor: style.strokeColor,
    backgroundColor: style.backgroundColor,
    strokeStyle: style.strokeStyle ?? "solid",
    // Excalidraw's adaptive radius for rectangles, proportional for diamonds; ellipses are already round.
    roundness: style.shape === "rectangle" ? { type: 3 } : style.shape === "diamond" ? { type: 2 } : null,
    boundElements: [{ id: textId, type: "text" }],
  };
  const top = style.verticalAlign === "top";
  const text: TBoardElement = {
    ...baseElement(textId, ctx.now),
    type: "text",
    x: at.x + (width - textWidth) / 2,
    y: top ? at.y + TEXT_PADDING : at.y + (height - textHeight) / 2,
    width: textWidth,
    height: textHeight,
    strokeColor: style.labelColor ?? "#1e1e1e",
    text: label,
    originalText: label,
    fontSize: FONT_SIZE,
    fontFamily: FONT_FAMILY,
    textAlign: "center",
    verticalAlign: top ? "top" : "middle",
    containerId,
    autoResize: true,
    lineHeight: LINE_HEIGHT,
  };
  return [container, text];
}

const centre = (el: TBoardElement) => ({ x: el.x + el.width / 2, y: el.y + el.height / 2 });

/**
 * An arrow from one component's container to another's, bound at both ends, plus both containers with the
 * arrow added to their `boundElements` (versions bumped), ready to send as one upsert: `[arrow, from, to]`.
 */
export function connectComponents(
  from: TBoardElement,
  to: TBoardElement,
  ctx: LibraryContext,
): [TBoardElement, TBoardElement, TBoardElement] {
  const id = ctx.newId();
  const gap = 6;
  const a = centre(from);
  const b = centre(to);
  // Leave each shape from its edge along the line between centres (close enough for boxes; Excalidraw
  // recomputes bound arrow ends as soon as either shape moves).
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy) || 1;
  const exit = (el: TBoardElement, sign: number) => {
    const t = Math.min(el.width / 2 / (Math.abs(dx) || 1e-9), el.height / 2 / (Math.abs(dy) || 1e-9));
    const r = Math.min(t * len, len / 2) + gap;
    return { x: (sign * dx * r) / len, y: (sign * dy * r) / len };
  };
  const start = { x: a.x + exit(from, 1).x, y: a.y + exit(from, 1).y };
  const end = { x: b.x + exit(to, -1).x, y: b.y + exit(to, -1).y };
  const arrow: TBoardElement = {
    ...baseElement(id, ctx.now),
    type: "arrow",
    x: start.x,
    y: start.y,
    width: Math.abs(end.x - start.x),
    height: Math.abs(end.y - start.y),
    roundness: { type: 2 },
    points: [
      [0, 0],
      [end.x - start.x, end.y - start.y],
    ],
    lastCommittedPoint: null,
    startBinding: { elementId: from.id, focus: 0, gap },
    endBinding: { elementId: to.id, focus: 0, gap },
    startArrowhead: null,
    endArrowhead: "arrow",
    elbowed: false,
  };
  const bind = (el: TBoardElement): TBoardElement => ({
    ...el,
    boundElements: [...(el.boundElements ?? []), { id, type: "arrow" }],
    version: el.version + 1,
    versionNonce: seedOf(`${el.id}:${el.version + 1}`, "nonce"),
    updated: ctx.now,
  });
  return [arrow, bind(from), bind(to)];
}
