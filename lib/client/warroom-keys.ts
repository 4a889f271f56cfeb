/**
 * TanStack Query keys of the war-room features. Incident ones sit under the broadcast topic that
 * changes them (lib/client/use-live-incident.ts): similar incidents and runbook suggestions
 * follow the findings; team-wide lists (action items, runbooks, audit) are not incident-scoped.
 */
export const warroomKeys = {
  participants: (incidentId: string) => ["incident", incidentId, "participants"] as const,
  similar: (incidentId: string) => ["incident", incidentId, "findings", "similar"] as const,
  runbookSuggestions: (incidentId: string) =>
    ["incident", incidentId, "findings", "runbook-suggestions"] as const,
  teamActions: (filter: { status: string; owner: string }) => ["actions", filter] as const,
  runbooks: (filter: { q: string; tag: string; rule: string }) => ["runbooks", filter] as const,
  runbookVersions: (id: string) => ["runbooks", id, "versions"] as const,
  search: (q: string, type: string) => ["search", q, type] as const,
  audit: (filter: Record<string, string>) => ["audit", filter] as const,
};
