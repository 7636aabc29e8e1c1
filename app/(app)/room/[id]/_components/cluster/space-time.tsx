"use client";

import { type ReactNode, useEffect, useMemo, useRef, useState } from "react";
import type { Operation } from "@/lib/check/history";
import { SECOND } from "@/lib/sim/constants";
import { formatNs } from "@/lib/sim/outcomes";
import type { Simulation } from "@/lib/sim/simulation";
import {
  createLiveTracer,
  highlightFor,
  type SpaceTimeTrace,
  startTrace,
  TRACE_LIMIT,
  type TraceJob,
  type TraceMessage,
} from "@/lib/sim/trace";

/**
 * The space-time (Lamport) diagram: one lane per node and per client, virtual time left to right, each message
 * an arrow from its send to its delivery, drops ending in ×, partitions shaded, crashes marked. Traced by
 * re-running the window on a fork of the simulator (lib/sim/trace.ts), only while open, a few times a second,
 * in slices of at most SLICE_EVENTS so no frame stalls. A selected anomaly switches to the span of its
 * operations, with them and the messages touching their nodes highlighted.
 */
const WINDOWS = [
  { label: "last 1 s", ns: 1 * SECOND },
  { label: "last 5 s", ns: 5 * SECOND },
  { label: "last 30 s", ns: 30 * SECOND },
] as const;
const ZOOMS = [1, 2, 4, 8, 16] as const;
const REFRESH_MS = 300;
const SLICE_EVENTS = 5_000;
const W = 720;
const LEFT = 52;
const RIGHT = 10;
const TOP = 16;
const NODE_LANE = 28;
const CLIENT_LANE = 18;
const LIST_LIMIT = 200;

const COLORS = {
  message: "#64748b",
  drop: "#dc2626",
  inFlight: "#2563eb",
  partition: "#f59e0b",
  down: "#dc2626",
  write: "#2563eb",
  read: "#059669",
  failed: "#dc2626",
  timedOut: "#d97706",
  highlight: "#7c3aed",
};

function fateText(m: TraceMessage): string {
  switch (m.fate) {
    case "delivered":
      return `delivered at ${formatNs(m.at)}`;
    case "in-flight":
      return `in flight, due at ${formatNs(m.at)}`;
    case "loss":
      return "lost in transit";
    case "partition":
      return `dropped at ${formatNs(m.at)}: link cut`;
    case "down":
      return `dropped at ${formatNs(m.at)}: ${m.to} not running`;
  }
}

function opColor(o: SpaceTimeTrace["ops"][number]): string {
  if (o.status === "fail") return COLORS.failed;
  if (o.status === "info") return COLORS.timedOut;
  return o.f === "write" ? COLORS.write : COLORS.read;
}

/** The anomaly's operations' span, padded, if the panel still lists them. */
function focusSpan(ops: readonly Operation[], opIds: ReadonlySet<number>, now: number) {
  const mine = ops.filter((o) => opIds.has(o.opId));
  if (mine.length === 0) return null;
  const from = Math.min(...mine.map((o) => o.start));
  const to = Math.max(...mine.map((o) => o.end ?? now));
  const pad = Math.max(20_000_000, (to - from) / 4);
  return { from: Math.max(0, from - pad), to: Math.min(now, to + pad) };
}

export function SpaceTime(props: {
  simulation: () => Simulation | null;
  /** Operations named by the selected anomaly (empty: none selected). */
  highlight: ReadonlySet<number>;
  /** Recent operations (the panel's timeline list): where the selected anomaly's operations are in time. */
  ops: readonly Operation[];
}) {
  const [open, setOpen] = useState(false);
  const [windowNs, setWindowNs] = useState<number>(WINDOWS[0].ns);
  const [zoom, setZoom] = useState(4);
  const [trace, setTrace] = useState<SpaceTimeTrace | null>(null);
  const [tracing, setTracing] = useState(false);
  const simRef = useRef(props.simulation);
  simRef.current = props.simulation;
  const opsRef = useRef(props.ops);
  opsRef.current = props.ops;
  const highlightKey = [...props.highlight].join(",");
  const [focused, setFocused] = useState(false);

  useEffect(() => {
    if (!open) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let cancelled = false;
    const highlight = new Set(highlightKey === "" ? [] : highlightKey.split(",").map(Number));
    if (highlight.size > 0) {
      // A selected anomaly: trace the span of its operations once (it is in the past, so it does not change).
      const sim = simRef.current();
      const span = sim ? focusSpan(opsRef.current, highlight, sim.now) : null;
      if (sim && span) {
        setFocused(true);
        // The whole span of its operations to start with.
        setZoom(1);
        setTracing(true);
        const job: TraceJob = startTrace(sim, span.from, span.to);
        const slice = () => {
          if (cancelled) return;
          if (job.step(SLICE_EVENTS)) {
            setTrace(job.result());
            setTracing(false);
          } else timer = setTimeout(slice, 0);
        };
        slice();
        return () => {
          cancelled = true;
          clearTimeout(timer);
        };
      }
    }
    setFocused(false);
    const tracer = createLiveTracer(WINDOWS[2].ns);
    const tick = () => {
      if (cancelled) return;
      const sim = simRef.current();
      if (!sim) {
        setTrace(null);
        timer = setTimeout(tick, REFRESH_MS);
        return;
      }
      const t = tracer.update(sim, windowNs, SLICE_EVENTS);
      if (t) {
        setTrace(t);
        setTracing(false);
        timer = setTimeout(tick, REFRESH_MS);
      } else {
        // Still catching up from the simulator's last snapshot: another slice after this frame.
        setTracing(true);
        timer = setTimeout(tick, 16);
      }
    };
    tick();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [open, windowNs, highlightKey]);

  const hl = useMemo(
    () => (trace && props.highlight.size > 0 ? highlightFor(trace, props.highlight) : null),
    [trace, props.highlight],
  );

  return (
    <section aria-label="Space-time view" className="space-y-2">
      <div className="flex flex-wrap items-center gap-2 text-xs">
        <button
          type="button"
          aria-expanded={open}
          onClick={() => setOpen((o) => !o)}
          className="rounded border border-slate-300 px-2 py-1 font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
        >
          {open ? "Hide space-time view" : "Space-time view"}
        </button>
        {open && (
          <>
            <label className="flex items-center gap-1">
              Window
              <select
                value={windowNs}
                disabled={focused}
                onChange={(e) => setWindowNs(Number(e.target.value))}
                className="rounded border border-slate-300 bg-transparent px-1 py-0.5 dark:border-slate-700"
              >
                {WINDOWS.map((w) => (
                  <option key={w.ns} value={w.ns}>
                    {w.label}
                  </option>
                ))}
              </select>
            </label>
            <fieldset className="flex items-center gap-1">
              <legend className="sr-only">Zoom</legend>
              <button
                type="button"
                aria-label="Zoom out"
                disabled={zoom === ZOOMS[0]}
                onClick={() => setZoom((z) => ZOOMS[Math.max(0, ZOOMS.indexOf(z as never) - 1)] ?? 1)}
                className="h-6 w-6 rounded border border-slate-300 disabled:opacity-40 dark:border-slate-700"
              >
                −
              </button>
              <output aria-live="polite" className="w-8 text-center tabular-nums">
                {zoom}×
              </output>
              <button
                type="button"
                aria-label="Zoom in"
                disabled={zoom === ZOOMS[ZOOMS.length - 1]}
                onClick={() =>
                  setZoom((z) => ZOOMS[Math.min(ZOOMS.length - 1, ZOOMS.indexOf(z as never) + 1)] ?? 1)
                }
                className="h-6 w-6 rounded border border-slate-300 disabled:opacity-40 dark:border-slate-700"
              >
                +
              </button>
            </fieldset>
            {focused && (
              <span className="text-red-700 dark:text-red-300">
                Showing the selected anomaly (deselect it to go back to live)
              </span>
            )}
            {tracing && <span className="text-slate-500 dark:text-slate-400">Tracing…</span>}
          </>
        )}
      </div>
      {open && trace && <Diagram trace={trace} zoom={zoom} hl={hl} focused={focused} />}
    </section>
  );
}

function Diagram({
  trace,
  zoom,
  hl,
  focused,
}: {
  trace: SpaceTimeTrace;
  zoom: number;
  hl: ReturnType<typeof highlightFor> | null;
  focused: boolean;
}) {
  // Zoom narrows the span: onto the end of a live window (now), onto the middle of an anomaly's.
  const full = Math.max(1, trace.shownToNs - trace.fromNs);
  const span = full / zoom;
  const vTo = focused ? trace.fromNs + (full + span) / 2 : trace.shownToNs;
  const vFrom = vTo - span;
  const lanes = [
    ...trace.nodes.map((id) => ({ id, kind: "node" as const })),
    ...trace.clients.map((id) => ({ id, kind: "client" as const })),
  ];
  const laneY = new Map<string, number>();
  let y = TOP;
  for (const l of lanes) {
    const h = l.kind === "node" ? NODE_LANE : CLIENT_LANE;
    laneY.set(`${l.kind}:${l.id}`, y + h / 2);
    y += h;
  }
  const height = y + 18;
  const nodeTop = TOP;
  const nodeBottom = TOP + trace.nodes.length * NODE_LANE;
  const x = (t: number) => LEFT + ((Math.min(Math.max(t, vFrom), vTo) - vFrom) / span) * (W - LEFT - RIGHT);
  const ny = (n: string) => laneY.get(`node:${n}`) ?? TOP;
  const visible = trace.messages.filter((m) => m.at >= vFrom && (m.sentAt ?? trace.fromNs) <= vTo);
  const ops = trace.ops.filter((o) => (o.end ?? vTo) >= vFrom && o.start <= vTo);
  const dropped = visible.filter((m) => m.fate !== "delivered" && m.fate !== "in-flight").length;
  const inFlight = visible.filter((m) => m.fate === "in-flight").length;
  const partitions = trace.partitions.filter((p) => (p.to ?? vTo) >= vFrom && p.from <= vTo);
  const outages = trace.outages.filter((o) => (o.to ?? vTo) >= vFrom && o.from <= vTo);
  const marked = (m: TraceMessage) => hl?.messages.has(m.id) ?? false;
  const anyHl = hl !== null && hl.ops.size > 0;
  // Highlighted arrows are drawn last, on top.
  const ordered = anyHl ? [...visible.filter((m) => !marked(m)), ...visible.filter(marked)] : visible;

  const label = [
    `Space-time diagram, ${formatNs(vFrom)} to ${formatNs(vTo)}:`,
    `lanes for nodes ${trace.nodes.join(", ")}${trace.clients.length ? ` and clients ${trace.clients.join(", ")}` : ""};`,
    `${visible.length} messages, ${dropped} dropped, ${inFlight} in flight;`,
    `${partitions.length} partition${partitions.length === 1 ? "" : "s"}${partitions.length ? ` (${partitions.map((p) => p.label).join("; ")})` : ""};`,
    `${outages.length} node outage${outages.length === 1 ? "" : "s"};`,
    `${ops.length} client operations${anyHl || trace.truncated ? ";" : ""}`,
    anyHl
      ? `highlighted: ${hl.ops.size} operations and ${hl.messages.size} messages${trace.truncated ? ";" : ""}`
      : "",
    trace.truncated ? `showing the ${focused ? "first" : "latest"} ${trace.limit} messages` : "",
  ]
    .filter((part) => part !== "")
    .join(" ");

  return (
    <div className="space-y-1">
      {trace.truncated && (
        <p className="text-xs text-amber-700 dark:text-amber-300">
          Showing the {focused ? "first" : "latest"} {TRACE_LIMIT.toLocaleString("en-US")} messages of this
          window; zoom in or pick a shorter window for the rest.
        </p>
      )}
      {/* A narrow panel scrolls the diagram sideways rather than shrink its text below legibility. */}
      <div className="overflow-x-auto">
        <svg
          viewBox={`0 0 ${W} ${height}`}
          className="h-auto w-full min-w-[600px] text-slate-500 dark:text-slate-400"
          role="img"
          aria-label={label}
          data-testid="space-time"
        >
          <defs>
            <marker
              id="st-arrow"
              viewBox="0 0 6 6"
              refX="6"
              refY="3"
              markerWidth="5"
              markerHeight="5"
              orient="auto"
            >
              <path d="M0,0 L6,3 L0,6 z" fill={COLORS.message} />
            </marker>
            <marker
              id="st-arrow-hl"
              viewBox="0 0 6 6"
              refX="6"
              refY="3"
              markerWidth="5"
              markerHeight="5"
              orient="auto"
            >
              <path d="M0,0 L6,3 L0,6 z" fill={COLORS.highlight} />
            </marker>
          </defs>
          {partitions.map((p) => (
            <g key={`p${p.from}`}>
              <rect
                x={x(p.from)}
                y={nodeTop}
                width={Math.max(1, x(p.to ?? vTo) - x(p.from))}
                height={nodeBottom - nodeTop}
                fill={COLORS.partition}
                fillOpacity={0.14}
              >
                <title>{`Partition ${p.label}, ${formatNs(p.from)}–${p.to === null ? "now" : formatNs(p.to)}`}</title>
              </rect>
              <text x={x(p.from) + 2} y={nodeTop - 4} fontSize="9" fill="#b45309">
                partition {p.label}
              </text>
            </g>
          ))}
          {lanes.map((l) => {
            const ly = laneY.get(`${l.kind}:${l.id}`) as number;
            return (
              <g key={`${l.kind}:${l.id}`}>
                <text
                  x={0}
                  y={ly + 3}
                  fontSize={l.kind === "node" ? 10 : 9}
                  fill="currentColor"
                  fontWeight={l.kind === "node" ? 600 : 400}
                >
                  {l.id.length > 9 ? `${l.id.slice(0, 8)}…` : l.id}
                </text>
                <line
                  x1={LEFT}
                  x2={W - RIGHT}
                  y1={ly}
                  y2={ly}
                  stroke="currentColor"
                  strokeOpacity={l.kind === "node" ? 0.5 : 0.25}
                  strokeDasharray={l.kind === "client" ? "2 3" : undefined}
                />
              </g>
            );
          })}
          {outages.map((o) => {
            const oy = ny(o.node);
            return (
              <g key={`o${o.node}${o.from}`}>
                <rect
                  x={x(o.from)}
                  y={oy - 4}
                  width={Math.max(2, x(o.to ?? vTo) - x(o.from))}
                  height={8}
                  fill={o.kind === "paused" ? COLORS.timedOut : COLORS.down}
                  fillOpacity={0.35}
                >
                  <title>{`${o.node} ${o.kind}, ${formatNs(o.from)}–${o.to === null ? "now" : formatNs(o.to)}`}</title>
                </rect>
                {o.from >= vFrom && (
                  <text x={x(o.from)} y={oy - 6} fontSize="9" fill={COLORS.down} textAnchor="middle">
                    {o.kind === "crashed" ? "crash" : o.kind}
                  </text>
                )}
              </g>
            );
          })}
          {ordered.map((m) => {
            // Clipped along the arrow, so one sent before the view still comes from its sender's direction.
            const t1 = m.sentAt ?? trace.fromNs;
            const t2 = Math.max(m.at, t1);
            const ya = ny(m.from);
            const yb = ny(m.to);
            const yAt = (t: number) => (t2 === t1 ? yb : ya + ((yb - ya) * (t - t1)) / (t2 - t1));
            const x1 = x(t1);
            const x2 = x(t2);
            const y1 = yAt(Math.max(t1, vFrom));
            const y2 = yAt(Math.min(t2, vTo));
            const hi = marked(m);
            const dim = anyHl && !hi;
            const isDrop = m.fate !== "delivered" && m.fate !== "in-flight";
            const color = hi
              ? COLORS.highlight
              : isDrop
                ? COLORS.drop
                : m.fate === "in-flight"
                  ? COLORS.inFlight
                  : COLORS.message;
            return (
              <g key={m.id} opacity={dim ? 0.15 : 1}>
                <line
                  x1={x1}
                  y1={y1}
                  x2={x2}
                  y2={y2}
                  stroke={color}
                  strokeWidth={hi ? 1.6 : 0.8}
                  strokeOpacity={isDrop || hi ? 0.95 : 0.6}
                  strokeDasharray={isDrop || m.fate === "in-flight" ? "3 2" : undefined}
                  markerEnd={
                    m.fate === "delivered" ? (hi ? "url(#st-arrow-hl)" : "url(#st-arrow)") : undefined
                  }
                >
                  <title>{`${m.tag}: ${m.from} → ${m.to}, sent ${m.sentAt === null ? "earlier" : `at ${formatNs(m.sentAt)}`}, ${fateText(m)}`}</title>
                </line>
                {isDrop && m.at <= vTo && (
                  <path
                    d={`M${x2 - 3},${y2 - 3} L${x2 + 3},${y2 + 3} M${x2 - 3},${y2 + 3} L${x2 + 3},${y2 - 3}`}
                    stroke={COLORS.drop}
                    strokeWidth={1.4}
                  />
                )}
              </g>
            );
          })}
          {ops.map((o) => {
            const cy = laneY.get(`client:${o.client}`) as number;
            const x1 = x(o.start);
            const x2 = Math.max(x1 + 2, x(o.end ?? vTo));
            const hi = hl?.ops.has(o.opId) ?? false;
            return (
              <g key={o.opId} opacity={anyHl && !hi ? 0.35 : 1}>
                {hi && (
                  <line
                    x1={x1}
                    x2={x1}
                    y1={ny(o.node)}
                    y2={cy}
                    stroke={COLORS.highlight}
                    strokeWidth={1}
                    strokeDasharray="2 2"
                  />
                )}
                <rect
                  x={x1}
                  y={cy - 4}
                  width={x2 - x1}
                  height={8}
                  rx={2}
                  fill={opColor(o)}
                  fillOpacity={hi ? 1 : 0.6}
                  stroke={hi ? COLORS.highlight : "none"}
                  strokeWidth={hi ? 2 : 0}
                >
                  <title>{`#${o.opId} ${o.f} ${o.key}${o.value !== null ? ` = ${o.value}` : ""} (${o.status}) via ${o.node}`}</title>
                </rect>
              </g>
            );
          })}
          <text x={LEFT} y={height - 4} fontSize="9" fill="currentColor">
            {formatNs(vFrom)}
          </text>
          <text x={W - RIGHT} y={height - 4} fontSize="9" fill="currentColor" textAnchor="end">
            {formatNs(vTo)}
          </text>
        </svg>
      </div>
      <Legend />
      <details className="text-xs">
        <summary className="cursor-pointer text-slate-500 dark:text-slate-400">
          Messages ({visible.length.toLocaleString("en-US")})
        </summary>
        <ol className="mt-1 max-h-48 overflow-auto font-mono">
          {(anyHl ? visible.filter(marked) : visible).slice(-LIST_LIMIT).map((m) => (
            <li key={m.id}>
              {m.sentAt === null ? "earlier" : formatNs(m.sentAt)} {m.from} → {m.to} {m.tag}: {fateText(m)}
            </li>
          ))}
        </ol>
        {visible.length > LIST_LIMIT && (
          <p className="text-slate-500 dark:text-slate-400">The latest {LIST_LIMIT} are listed.</p>
        )}
      </details>
    </div>
  );
}

function Legend() {
  const item = (key: string, swatch: ReactNode, text: string) => (
    <li key={key} className="flex items-center gap-1">
      <svg width="22" height="10" aria-hidden="true">
        {swatch}
      </svg>
      {text}
    </li>
  );
  return (
    <ul
      aria-label="Legend"
      className="flex flex-wrap gap-x-3 gap-y-1 text-[11px] text-slate-600 dark:text-slate-400"
    >
      {item("m", <line x1="1" y1="5" x2="21" y2="5" stroke={COLORS.message} strokeWidth="1.5" />, "message")}
      {item(
        "d",
        <>
          <line x1="1" y1="5" x2="17" y2="5" stroke={COLORS.drop} strokeDasharray="3 2" />
          <path d="M15,2 L21,8 M15,8 L21,2" stroke={COLORS.drop} strokeWidth="1.4" />
        </>,
        "dropped (×)",
      )}
      {item(
        "f",
        <line x1="1" y1="5" x2="21" y2="5" stroke={COLORS.inFlight} strokeDasharray="3 2" />,
        "in flight",
      )}
      {item(
        "p",
        <rect x="1" y="0" width="20" height="10" fill={COLORS.partition} fillOpacity="0.3" />,
        "partition",
      )}
      {item(
        "c",
        <rect x="1" y="1" width="20" height="8" fill={COLORS.down} fillOpacity="0.35" />,
        "node down",
      )}
      {item("w", <rect x="1" y="1" width="20" height="8" rx="2" fill={COLORS.write} />, "write")}
      {item("r", <rect x="1" y="1" width="20" height="8" rx="2" fill={COLORS.read} />, "read")}
      {item("x", <rect x="1" y="1" width="20" height="8" rx="2" fill={COLORS.failed} />, "failed")}
      {item("t", <rect x="1" y="1" width="20" height="8" rx="2" fill={COLORS.timedOut} />, "timed out")}
      {item(
        "h",
        <rect
          x="2"
          y="1"
          width="18"
          height="8"
          rx="2"
          fill="none"
          stroke={COLORS.highlight}
          strokeWidth="2"
        />,
        "selected anomaly",
      )}
    </ul>
  );
}
