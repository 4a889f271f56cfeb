"use client";

import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { useIncident, useUpdateIncident } from "@/lib/client/use-incident";
import type { StepDefinition } from "@/lib/workflow/steps";

/** A step's purpose and questions, and the control that moves the team to this step. */
export function StepIntro({
  incidentId,
  step,
  canEdit,
}: {
  incidentId: string;
  step: StepDefinition;
  canEdit: boolean;
}) {
  const { data: incident } = useIncident(incidentId);
  const update = useUpdateIncident(incidentId);
  const isCurrent = incident?.currentStep === step.name;
  return (
    <Card aria-labelledby={`step-${step.name}-title`}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h2 id={`step-${step.name}-title`} className="text-lg font-semibold">
          {step.title}
        </h2>
        {isCurrent ? (
          <span className="text-sm text-muted">The team is on this step</span>
        ) : canEdit ? (
          <Button
            size="sm"
            variant="secondary"
            disabled={update.isPending}
            onClick={() => update.mutate({ currentStep: step.name })}
          >
            Move the team to this step
          </Button>
        ) : null}
      </div>
      <p className="mt-1 text-sm text-muted">{step.purpose}</p>
      <h3 className="mt-3 text-sm font-medium">Questions to answer</h3>
      <ul className="mt-1 list-disc pl-5 text-sm">
        {step.questions.map((q) => (
          <li key={q}>{q}</li>
        ))}
      </ul>
      {update.error ? (
        <p role="alert" className="mt-2 text-sm text-danger">
          {update.error.message}
        </p>
      ) : null}
    </Card>
  );
}
