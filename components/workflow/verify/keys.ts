/** Under "snapshots": uploading the after-fix capture refetches the verdicts. */
export const verifyKey = (incidentId: string) =>
  ["incident", incidentId, "snapshots", "verify"] as const;
