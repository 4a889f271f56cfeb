import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import Link from "next/link";
import { ApiTokens } from "@/components/team/api-tokens";
import { CreateTeam } from "@/components/team/create-team";
import { MemberManager } from "@/components/team/member-manager";
import { requireActor } from "@/lib/auth/page";
import { queryKeys } from "@/lib/client/keys";
import { getQueryClient } from "@/lib/client/query-client";
import { listApiTokens } from "@/lib/db/api-tokens";
import { listMembers } from "@/lib/db/members";

export const metadata: Metadata = { title: "Team" };

export default async function TeamPage() {
  const actor = await requireActor("/team");
  if (!actor) return null;
  const qc = getQueryClient();
  qc.setQueryData(queryKeys.members(), { members: await listMembers(actor.teamId) });
  const tokens = await listApiTokens(actor.teamId);
  qc.setQueryData(queryKeys.tokens(), { tokens: JSON.parse(JSON.stringify(tokens)) as unknown });
  const team = actor.teams.find((t) => t.teamId === actor.teamId);
  return (
    <HydrationBoundary state={dehydrate(qc)}>
      <div className="flex flex-col gap-6">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h1 className="text-xl font-semibold">Team {team?.teamName}</h1>
          {actor.role === "owner" ? (
            <Link href="/team/audit" className="text-sm text-accent underline">
              Audit log
            </Link>
          ) : null}
        </div>
        <MemberManager isOwner={actor.role === "owner"} selfId={actor.user.id} />
        <ApiTokens canEdit={actor.role !== "viewer"} />
        <CreateTeam />
      </div>
    </HydrationBoundary>
  );
}
