import "server-only";
import { correlate } from "@/lib/analysis";
import { getPool } from "@/lib/db/pool";
import { readWindow } from "@/lib/db/samples/reader";
import { findIncidentSeries, type MetricSelector, type SeriesRow } from "@/lib/db/series";
import { seriesKey, type Series } from "@/lib/snapshot/types";
import { parseSelector } from "./series";

export interface CorrelationsQuery {
  /** A chart series key (`<hostId>/<role>/<metric>{labels}`) or a selector (`cpu.user_pct{cpu=all}`). */
  target: string;
  hostId?: string;
  from?: number;
  to?: number;
  top?: number;
  maxLagMs?: number;
}

export interface CorrelatedSeries {
  /** The chart series key of the candidate, as `GET /series` names it. */
  key: string;
  metric: string;
  labels: Record<string, string>;
  unit: string;
  /** Pearson's r at the best lag, −1..1. */
  r: number;
  /** Positive: the candidate moves this many ms after the target. */
  lagMs: number;
  pairs: number;
}

export interface CorrelationsAnswer {
  target: {
    key: string;
    metric: string;
    labels: Record<string, string>;
    unit: string;
    host: { id: string; hostname: string };
  };
  from: number;
  to: number;
  /** Series compared with the target. */
  candidates: number;
  results: CorrelatedSeries[];
}

/** Fewest aligned samples behind a ranked r. */
export const MIN_PAIRS = 8;

/** Why a query has no answer: the route maps these to 404 / 400. */
export class CorrelationError extends Error {
  constructor(
    readonly reason: "bad_target" | "no_target",
    message: string,
  ) {
    super(message);
    this.name = "CorrelationError";
  }
}

/** `<hostId>/<role>/<selector>` (a chart series key) or a bare selector. */
export function parseTarget(text: string): { hostId?: string; selector: MetricSelector } | null {
  const m = /^([A-Za-z0-9_-]{1,64})\/(baseline|incident|verify)\/(.+)$/.exec(text.trim());
  const selector = parseSelector(m?.[3] ?? text);
  if (!selector || selector.metric.includes("*")) return null;
  return m?.[1] ? { hostId: m[1], selector } : { selector };
}

function chartKey(row: Pick<SeriesRow, "hostId" | "metric" | "labels">): string {
  const labelText = Object.entries(row.labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
  return `${row.hostId}/incident/${row.metric}{${labelText}}`;
}

/**
 * Counters since boot (`*_total`) climb with anything else that climbs, and per-process series
 * are many and short-lived: the ranking compares the host-level rates, levels and percentages.
 */
function isCandidate(row: SeriesRow): boolean {
  return !row.metric.endsWith("_total") && !row.metric.startsWith("proc.") && row.pointCount >= 3;
}

/** Samples of rows that are one series (same metric and labels in several snapshots), in time order. */
function asSeries(
  rows: readonly SeriesRow[],
  samples: Map<string, { times: Float64Array; values: Float64Array }>,
): Series | null {
  const first = rows[0];
  if (!first) return null;
  const pairs: [number, number][] = [];
  for (const r of rows) {
    const w = samples.get(r.id);
    if (!w) continue;
    for (let i = 0; i < w.times.length; i++) pairs.push([w.times[i] ?? 0, w.values[i] ?? NaN]);
  }
  if (rows.length > 1) pairs.sort((a, b) => a[0] - b[0]);
  return {
    metric: first.metric,
    labels: first.labels,
    unit: first.unit,
    times: pairs.map((p) => p[0]),
    values: pairs.map((p) => p[1]),
  };
}

/**
 * Which series of the target's host move with the target in the window, strongest first: the
 * incident-role series of that host, read from storage and ranked by `correlate` (Pearson's r at
 * the best lag within ±30 s). Team-scoped through the incident: another team's id finds no series.
 */
export async function incidentCorrelations(
  teamId: string,
  incidentId: string,
  q: CorrelationsQuery,
): Promise<CorrelationsAnswer> {
  const parsed = parseTarget(q.target);
  if (!parsed)
    throw new CorrelationError(
      "bad_target",
      "target: use a series key or a selector such as cpu.user_pct{cpu=all}",
    );
  const hostId = q.hostId ?? parsed.hostId;
  const targets = await findIncidentSeries(teamId, incidentId, {
    selectors: [parsed.selector],
    hostIds: hostId ? [hostId] : undefined,
    roles: ["incident"],
  });
  const host = targets[0];
  if (!host)
    throw new CorrelationError("no_target", "No incident series of this host matches the target");
  const targetRows = targets.filter(
    (r) =>
      r.hostId === host.hostId &&
      seriesKey(r.metric, r.labels) === seriesKey(host.metric, host.labels),
  );
  const all = await findIncidentSeries(teamId, incidentId, {
    selectors: [{ metric: "*" }],
    hostIds: [host.hostId],
    roles: ["incident"],
  });
  const targetIds = new Set(targetRows.map((r) => r.id));
  const groups = new Map<string, SeriesRow[]>();
  for (const r of all) {
    if (targetIds.has(r.id) || !isCandidate(r)) continue;
    const k = seriesKey(r.metric, r.labels);
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const first = Math.min(...targetRows.map((r) => r.firstMs ?? Infinity));
  const last = Math.max(...targetRows.map((r) => r.lastMs ?? -Infinity));
  const from = q.from ?? first;
  const to = q.to ?? last;
  const answer: CorrelationsAnswer = {
    target: {
      key: chartKey(host),
      metric: host.metric,
      labels: host.labels,
      unit: host.unit,
      host: { id: host.hostId, hostname: host.hostname },
    },
    from: Number.isFinite(from) ? from : 0,
    to: Number.isFinite(to) ? to : 0,
    candidates: groups.size,
    results: [],
  };
  if (!(Number.isFinite(from) && Number.isFinite(to) && to > from)) return answer;
  const ids = [...targetRows, ...[...groups.values()].flat()].map((r) => r.id);
  const samples = await readWindow(getPool(), ids, from, to);
  const target = asSeries(targetRows, samples);
  if (!target) return answer;
  const candidates: Series[] = [];
  const byKey = new Map<string, SeriesRow>();
  for (const [k, rows] of groups) {
    const s = asSeries(rows, samples);
    if (s && s.times.length >= 3) candidates.push(s);
    if (rows[0]) byKey.set(k, rows[0]);
  }
  // On top of correlate's own floor (a tenth of the grid): fewer than 8 aligned samples make r
  // meaningless (5 iostat samples correlate at ±1 with anything by chance).
  const ranked = correlate(target, candidates, { from, to, maxLagMs: q.maxLagMs })
    .filter((c) => c.pairs >= MIN_PAIRS)
    .slice(0, Math.min(50, Math.max(1, q.top ?? 10)));
  answer.results = ranked.map((c) => {
    const row = byKey.get(seriesKey(c.metric, c.labels));
    return {
      key: chartKey({ hostId: host.hostId, metric: c.metric, labels: row?.labels ?? c.labels }),
      metric: c.metric,
      labels: c.labels,
      unit: row?.unit ?? "",
      r: c.r,
      lagMs: c.lagMs,
      pairs: c.pairs,
    };
  });
  return answer;
}
