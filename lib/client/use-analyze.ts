"use client";

import {
  keepPreviousData,
  useMutation,
  useQueries,
  useQuery,
  useQueryClient,
  useSuspenseQuery,
} from "@tanstack/react-query";
import type { StoredFinding } from "@/lib/db/findings";
import type { FixView } from "@/lib/db/fixes";
import type { IncidentEventView } from "@/lib/db/host-events";
import type { HypothesisView } from "@/lib/db/hypotheses";
import type { CorrelationsAnswer } from "@/lib/investigation/correlations";
import type { ChartSeries } from "@/lib/investigation/series";
import type { EvidenceLink } from "@/lib/validation/workflow";
import { analyzeKeys, type SeriesKeyInput } from "./analyze-keys";
import { api } from "./api";

export interface SeriesAnswer {
  from: number | null;
  to: number | null;
  width: number;
  series: ChartSeries[];
}

/** Findings, hypotheses, fixes and events are prefetched by the server page: read with suspense. */
export function useFindings(incidentId: string) {
  return useSuspenseQuery({
    queryKey: analyzeKeys.findings(incidentId),
    queryFn: () => api<{ findings: StoredFinding[] }>(`/api/incidents/${incidentId}/findings`),
  });
}

export function useHypotheses(incidentId: string) {
  return useSuspenseQuery({
    queryKey: analyzeKeys.hypotheses(incidentId),
    queryFn: () => api<{ hypotheses: HypothesisView[] }>(`/api/incidents/${incidentId}/hypotheses`),
  });
}

export function useFixes(incidentId: string) {
  return useSuspenseQuery({
    queryKey: analyzeKeys.fixes(incidentId),
    queryFn: () => api<{ fixes: FixView[] }>(`/api/incidents/${incidentId}/fixes`),
  });
}

export function useHostEvents(incidentId: string) {
  return useSuspenseQuery({
    queryKey: analyzeKeys.events(incidentId),
    queryFn: () => api<{ events: IncidentEventView[] }>(`/api/incidents/${incidentId}/host-events`),
  });
}

export function seriesUrl(incidentId: string, q: SeriesKeyInput): string {
  const p = new URLSearchParams({
    metrics: q.metrics,
    host: q.host,
    role: q.role,
    from: String(Math.round(q.from)),
    to: String(Math.round(q.to)),
    width: String(q.width),
  });
  return `/api/incidents/${incidentId}/series?${p.toString()}`;
}

/**
 * Chart series, one request per (host, role): fetched in the browser once the chart width is
 * known. While a new window loads, the previous one stays drawn (no flash on zoom). The combined
 * answer is structurally shared, so it keeps its identity until an answer changes.
 */
export function useSeriesRequests(incidentId: string, requests: readonly SeriesKeyInput[]) {
  return useQueries({
    queries: requests.map((q) => ({
      queryKey: analyzeKeys.series(incidentId, q),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api<SeriesAnswer>(seriesUrl(incidentId, q), { signal }),
      placeholderData: keepPreviousData,
      staleTime: 60_000,
    })),
    // All answers at once: a chart drawn with the incident and redrawn with its baseline a moment
    // later costs a second render of every chart.
    combine: (results) => ({
      requests: [...requests],
      data: results.some((r) => r.isPending)
        ? results.map(() => undefined)
        : results.map((r) => r.data),
      pending: results.length === 0 || results.some((r) => r.isPending),
      fetching: results.some((r) => r.isFetching),
      error: results.find((r) => r.error)?.error ?? null,
    }),
  });
}

export function useCorrelations(
  incidentId: string,
  q: { target: string; host: string; from: number; to: number } | null,
) {
  return useQuery({
    queryKey: analyzeKeys.correlations(incidentId, q ?? { target: "", host: "", from: 0, to: 0 }),
    queryFn: ({ signal }) => {
      const p = new URLSearchParams({
        target: q?.target ?? "",
        host: q?.host ?? "",
        from: String(Math.round(q?.from ?? 0)),
        to: String(Math.round(q?.to ?? 0)),
      });
      return api<CorrelationsAnswer>(`/api/incidents/${incidentId}/correlations?${p.toString()}`, {
        signal,
      });
    },
    enabled: q !== null,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

export function useRecomputeFindings(incidentId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api<{ findings: StoredFinding[] }>(`/api/incidents/${incidentId}/findings`, {
        method: "POST",
      }),
    onSuccess: (data) => qc.setQueryData(analyzeKeys.findings(incidentId), data),
  });
}

export function useCreateHypothesis(incidentId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { text: string; evidence: EvidenceLink[] }) =>
      api<HypothesisView>(`/api/incidents/${incidentId}/hypotheses`, {
        method: "POST",
        json: input,
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: analyzeKeys.hypotheses(incidentId) }),
  });
}

export function useUpdateHypothesis(incidentId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({
      id,
      patch,
    }: {
      id: string;
      patch: { status?: HypothesisView["status"]; evidence?: EvidenceLink[]; text?: string };
    }) =>
      api<HypothesisView>(`/api/incidents/${incidentId}/hypotheses/${id}`, {
        method: "PATCH",
        json: patch,
      }),
    onSuccess: (h) => {
      qc.setQueryData<{ hypotheses: HypothesisView[] }>(
        analyzeKeys.hypotheses(incidentId),
        (cur) => (cur ? { hypotheses: cur.hypotheses.map((x) => (x.id === h.id ? h : x)) } : cur),
      );
      void qc.invalidateQueries({ queryKey: analyzeKeys.hypotheses(incidentId) });
    },
  });
}
