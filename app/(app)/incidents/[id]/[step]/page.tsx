import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { IncidentDetailsForm } from "@/components/incidents/incident-details-form";
import { SimilarIncidents } from "@/components/incidents/similar-incidents";
import { CollectorCommand } from "@/components/workflow/collector-command";
import { CoverageMatrix } from "@/components/workflow/coverage-matrix";
import { SnapshotList } from "@/components/snapshots/snapshot-list";
import { UploadPanel } from "@/components/snapshots/upload-panel";
import { StepIntro } from "@/components/workflow/step-intro";
import { AnalyzeStep } from "@/components/workflow/steps/analyze-step";
import { BaselineStep } from "@/components/workflow/steps/baseline-step";
import { DocumentStep } from "@/components/workflow/steps/document-step";
import { FixStep } from "@/components/workflow/steps/fix-step";
import { VerifyStep } from "@/components/workflow/steps/verify-step";
import { requireActor } from "@/lib/auth/page";
import { queryKeys } from "@/lib/client/keys";
import { getQueryClient } from "@/lib/client/query-client";
import { getIncident } from "@/lib/db/incidents";
import { listIncidentSnapshots } from "@/lib/db/snapshots";
import { STEPS, type StepName } from "@/lib/validation/incident";
import { stepDefinition } from "@/lib/workflow/steps";

/** Steps that take snapshots, and the role an upload there gets by default. */
const UPLOAD_ROLE: Partial<Record<StepName, "baseline" | "incident" | "verify">> = {
  baseline: "baseline",
  collect: "incident",
  verify: "verify",
};

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
  const incident = await getIncident(actor.teamId, id);
  if (!incident) notFound();
  const qc = getQueryClient();
  const uploadRole = UPLOAD_ROLE[step];
  if (uploadRole)
    qc.setQueryData(queryKeys.snapshots(id), {
      snapshots: await listIncidentSnapshots(actor.teamId, id),
    });
  return (
    <HydrationBoundary state={dehydrate(qc)}>
      <div className="flex flex-col gap-4">
        <StepIntro incidentId={id} step={stepDefinition(step)} canEdit={canEdit} />
        {step === "identify" ? <IncidentDetailsForm incidentId={id} canEdit={canEdit} /> : null}
        {step === "identify" ? <SimilarIncidents incidentId={id} /> : null}
        {uploadRole && canEdit ? (
          <UploadPanel key={step} incidentId={id} defaultRole={uploadRole} />
        ) : null}
        {uploadRole ? <SnapshotList incidentId={id} /> : null}
        {step === "collect" ? <CoverageMatrix incidentId={id} /> : null}
        {step === "collect" ? (
          <CollectorCommand incidentId={id} incidentKey={incident.key} canEdit={canEdit} />
        ) : null}
        {step === "analyze" ? (
          <AnalyzeStep incidentId={id} teamId={actor.teamId} canEdit={canEdit} />
        ) : null}
        {step === "baseline" ? (
          <BaselineStep incidentId={id} teamId={actor.teamId} canEdit={canEdit} />
        ) : null}
        {step === "fix" ? (
          <FixStep incidentId={id} teamId={actor.teamId} canEdit={canEdit} />
        ) : null}
        {step === "verify" ? (
          <VerifyStep incidentId={id} teamId={actor.teamId} canEdit={canEdit} />
        ) : null}
        {step === "document" ? (
          <DocumentStep incidentId={id} teamId={actor.teamId} canEdit={canEdit} />
        ) : null}
      </div>
    </HydrationBoundary>
  );
}
