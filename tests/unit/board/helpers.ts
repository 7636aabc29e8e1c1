import type { TBoardElement, TBoardEvent, TBoardOp } from "../../../lib/board";

/** A rectangle as Excalidraw 0.18 writes it; `over` replaces any field. */
export function rect(id: string, over: Partial<Record<string, unknown>> = {}): TBoardElement {
  return {
    id,
    type: "rectangle",
    x: 100,
    y: 100,
    width: 160,
    height: 80,
    angle: 0,
    strokeColor: "#1e1e1e",
    backgroundColor: "transparent",
    fillStyle: "solid",
    strokeWidth: 2,
    strokeStyle: "solid",
    roughness: 1,
    opacity: 100,
    groupIds: [],
    frameId: null,
    index: null,
    roundness: { type: 3 },
    seed: 1,
    version: 1,
    versionNonce: 10,
    isDeleted: false,
    boundElements: null,
    updated: 1_700_000_000_000,
    link: null,
    locked: false,
    ...over,
  } as TBoardElement;
}

/**
 * Excalidraw-style element notation: "A:2" is element A at version 2 (nonce 10), "A:2~5" has nonce 5,
 * "A:2x" is deleted. The x coordinate records where it came from, so a test can tell two "A:2"s apart.
 */
export function parseEl(spec: string, origin = 0): TBoardElement {
  const m = /^([A-Za-z0-9]+):(\d+)(x?)(?:~(\d+))?$/.exec(spec);
  if (!m) throw new Error(`bad element spec ${spec}`);
  return rect(m[1]!, {
    version: Number(m[2]),
    isDeleted: m[3] === "x",
    versionNonce: m[4] === undefined ? 10 : Number(m[4]),
    x: origin,
  });
}

export const upsert = (...elements: TBoardElement[]): TBoardOp => ({ type: "board.upsert", elements });

/** Events numbered from `firstSeq`, one op each. */
export function eventsOf(ops: { actorId: string; op: TBoardOp }[], firstSeq = 1): TBoardEvent[] {
  return ops.map((o, i) => ({ seq: firstSeq + i, actorId: o.actorId, op: o.op }));
}

/** Deep-freezes a value so a test fails if anything writes to it. */
export function deepFreeze<T>(v: T): T {
  if (v && typeof v === "object" && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
  }
  return v;
}

/** mulberry32: a tiny seeded PRNG for the fuzz tests (tests may use any randomness; lib may not). */
export function prng(seed: number): {
  next: () => number;
  int: (lo: number, hi: number) => number;
  pick: <T>(xs: readonly T[]) => T;
} {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)]!;
  return { next, int, pick };
}

/** A sequential id generator for library tests. */
export function counterIds(prefix: string): () => string {
  let n = 0;
  return () => `${prefix}-${++n}`;
}

/**
 * A text element and an arrow as Excalidraw 0.18.1 serialises them (copied field by field from an exported
 * scene's shape), plus an older (0.15-era) element with fields this schema does not name.
 */
export const REAL_EXCALIDRAW = {
  text: {
    id: "vLt2sB3wXQ0Qm0lLwq1fH",
    type: "text",
    x: 412.5,
    y: 228.75,
    width: 131.25,
    height: 25,
    angle: 0,
    strokeColor: "#1e1e1e",
    backgroundColor: "transparent",
    fillStyle: "solid",
    strokeWidth: 2,
    strokeStyle: "solid",
    roughness: 1,
    opacity: 100,
    groupIds: [],
    frameId: null,
    index: "a1",
    roundness: null,
    seed: 1183719223,
    version: 14,
    versionNonce: 907340681,
    isDeleted: false,
    boundElements: null,
    updated: 1732183914420,
    link: null,
    locked: false,
    text: "Load balancer",
    fontSize: 20,
    fontFamily: 5,
    textAlign: "center",
    verticalAlign: "middle",
    containerId: "KqJ3x9VYf0bT0X1ymcvtY",
    originalText: "Load balancer",
    autoResize: true,
    lineHeight: 1.25,
  },
  arrow: {
    id: "c8XwQk0n5Tf2xMK_AbCdE",
    type: "arrow",
    x: 560,
    y: 240,
    width: 180.5,
    height: 40.25,
    angle: 0,
    strokeColor: "#1e1e1e",
    backgroundColor: "transparent",
    fillStyle: "solid",
    strokeWidth: 2,
    strokeStyle: "solid",
    roughness: 1,
    opacity: 100,
    groupIds: [],
    frameId: null,
    index: "a2",
    roundness: { type: 2 },
    seed: 1602283871,
    version: 37,
    versionNonce: 1350184119,
    isDeleted: false,
    boundElements: null,
    updated: 1732183920133,
    link: null,
    locked: false,
    points: [
      [0, 0],
      [180.5, 40.25],
    ],
    lastCommittedPoint: null,
    startBinding: { elementId: "KqJ3x9VYf0bT0X1ymcvtY", focus: 0.0812, gap: 5.5, fixedPoint: null },
    endBinding: { elementId: "Db_x0Rj2q9aZ3hYv7mN1p", focus: -0.12, gap: 4.25, fixedPoint: null },
    startArrowhead: null,
    endArrowhead: "arrow",
    elbowed: false,
  },
  legacyRectangle: {
    type: "rectangle",
    version: 386,
    versionNonce: 743140933,
    isDeleted: false,
    id: "dm9rVK_w0_LGY-NHQv-M8",
    fillStyle: "hachure",
    strokeWidth: 1,
    strokeStyle: "solid",
    roughness: 1,
    opacity: 100,
    angle: 0,
    x: 362.5,
    y: 156.75,
    strokeColor: "#000000",
    backgroundColor: "#fff",
    width: 90,
    height: 36,
    seed: 559916555,
    groupIds: ["yVCm5QRLN_h8tWPFJIFDP"],
    strokeSharpness: "sharp",
    boundElements: [],
    updated: 1660360828354,
    link: null,
    locked: false,
  },
  freedraw: {
    id: "fD0_stroke",
    type: "freedraw",
    x: 10,
    y: 10,
    width: 30,
    height: 12,
    angle: 0,
    strokeColor: "#1e1e1e",
    backgroundColor: "transparent",
    fillStyle: "solid",
    strokeWidth: 2,
    strokeStyle: "solid",
    roughness: 1,
    opacity: 100,
    groupIds: [],
    frameId: null,
    index: "a3",
    roundness: null,
    seed: 42,
    version: 3,
    versionNonce: 77,
    isDeleted: false,
    boundElements: null,
    updated: 1732183930000,
    link: "https://example.com/design-doc",
    locked: false,
    points: [
      [0, 0],
      [10, 4],
      [30, 12],
    ],
    pressures: [],
    simulatePressure: true,
    lastCommittedPoint: [30, 12],
  },
} as const;
