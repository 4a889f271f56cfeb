/** The Baseline step's URL state (`?host=&source=&from=&to=`), which is also its query key. */
export interface BaselineParams {
  host: string;
  source: string;
  from: string;
  to: string;
}

export const EMPTY_BASELINE_PARAMS: BaselineParams = { host: "", source: "", from: "", to: "" };

/** Under "snapshots": a new upload (a baseline snapshot, say) refetches the table. */
export const baselineKey = (incidentId: string, p: BaselineParams) =>
  ["incident", incidentId, "snapshots", "baseline", p] as const;

export function baselineUrl(incidentId: string, p: BaselineParams): string {
  const q = new URLSearchParams();
  for (const k of ["host", "source", "from", "to"] as const) if (p[k]) q.set(k, p[k]);
  const s = q.toString();
  return `/api/incidents/${incidentId}/baseline${s ? `?${s}` : ""}`;
}
