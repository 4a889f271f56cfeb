import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { Suspense } from "react";
import { RunbookSuggestions } from "@/components/runbooks/runbook-suggestions";
import { FixPanel } from "@/components/workflow/fix/fix-panel";
import { TimelineDrawer } from "@/components/workflow/timeline/timeline-drawer";
import { analyzeKeys } from "@/lib/client/analyze-keys";
import { queryKeys } from "@/lib/client/keys";
import { getQueryClient } from "@/lib/client/query-client";
import { listFixes } from "@/lib/db/fixes";
import { listHypotheses } from "@/lib/db/hypotheses";
import { listIncidentSnapshots } from "@/lib/db/snapshots";

/** The Fix step (server part): prefetches the fixes, the hypotheses a fix can test and the hosts. */
export async function FixStep({
  incidentId,
  teamId,
  canEdit,
}: {
  incidentId: string;
  teamId: string;
  canEdit: boolean;
}) {
  const qc = getQueryClient();
  const [fixes, hypotheses, snapshots] = await Promise.all([
    listFixes(teamId, incidentId),
    listHypotheses(teamId, incidentId),
    listIncidentSnapshots(teamId, incidentId),
  ]);
  qc.setQueryData(analyzeKeys.fixes(incidentId), { fixes });
  qc.setQueryData(analyzeKeys.hypotheses(incidentId), { hypotheses });
  qc.setQueryData(queryKeys.snapshots(incidentId), { snapshots });
  return (
    <HydrationBoundary state={dehydrate(qc)}>
      <Suspense fallback={<p className="text-sm text-muted">Loading the fixes…</p>}>
        <FixPanel incidentId={incidentId} canEdit={canEdit} />
      </Suspense>
      <div className="mt-4">
        <RunbookSuggestions incidentId={incidentId} />
      </div>
      <TimelineDrawer incidentId={incidentId} canEdit={canEdit} />
    </HydrationBoundary>
  );
}
