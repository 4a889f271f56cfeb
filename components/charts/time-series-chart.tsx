"use client";

import {
  useEffect,
  useEffectEvent,
  useMemo,
  useRef,
  useState,
  type ReactNode,
  type SVGProps,
} from "react";
import {
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceArea,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
  type XAxisTickContentProps,
  type YAxisTickContentProps,
} from "recharts";
import { cn } from "@/lib/cn";
import { ChartLegend } from "./chart-legend";
import { ChartTooltip, type TooltipSeries } from "./chart-tooltip";
import { formatAxisValue, formatTimeTick, tickStep, timeTicks, valueTicks } from "./format";
import { typicalStep, type ChartRow, type TimePoint } from "./merge";
import { labelledMarkers } from "./marker-labels";
import { INVESTIGATION_SYNC_ID, SYNC_METHOD } from "./sync";
import { selectionToWindow, type PlotBounds, type TimeWindow } from "./zoom";

/** One drawn series. `field` is its column in the merged rows (no dots: recharts reads dotted keys as paths). */
export interface ChartLine {
  field: string;
  /** What the series is, host and role aside: `metric{labels}`. A baseline line shares its incident line's id. */
  id: string;
  name: string;
  color: string;
  unit: string;
  axis: AxisId;
  role: "incident" | "baseline";
  points: readonly TimePoint[];
}

export type AxisId = "left" | "right" | "extra";

export interface AxisSpec {
  id: AxisId;
  unit: string;
  /** Drawn on the left or the right; `hidden` scales its series without an axis (its legend gives the numbers). */
  placement: "left" | "right" | "hidden";
  /** The axis reaches at least this (100 for utilisation in %). */
  minMax?: number;
}

export interface ChartMarker {
  t: number;
  label: string;
  tone: "event" | "fix";
  /** Longer text for the marker list under the chart. */
  detail?: string;
}

/** Fixed geometry, so every chart's plot area spans the same pixels and the crosshair lines up. */
export const CHART_LAYOUT = {
  margin: { top: 14, right: 8, bottom: 0, left: 4 },
  axisWidth: 64,
  xAxisHeight: 22,
} as const;

/** Where the plot area is in a chart `width` pixels wide (both axis columns always reserved). */
export function plotBounds(width: number): PlotBounds {
  const { margin, axisWidth } = CHART_LAYOUT;
  return {
    left: margin.left + axisWidth,
    right: Math.max(margin.left + axisWidth, width - margin.right - axisWidth),
  };
}

/** An axis label on one line (recharts' own text wraps narrow labels such as "0.75 B/s"). */
function AxisTick({
  x,
  y,
  textAnchor,
  text,
  dy,
}: {
  x: number | string;
  y: number | string;
  textAnchor: SVGProps<SVGTextElement>["textAnchor"];
  text: string;
  dy: number;
}) {
  return (
    <text
      x={x}
      y={y}
      dy={dy}
      textAnchor={textAnchor}
      fontSize={11}
      style={{ fill: "var(--muted)" }}
      className="recharts-cartesian-axis-tick-value tabular-nums"
    >
      {text}
    </text>
  );
}

const MARKER_COLOR = { event: "#f87171", fix: "#4ade80" } as const;

export interface TimeSeriesChartProps {
  /** The domain: the figure's accessible name ("CPU", "Memory", ...). */
  title: string;
  subtitle?: ReactNode;
  rows: readonly ChartRow[];
  lines: readonly ChartLine[];
  axes: readonly AxisSpec[];
  window: TimeWindow;
  width: number;
  height?: number;
  markers?: readonly ChartMarker[];
  /** Series ids to draw thicker; the others are dimmed. */
  highlight?: ReadonlySet<string> | null;
  /** The chart of the chosen finding's domain. */
  emphasized?: boolean;
  syncId?: string;
  onZoom?: (w: TimeWindow) => void;
  /** A per-series action in the legend (e.g. "Correlate"). */
  seriesAction?: { label: string; onSelect: (line: ChartLine) => void; selectedId?: string | null };
  /** Heading of the tooltip's baseline column, e.g. "baseline (+47 s)". */
  baselineLabel?: string;
  loading?: boolean;
  empty?: ReactNode;
}

/**
 * The one time-series chart of Warroom: a `<figure>` named by its domain, drawn on the shared
 * time axis (the window's epoch ms), hover-synchronised with every other chart, drag-to-zoom, with
 * event and fix markers and a legend giving latest / min / max (tooltips are not the only way to
 * read the values). No animation: charts of an incident must not move on their own.
 */
export function TimeSeriesChart({
  title,
  subtitle,
  rows,
  lines,
  axes,
  window: w,
  width,
  height = 170,
  markers = [],
  highlight,
  emphasized,
  syncId = INVESTIGATION_SYNC_ID,
  onZoom,
  seriesAction,
  baselineLabel,
  loading,
  empty,
}: TimeSeriesChartProps) {
  const plot = plotBounds(width);
  const plotRef = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<{ x1: number; x2: number } | null>(null);

  const maxTicks = Math.max(2, Math.floor((plot.right - plot.left) / 90));
  const xTicks = useMemo(() => timeTicks(w.from, w.to, maxTicks), [w.from, w.to, maxTicks]);
  const step = tickStep(w.from, w.to, maxTicks);

  const yAxes = useMemo(
    () =>
      axes.map((a) => {
        let max = 0;
        for (const l of lines) {
          if (l.axis !== a.id) continue;
          for (const [t, v] of l.points) if (t >= w.from && t <= w.to && v > max) max = v;
        }
        const ticks = valueTicks(Math.max(max, a.minMax ?? 0), a.unit, height < 150 ? 3 : 4);
        return { ...a, ticks, top: ticks[ticks.length - 1] ?? 1 };
      }),
    [axes, lines, w.from, w.to, height],
  );
  const firstAxis = yAxes[0]?.id ?? "left";
  const hasRight = yAxes.some((a) => a.placement === "right");

  const msPerPixel = (w.to - w.from) / Math.max(1, plot.right - plot.left);
  const tooltipSeries: TooltipSeries[] = useMemo(() => {
    const baseline = new Map(
      lines.filter((l) => l.role === "baseline").map((l) => [l.id, l.points]),
    );
    return lines
      .filter((l) => l.role === "incident")
      .map((l) => {
        const s = typicalStep(l.points);
        return {
          field: l.field,
          name: l.name,
          color: l.color,
          unit: l.unit,
          points: l.points,
          baseline: baseline.get(l.id),
          // A row stands for up to a couple of pixels of time: read the sample within that too.
          toleranceMs: Math.max(Number.isFinite(s) ? s * 0.75 : 0, 2 * msPerPixel),
        };
      });
  }, [lines, msPerPixel]);

  const shownMarkers = labelledMarkers(
    markers.filter((m) => m.t >= w.from && m.t <= w.to),
    w,
    plot,
  );
  const hasData = lines.some((l) => l.points.length > 0);
  const highlighting = highlight && highlight.size > 0 ? highlight : null;

  // While dragging, follow the pointer outside the chart too, and finish wherever the button is released.
  const finishDrag = useEffectEvent((x2: number) => {
    const sel = drag ? selectionToWindow(drag.x1, x2, plot, w) : null;
    setDrag(null);
    if (sel && onZoom) onZoom(sel);
  });
  const dragging = drag !== null;
  useEffect(() => {
    if (!dragging) return;
    const xOf = (e: MouseEvent) => e.clientX - (plotRef.current?.getBoundingClientRect().left ?? 0);
    const move = (e: MouseEvent) => setDrag((d) => (d ? { x1: d.x1, x2: xOf(e) } : d));
    const up = (e: MouseEvent) => finishDrag(xOf(e));
    window.addEventListener("mousemove", move);
    window.addEventListener("mouseup", up);
    return () => {
      window.removeEventListener("mousemove", move);
      window.removeEventListener("mouseup", up);
    };
  }, [dragging]);

  const dragWindow = drag ? selectionToWindow(drag.x1, drag.x2, plot, w, 1) : null;

  return (
    <figure
      aria-label={title}
      data-window-from={w.from}
      data-window-to={w.to}
      data-series={lines.filter((l) => l.points.length > 0).length}
      className={cn(
        "rounded-lg border bg-surface p-2",
        emphasized ? "border-accent ring-1 ring-accent" : "border-border",
      )}
    >
      <figcaption className="flex flex-wrap items-baseline gap-x-2 px-1 text-sm">
        <span className="font-semibold">{title}</span>
        {subtitle ? <span className="text-xs text-muted">{subtitle}</span> : null}
        {emphasized ? <span className="text-xs text-accent">· chosen finding</span> : null}
      </figcaption>
      <div
        ref={plotRef}
        className={cn(
          "relative select-none",
          onZoom ? "cursor-crosshair" : "",
          // SVG presentation attributes cannot read CSS variables: theme colours come from here.
          "[&_.recharts-cartesian-grid_line]:stroke-border [&_.recharts-cartesian-axis-line]:stroke-border [&_.recharts-tooltip-cursor]:stroke-muted",
        )}
        style={{ width, height }}
        onMouseDown={(e) => {
          if (e.button !== 0 || !onZoom || width <= 0) return;
          const x = e.clientX - e.currentTarget.getBoundingClientRect().left;
          if (x < plot.left || x > plot.right) return;
          e.preventDefault();
          setDrag({ x1: x, x2: x });
        }}
      >
        {width > 0 ? (
          <ComposedChart
            width={width}
            height={height}
            data={rows}
            margin={{
              ...CHART_LAYOUT.margin,
              right: CHART_LAYOUT.margin.right + (hasRight ? 0 : CHART_LAYOUT.axisWidth),
            }}
            syncId={syncId}
            syncMethod={SYNC_METHOD}
            title={title}
          >
            <CartesianGrid vertical={false} strokeDasharray="2 4" />
            <XAxis
              dataKey="t"
              type="number"
              scale="linear"
              domain={[w.from, w.to]}
              allowDataOverflow
              ticks={xTicks}
              // Ticks are spaced already: skipping recharts' overlap check saves measuring every label.
              interval={0}
              height={CHART_LAYOUT.xAxisHeight}
              tick={(p: XAxisTickContentProps) => (
                <AxisTick {...p} text={formatTimeTick(Number(p.payload.value), step)} dy={12} />
              )}
              tickLine={false}
            />
            {yAxes.map((a) => (
              <YAxis
                key={a.id}
                yAxisId={a.id}
                orientation={a.placement === "right" ? "right" : "left"}
                hide={a.placement === "hidden"}
                // A hidden axis takes no room: with the default width recharts still set it beside
                // the left axis and pushed that one's labels off the chart.
                width={a.placement === "hidden" ? 0 : CHART_LAYOUT.axisWidth}
                type="number"
                domain={[0, a.top]}
                ticks={a.ticks}
                interval={0}
                allowDataOverflow
                tick={(p: YAxisTickContentProps) => (
                  <AxisTick {...p} text={formatAxisValue(Number(p.payload.value), a.unit)} dy={4} />
                )}
                tickLine={false}
                axisLine={false}
              />
            ))}
            {shownMarkers.map((m, i) => (
              <ReferenceLine
                key={`${m.tone}-${m.t}-${i}`}
                x={m.t}
                yAxisId={firstAxis}
                stroke={MARKER_COLOR[m.tone]}
                strokeWidth={1.5}
                strokeDasharray={m.tone === "fix" ? undefined : "4 3"}
                ifOverflow="hidden"
                label={
                  m.showLabel
                    ? {
                        value: m.label,
                        // Right of the line in the left half, left of it in the right half: never cut off.
                        position: m.t > (w.from + w.to) / 2 ? "insideTopRight" : "insideTopLeft",
                        fill: MARKER_COLOR[m.tone],
                        fontSize: 10,
                      }
                    : undefined
                }
              />
            ))}
            {lines.map((l) => {
              const on = highlighting?.has(l.id) ?? false;
              return (
                <Line
                  key={l.field}
                  dataKey={l.field}
                  name={l.role === "baseline" ? `${l.name} (baseline)` : l.name}
                  yAxisId={l.axis}
                  type="linear"
                  stroke={l.color}
                  strokeWidth={on ? 3 : l.role === "baseline" ? 1.25 : 1.75}
                  strokeOpacity={highlighting && !on ? 0.3 : l.role === "baseline" ? 0.7 : 1}
                  strokeDasharray={l.role === "baseline" ? "5 4" : undefined}
                  dot={l.points.length === 1 ? { r: 2.5 } : false}
                  activeDot={l.role === "incident" ? { r: 3 } : false}
                  connectNulls={false}
                  isAnimationActive={false}
                />
              );
            })}
            {dragWindow ? (
              <ReferenceArea
                x1={dragWindow.from}
                x2={dragWindow.to}
                yAxisId={firstAxis}
                fill="#5b8cff"
                fillOpacity={0.18}
                stroke="#5b8cff"
                strokeOpacity={0.6}
                ifOverflow="hidden"
              />
            ) : null}
            <Tooltip
              isAnimationActive={false}
              cursor={{ strokeDasharray: "3 3", strokeWidth: 1 }}
              wrapperStyle={{ zIndex: 20, pointerEvents: "none" }}
              allowEscapeViewBox={{ x: false, y: true }}
              content={(p) => (
                <ChartTooltip
                  active={p.active}
                  label={p.label}
                  series={tooltipSeries}
                  baselineLabel={baselineLabel}
                />
              )}
            />
          </ComposedChart>
        ) : null}
        {!hasData ? (
          <p className="pointer-events-none absolute inset-0 flex items-center justify-center text-sm text-muted">
            {loading ? "Loading…" : (empty ?? `No ${title} series in this window`)}
          </p>
        ) : null}
      </div>
      <ChartLegend lines={lines} window={w} highlight={highlighting} action={seriesAction} />
    </figure>
  );
}
