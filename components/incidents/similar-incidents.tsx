"use client";

import { useQuery } from "@tanstack/react-query";
import { History } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { api } from "@/lib/client/api";
import { warroomKeys } from "@/lib/client/warroom-keys";
import type { SimilarIncident } from "@/lib/db/similar";
import { SeverityBadge, StatusBadge } from "./labels";

export function useSimilarIncidents(incidentId: string) {
  return useQuery({
    queryKey: warroomKeys.similar(incidentId),
    queryFn: () => api<{ incidents: SimilarIncident[] }>(`/api/incidents/${incidentId}/similar`),
  });
}

function Shared({ label, values }: { label: string; values: string[] }) {
  if (values.length === 0) return null;
  return (
    <li className="flex flex-wrap items-center gap-1">
      <span className="text-muted">{label}</span>
      {values.slice(0, 4).map((v) => (
        <Badge key={v} tone="info">
          {v}
        </Badge>
      ))}
      {values.length > 4 ? <span className="text-muted">+{values.length - 4}</span> : null}
    </li>
  );
}

/**
 * Past incidents that looked like this one on the hosts: the same finding rules, metrics,
 * domains and hosts count; title words barely do. Each says what it shares and links to its
 * postmortem when there is one.
 */
export function SimilarIncidents({
  incidentId,
  headingLevel = 2,
}: {
  incidentId: string;
  headingLevel?: 2 | 3;
}) {
  const { data, isPending, error } = useSimilarIncidents(incidentId);
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const list = data?.incidents ?? [];
  return (
    <Card aria-labelledby={`similar-${incidentId}`} className="flex flex-col gap-2">
      <Heading
        id={`similar-${incidentId}`}
        className="flex items-center gap-2 text-base font-semibold"
      >
        <History aria-hidden className="h-4 w-4" />
        Similar past incidents
      </Heading>
      <p className="text-xs text-muted">
        By what happened on the hosts: the same finding rules, metrics, domains, hosts and
        environment (title words count little).
      </p>
      {error ? <p className="text-sm text-danger">{error.message}</p> : null}
      {isPending ? (
        <p className="text-sm text-muted">Comparing with past incidents…</p>
      ) : list.length === 0 ? (
        <p className="text-sm text-muted">
          No past incident shares these findings or hosts yet (findings come from the snapshots
          collected in step 3).
        </p>
      ) : (
        <ol className="flex flex-col gap-2" data-testid="similar-incidents">
          {list.map((s) => (
            <li key={s.id} className="rounded-md border border-border p-2 text-sm">
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-mono text-xs text-muted">{s.key}</span>
                <Link
                  href={`/incidents/${s.id}/${s.hasPostmortem ? "document" : "identify"}`}
                  className="font-medium text-accent underline"
                >
                  {s.title}
                </Link>
                <span className="ml-auto text-xs font-semibold" title="Weighted Jaccard score">
                  {Math.round(s.score * 100)}% alike
                </span>
              </div>
              <div className="mt-1 flex flex-wrap items-center gap-1 text-xs">
                <SeverityBadge severity={s.severity} />
                <StatusBadge status={s.status} />
                <span className="text-muted">detected {s.detectedAt.slice(0, 10)}</span>
                {s.hasPostmortem ? <Badge tone="ok">postmortem</Badge> : null}
              </div>
              <ul className="mt-1 flex flex-col gap-0.5 text-xs" aria-label="What it shares">
                <Shared label="Same rules" values={s.shared.rule} />
                <Shared label="Same hosts" values={s.shared.host} />
                <Shared label="Same metrics" values={s.shared.metric} />
                <Shared label="Same domains" values={s.shared.domain} />
              </ul>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
