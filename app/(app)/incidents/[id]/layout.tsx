import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { IncidentHeader } from "@/components/incidents/incident-header";
import { LiveBar } from "@/components/incidents/live-bar";
import { StepNav } from "@/components/workflow/step-nav";
import { requireActor } from "@/lib/auth/page";
import { queryKeys } from "@/lib/client/keys";
import { getQueryClient } from "@/lib/client/query-client";
import { warroomKeys } from "@/lib/client/warroom-keys";
import { getIncident } from "@/lib/db/incidents";
import { getParticipants } from "@/lib/db/participants";

export default async function IncidentLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ id: string }>;
}) {
  const { id } = await params;
  const actor = await requireActor(`/incidents/${id}`);
  if (!actor) return null;
  const incident = await getIncident(actor.teamId, id);
  if (!incident) notFound();
  const qc = getQueryClient();
  qc.setQueryData(queryKeys.incident(id), incident);
  qc.setQueryData(warroomKeys.participants(id), await getParticipants(actor.teamId, id));
  return (
    <HydrationBoundary state={dehydrate(qc)}>
      <div className="flex flex-col gap-4">
        <div className="flex flex-wrap items-start justify-between gap-2">
          <IncidentHeader incidentId={id} canEdit={actor.role !== "viewer"} />
          <LiveBar incidentId={id} selfId={actor.user.id} />
        </div>
        <div className="flex flex-col gap-6 lg:flex-row">
          <StepNav incidentId={id} />
          <div className="min-w-0 flex-1">{children}</div>
        </div>
      </div>
    </HydrationBoundary>
  );
}
