"use client";

import { useIncident } from "@/lib/client/use-incident";
import { ENVIRONMENT_LABEL, SeverityBadge, StatusBadge } from "./labels";

export function IncidentHeader({ incidentId }: { incidentId: string }) {
  const { data: incident } = useIncident(incidentId);
  if (!incident) return null;
  return (
    <div className="flex flex-col gap-1">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-mono text-sm text-muted">{incident.key}</span>
        <SeverityBadge severity={incident.severity} />
        <StatusBadge status={incident.status} />
        <span className="text-sm text-muted">{ENVIRONMENT_LABEL[incident.environment]}</span>
      </div>
      <h1 className="text-2xl font-semibold">{incident.title}</h1>
      <p className="text-sm text-muted">
        Detected{" "}
        <time dateTime={incident.detectedAt}>{new Date(incident.detectedAt).toLocaleString()}</time>
        {incident.commander ? <> · Commander: {incident.commander.name}</> : null}
      </p>
    </div>
  );
}
