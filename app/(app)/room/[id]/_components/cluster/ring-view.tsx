"use client";

import { useMemo, useRef } from "react";
import { buildRing, keyHash, modNOwner, ringOwner } from "@/lib/sim/placement";

const SIZE = 220;
const R = 80;
const KEYS = Array.from({ length: 64 }, (_, i) => `k${i}`);
const COLORS = ["#2563eb", "#d97706", "#059669", "#db2777", "#7c3aed", "#0891b2", "#65a30d", "#dc2626"];
const TWO32 = 2 ** 32;

function angle(pos: number) {
  return (pos / TWO32) * 2 * Math.PI - Math.PI / 2;
}

/**
 * The consistent-hash ring of a quorum store: each member's virtual nodes, 64 sample keys coloured by owner,
 * and, after a join or leave, the keys that moved (next to what `hash mod N` would have moved).
 */
export function RingView({ members, vnodes }: { members: string[]; vnodes: number }) {
  const ring = useMemo(
    () =>
      buildRing(
        members.map((id, i) => [i, id] as const),
        vnodes,
      ),
    [members, vnodes],
  );
  const owners = useMemo(() => KEYS.map((k) => members[ringOwner(ring, k)] ?? "?"), [ring, members]);
  const previous = useRef<{ members: string[]; owners: string[] } | null>(null);
  const last = useRef<{ moved: Set<string>; ringShare: number; modShare: number; change: string } | null>(
    null,
  );

  const key = members.join(",");
  if (previous.current && previous.current.members.join(",") !== key) {
    const before = previous.current;
    const moved = new Set(KEYS.filter((_, i) => before.owners[i] !== owners[i]));
    const modMoved = KEYS.filter(
      (k) => before.members[modNOwner(k, before.members.length)] !== members[modNOwner(k, members.length)],
    ).length;
    const added = members.filter((m) => !before.members.includes(m));
    const removed = before.members.filter((m) => !members.includes(m));
    last.current = {
      moved,
      ringShare: moved.size / KEYS.length,
      modShare: modMoved / KEYS.length,
      change: [...added.map((a) => `${a} joined`), ...removed.map((r) => `${r} left`)].join(", "),
    };
  }
  previous.current = { members, owners };
  const color = (id: string) => COLORS[Math.max(0, members.indexOf(id)) % COLORS.length]!;

  return (
    <figure className="space-y-1">
      <svg
        viewBox={`0 0 ${SIZE} ${SIZE}`}
        className="mx-auto h-auto w-full max-w-56"
        role="img"
        aria-label={`Hash ring: ${members.length} nodes with ${vnodes} virtual nodes each, ${KEYS.length} sample keys`}
      >
        <circle cx={SIZE / 2} cy={SIZE / 2} r={R} fill="none" stroke="currentColor" strokeOpacity={0.2} />
        {ring.map((p, i) => {
          const a = angle(p.pos);
          return (
            <circle
              key={i}
              cx={SIZE / 2 + Math.cos(a) * R}
              cy={SIZE / 2 + Math.sin(a) * R}
              r={2.5}
              fill={color(members[p.node] ?? "")}
            />
          );
        })}
        {KEYS.map((k, i) => {
          const a = angle(keyHash(k) >>> 0);
          const moved = last.current?.moved.has(k);
          return (
            <line
              key={k}
              x1={SIZE / 2 + Math.cos(a) * (R - 14)}
              y1={SIZE / 2 + Math.sin(a) * (R - 14)}
              x2={SIZE / 2 + Math.cos(a) * (R - 5)}
              y2={SIZE / 2 + Math.sin(a) * (R - 5)}
              stroke={color(owners[i]!)}
              strokeWidth={moved ? 3 : 1.2}
              strokeOpacity={moved ? 1 : 0.7}
            />
          );
        })}
        {members.map((m, i) => (
          <text key={m} x={8} y={14 + i * 12} fontSize="10" fill={color(m)}>
            {m}: {owners.filter((o) => o === m).length} keys
          </text>
        ))}
      </svg>
      <figcaption className="text-xs text-slate-600 dark:text-slate-400" data-testid="ring-moves">
        {last.current
          ? `${last.current.change}: ${Math.round(last.current.ringShare * 100)}% of keys moved on the ring (thick ticks); hash mod N would have moved ${Math.round(last.current.modShare * 100)}%.`
          : "Add or remove a node to see which keys move."}
      </figcaption>
    </figure>
  );
}
