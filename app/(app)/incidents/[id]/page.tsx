import { notFound, redirect } from "next/navigation";
import { requireActor } from "@/lib/auth/page";
import { getIncident } from "@/lib/db/incidents";

/** /incidents/:id opens the step the team is on. */
export default async function IncidentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor(`/incidents/${id}`);
  if (!actor) return null;
  const incident = await getIncident(actor.teamId, id);
  if (!incident) notFound();
  redirect(`/incidents/${id}/${incident.currentStep}`);
}
