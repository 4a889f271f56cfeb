"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo } from "react";
import type { ChartMarker } from "@/components/charts/time-series-chart";
import { SimilarIncidents } from "@/components/incidents/similar-incidents";
import { RunbookSuggestions } from "@/components/runbooks/runbook-suggestions";
import type { TimeWindow } from "@/components/charts/zoom";
import { Card } from "@/components/ui/card";
import { Field, Select } from "@/components/ui/field";
import { PinToTimelineButton } from "@/components/workflow/timeline/pin-to-timeline";
import { api } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/keys";
import { useFindings, useFixes, useHostEvents } from "@/lib/client/use-analyze";
import { useAnalyzeView } from "@/lib/client/use-analyze-view";
import { useElementWidth } from "@/lib/client/use-element-width";
import type { StoredFinding } from "@/lib/db/findings";
import type { SnapshotListItem } from "@/lib/db/snapshot-view";
import { AnalyzeCharts, useChartData, type ChartHost } from "./analyze-charts";
import { CHART_SPECS, chartOfDomain } from "./chart-specs";
import { CorrelationsPanel, type TargetOption } from "./correlations-panel";
import { evidenceWindow, findingSeriesIds, findingTarget } from "./finding-view";
import { FindingsPanel } from "./findings-panel";
import { HypothesesPanel } from "./hypotheses-panel";
import { eventMarkers, fixMarkers } from "./markers";
import { ZoomToolbar } from "./zoom-toolbar";

interface HostExtent extends ChartHost {
  incidentTo: number;
}

/** Hosts with incident captures, where those captures and their baselines sit in time. */
export function chartHosts(snapshots: readonly SnapshotListItem[]): HostExtent[] {
  const byHost = new Map<string, HostExtent>();
  const baselineFrom = new Map<string, number>();
  for (const s of snapshots) {
    if (!s.capturedFrom || !s.capturedTo) continue;
    const from = Date.parse(s.capturedFrom);
    const to = Date.parse(s.capturedTo);
    if (s.role === "baseline") {
      baselineFrom.set(s.host.id, Math.min(baselineFrom.get(s.host.id) ?? Infinity, from));
    } else if (s.role === "incident") {
      const cur = byHost.get(s.host.id);
      byHost.set(s.host.id, {
        id: s.host.id,
        hostname: s.host.hostname,
        incidentFrom: Math.min(cur?.incidentFrom ?? Infinity, from),
        incidentTo: Math.max(cur?.incidentTo ?? -Infinity, to),
        baselineFrom: null,
      });
    }
  }
  return [...byHost.values()]
    .map((h) => ({ ...h, baselineFrom: baselineFrom.get(h.id) ?? null }))
    .sort((a, b) => a.hostname.localeCompare(b.hostname));
}

/**
 * The Analyze step: the five correlated charts of a host (or of every host side by side) on one
 * time axis, the findings beside them, the correlation ranking and the team's hypotheses. What is
 * shown (window, host, finding, series, layout) lives in the URL.
 */
export function AnalyzeWorkspace({
  incidentId,
  canEdit,
}: {
  incidentId: string;
  canEdit: boolean;
}) {
  const [view, setView] = useAnalyzeView();
  const { data: snapshotData } = useSuspenseQuery({
    queryKey: queryKeys.snapshots(incidentId),
    queryFn: () => api<{ snapshots: SnapshotListItem[] }>(`/api/incidents/${incidentId}/snapshots`),
  });
  const { data: findingData } = useFindings(incidentId);
  const { data: fixData } = useFixes(incidentId);
  const { data: eventData } = useHostEvents(incidentId);
  const [chartsRef, chartsWidth] = useElementWidth<HTMLDivElement>();

  const hosts = useMemo(() => chartHosts(snapshotData.snapshots), [snapshotData]);
  const current = hosts.find((h) => h.id === view.host) ?? hosts[0] ?? null;
  const shown = useMemo(
    () => (view.sideBySide ? hosts : current ? [current] : []),
    [view.sideBySide, hosts, current],
  );
  const extent: TimeWindow = shown.length
    ? {
        from: Math.min(...shown.map((h) => h.incidentFrom)),
        to: Math.max(...shown.map((h) => h.incidentTo)),
      }
    : { from: 0, to: 1 };
  const w = view.window ?? extent;
  const chosen = findingData.findings.find((f) => f.id === view.finding) ?? null;
  const highlight = useMemo(() => (chosen ? findingSeriesIds(chosen.evidence) : null), [chosen]);

  const data = useChartData(incidentId, shown, w, chartsWidth);

  const { from: wFrom, to: wTo } = w;
  const { markers, markersByHost, outside } = useMemo(() => {
    const within = { from: wFrom, to: wTo };
    const fixes = fixMarkers(fixData.fixes, within);
    const byHost = new Map<string, ChartMarker[]>();
    let outsideEvents = 0;
    for (const h of shown) {
      const events = eventMarkers(eventData.events, [h.id], within);
      outsideEvents += events.outside;
      byHost.set(
        h.id,
        [...events.markers, ...fixes.markers].sort((a, b) => a.t - b.t),
      );
    }
    const all = eventMarkers(
      eventData.events,
      shown.map((h) => h.id),
      within,
    );
    return {
      markers: [...all.markers, ...fixes.markers].sort((a, b) => a.t - b.t),
      markersByHost: byHost,
      outside: outsideEvents + fixes.outside,
    };
  }, [eventData, fixData, shown, wFrom, wTo]);
  const currentIndex = current ? shown.findIndex((h) => h.id === current.id) : -1;
  const options: TargetOption[] = useMemo(() => {
    const c = data.charts[Math.max(0, currentIndex)];
    if (!c) return [];
    return CHART_SPECS.flatMap((spec) =>
      c.lines[spec.domain]
        .filter((l) => l.role === "incident")
        .map((l) => ({ id: l.id, name: l.name, chart: spec.title })),
    );
  }, [data.charts, currentIndex]);

  if (!current) {
    return (
      <Card>
        <p className="text-sm">
          No incident snapshot yet: the charts need one.{" "}
          <Link className="text-accent underline" href={`/incidents/${incidentId}/collect`}>
            Collect evidence
          </Link>{" "}
          from the affected hosts first.
        </p>
      </Card>
    );
  }

  const choose = (f: StoredFinding | null) => {
    if (!f) {
      setView({ finding: null });
      return;
    }
    const fw = evidenceWindow(f.evidence);
    setView({
      finding: f.id,
      ...(fw ? { window: fw } : {}),
      ...(f.hostId && hosts.some((h) => h.id === f.hostId) ? { host: f.hostId } : {}),
      target: findingTarget(f.evidence) ?? view.target,
    });
  };

  return (
    <div className="flex flex-col gap-3">
      <Card className="flex flex-wrap items-end gap-x-6 gap-y-3 py-3">
        <Field label="Host" className="w-56">
          {({ id }) => (
            <Select
              id={id}
              value={current.id}
              disabled={view.sideBySide}
              onChange={(e) => setView({ host: e.target.value })}
            >
              {hosts.map((h) => (
                <option key={h.id} value={h.id}>
                  {h.hostname}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <label className="flex h-9 items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={view.sideBySide}
            onChange={(e) => setView({ sideBySide: e.target.checked })}
          />
          Hosts side by side{hosts.length > 1 ? ` (${hosts.length})` : ""}
        </label>
        <ZoomToolbar
          window={w}
          extent={extent}
          zoomed={view.window !== null}
          onChange={(next) => setView({ window: next })}
        />
        {canEdit ? (
          <PinToTimelineButton
            incidentId={incidentId}
            label="Pin this window"
            pin={{
              kind: "window",
              from: new Date(w.from).toISOString(),
              to: new Date(w.to).toISOString(),
              metrics: [...(highlight ?? [])].slice(0, 50),
            }}
          />
        ) : null}
      </Card>
      <div className="grid gap-4 xl:grid-cols-[minmax(0,1fr)_24rem]">
        <div className="flex min-w-0 flex-col gap-2">
          <AnalyzeCharts
            containerRef={chartsRef}
            data={data}
            hosts={shown}
            window={w}
            highlight={highlight}
            emphasized={
              chosen
                ? chartOfDomain(
                    chosen.domain,
                    chosen.evidence.map((e) => e.metric),
                  )
                : null
            }
            markers={markersByHost}
            onZoom={(next) => setView({ window: next })}
            target={view.target}
            onTarget={(line, hostId) =>
              setView({ target: line.id, host: view.sideBySide ? view.host : hostId })
            }
          />
          <MarkerList markers={markers} outside={outside} />
        </div>
        <div className="flex min-w-0 flex-col gap-4">
          <FindingsPanel
            incidentId={incidentId}
            chosenId={chosen?.id ?? null}
            onChoose={choose}
            canEdit={canEdit}
          />
          <CorrelationsPanel
            incidentId={incidentId}
            hostId={current.id}
            hostname={current.hostname}
            window={w}
            target={view.target}
            options={options}
            onTarget={(target) => setView({ target })}
          />
          <HypothesesPanel
            incidentId={incidentId}
            canEdit={canEdit}
            chosen={chosen}
            window={w}
            windowMetrics={highlight ? [...highlight] : options.map((o) => o.id)}
            onShowFinding={(id) => {
              const f = findingData.findings.find((x) => x.id === id);
              if (f) choose(f);
            }}
            onShowWindow={(next) => setView({ window: next })}
          />
          <RunbookSuggestions incidentId={incidentId} />
          <SimilarIncidents incidentId={incidentId} />
        </div>
      </div>
    </div>
  );
}

function MarkerList({
  markers,
  outside,
}: {
  markers: readonly { t: number; label: string; detail?: string; tone: string }[];
  outside: number;
}) {
  if (markers.length === 0 && outside === 0) return null;
  return (
    <div className="text-xs text-muted">
      {markers.length > 0 ? (
        <ul aria-label="Markers in this window" className="flex flex-col gap-0.5">
          {markers.map((m, i) => (
            <li key={`${m.t}-${i}`}>
              <span className={m.tone === "fix" ? "text-ok" : "text-danger"}>
                {new Date(m.t).toISOString().slice(11, 19)} UTC
              </span>{" "}
              {m.detail ?? m.label}
            </li>
          ))}
        </ul>
      ) : null}
      {outside > 0 ? (
        <p>{outside} events or fixes of these hosts fall outside this window.</p>
      ) : null}
    </div>
  );
}
