import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { Suspense } from "react";
import { TimelineDrawer } from "@/components/workflow/timeline/timeline-drawer";
import { verifyKey } from "@/components/workflow/verify/keys";
import { VerifyPanel } from "@/components/workflow/verify/verify-panel";
import { analyzeKeys } from "@/lib/client/analyze-keys";
import { getQueryClient } from "@/lib/client/query-client";
import { listFixes } from "@/lib/db/fixes";
import { listHypotheses } from "@/lib/db/hypotheses";
import { verifyReport } from "@/lib/investigation/verify";

/** The Verify step (server part): prefetches the verdicts, the hypotheses and the fixes. */
export async function VerifyStep({
  incidentId,
  teamId,
  canEdit,
}: {
  incidentId: string;
  teamId: string;
  canEdit: boolean;
}) {
  const qc = getQueryClient();
  const [report, hypotheses, fixes] = await Promise.all([
    verifyReport(teamId, incidentId),
    listHypotheses(teamId, incidentId),
    listFixes(teamId, incidentId),
  ]);
  if (report) qc.setQueryData(verifyKey(incidentId), report);
  qc.setQueryData(analyzeKeys.hypotheses(incidentId), { hypotheses });
  qc.setQueryData(analyzeKeys.fixes(incidentId), { fixes });
  return (
    <HydrationBoundary state={dehydrate(qc)}>
      <Suspense fallback={<p className="text-sm text-muted">Comparing before and after…</p>}>
        <VerifyPanel incidentId={incidentId} />
      </Suspense>
      <TimelineDrawer incidentId={incidentId} canEdit={canEdit} />
    </HydrationBoundary>
  );
}
