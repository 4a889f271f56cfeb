"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { IncidentView } from "@/lib/db/incident-view";
import type { IncidentUpdateInput } from "@/lib/validation/incident";
import { api } from "./api";
import { queryKeys } from "./keys";

export function useIncident(id: string) {
  return useQuery({
    queryKey: queryKeys.incident(id),
    queryFn: () => api<IncidentView>(`/api/incidents/${id}`),
  });
}

export function useUpdateIncident(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: IncidentUpdateInput) =>
      api<IncidentView>(`/api/incidents/${id}`, { method: "PATCH", json: patch }),
    onSuccess: (incident) => {
      qc.setQueryData(queryKeys.incident(id), incident);
      void qc.invalidateQueries({ queryKey: ["incidents"] });
    },
  });
}
