import "server-only";
import { getPool } from "./pool";

export interface IncidentEventView {
  id: string;
  at: string | null;
  uptimeS: number | null;
  kind: string;
  message: string;
  attrs: Record<string, string | number>;
  host: { id: string; hostname: string };
  snapshotId: string;
  role: string;
}

/** Kernel/system events of an incident's snapshots (OOM kills, I/O errors, link changes, restarts). */
export async function listIncidentEvents(
  teamId: string,
  incidentId: string,
): Promise<IncidentEventView[]> {
  const r = await getPool().query<{
    id: string;
    at: Date | null;
    uptimeS: number | null;
    kind: string;
    message: string;
    attrs: Record<string, string | number>;
    hostId: string;
    hostname: string;
    snapshotId: string;
    role: string;
  }>(
    `SELECT e.id::text, e.at, e."uptimeS", e.kind, e.message, e.attrs, h.id AS "hostId", h.hostname, e."snapshotId", isn.role::text AS role
       FROM "Incident" i
       JOIN "IncidentSnapshot" isn ON isn."incidentId" = i.id
       JOIN "Snapshot" sn ON sn.id = isn."snapshotId" AND sn."teamId" = i."teamId"
       JOIN "Host" h ON h.id = sn."hostId"
       JOIN "HostEvent" e ON e."snapshotId" = sn.id
      WHERE i.id = $1 AND i."teamId" = $2
      ORDER BY e.at NULLS LAST, e."uptimeS", e.id
      LIMIT 5000`,
    [incidentId, teamId],
  );
  return r.rows.map((e) => ({
    id: e.id,
    at: e.at?.toISOString() ?? null,
    uptimeS: e.uptimeS,
    kind: e.kind,
    message: e.message,
    attrs: e.attrs,
    host: { id: e.hostId, hostname: e.hostname },
    snapshotId: e.snapshotId,
    role: e.role,
  }));
}
