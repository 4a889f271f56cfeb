/**
 * TanStack Query keys of the Analyze step. They sit under the incident's key so the live bar's
 * topic invalidation reaches them: everything derived from snapshots (series, events,
 * correlations) under `["incident", id, "snapshots", ...]`, so a new upload refetches the charts.
 */
export interface SeriesKeyInput {
  host: string;
  role: "incident" | "baseline";
  from: number;
  to: number;
  width: number;
  metrics: string;
}

export const analyzeKeys = {
  findings: (incidentId: string) => ["incident", incidentId, "findings"] as const,
  hypotheses: (incidentId: string) => ["incident", incidentId, "hypotheses"] as const,
  fixes: (incidentId: string) => ["incident", incidentId, "fixes"] as const,
  events: (incidentId: string) => ["incident", incidentId, "snapshots", "events"] as const,
  series: (incidentId: string, q: SeriesKeyInput) =>
    ["incident", incidentId, "snapshots", "series", q] as const,
  correlations: (
    incidentId: string,
    q: { target: string; host: string; from: number; to: number },
  ) => ["incident", incidentId, "snapshots", "correlations", q] as const,
};
