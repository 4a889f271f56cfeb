import "server-only";
import { analyze } from "@/lib/analysis";
import type { Environment } from "@/lib/snapshot/types";
import { db } from "@/lib/db/client";
import { fromDbEnvironment } from "@/lib/db/incidents";
import { replaceFindings, type FindingWrite } from "@/lib/db/findings";
import { loadSnapshotEvents, loadSnapshotSeries } from "@/lib/db/samples/load";

/**
 * Recomputes an incident's findings from its snapshots: per host, the incident snapshots analysed
 * against that host's baseline snapshots (when there are any), in the incident's environment.
 * Called after an upload to the incident and on demand.
 */
export async function refreshFindings(
  teamId: string,
  incidentId: string,
  actorId?: string,
): Promise<number> {
  const incident = await db.incident.findFirst({
    where: { id: incidentId, teamId },
    include: { snapshots: { include: { snapshot: { include: { host: true } } } } },
  });
  if (!incident) return 0;
  const environment: Environment = fromDbEnvironment(incident.environment);
  const byHost = new Map<
    string,
    {
      incident: string[];
      baseline: string[];
      host: (typeof incident.snapshots)[number]["snapshot"]["host"];
    }
  >();
  for (const link of incident.snapshots) {
    const h = link.snapshot.host;
    const entry = byHost.get(h.id) ?? { incident: [], baseline: [], host: h };
    if (link.role === "incident") entry.incident.push(link.snapshotId);
    if (link.role === "baseline") entry.baseline.push(link.snapshotId);
    byHost.set(h.id, entry);
  }
  const rows: FindingWrite[] = [];
  for (const [hostId, group] of byHost) {
    if (group.incident.length === 0) continue;
    const [series, events, baseline] = await Promise.all([
      loadSnapshotSeries(group.incident),
      loadSnapshotEvents(group.incident),
      loadSnapshotSeries(group.baseline),
    ]);
    const result = analyze(
      {
        series,
        events,
        environment,
        host: {
          hostname: group.host.hostname,
          nCpu: group.host.nCpu ?? undefined,
          kernel: group.host.kernel ?? undefined,
        },
      },
      baseline.length > 0 ? { baseline: { series: baseline, source: "snapshot" } } : {},
    );
    const from = typeof result.window?.from === "string" ? Date.parse(result.window.from) : null;
    const to = typeof result.window?.to === "string" ? Date.parse(result.window.to) : null;
    for (const finding of result.findings) {
      rows.push({
        hostId,
        snapshotId: group.incident.length === 1 ? (group.incident[0] ?? null) : null,
        finding,
        windowFrom: from,
        windowTo: to,
      });
    }
  }
  await replaceFindings(teamId, incidentId, rows, actorId);
  return rows.length;
}
