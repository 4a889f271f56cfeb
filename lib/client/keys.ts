/** TanStack Query keys: one place, so server prefetch and client hooks agree. */
export const queryKeys = {
  incidents: (filters: { status: string[]; severity: string[]; q?: string }) =>
    [
      "incidents",
      {
        status: [...filters.status].sort(),
        severity: [...filters.severity].sort(),
        q: filters.q ?? "",
      },
    ] as const,
  incident: (id: string) => ["incident", id] as const,
  members: () => ["team", "members"] as const,
  teams: () => ["teams"] as const,
  tokens: () => ["tokens"] as const,
  snapshots: (incidentId: string) => ["incident", incidentId, "snapshots"] as const,
};
