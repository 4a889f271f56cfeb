import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { IncidentList } from "@/components/incidents/incident-list";
import { requireActor } from "@/lib/auth/page";
import { listIncidents } from "@/lib/db/incidents";
import { queryKeys } from "@/lib/client/keys";
import { getQueryClient } from "@/lib/client/query-client";
import { incidentListQuerySchema } from "@/lib/validation/incident";

export const metadata: Metadata = { title: "Incidents" };

export default async function IncidentsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requireActor("/incidents");
  if (!actor) return null;
  const raw = await searchParams;
  const parsed = incidentListQuerySchema.safeParse({
    status: typeof raw.status === "string" ? raw.status : undefined,
    severity: typeof raw.severity === "string" ? raw.severity : undefined,
    q: typeof raw.q === "string" ? raw.q : undefined,
  });
  const filters = parsed.success ? parsed.data : { status: [], severity: [] };
  const qc = getQueryClient();
  qc.setQueryData(queryKeys.incidents(filters), {
    incidents: await listIncidents(actor.teamId, filters),
  });
  return (
    <HydrationBoundary state={dehydrate(qc)}>
      <IncidentList canCreate={actor.role !== "viewer"} />
    </HydrationBoundary>
  );
}
