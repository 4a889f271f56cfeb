"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input, Select, Textarea, UtcDateTimeInput } from "@/components/ui/field";
import { fromUtcInput } from "@/lib/client/utc-time";
import { api, ApiError } from "@/lib/client/api";
import type { IncidentView } from "@/lib/db/incident-view";
import {
  ENVIRONMENTS,
  incidentCreateSchema,
  SEVERITIES,
  type IncidentCreateInput,
} from "@/lib/validation/incident";
import { ENVIRONMENT_LABEL } from "./labels";
import { formText } from "@/lib/client/form";

const SEVERITY_HINT: Record<string, string> = {
  SEV1: "SEV1: critical, customer-facing outage",
  SEV2: "SEV2: major degradation",
  SEV3: "SEV3: minor, partial impact",
  SEV4: "SEV4: low, no customer impact yet",
};

export function NewIncidentForm() {
  const router = useRouter();
  const qc = useQueryClient();
  const [clientError, setClientError] = useState<ApiError | null>(null);
  const create = useMutation({
    mutationFn: (input: IncidentCreateInput) =>
      api<IncidentView>("/api/incidents", { method: "POST", json: input }),
    onSuccess: async (incident) => {
      await qc.invalidateQueries({ queryKey: ["incidents"] });
      router.push(`/incidents/${incident.id}/identify`);
    },
  });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const input = {
      title: formText(f, "title"),
      severity: formText(f, "severity"),
      environment: formText(f, "environment"),
      summary: formText(f, "summary") || undefined,
      startedAt: fromUtcInput(formText(f, "startedAt")),
    };
    // Same schema as the API: the user sees the same messages before the round trip.
    const parsed = incidentCreateSchema.safeParse(input);
    if (!parsed.success) {
      create.reset();
      const issues = parsed.error.issues.map((i) => ({
        path: i.path.join("."),
        message: i.message,
      }));
      setClientError(
        new ApiError(
          400,
          issues.map((i) => `${i.path}: ${i.message}`).join("; "),
          "bad_request",
          issues,
        ),
      );
      return;
    }
    setClientError(null);
    create.mutate(parsed.data);
  }

  const err = clientError ?? (create.error instanceof ApiError ? create.error : null);

  return (
    <form
      onSubmit={onSubmit}
      className="flex flex-col gap-4 rounded-lg border border-border bg-surface p-5"
      noValidate
    >
      {err ? (
        <Alert>{err.message}</Alert>
      ) : create.error ? (
        <Alert>{create.error.message}</Alert>
      ) : null}
      <Field
        label="What is slow or broken?"
        error={err?.fieldError("title")}
        hint="e.g. “Checkout API p99 latency above 3 s”"
      >
        {({ id, describedBy, invalid }) => (
          <Input
            id={id}
            name="title"
            required
            aria-describedby={describedBy}
            aria-invalid={invalid}
            autoFocus
          />
        )}
      </Field>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <Field label="Severity" error={err?.fieldError("severity")}>
          {({ id, describedBy, invalid }) => (
            <Select
              id={id}
              name="severity"
              defaultValue="SEV2"
              aria-describedby={describedBy}
              aria-invalid={invalid}
            >
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {SEVERITY_HINT[s]}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Environment" error={err?.fieldError("environment")}>
          {({ id, describedBy, invalid }) => (
            <Select
              id={id}
              name="environment"
              defaultValue="vm"
              aria-describedby={describedBy}
              aria-invalid={invalid}
            >
              {ENVIRONMENTS.map((e) => (
                <option key={e} value={e}>
                  {ENVIRONMENT_LABEL[e]}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>
      <Field label="Started at (UTC, if known)" error={err?.fieldError("startedAt")}>
        {({ id, describedBy, invalid }) => (
          <UtcDateTimeInput
            id={id}
            name="startedAt"
            aria-describedby={describedBy}
            aria-invalid={invalid}
          />
        )}
      </Field>
      <Field label="Who is affected and how?" error={err?.fieldError("summary")}>
        {({ id, describedBy, invalid }) => (
          <Textarea id={id} name="summary" aria-describedby={describedBy} aria-invalid={invalid} />
        )}
      </Field>
      <div className="flex justify-end gap-2">
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create incident"}
        </Button>
      </div>
    </form>
  );
}
