import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { Suspense } from "react";
import { TeamActions } from "@/components/actions/team-actions";
import { requireActor } from "@/lib/auth/page";
import { queryKeys } from "@/lib/client/keys";
import { getQueryClient } from "@/lib/client/query-client";
import { warroomKeys } from "@/lib/client/warroom-keys";
import { listTeamActionItems } from "@/lib/db/action-items";
import { listMembers } from "@/lib/db/members";
import { ACTION_ITEM_STATUSES, type ActionItemStatus } from "@/lib/postmortem/schemas";

export const metadata: Metadata = { title: "Action items" };

/** The team's action items across incidents (?status=open|done|cancelled|all&owner=). */
export default async function ActionsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requireActor("/actions");
  if (!actor) return null;
  const sp = await searchParams;
  const rawStatus = typeof sp.status === "string" ? sp.status : "open";
  const status: ActionItemStatus | "all" =
    rawStatus === "all" || (ACTION_ITEM_STATUSES as readonly string[]).includes(rawStatus)
      ? (rawStatus as ActionItemStatus | "all")
      : "open";
  const owner =
    typeof sp.owner === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(sp.owner) ? sp.owner : "";
  const ownerId =
    owner === "" ? undefined : owner === "me" ? actor.user.id : owner === "none" ? null : owner;
  const qc = getQueryClient();
  const [items, members] = await Promise.all([
    listTeamActionItems(actor.teamId, { status, ownerId }),
    listMembers(actor.teamId),
  ]);
  qc.setQueryData(warroomKeys.teamActions({ status: rawStatus, owner }), { actionItems: items });
  qc.setQueryData(queryKeys.members(), { members });
  return (
    <HydrationBoundary state={dehydrate(qc)}>
      <div className="flex flex-col gap-4">
        <h1 className="text-xl font-semibold">Action items</h1>
        <Suspense fallback={<p className="text-sm text-muted">Loading…</p>}>
          <TeamActions canEdit={actor.role !== "viewer"} selfId={actor.user.id} />
        </Suspense>
      </div>
    </HydrationBoundary>
  );
}
