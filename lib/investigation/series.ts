import "server-only";
import { getPool } from "@/lib/db/pool";
import { forEachWindowSeries } from "@/lib/db/samples/reader";
import { findIncidentSeries, type MetricSelector } from "@/lib/db/series";
import type { SnapshotRole } from "@/lib/db/snapshot-view";
import { lttb } from "@/lib/analysis/downsample";
import { OVERVIEW_BUCKET_MS } from "@/lib/db/samples/codec";

/** Most points a chart series gets: about the pixel width of a wide chart. */
export const MAX_POINTS = 2000;

export interface ChartSeries {
  /** Stable key: `<hostId>/<role>/<metric>{labels}`. */
  key: string;
  metric: string;
  labels: Record<string, string>;
  unit: string;
  host: { id: string; hostname: string };
  role: SnapshotRole;
  snapshotId: string;
  /** Samples in the window before downsampling (with an overview: in the chunks it covers). */
  count: number;
  /** `[epochMs, value]`, downsampled (LTTB) to at most the requested width. */
  points: [number, number][];
  sinceBoot: number | null;
}

export interface SeriesQuery {
  selectors: MetricSelector[];
  from?: number;
  to?: number;
  width?: number;
  hostIds?: string[];
  roles?: SnapshotRole[];
}

/** `cpu.user_pct{cpu=all}` / `disk.*` → selector. */
export function parseSelector(text: string): MetricSelector | null {
  const m = /^([a-z0-9_.]+\*?)(?:\{([^}]*)\})?$/.exec(text.trim());
  if (!m?.[1]) return null;
  const labels: Record<string, string> = {};
  for (const pair of (m[2] ?? "").split(",").filter(Boolean)) {
    const eq = pair.indexOf("=");
    if (eq <= 0) return null;
    labels[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return { metric: m[1], labels };
}

/**
 * The series an incident's charts show: matching series of its snapshots, samples in [from, to]
 * (default: everything), downsampled with LTTB to `width` points.
 */
export async function incidentChartSeries(teamId: string, incidentId: string, q: SeriesQuery) {
  const rows = await findIncidentSeries(teamId, incidentId, {
    selectors: q.selectors,
    hostIds: q.hostIds,
    roles: q.roles,
  });
  const from = q.from ?? Math.min(...rows.map((r) => r.firstMs ?? Infinity));
  const to = q.to ?? Math.max(...rows.map((r) => r.lastMs ?? -Infinity));
  const width = Math.max(10, Math.min(MAX_POINTS, q.width ?? 1000));
  // A point of the chart spans 3 overview buckets or more: the chunks' overviews (each bucket's
  // lowest and highest sample) hold every peak the chart can show, at a fifth of the samples.
  const overview = (to - from) / width >= 3 * OVERVIEW_BUCKET_MS;
  // Each series is reduced to the chart's width as soon as it is decoded (arrays reused).
  const reduced = new Map<string, { count: number; points: [number, number][] }>();
  if (rows.length > 0 && Number.isFinite(from) && Number.isFinite(to)) {
    await forEachWindowSeries(
      getPool(),
      rows.map((r) => r.id),
      from,
      to,
      (id, w, chunkSamples) => {
        const d = lttb(w.times, w.values, width);
        const points = new Array<[number, number]>(d.x.length);
        for (let i = 0; i < d.x.length; i++) points[i] = [d.x[i] ?? 0, d.y[i] ?? 0];
        reduced.set(id, { count: overview ? chunkSamples : w.times.length, points });
      },
      { overview },
    );
  }
  const series: ChartSeries[] = rows.map((r) => {
    const w = reduced.get(r.id);
    const labelText = Object.entries(r.labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(",");
    return {
      key: `${r.hostId}/${r.role}/${r.metric}{${labelText}}`,
      metric: r.metric,
      labels: r.labels,
      unit: r.unit,
      host: { id: r.hostId, hostname: r.hostname },
      role: r.role,
      snapshotId: r.snapshotId,
      count: w?.count ?? 0,
      points: w?.points ?? [],
      sinceBoot: r.sinceBoot,
    };
  });
  return {
    from: Number.isFinite(from) ? from : null,
    to: Number.isFinite(to) ? to : null,
    width,
    /** True when drawn from the chunks' overviews (a wide window), false from every sample. */
    overview,
    series,
  };
}
