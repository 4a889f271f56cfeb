"use client";

import { useMemo } from "react";
import { formatDateTime, formatLag, formatTime } from "@/components/charts/format";
import { mergeSeries, type ChartRow } from "@/components/charts/merge";
import {
  plotBounds,
  TimeSeriesChart,
  type ChartLine,
  type ChartMarker,
} from "@/components/charts/time-series-chart";
import { requestWidth, type TimeWindow } from "@/components/charts/zoom";
import { Alert } from "@/components/ui/alert";
import type { SeriesKeyInput } from "@/lib/client/analyze-keys";
import { useSeriesRequests } from "@/lib/client/use-analyze";
import { buildHostCharts, type HostCharts } from "./build-lines";
import { CHART_SELECTORS, CHART_SPECS, type ChartDomain } from "./chart-specs";

/** A host drawn in the charts, with where its captures sit in time. */
export interface ChartHost {
  id: string;
  hostname: string;
  /** Start of its incident captures: the baseline is shifted to start here. */
  incidentFrom: number;
  /** Start of its baseline captures, when it has any. */
  baselineFrom: number | null;
}

const COLUMN_GAP = 12;

function shiftOf(h: ChartHost): number | null {
  return h.baselineFrom === null ? null : h.incidentFrom - h.baselineFrom;
}

export interface ChartData {
  charts: HostCharts[];
  rows: ChartRow[];
  columnWidth: number;
  pending: boolean;
  fetching: boolean;
  error: Error | null;
}

/**
 * The series of the charts: one request per host and role at the plot's pixel width (rounded to a
 * bucket), the baseline asked for its own time and shifted onto the incident's, and one set of
 * merged rows for every chart (hover sync by time value lands on the same row everywhere).
 */
export function useChartData(
  incidentId: string,
  hosts: readonly ChartHost[],
  w: TimeWindow,
  width: number,
): ChartData {
  const columns = Math.max(1, hosts.length);
  const columnWidth = width > 0 ? Math.floor((width - COLUMN_GAP * (columns - 1)) / columns) : 0;
  const plot = plotBounds(columnWidth);
  const plotWidth = plot.right - plot.left;
  const points = requestWidth(plotWidth);

  const requests: SeriesKeyInput[] = [];
  if (columnWidth > 0) {
    for (const h of hosts) {
      requests.push({
        host: h.id,
        role: "incident",
        from: w.from,
        to: w.to,
        width: points,
        metrics: CHART_SELECTORS,
      });
      const shift = shiftOf(h);
      if (shift !== null) {
        requests.push({
          host: h.id,
          role: "baseline",
          from: w.from - shift,
          to: w.to - shift,
          width: points,
          metrics: CHART_SELECTORS,
        });
      }
    }
  }
  const answers = useSeriesRequests(incidentId, requests);

  const charts: HostCharts[] = useMemo(
    () =>
      hosts.map((h, i) => {
        const find = (role: "incident" | "baseline") => {
          const at = answers.requests.findIndex((q) => q.host === h.id && q.role === role);
          return at >= 0 ? (answers.data[at]?.series ?? []) : [];
        };
        return buildHostCharts(find("incident"), find("baseline"), shiftOf(h) ?? 0, `h${i}`);
      }),
    [hosts, answers.requests, answers.data],
  );

  const rows = useMemo(() => {
    const all = charts.flatMap((c) => Object.values(c.lines).flat());
    return mergeSeries(
      all.map((l) => ({ field: l.field, points: l.points })),
      { resolutionMs: plotWidth > 0 ? (w.to - w.from) / plotWidth : 0 },
    );
  }, [charts, w.from, w.to, plotWidth]);

  return {
    charts,
    rows,
    columnWidth,
    pending: answers.pending,
    fetching: answers.fetching,
    error: answers.error,
  };
}

/**
 * The five domain charts for one host, or one column per host side by side, all on one time
 * axis, with the baseline's shift said in words above them.
 */
export function AnalyzeCharts({
  containerRef,
  data,
  hosts,
  window: w,
  highlight,
  emphasized,
  markers,
  onZoom,
  target,
  onTarget,
}: {
  containerRef: (el: HTMLDivElement | null) => void;
  data: ChartData;
  hosts: readonly ChartHost[];
  window: TimeWindow;
  highlight: ReadonlySet<string> | null;
  emphasized: ChartDomain | null;
  /** Each column's markers: its host's events, and the fixes. */
  markers: ReadonlyMap<string, readonly ChartMarker[]>;
  onZoom: (w: TimeWindow) => void;
  target: string | null;
  onTarget: (line: ChartLine, hostId: string) => void;
}) {
  const columns = Math.max(1, hosts.length);
  const baselineHosts = hosts.filter((h) => h.baselineFrom !== null);
  return (
    <div className="flex flex-col gap-2">
      {data.error ? <Alert>Could not load the series: {data.error.message}</Alert> : null}
      {baselineHosts.length > 0 ? (
        <p className="text-xs text-muted" data-baseline-note="">
          <svg width="18" height="6" aria-hidden className="mr-1 inline">
            <line
              x1="0"
              y1="3"
              x2="18"
              y2="3"
              stroke="currentColor"
              strokeWidth="1.5"
              strokeDasharray="5 4"
            />
          </svg>
          Dashed lines: the baseline
          {baselineHosts.map((h) => (
            <span key={h.id}>
              {" "}
              of {h.hostname}, captured from {formatDateTime(h.baselineFrom ?? 0)}, drawn{" "}
              {formatLag(shiftOf(h) ?? 0)} later so that it starts with the incident (
              {formatTime(h.incidentFrom)} UTC)
            </span>
          ))}
          .
        </p>
      ) : (
        <p className="text-xs text-muted">
          No baseline snapshot for these hosts yet: upload one in the Baseline step to compare with
          normal.
        </p>
      )}
      <div
        ref={containerRef}
        className="grid"
        style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`, columnGap: COLUMN_GAP }}
        aria-busy={data.fetching}
      >
        {hosts.map((h, i) => {
          const c = data.charts[i];
          return (
            <section
              key={h.id}
              aria-label={`Charts of ${h.hostname}`}
              className="flex min-w-0 flex-col gap-3"
            >
              {hosts.length > 1 ? <h3 className="text-sm font-semibold">{h.hostname}</h3> : null}
              {CHART_SPECS.map((spec) => {
                const quiet = c?.quiet[spec.domain] ?? [];
                return (
                  <TimeSeriesChart
                    key={spec.domain}
                    title={spec.title}
                    subtitle={`${spec.subtitle}${quiet.length ? ` · not drawn (all zero): ${quiet.join(", ")}` : ""}`}
                    rows={data.rows}
                    lines={c?.lines[spec.domain] ?? []}
                    axes={spec.axes}
                    window={w}
                    width={data.columnWidth}
                    markers={markers.get(h.id) ?? []}
                    highlight={highlight}
                    emphasized={emphasized === spec.domain}
                    onZoom={onZoom}
                    loading={data.pending}
                    baselineLabel={
                      shiftOf(h) === null ? undefined : `baseline (${formatLag(shiftOf(h) ?? 0)})`
                    }
                    // Narrow columns (hosts side by side) keep the legend to the numbers.
                    seriesAction={
                      data.columnWidth >= 420
                        ? {
                            label: "Correlate",
                            selectedId: target,
                            onSelect: (line) => onTarget(line, h.id),
                          }
                        : undefined
                    }
                  />
                );
              })}
            </section>
          );
        })}
      </div>
    </div>
  );
}
