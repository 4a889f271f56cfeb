"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useIncident, useUpdateIncident } from "@/lib/client/use-incident";
import type { IncidentView } from "@/lib/db/incident-view";
import { SEVERITIES, type IncidentStatus, type Severity } from "@/lib/validation/incident";
import { nextStatuses } from "@/lib/workflow/lifecycle";

const ACTION_LABEL: Record<IncidentStatus, string> = {
  open: "Reopen",
  mitigated: "Mark mitigated",
  resolved: "Mark resolved",
  closed: "Close incident",
};

/** `2026-12-04 10:05 UTC`: incident times are read on one clock, like the timeline. */
export function utcMinute(iso: string): string {
  return `${iso.slice(0, 16).replace("T", " ")} UTC`;
}

function after(fromIso: string, toIso: string): string {
  const mins = Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 60_000);
  if (mins < 0) return "";
  if (mins < 60) return `+${mins} min`;
  const h = Math.floor(mins / 60);
  return `+${h} h ${mins % 60} min`;
}

/** The lifecycle times: detected, then mitigated, resolved and closed when they happened. */
export function LifecycleTimes({ incident }: { incident: IncidentView }) {
  const times: { label: string; at: string | null }[] = [
    { label: "Started", at: incident.startedAt },
    { label: "Detected", at: incident.detectedAt },
    { label: "Mitigated", at: incident.mitigatedAt },
    { label: "Resolved", at: incident.resolvedAt },
    { label: "Closed", at: incident.closedAt },
  ];
  return (
    <dl className="flex flex-wrap gap-x-4 gap-y-1 text-sm" aria-label="Lifecycle times">
      {times
        .filter((t): t is { label: string; at: string } => t.at !== null)
        .map((t) => (
          <div key={t.label} className="flex gap-1">
            <dt className="text-muted">{t.label}</dt>
            <dd>
              <time dateTime={t.at}>{utcMinute(t.at)}</time>
              {t.label !== "Detected" && t.label !== "Started" ? (
                <span className="ml-1 text-xs text-muted">{after(incident.detectedAt, t.at)}</span>
              ) : null}
            </dd>
          </div>
        ))}
    </dl>
  );
}

/**
 * Status changes along the lifecycle open -> mitigated -> resolved -> closed: only the states the
 * server accepts from here are offered (forward, or reopen); closing asks once more, since a
 * closed incident is final. Each change is stamped and goes on the timeline.
 */
export function StatusControl({ incidentId }: { incidentId: string }) {
  const { data: incident } = useIncident(incidentId);
  const update = useUpdateIncident(incidentId);
  const [confirmClose, setConfirmClose] = useState(false);
  if (!incident) return null;
  const next = nextStatuses(incident.status);
  if (next.length === 0) return <p className="text-sm text-muted">Closed: the record is final.</p>;
  return (
    <div role="group" aria-label="Change status" className="flex flex-wrap items-center gap-2">
      {next.map((to) =>
        to === "closed" && confirmClose ? (
          <span key={to} className="flex items-center gap-2 text-sm">
            Close for good?
            <Button
              size="sm"
              variant="danger"
              disabled={update.isPending}
              onClick={() =>
                update.mutate({ status: "closed" }, { onSettled: () => setConfirmClose(false) })
              }
            >
              Yes, close it
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setConfirmClose(false)}>
              Keep it open
            </Button>
          </span>
        ) : (
          <Button
            key={to}
            size="sm"
            variant={to === "open" ? "ghost" : "secondary"}
            disabled={update.isPending}
            onClick={() =>
              to === "closed" ? setConfirmClose(true) : update.mutate({ status: to })
            }
          >
            {ACTION_LABEL[to]}
          </Button>
        ),
      )}
      {update.error ? (
        <p role="alert" className="text-sm text-danger">
          {update.error.message}
        </p>
      ) : null}
    </div>
  );
}

/** Severity, changeable in place; the change is recorded on the timeline. */
export function SeveritySelect({ incidentId }: { incidentId: string }) {
  const { data: incident } = useIncident(incidentId);
  const update = useUpdateIncident(incidentId);
  if (!incident) return null;
  return (
    <select
      aria-label="Severity"
      className="h-6 rounded border border-border bg-surface-2 px-1 text-xs font-semibold"
      value={incident.severity}
      disabled={update.isPending}
      onChange={(e) => update.mutate({ severity: e.target.value as Severity })}
    >
      {SEVERITIES.map((s) => (
        <option key={s} value={s}>
          {s}
        </option>
      ))}
    </select>
  );
}
