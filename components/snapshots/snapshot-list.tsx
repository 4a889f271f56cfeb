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
              <th scope="col" className="py-1 font-medium">
                Role
              </th>
              <th scope="col" className="py-1 font-medium">
                Host
              </th>
              <th scope="col" className="py-1 font-medium">
                Captured
              </th>
              <th scope="col" className="py-1 font-medium">
                Content
              </th>
              <th scope="col" className="py-1 font-medium">
                Warnings
              </th>
            </tr>
          </thead>
          <tbody>
            {snapshots.map((s) => (
              <tr key={s.id} className="border-t border-border">
                <td className="py-2">
                  <Badge tone={ROLE_TONE[s.role]}>{s.role}</Badge>
                </td>
                <td className="py-2">{s.host.hostname}</td>
                <td className="py-2 text-muted">
                  {range(s.capturedFrom, s.capturedTo)}
                  {s.timeAnchor === "estimated" ? (
                    <span title="The output printed no wall-clock time; placed at upload time">
                      {" "}
                      (time estimated)
                    </span>
                  ) : null}
                </td>
                <td className="py-2">
                  {s.format === "bundle" ? "bundle" : (s.tool ?? "text")} · {s.counts.series} series
                  · {s.counts.points.toLocaleString()} samples · {s.counts.events} events
                </td>
                <td className="py-2 text-muted">
                  {s.warnings.length + s.inputs.filter((i) => !i.ok).length}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
