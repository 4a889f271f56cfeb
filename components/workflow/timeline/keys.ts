/**
 * TanStack Query key of the incident timeline; under `["incident", id, "timeline"]` so the live
 * "timeline" topic refetches every filtered view.
 */
export const timelineKey = (incidentId: string, kinds: readonly string[] = []) =>
  ["incident", incidentId, "timeline", [...kinds].sort().join(",")] as const;

/** `/api/incidents/:id/timeline?kind=a,b` */
export function timelineUrl(incidentId: string, kinds: readonly string[] = []): string {
  const q = kinds.length > 0 ? `?kind=${encodeURIComponent([...kinds].sort().join(","))}` : "";
  return `/api/incidents/${incidentId}/timeline${q}`;
}
