"use client";

import { useQuery } from "@tanstack/react-query";
import { Check, X } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { api } from "@/lib/client/api";
import { DOMAIN_LABEL, type CoverageDomain } from "@/lib/workflow/coverage";

interface Coverage {
  domains: CoverageDomain[];
  hosts: {
    id: string;
    hostname: string;
    domains: Partial<
      Record<CoverageDomain, { series: number; samples: number; metrics: string[] }>
    >;
  }[];
  suggestions: { domain: CoverageDomain; commands: { command: string; why: string }[] }[];
}

export function useCoverage(incidentId: string) {
  return useQuery({
    queryKey: ["incident", incidentId, "snapshots", "coverage"],
    queryFn: () => api<Coverage>(`/api/incidents/${incidentId}/coverage`),
  });
}

/** Domains x hosts: what evidence is present, what is missing and what to run for it. */
export function CoverageMatrix({ incidentId }: { incidentId: string }) {
  const { data, error, refetch, isFetching } = useCoverage(incidentId);
  if (!data) {
    if (!error) return null;
    return (
      <Card aria-labelledby="coverage-title">
        <CardTitle id="coverage-title">Evidence coverage</CardTitle>
        <Alert>
          <p>The coverage could not be loaded: {error.message}</p>
          <Button
            size="sm"
            variant="secondary"
            className="mt-2"
            disabled={isFetching}
            onClick={() => void refetch()}
          >
            Try again
          </Button>
        </Alert>
      </Card>
    );
  }
  return (
    <Card aria-labelledby="coverage-title">
      <CardTitle id="coverage-title">Evidence coverage</CardTitle>
      {data.hosts.length === 0 ? (
        <p className="mb-3 text-sm text-muted">No incident snapshot yet: nothing is covered.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <caption className="sr-only">Evidence per host and resource domain</caption>
            <thead className="text-left text-muted">
              <tr>
                <th scope="col" className="py-1 font-medium">
                  Host
                </th>
                {data.domains.map((d) => (
                  <th key={d} scope="col" className="py-1 font-medium">
                    {DOMAIN_LABEL[d]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.hosts.map((h) => (
                <tr key={h.id} className="border-t border-border">
                  <th scope="row" className="py-2 text-left font-normal">
                    {h.hostname}
                  </th>
                  {data.domains.map((d) => {
                    const cell = h.domains[d];
                    return (
                      <td
                        key={d}
                        className="py-2"
                        title={cell ? cell.metrics.join(", ") : undefined}
                      >
                        {cell ? (
                          <span className="flex items-center gap-1 text-ok">
                            <Check size={14} aria-hidden /> {cell.series} series
                          </span>
                        ) : (
                          <span className="flex items-center gap-1 text-danger">
                            <X size={14} aria-hidden /> missing
                          </span>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data.suggestions.length > 0 ? (
        <div className="mt-4">
          <h3 className="text-sm font-medium">Run next, for what is missing</h3>
          <ul className="mt-2 flex flex-col gap-2 text-sm">
            {data.suggestions.map((s) =>
              s.commands.map((c) => (
                <li key={`${s.domain}-${c.command}`}>
                  <span className="text-muted">{DOMAIN_LABEL[s.domain]}:</span>{" "}
                  <code className="rounded bg-surface-2 px-1 font-mono text-xs">{c.command}</code>
                  <span className="text-muted"> — {c.why}</span>
                </li>
              )),
            )}
          </ul>
        </div>
      ) : null}
    </Card>
  );
}
