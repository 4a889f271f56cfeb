"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { fromUtcInput, toUtcInput, utcTime } from "@/lib/client/utc-time";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { Field, Input, Select, Textarea, UtcDateTimeInput } from "@/components/ui/field";
import { analyzeKeys } from "@/lib/client/analyze-keys";
import { formText } from "@/lib/client/form";
import { api, ApiError } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/keys";
import { useFixes, useHypotheses } from "@/lib/client/use-analyze";
import type { FixView } from "@/lib/db/fixes";
import type { SnapshotListItem } from "@/lib/db/snapshot-view";

interface FixInput {
  description: string;
  target: string;
  appliedAt?: string;
  hypothesisId?: string;
}

/**
 * The Fix step: record each change as it is applied — what, where, when (now unless said
 * otherwise) and who (the signed-in responder) — optionally tied to the confirmed hypothesis it
 * tests. One change at a time, so Verify can tell what worked. Each fix is a marker on the
 * Analyze charts and an entry on the timeline.
 */
export function FixPanel({ incidentId, canEdit }: { incidentId: string; canEdit: boolean }) {
  const qc = useQueryClient();
  const { data: fixData } = useFixes(incidentId);
  const { data: hypothesisData } = useHypotheses(incidentId);
  const { data: snapshotData } = useSuspenseQuery({
    queryKey: queryKeys.snapshots(incidentId),
    queryFn: () => api<{ snapshots: SnapshotListItem[] }>(`/api/incidents/${incidentId}/snapshots`),
  });
  const [when, setWhen] = useState("");
  const [status, setStatus] = useState("");
  const fixes = fixData.fixes;
  const candidates = hypothesisData.hypotheses.filter(
    (h) => h.status === "confirmed" || h.status === "testing",
  );
  const confirmed = candidates.filter((h) => h.status === "confirmed");
  const hostnames = [...new Set(snapshotData.snapshots.map((s) => s.host.hostname))];
  const hypothesisText = new Map(hypothesisData.hypotheses.map((h) => [h.id, h.text]));

  const record = useMutation({
    mutationFn: (body: FixInput) =>
      api<FixView>(`/api/incidents/${incidentId}/fixes`, { method: "POST", json: body }),
    onSuccess: async (fix) => {
      setStatus(`Fix recorded at ${utcTime(fix.appliedAt)} UTC.`);
      await Promise.all([
        qc.invalidateQueries({ queryKey: analyzeKeys.fixes(incidentId) }),
        qc.invalidateQueries({ queryKey: ["incident", incidentId, "timeline"] }),
      ]);
    },
  });
  const fieldError = (name: string) =>
    record.error instanceof ApiError ? record.error.fieldError(name) : undefined;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const body: FixInput = {
      description: formText(f, "description").trim(),
      target: formText(f, "target").trim(),
    };
    const at = fromUtcInput(formText(f, "appliedAt"));
    if (at) body.appliedAt = at;
    const hid = formText(f, "hypothesisId");
    if (hid) body.hypothesisId = hid;
    record.mutate(body, {
      onSuccess: () => {
        form.reset();
        setWhen("");
      },
    });
  }

  return (
    <div className="flex flex-col gap-4">
      {canEdit ? (
        <Card aria-labelledby="fix-form-title">
          <CardTitle id="fix-form-title">Record a change</CardTitle>
          {confirmed.length === 0 ? (
            <Alert tone="info" className="mb-3">
              No hypothesis is confirmed yet. Changing things before the cause is known makes the
              result hard to read:{" "}
              <Link href={`/incidents/${incidentId}/analyze`} className="underline">
                confirm one in Analyze
              </Link>{" "}
              first if you can.
            </Alert>
          ) : null}
          <form onSubmit={onSubmit} className="grid grid-cols-1 gap-3 md:grid-cols-2" noValidate>
            <Field
              label="What was changed"
              error={fieldError("description")}
              className="md:col-span-2"
              hint="The exact change, and how to roll it back."
            >
              {({ id, describedBy, invalid }) => (
                <Textarea
                  id={id}
                  name="description"
                  required
                  aria-describedby={describedBy}
                  aria-invalid={invalid}
                  className="min-h-20"
                />
              )}
            </Field>
            <Field
              label="Where"
              error={fieldError("target")}
              hint="Hosts, service or layer (e.g. db-1, the checkout pods, the hypervisor)."
            >
              {({ id, describedBy, invalid }) => (
                <>
                  <Input
                    id={id}
                    name="target"
                    required
                    list={`${id}-hosts`}
                    defaultValue={hostnames.length === 1 ? hostnames[0] : ""}
                    aria-describedby={describedBy}
                    aria-invalid={invalid}
                  />
                  <datalist id={`${id}-hosts`}>
                    {hostnames.map((h) => (
                      <option key={h} value={h} />
                    ))}
                  </datalist>
                </>
              )}
            </Field>
            <Field
              label="When (UTC)"
              error={fieldError("appliedAt")}
              hint="Leave empty for now; fill in the real time if it was applied earlier."
            >
              {({ id, describedBy, invalid }) => (
                <div className="flex gap-2">
                  <UtcDateTimeInput
                    id={id}
                    name="appliedAt"
                    value={when}
                    onChange={(e) => setWhen(e.target.value)}
                    aria-describedby={describedBy}
                    aria-invalid={invalid}
                  />
                  <Button variant="secondary" onClick={() => setWhen(toUtcInput(Date.now()))}>
                    Now
                  </Button>
                </div>
              )}
            </Field>
            <Field label="Tests the hypothesis" className="md:col-span-2">
              {({ id }) => (
                <Select
                  id={id}
                  name="hypothesisId"
                  defaultValue={confirmed.length === 1 ? confirmed[0]?.id : ""}
                >
                  <option value="">None</option>
                  {candidates.map((h) => (
                    <option key={h.id} value={h.id}>
                      {h.status === "confirmed" ? "Confirmed: " : "Testing: "}
                      {h.text.slice(0, 120)}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
            <div className="flex items-center gap-3 md:col-span-2">
              <Button type="submit" disabled={record.isPending}>
                {record.isPending ? "Recording…" : "Record fix"}
              </Button>
              <span className="text-xs text-muted">
                Recorded under your name; it appears on the Analyze charts and the timeline.
              </span>
            </div>
            {record.error && !fieldError("description") && !fieldError("target") ? (
              <Alert className="md:col-span-2">{record.error.message}</Alert>
            ) : null}
          </form>
          <p className="sr-only" role="status" aria-live="polite">
            {status}
          </p>
        </Card>
      ) : null}
      <Card aria-labelledby="fix-list-title">
        <CardTitle id="fix-list-title">Changes applied ({fixes.length})</CardTitle>
        {fixes.length === 0 ? (
          <p className="text-sm text-muted">No change recorded yet.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm" data-testid="fix-list">
              <caption className="sr-only">
                Changes applied to fix the incident, oldest first
              </caption>
              <thead className="text-left text-xs text-muted">
                <tr>
                  <th scope="col" className="py-1 pr-3 font-medium">
                    When (UTC)
                  </th>
                  <th scope="col" className="py-1 pr-3 font-medium">
                    What
                  </th>
                  <th scope="col" className="py-1 pr-3 font-medium">
                    Where
                  </th>
                  <th scope="col" className="py-1 pr-3 font-medium">
                    Who
                  </th>
                  <th scope="col" className="py-1 font-medium">
                    Hypothesis
                  </th>
                </tr>
              </thead>
              <tbody>
                {fixes.map((f) => (
                  <tr key={f.id} className="border-t border-border align-top">
                    <td className="py-2 pr-3 font-mono whitespace-nowrap">
                      {utcTime(f.appliedAt)}
                    </td>
                    <td className="py-2 pr-3 whitespace-pre-wrap">{f.description}</td>
                    <td className="py-2 pr-3">{f.target}</td>
                    <td className="py-2 pr-3">{f.author?.name ?? "–"}</td>
                    <td className="py-2 text-muted">
                      {f.hypothesisId ? (hypothesisText.get(f.hypothesisId) ?? "–") : "–"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
