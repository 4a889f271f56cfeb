import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { Suspense } from "react";
import { AnalyzeWorkspace } from "@/components/workflow/analyze/analyze-workspace";
import { analyzeKeys } from "@/lib/client/analyze-keys";
import { queryKeys } from "@/lib/client/keys";
import { getQueryClient } from "@/lib/client/query-client";
import { listFindings } from "@/lib/db/findings";
import { listFixes } from "@/lib/db/fixes";
import { listIncidentEvents } from "@/lib/db/host-events";
import { listHypotheses } from "@/lib/db/hypotheses";
import { listIncidentSnapshots } from "@/lib/db/snapshots";

/**
 * The Analyze step (server part): prefetches what the panels read (snapshots, findings,
 * hypotheses, fixes, events) for the signed-in team, so the page renders with data; the charts
 * fetch their series in the browser once they know their pixel width.
 */
export async function AnalyzeStep({
  incidentId,
  teamId,
  canEdit,
}: {
  incidentId: string;
  teamId: string;
  canEdit: boolean;
}) {
  const qc = getQueryClient();
  const [snapshots, findings, hypotheses, fixes, events] = await Promise.all([
    listIncidentSnapshots(teamId, incidentId),
    listFindings(teamId, incidentId),
    listHypotheses(teamId, incidentId),
    listFixes(teamId, incidentId),
    listIncidentEvents(teamId, incidentId),
  ]);
  qc.setQueryData(queryKeys.snapshots(incidentId), { snapshots });
  qc.setQueryData(analyzeKeys.findings(incidentId), { findings });
  qc.setQueryData(analyzeKeys.hypotheses(incidentId), { hypotheses });
  qc.setQueryData(analyzeKeys.fixes(incidentId), { fixes });
  qc.setQueryData(analyzeKeys.events(incidentId), { events });
  return (
    <HydrationBoundary state={dehydrate(qc)}>
      <Suspense fallback={<p className="text-sm text-muted">Loading the analysis…</p>}>
        <AnalyzeWorkspace incidentId={incidentId} canEdit={canEdit} />
      </Suspense>
    </HydrationBoundary>
  );
}
