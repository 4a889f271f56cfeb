"use client";

import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { Field, Input, Select, Textarea, UtcDateTimeInput } from "@/components/ui/field";
import { fromUtcInput } from "@/lib/client/utc-time";
import { ApiError } from "@/lib/client/api";
import { useIncident, useUpdateIncident } from "@/lib/client/use-incident";
import type { IncidentView } from "@/lib/db/incident-view";
import {
  ENVIRONMENTS,
  SEVERITIES,
  STATUSES,
  type IncidentUpdateInput,
} from "@/lib/validation/incident";
import { ENVIRONMENT_LABEL } from "./labels";
import { formText } from "@/lib/client/form";
import { useTeamMembers } from "@/lib/client/team-members";
import { MemberSelect } from "./member-select";

function diff(incident: IncidentView, f: FormData): IncidentUpdateInput {
  const patch: IncidentUpdateInput = {};
  const str = (k: string) => formText(f, k);
  if (str("title") !== incident.title) patch.title = str("title");
  if (str("summary") !== incident.summary) patch.summary = str("summary");
  if (str("severity") !== incident.severity)
    patch.severity = str("severity") as IncidentUpdateInput["severity"];
  if (str("status") !== incident.status)
    patch.status = str("status") as IncidentUpdateInput["status"];
  if (str("environment") !== incident.environment)
    patch.environment = str("environment") as IncidentUpdateInput["environment"];
  const started = fromUtcInput(str("startedAt")) ?? null;
  const was = incident.startedAt ? new Date(incident.startedAt).toISOString() : null;
  if (started !== was) patch.startedAt = started;
  const commander = str("commanderId") || null;
  if (commander !== (incident.commander?.id ?? null)) patch.commanderId = commander;
  return patch;
}

export function IncidentDetailsForm({
  incidentId,
  canEdit,
}: {
  incidentId: string;
  canEdit: boolean;
}) {
  const { data: incident } = useIncident(incidentId);
  const update = useUpdateIncident(incidentId);
  const members = useTeamMembers();
  const [saved, setSaved] = useState(false);
  if (!incident) return null;
  const err = update.error instanceof ApiError ? update.error : null;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!incident) return;
    const patch = diff(incident, new FormData(e.currentTarget));
    setSaved(false);
    if (Object.keys(patch).length === 0) {
      setSaved(true);
      return;
    }
    update.mutate(patch, { onSuccess: () => setSaved(true) });
  }

  return (
    <Card aria-labelledby="identify-details">
      <CardTitle id="identify-details">What we know</CardTitle>
      <form key={incident.updatedAt} onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
        <fieldset disabled={!canEdit || update.isPending} className="flex flex-col gap-4">
          {err ? <Alert>{err.message}</Alert> : null}
          {saved ? <Alert tone="ok">Saved.</Alert> : null}
          <Field label="What is slow or broken?" error={err?.fieldError("title")}>
            {({ id, invalid }) => (
              <Input id={id} name="title" defaultValue={incident.title} aria-invalid={invalid} />
            )}
          </Field>
          <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
            <Field label="Severity">
              {({ id }) => (
                <Select id={id} name="severity" defaultValue={incident.severity}>
                  {SEVERITIES.map((s) => (
                    <option key={s}>{s}</option>
                  ))}
                </Select>
              )}
            </Field>
            <Field label="Status" error={err?.code === "conflict" ? err.message : undefined}>
              {({ id }) => (
                <Select id={id} name="status" defaultValue={incident.status}>
                  {STATUSES.map((s) => (
                    <option key={s}>{s}</option>
                  ))}
                </Select>
              )}
            </Field>
            <Field label="Environment">
              {({ id }) => (
                <Select id={id} name="environment" defaultValue={incident.environment}>
                  {ENVIRONMENTS.map((e) => (
                    <option key={e} value={e}>
                      {ENVIRONMENT_LABEL[e]}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
          </div>
          <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
            <Field label="Started at (UTC)">
              {({ id }) => (
                <UtcDateTimeInput id={id} name="startedAt" initial={incident.startedAt} />
              )}
            </Field>
            <Field label="Incident commander">
              {({ id }) => (
                <MemberSelect
                  id={id}
                  name="commanderId"
                  members={members.data?.members}
                  current={incident.commander}
                  none="Nobody yet"
                />
              )}
            </Field>
          </div>
          <Field label="Who is affected and how?" error={err?.fieldError("summary")}>
            {({ id }) => <Textarea id={id} name="summary" defaultValue={incident.summary} />}
          </Field>
          {canEdit ? (
            <div className="flex justify-end">
              <Button type="submit">{update.isPending ? "Saving…" : "Save"}</Button>
            </div>
          ) : (
            <p className="text-sm text-muted">Viewers can read but not change the incident.</p>
          )}
        </fieldset>
      </form>
    </Card>
  );
}
