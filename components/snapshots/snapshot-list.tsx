"use client";

import { formatDateTime } from "@/components/charts/format";
import { useQuery } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { Card, CardTitle } from "@/components/ui/card";
import { api } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/keys";
import type { SnapshotListItem } from "@/lib/db/snapshot-view";

const ROLE_TONE = { baseline: "info", incident: "danger", verify: "ok" } as const;

function range(from: string | null, to: string | null): string {
  if (!from || !to) return "no samples";
  const a = new Date(from);
  const b = new Date(to);
  const mins = Math.round((b.getTime() - a.getTime()) / 60_000);
  return `${formatDateTime(a.getTime())} · ${mins < 1 ? `${Math.round((b.getTime() - a.getTime()) / 1000)} s` : `${mins} min`}`;
}

/**
 * What the parse said about a snapshot: the count, and on demand (a native disclosure, so
 * keyboard and screen readers work) each warning with the file it is about, files that could
 * not be read first.
 */
export function SnapshotWarnings({ snapshot: s }: { snapshot: SnapshotListItem }) {
  const failed = s.inputs.filter((i) => !i.ok);
  const lines = [
    ...failed.map((i) => `${i.path}: not read: ${i.warnings.join("; ") || "no reason given"}`),
    ...s.warnings,
  ];
  if (lines.length === 0) return <span>none</span>;
  return (
    <details>
      <summary className="cursor-pointer select-none">
        {lines.length}
        <span className="sr-only">
          {" "}
          warnings for the {s.role} snapshot of {s.host.hostname}
        </span>
      </summary>
      <ul className="mt-1 max-w-xl list-disc space-y-0.5 pl-4 text-xs">
        {lines.map((w, i) => (
          <li key={i} className="break-words">
            {w}
          </li>
        ))}
      </ul>
    </details>
  );
}

export function useSnapshots(incidentId: string) {
  return useQuery({
    queryKey: queryKeys.snapshots(incidentId),
    queryFn: () => api<{ snapshots: SnapshotListItem[] }>(`/api/incidents/${incidentId}/snapshots`),
  });
}

export function SnapshotList({ incidentId }: { incidentId: string }) {
  const { data } = useSnapshots(incidentId);
  const snapshots = data?.snapshots ?? [];
  return (
    <Card aria-labelledby="snapshots-title">
      <CardTitle id="snapshots-title">Snapshots ({snapshots.length})</CardTitle>
      {snapshots.length === 0 ? (
        <p className="text-sm text-muted">
          No snapshots yet: upload a collector bundle or paste a tool output.
        </p>
      ) : (
        <table className="w-full text-sm">
          <caption className="sr-only">Snapshots used in this incident</caption>
          <thead className="text-left text-muted">
            <tr>
              <th scope="col" className="py-1 pr-3 font-medium">
                Role
              </th>
              <th scope="col" className="py-1 pr-3 font-medium">
                Host
              </th>
              <th scope="col" className="py-1 pr-3 font-medium">
                Captured
              </th>
              <th scope="col" className="py-1 pr-3 font-medium">
                Content
              </th>
              <th scope="col" className="py-1 pr-3 font-medium">
                Warnings
              </th>
            </tr>
          </thead>
          <tbody>
            {snapshots.map((s) => (
              <tr key={s.id} className="border-t border-border">
                <td className="py-2 pr-3 align-top">
                  <Badge tone={ROLE_TONE[s.role]}>{s.role}</Badge>
                </td>
                <td className="py-2 pr-3 align-top">{s.host.hostname}</td>
                <td className="py-2 pr-3 align-top text-muted">
                  {range(s.capturedFrom, s.capturedTo)}
                  {s.timeAnchor === "estimated" ? (
                    <span title="The output printed no wall-clock time; placed at upload time">
                      {" "}
                      (time estimated)
                    </span>
                  ) : null}
                </td>
                <td className="py-2 pr-3 align-top">
                  {s.format === "bundle" ? "bundle" : (s.tool ?? "text")} · {s.counts.series} series
                  · {s.counts.points.toLocaleString("en-US")} samples · {s.counts.events} events
                </td>
                <td className="py-2 pr-3 align-top text-muted">
                  <SnapshotWarnings snapshot={s} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
