import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { IncidentDetailsForm } from "@/components/incidents/incident-details-form";
import { StepIntro } from "@/components/workflow/step-intro";
import { requireActor } from "@/lib/auth/page";
import { STEPS, type StepName } from "@/lib/validation/incident";
import { stepDefinition } from "@/lib/workflow/steps";

function isStep(s: string): s is StepName {
  return (STEPS as readonly string[]).includes(s);
}

export async function generateMetadata({
  params,
}: {
  params: Promise<{ step: string }>;
}): Promise<Metadata> {
  const { step } = await params;
  return { title: isStep(step) ? stepDefinition(step).title : "Incident" };
}

export default async function StepPage({
  params,
}: {
  params: Promise<{ id: string; step: string }>;
}) {
  const { id, step } = await params;
  if (!isStep(step)) notFound();
  const actor = await requireActor(`/incidents/${id}/${step}`);
  if (!actor) return null;
  const canEdit = actor.role !== "viewer";
  return (
    <div className="flex flex-col gap-4">
      <StepIntro incidentId={id} step={stepDefinition(step)} canEdit={canEdit} />
      {step === "identify" ? <IncidentDetailsForm incidentId={id} canEdit={canEdit} /> : null}
    </div>
  );
}
