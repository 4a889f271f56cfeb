"use client";

import { formatDateTime } from "@/components/charts/format";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { api } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/keys";
import type { IncidentView } from "@/lib/db/incident-view";
import { SEVERITIES, STATUSES } from "@/lib/validation/incident";
import { ENVIRONMENT_LABEL, SeverityBadge, StatusBadge } from "./labels";

function csv(v: string | null): string[] {
  return v ? v.split(",").filter(Boolean) : [];
}

export function IncidentList({ canCreate }: { canCreate: boolean }) {
  const search = useSearchParams();
  const pathname = usePathname();
  const fromUrl = search.toString();
  // The checked filters, set at once on a click: the URL's copy (useSearchParams) follows a
  // render later, and a checkbox bound to it alone snapped back unchecked in between. A new URL
  // (back, forward, a pasted link) replaces them.
  const [chosen, setChosen] = useState(() => ({
    url: fromUrl,
    status: csv(search.get("status")),
    severity: csv(search.get("severity")),
  }));
  if (chosen.url !== fromUrl)
    setChosen({
      url: fromUrl,
      status: csv(search.get("status")),
      severity: csv(search.get("severity")),
    });
  const filters = {
    status: chosen.status,
    severity: chosen.severity,
    q: search.get("q") ?? undefined,
  };
  const params = new URLSearchParams();
  if (filters.status.length) params.set("status", filters.status.join(","));
  if (filters.severity.length) params.set("severity", filters.severity.join(","));
  if (filters.q) params.set("q", filters.q);

  const { data, error, isFetching } = useQuery({
    queryKey: queryKeys.incidents(filters),
    queryFn: () => api<{ incidents: IncidentView[] }>(`/api/incidents?${params.toString()}`),
  });

  function toggle(name: "status" | "severity", value: string) {
    const next = new URLSearchParams(search.toString());
    const cur = chosen[name];
    const updated = cur.includes(value) ? cur.filter((v) => v !== value) : [...cur, value];
    if (updated.length) next.set(name, updated.join(","));
    else next.delete(name);
    setChosen({ ...chosen, url: next.toString(), [name]: updated });
    // Shallow URL update (no server round trip): Next keeps useSearchParams in sync with it, and
    // the query below refetches for the new filters.
    window.history.replaceState(null, "", `${pathname}?${next.toString()}`);
  }

  return (
    <div className="flex flex-col gap-4">
      <div className="flex items-center justify-between">
        <h1 className="text-xl font-semibold">Incidents</h1>
        {canCreate ? (
          <Button asChild>
            <Link href="/incidents/new">New incident</Link>
          </Button>
        ) : null}
      </div>
      <div className="flex flex-wrap gap-6 text-sm">
        <fieldset className="flex items-center gap-3">
          <legend className="sr-only">Filter by status</legend>
          <span className="text-muted" aria-hidden>
            Status
          </span>
          {STATUSES.map((s) => (
            <label key={s} className="flex items-center gap-1">
              <input
                type="checkbox"
                checked={filters.status.includes(s)}
                onChange={() => toggle("status", s)}
              />
              {s}
            </label>
          ))}
        </fieldset>
        <fieldset className="flex items-center gap-3">
          <legend className="sr-only">Filter by severity</legend>
          <span className="text-muted" aria-hidden>
            Severity
          </span>
          {SEVERITIES.map((s) => (
            <label key={s} className="flex items-center gap-1">
              <input
                type="checkbox"
                checked={filters.severity.includes(s)}
                onChange={() => toggle("severity", s)}
              />
              {s}
            </label>
          ))}
        </fieldset>
      </div>
      {error ? <Alert>Could not load incidents: {error.message}</Alert> : null}
      <div
        className="overflow-x-auto rounded-lg border border-border bg-surface"
        aria-busy={isFetching}
      >
        <table className="w-full text-sm">
          <caption className="sr-only">Incidents of this team, newest first</caption>
          <thead className="bg-surface-2 text-left text-muted">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">
                Incident
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Severity
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Status
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Environment
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Step
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Detected
              </th>
            </tr>
          </thead>
          <tbody>
            {data?.incidents.map((i) => (
              <tr key={i.id} className="border-t border-border">
                <td className="px-3 py-2">
                  <Link href={`/incidents/${i.id}`} className="font-medium hover:underline">
                    <span className="mr-2 font-mono text-muted">{i.key}</span>
                    {i.title}
                  </Link>
                </td>
                <td className="px-3 py-2">
                  <SeverityBadge severity={i.severity} />
                </td>
                <td className="px-3 py-2">
                  <StatusBadge status={i.status} />
                </td>
                <td className="px-3 py-2">{ENVIRONMENT_LABEL[i.environment]}</td>
                <td className="px-3 py-2 capitalize">{i.currentStep}</td>
                <td className="px-3 py-2 text-muted">
                  <time dateTime={i.detectedAt}>{formatDateTime(Date.parse(i.detectedAt))}</time>
                </td>
              </tr>
            ))}
            {data && data.incidents.length === 0 ? (
              <tr>
                <td colSpan={6} className="px-3 py-8 text-center text-muted">
                  No incidents match these filters.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
    </div>
  );
}
