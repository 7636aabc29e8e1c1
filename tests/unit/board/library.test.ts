import { describe, expect, it } from "vitest";
import {
  applyBoardEvent,
  boardHash,
  COMPONENT_KINDS,
  COMPONENT_LIBRARY,
  connectComponents,
  decideBoardOp,
  elementOf,
  emptyBoard,
  placeComponent,
  sceneElements,
  type TBoardElement,
  validateBoardOp,
} from "../../../lib/board";
import { counterIds } from "./helpers";

const ctx = () => ({ newId: counterIds("lib"), now: 1_732_000_000_000 });

describe("system-design component library", () => {
  for (const kind of COMPONENT_KINDS) {
    it(`${kind}: a valid container with its label bound to it`, () => {
      const [shape, label] = placeComponent(kind, { x: 40, y: 60 }, ctx());
      const r = validateBoardOp({ type: "board.upsert", elements: [shape, label] }, emptyBoard());
      expect(r.ok ? "ok" : r.error).toBe("ok");
      expect(shape.type).toBe(COMPONENT_LIBRARY[kind].shape);
      expect(shape.boundElements).toEqual([{ id: label.id, type: "text" }]);
      expect(label).toMatchObject({
        type: "text",
        containerId: shape.id,
        text: COMPONENT_LIBRARY[kind].label,
      });
      // The label sits inside its shape.
      expect(label.x).toBeGreaterThanOrEqual(shape.x);
      expect(label.x + label.width).toBeLessThanOrEqual(shape.x + shape.width);
      expect(label.y).toBeGreaterThanOrEqual(shape.y);
      expect(label.y + label.height).toBeLessThanOrEqual(shape.y + shape.height);
    });
  }

  it("uses the article's vocabulary", () => {
    expect(COMPONENT_KINDS.map((k) => COMPONENT_LIBRARY[k].label)).toEqual([
      "Client",
      "Load balancer",
      "API service",
      "Cache",
      "Message queue",
      "Database\n(leader)",
      "Database\n(follower)",
      "Database\n(shard)",
      "CDN",
      "Region",
    ]);
  });

  it("is deterministic: the same ids and clock give the same elements", () => {
    const a = placeComponent("cache", { x: 1, y: 2 }, ctx());
    const b = placeComponent("cache", { x: 1, y: 2 }, ctx());
    expect(a).toEqual(b);
    const other = placeComponent("cache", { x: 1, y: 2 }, { newId: counterIds("other"), now: 0 });
    expect(other[0].seed).not.toBe(a[0].seed);
  });

  it("takes a custom label (plain text, multi-line)", () => {
    const [, label] = placeComponent("region-boundary", { x: 0, y: 0 }, ctx(), "Region eu-west\n(primary)");
    expect(label).toMatchObject({ text: "Region eu-west\n(primary)", verticalAlign: "top" });
    const [shape, long] = placeComponent(
      "cache",
      { x: 0, y: 0 },
      ctx(),
      "Session cache (Redis cluster, 6 shards)",
    );
    expect(shape.width).toBeGreaterThan(long.width);
  });

  it("connects a load balancer to a database with an arrow bound at both ends", () => {
    const c = ctx();
    const lb = placeComponent("load-balancer", { x: 0, y: 0 }, c);
    const db = placeComponent("database-leader", { x: 400, y: 200 }, c);
    let board = applyBoardEvent(emptyBoard(), {
      seq: 1,
      actorId: "cand",
      op: { type: "board.upsert", elements: [...lb, ...db] },
    });
    const [arrow, from, to] = connectComponents(lb[0], db[0], c);
    const d = decideBoardOp({ type: "board.upsert", elements: [arrow, from, to] }, "candidate", board);
    expect(d.ok ? "ok" : d.error).toBe("ok");
    if (!d.ok) return;
    board = applyBoardEvent(board, { seq: 2, actorId: "cand", op: d.payload.op });
    const stored = (id: string) => elementOf(board, id) as TBoardElement & Record<string, unknown>;
    expect(stored(arrow.id)).toMatchObject({
      type: "arrow",
      startBinding: { elementId: lb[0].id },
      endBinding: { elementId: db[0].id },
    });
    expect(stored(lb[0].id).boundElements).toContainEqual({ id: arrow.id, type: "arrow" });
    expect(stored(db[0].id).boundElements).toContainEqual({ id: arrow.id, type: "arrow" });
    expect(stored(lb[0].id).version).toBe(2);
    // The arrow runs from the load balancer towards the database: it starts right of/below the LB's centre.
    const pts = (arrow as { points: [number, number][] }).points;
    expect(pts[1]![0]).toBeGreaterThan(0);
    expect(pts[1]![1]).toBeGreaterThan(0);
    expect(sceneElements(board).map((e) => e.type)).toEqual([
      "rectangle",
      "text",
      "ellipse",
      "text",
      "arrow",
    ]);
    expect(boardHash(board)).toMatch(/^[0-9a-f]{16}$/);
  });
});
