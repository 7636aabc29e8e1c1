"use client";

import type { ClusterView } from "@/lib/sim/view";

const W = 420;
const H = 260;
const GROUP_COLORS = ["#2563eb", "#d97706", "#059669", "#db2777"];

/** Nodes on a ring (regions side by side), messages in flight as moving dots, partitions as colours. */
export function ClusterDiagram({ view }: { view: ClusterView }) {
  const live = view.nodes.filter((n) => n.status !== "removed");
  const pos = new Map<string, { x: number; y: number }>();
  live.forEach((n, i) => {
    const a = (i / live.length) * 2 * Math.PI - Math.PI / 2;
    pos.set(n.id, { x: W / 2 + Math.cos(a) * 100, y: H / 2 + Math.sin(a) * 95 });
  });
  const partitioned = view.groups.length > 1;
  const groupOf = new Map<string, number>();
  view.groups.forEach((g, i) => {
    for (const id of g) groupOf.set(id, i);
  });
  const leader = view.nodes.find(
    (n) =>
      n.role === "leader" && n.status === "up" && view.nodes.filter((m) => m.role === "leader").length === 1,
  );
  const summary = `${live.length} nodes${partitioned ? `, partitioned into ${view.groups.map((g) => `{${g.join(", ")}}`).join(" and ")}` : ""}${leader ? `, leader ${leader.id}` : ""}; ${view.messages.length} messages in flight`;

  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={`Cluster diagram: ${summary}`}
      className="h-auto w-full"
    >
      {live.map((a, i) =>
        live.slice(i + 1).map((b) => {
          const pa = pos.get(a.id)!;
          const pb = pos.get(b.id)!;
          const cut = partitioned && groupOf.get(a.id) !== groupOf.get(b.id);
          return (
            <line
              key={`${a.id}-${b.id}`}
              x1={pa.x}
              y1={pa.y}
              x2={pb.x}
              y2={pb.y}
              stroke={cut ? "#ef4444" : "currentColor"}
              strokeOpacity={cut ? 0.5 : 0.12}
              strokeDasharray={cut ? "4 4" : undefined}
            />
          );
        }),
      )}
      {view.messages.map((m, i) => {
        const a = pos.get(m.from);
        const b = pos.get(m.to);
        if (!a || !b) return null;
        return (
          <circle
            key={i}
            cx={a.x + (b.x - a.x) * m.progress}
            cy={a.y + (b.y - a.y) * m.progress}
            r={3}
            className="fill-brand-500"
          />
        );
      })}
      {live.map((n) => {
        const p = pos.get(n.id)!;
        const down = n.status !== "up";
        const ring = partitioned ? GROUP_COLORS[(groupOf.get(n.id) ?? 0) % GROUP_COLORS.length] : "#64748b";
        return (
          <g key={n.id}>
            <circle
              cx={p.x}
              cy={p.y}
              r={22}
              fill={down ? "#e2e8f0" : n.role === "leader" ? "#dbeafe" : "#ffffff"}
              stroke={ring}
              strokeWidth={n.role === "leader" ? 4 : 2}
            />
            <text x={p.x} y={p.y - 2} textAnchor="middle" fontSize="12" fontWeight="600" fill="#0f172a">
              {n.id}
            </text>
            <text x={p.x} y={p.y + 11} textAnchor="middle" fontSize="9" fill="#475569">
              {down ? n.status : n.paused ? "paused" : n.role}
            </text>
            <text x={p.x} y={p.y + 36} textAnchor="middle" fontSize="9" fill="currentColor" opacity={0.6}>
              {n.region}/{n.dc}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
