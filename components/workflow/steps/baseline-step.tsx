import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { Suspense } from "react";
import { BaselinePanel } from "@/components/workflow/baseline/baseline-panel";
import { baselineKey, EMPTY_BASELINE_PARAMS } from "@/components/workflow/baseline/keys";
import { getQueryClient } from "@/lib/client/query-client";
import { baselineReport } from "@/lib/investigation/baseline";

/**
 * The Baseline step (server part): prefetches the default comparison (the baseline snapshot, else
 * the sysstat history) so the table renders with the page; another source or window picked in
 * the URL is fetched by the browser.
 */
export async function BaselineStep({
  incidentId,
  teamId,
}: {
  incidentId: string;
  teamId: string;
  canEdit: boolean;
}) {
  const qc = getQueryClient();
  const report = await baselineReport(teamId, incidentId);
  if (report) qc.setQueryData(baselineKey(incidentId, EMPTY_BASELINE_PARAMS), report);
  return (
    <HydrationBoundary state={dehydrate(qc)}>
      <Suspense fallback={<p className="text-sm text-muted">Loading the baseline comparison…</p>}>
        <BaselinePanel incidentId={incidentId} />
      </Suspense>
    </HydrationBoundary>
  );
}
