import "server-only";
import { getPool } from "./pool";
import type { SnapshotRole } from "./snapshot-view";

export interface SeriesRow {
  id: string;
  metric: string;
  labels: Record<string, string>;
  unit: string;
  sinceBoot: number | null;
  firstMs: number | null;
  lastMs: number | null;
  pointCount: number;
  snapshotId: string;
  role: SnapshotRole;
  hostId: string;
  hostname: string;
}

/** A metric selector: exact name or a prefix ending in `*`, with optional exact label matches. */
export interface MetricSelector {
  metric: string;
  labels?: Record<string, string>;
}

/**
 * Series of an incident's snapshots (team-scoped through the incident), filtered by metric
 * selectors, hosts and snapshot roles.
 */
export async function findIncidentSeries(
  teamId: string,
  incidentId: string,
  filter: { selectors: MetricSelector[]; hostIds?: string[]; roles?: SnapshotRole[] },
): Promise<SeriesRow[]> {
  const exact: string[] = [];
  const prefixes: string[] = [];
  for (const s of filter.selectors) {
    if (s.metric.endsWith("*"))
      prefixes.push(`${s.metric.slice(0, -1).replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    else exact.push(s.metric);
  }
  const r = await getPool().query<{
    id: string;
    metric: string;
    labels: Record<string, string>;
    unit: string;
    sinceBoot: number | null;
    firstAt: Date | null;
    lastAt: Date | null;
    pointCount: number;
    snapshotId: string;
    role: SnapshotRole;
    hostId: string;
    hostname: string;
  }>(
    `SELECT s.id::text AS id, s.metric, s.labels, s.unit, s."sinceBoot", s."firstAt", s."lastAt", s."pointCount",
            s."snapshotId", isn.role::text AS role, h.id AS "hostId", h.hostname
       FROM "Incident" i
       JOIN "IncidentSnapshot" isn ON isn."incidentId" = i.id
       JOIN "Snapshot" sn ON sn.id = isn."snapshotId" AND sn."teamId" = i."teamId"
       JOIN "Host" h ON h.id = sn."hostId"
       JOIN "Series" s ON s."snapshotId" = sn.id
      WHERE i.id = $1 AND i."teamId" = $2
        AND (s.metric = ANY($3::text[]) OR s.metric LIKE ANY($4::text[]))
        AND ($5::text[] IS NULL OR h.id = ANY($5::text[]))
        AND ($6::text[] IS NULL OR isn.role::text = ANY($6::text[]))
      ORDER BY h.hostname, isn.role, s.metric, s."labelsKey"`,
    [incidentId, teamId, exact, prefixes, filter.hostIds ?? null, filter.roles ?? null],
  );
  const rows = r.rows.map((x) => ({
    id: x.id,
    metric: x.metric,
    labels: x.labels,
    unit: x.unit,
    sinceBoot: x.sinceBoot,
    firstMs: x.firstAt?.getTime() ?? null,
    lastMs: x.lastAt?.getTime() ?? null,
    pointCount: x.pointCount,
    snapshotId: x.snapshotId,
    role: x.role,
    hostId: x.hostId,
    hostname: x.hostname,
  }));
  // Label filters are exact matches on a selector's labels (cheap here, after the index lookup).
  return rows.filter((row) =>
    filter.selectors.some((sel) => {
      const nameOk = sel.metric.endsWith("*")
        ? row.metric.startsWith(sel.metric.slice(0, -1))
        : row.metric === sel.metric;
      return nameOk && Object.entries(sel.labels ?? {}).every(([k, v]) => row.labels[k] === v);
    }),
  );
}
