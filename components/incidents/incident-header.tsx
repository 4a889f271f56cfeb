"use client";

import { useIncident } from "@/lib/client/use-incident";
import { IncidentRoles } from "./incident-roles";
import { ENVIRONMENT_LABEL, SeverityBadge, StatusBadge } from "./labels";
import { LifecycleTimes, SeveritySelect, StatusControl } from "./lifecycle-control";

/**
 * The incident at a glance, the same for everyone in the room (live): key, severity, status,
 * title, the lifecycle times, who has which role; responders change status, severity and roles
 * here.
 */
export function IncidentHeader({ incidentId, canEdit }: { incidentId: string; canEdit: boolean }) {
  const { data: incident } = useIncident(incidentId);
  if (!incident) return null;
  return (
    <div className="flex min-w-0 flex-col gap-1">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-mono text-sm text-muted">{incident.key}</span>
        {canEdit ? (
          <>
            <span className="no-print">
              <SeveritySelect incidentId={incidentId} />
            </span>
            <span className="hidden print:inline">
              <SeverityBadge severity={incident.severity} />
            </span>
          </>
        ) : (
          <SeverityBadge severity={incident.severity} />
        )}
        <span data-testid="incident-status">
          <StatusBadge status={incident.status} />
        </span>
        <span className="text-sm text-muted">{ENVIRONMENT_LABEL[incident.environment]}</span>
      </div>
      <h1 className="text-2xl font-semibold">{incident.title}</h1>
      <LifecycleTimes incident={incident} />
      <IncidentRoles incidentId={incidentId} canEdit={canEdit} />
      {canEdit ? (
        <div className="no-print">
          <StatusControl incidentId={incidentId} />
        </div>
      ) : null}
    </div>
  );
}
