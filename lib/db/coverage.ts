import "server-only";
import { getPool } from "./pool";

export interface HostMetricCount {
  hostId: string;
  hostname: string;
  environment: string | null;
  metric: string;
  series: number;
  samples: number;
}

/** Per host of an incident: how many series and samples each metric has (team-scoped). */
export async function incidentMetricCounts(
  teamId: string,
  incidentId: string,
): Promise<HostMetricCount[]> {
  const r = await getPool().query<HostMetricCount & { series: string; samples: string }>(
    `SELECT h.id AS "hostId", h.hostname, h.environment::text AS environment, s.metric,
            count(*)::text AS series, sum(s."pointCount")::text AS samples
       FROM "Incident" i
       JOIN "IncidentSnapshot" isn ON isn."incidentId" = i.id
       JOIN "Snapshot" sn ON sn.id = isn."snapshotId" AND sn."teamId" = i."teamId"
       JOIN "Host" h ON h.id = sn."hostId"
       JOIN "Series" s ON s."snapshotId" = sn.id
      WHERE i.id = $1 AND i."teamId" = $2 AND isn.role <> 'baseline'
      GROUP BY h.id, h.hostname, h.environment, s.metric`,
    [incidentId, teamId],
  );
  return r.rows.map((x) => ({ ...x, series: Number(x.series), samples: Number(x.samples) }));
}
