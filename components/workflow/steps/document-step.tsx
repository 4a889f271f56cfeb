import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { Suspense } from "react";
import { ActionItemsPanel } from "@/components/workflow/document/action-items-panel";
import { actionItemsKey, postmortemKey } from "@/components/workflow/document/keys";
import { PostmortemEditor } from "@/components/workflow/document/postmortem-editor";
import { timelineKey } from "@/components/workflow/timeline/keys";
import { TimelinePanel } from "@/components/workflow/timeline/timeline-panel";
import { queryKeys } from "@/lib/client/keys";
import { getQueryClient } from "@/lib/client/query-client";
import { listActionItems } from "@/lib/db/action-items";
import { listMembers } from "@/lib/db/members";
import { listTimeline } from "@/lib/db/timeline";
import { postmortemView } from "@/lib/investigation/postmortem";

/**
 * The Document step (server part): prefetches the postmortem (saved versions and a fresh draft),
 * the action items, the team (owners) and the timeline.
 */
export async function DocumentStep({
  incidentId,
  teamId,
  canEdit,
}: {
  incidentId: string;
  teamId: string;
  canEdit: boolean;
}) {
  const qc = getQueryClient();
  const [pm, actionItems, members, entries] = await Promise.all([
    postmortemView(teamId, incidentId),
    listActionItems(teamId, incidentId),
    listMembers(teamId),
    listTimeline(teamId, incidentId),
  ]);
  if (pm) qc.setQueryData(postmortemKey(incidentId), pm);
  qc.setQueryData(actionItemsKey(incidentId), { actionItems });
  qc.setQueryData(queryKeys.members(), { members });
  qc.setQueryData(timelineKey(incidentId), { entries });
  return (
    <HydrationBoundary state={dehydrate(qc)}>
      <Suspense fallback={<p className="text-sm text-muted">Drafting the postmortem…</p>}>
        <div className="flex flex-col gap-4">
          <PostmortemEditor incidentId={incidentId} canEdit={canEdit} />
          <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
            <ActionItemsPanel incidentId={incidentId} canEdit={canEdit} />
            <TimelinePanel incidentId={incidentId} canEdit={canEdit} />
          </div>
        </div>
      </Suspense>
    </HydrationBoundary>
  );
}
