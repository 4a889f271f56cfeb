"use client";

import { useQuery } from "@tanstack/react-query";
import { BookOpen } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { api } from "@/lib/client/api";
import { warroomKeys } from "@/lib/client/warroom-keys";
import type { RunbookSuggestion } from "@/lib/db/runbooks";

export function useRunbookSuggestions(incidentId: string) {
  return useQuery({
    queryKey: warroomKeys.runbookSuggestions(incidentId),
    queryFn: () =>
      api<{ runbooks: RunbookSuggestion[] }>(`/api/incidents/${incidentId}/runbook-suggestions`),
  });
}

/**
 * Runbooks the team wrote for the finding rules this incident raised, best match first: what
 * worked last time, one click away while analysing and fixing.
 */
export function RunbookSuggestions({
  incidentId,
  headingLevel = 2,
}: {
  incidentId: string;
  headingLevel?: 2 | 3;
}) {
  const { data, isPending, error } = useRunbookSuggestions(incidentId);
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const runbooks = data?.runbooks ?? [];
  return (
    <Card aria-labelledby={`runbooks-${incidentId}`} className="flex flex-col gap-2">
      <Heading
        id={`runbooks-${incidentId}`}
        className="flex items-center gap-2 text-base font-semibold"
      >
        <BookOpen aria-hidden className="h-4 w-4" />
        Runbooks for these findings
      </Heading>
      {error ? <p className="text-sm text-danger">{error.message}</p> : null}
      {isPending ? (
        <p className="text-sm text-muted">Looking for matching runbooks…</p>
      ) : runbooks.length === 0 ? (
        <p className="text-sm text-muted">
          No runbook addresses these findings yet. Save this incident&apos;s postmortem as a runbook
          in the Document step, and the next incident like it will suggest it.
        </p>
      ) : (
        <ul className="flex flex-col gap-2" data-testid="runbook-suggestions">
          {runbooks.map((r) => (
            <li key={r.id} className="rounded-md border border-border p-2 text-sm">
              <Link href={`/runbooks/${r.id}`} className="font-medium text-accent underline">
                {r.title}
              </Link>
              <p className="text-xs text-muted">
                Matches {r.matchedRules.length} of its {r.rules.length} rule
                {r.rules.length === 1 ? "" : "s"} · v{r.currentVersion}
                {r.sourceIncident ? ` · from ${r.sourceIncident.key}` : ""}
              </p>
              <div className="mt-1 flex flex-wrap gap-1">
                {r.matchedRules.map((rule) => (
                  <Badge key={rule} tone="info">
                    {rule}
                  </Badge>
                ))}
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
