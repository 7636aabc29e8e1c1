import type { TBoardElement } from "@/lib/board/schema";

/**
 * A text description of the diagram: each labelled shape, and each arrow with the labels at its ends. Screen
 * readers get the board through it, and tests assert on it instead of on pixels.
 */
export function describeBoard(elements: readonly TBoardElement[]): string[] {
  const live = elements.filter((e) => !e.isDeleted);
  const byId = new Map(live.map((e) => [e.id, e]));
  const labelOf = (id: string | null | undefined): string | null => {
    if (!id) return null;
    const el = byId.get(id);
    if (!el) return null;
    const text = live.find(
      (t) => t.type === "text" && (t as { containerId?: string | null }).containerId === id,
    );
    return text
      ? String((text as { text?: string }).text ?? "")
          .replace(/\s+/g, " ")
          .trim() || null
      : null;
  };
  const out: string[] = [];
  for (const el of live) {
    if (el.type === "rectangle" || el.type === "ellipse" || el.type === "diamond") {
      out.push(`${labelOf(el.id) ?? "unlabelled"} (${el.type} at ${Math.round(el.x)},${Math.round(el.y)})`);
    } else if (el.type === "arrow") {
      const a = el as {
        startBinding?: { elementId: string } | null;
        endBinding?: { elementId: string } | null;
      };
      out.push(
        `arrow from ${labelOf(a.startBinding?.elementId) ?? "nothing"} to ${labelOf(a.endBinding?.elementId) ?? "nothing"}`,
      );
    } else if (el.type === "text" && !(el as { containerId?: string | null }).containerId) {
      out.push(`text "${String((el as { text?: string }).text ?? "").slice(0, 80)}"`);
    } else if (el.type === "freedraw") {
      out.push("freehand stroke");
    }
  }
  return out;
}
