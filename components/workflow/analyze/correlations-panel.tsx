"use client";

import { formatLag, formatWindow } from "@/components/charts/format";
import type { TimeWindow } from "@/components/charts/zoom";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { Field, Select } from "@/components/ui/field";
import { useCorrelations } from "@/lib/client/use-analyze";

export interface TargetOption {
  /** The selector: `cpu.user_pct{cpu=all}`. */
  id: string;
  name: string;
  chart: string;
}

function labelText(labels: Record<string, string>): string {
  const entries = Object.entries(labels);
  return entries.length ? `{${entries.map(([k, v]) => `${k}=${v}`).join(",")}}` : "";
}

/**
 * "Which metrics move with the symptom, and which one moves first?": the series of the host
 * ranked by correlation with the chosen one in the current window, with the lag that fits best.
 */
export function CorrelationsPanel({
  incidentId,
  hostId,
  hostname,
  window: w,
  target,
  options,
  onTarget,
}: {
  incidentId: string;
  hostId: string | null;
  hostname: string | null;
  window: TimeWindow;
  target: string | null;
  options: readonly TargetOption[];
  onTarget: (id: string | null) => void;
}) {
  const query = target && hostId ? { target, host: hostId, from: w.from, to: w.to } : null;
  const { data, error, isFetching } = useCorrelations(incidentId, query);
  const byId = new Map(options.map((o) => [o.id, o]));
  const charts = [...new Set(options.map((o) => o.chart))];
  return (
    <Card aria-labelledby="correlations-title" className="flex flex-col gap-2">
      <h2 id="correlations-title" className="text-base font-semibold">
        Correlations
      </h2>
      <Field
        label="Series to explain"
        hint={hostname ? `Incident series of ${hostname}, in the current window` : undefined}
      >
        {({ id, describedBy }) => (
          <Select
            id={id}
            aria-describedby={describedBy}
            value={target ?? ""}
            onChange={(e) => onTarget(e.target.value || null)}
          >
            <option value="">Choose a series…</option>
            {target && !byId.has(target) ? <option value={target}>{target}</option> : null}
            {charts.map((chart) => (
              <optgroup key={chart} label={chart}>
                {options
                  .filter((o) => o.chart === chart)
                  .map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                    </option>
                  ))}
              </optgroup>
            ))}
          </Select>
        )}
      </Field>
      {error ? <Alert>{error.message}</Alert> : null}
      {!query ? (
        <p className="text-sm text-muted">
          Choose a series (or a finding, or “Correlate” under a chart) to rank what moves with it.
        </p>
      ) : data ? (
        <div aria-busy={isFetching}>
          <p className="text-xs text-muted">
            {data.results.length} of {data.candidates} series, {formatWindow(data.from, data.to)}. r
            near ±1: moves together; lag +: moves after.
          </p>
          <table
            className="mt-1 w-full text-xs"
            aria-label={`Series correlated with ${byId.get(target ?? "")?.name ?? target ?? ""}`}
          >
            <thead className="text-muted">
              <tr>
                <th scope="col" className="text-left font-normal">
                  Series
                </th>
                <th scope="col" className="w-28 text-right font-normal">
                  r
                </th>
                <th scope="col" className="text-right font-normal">
                  lag
                </th>
              </tr>
            </thead>
            <tbody>
              {data.results.map((c) => (
                <tr key={c.key} className="border-t border-border/60">
                  <td className="py-0.5 pr-2 font-mono break-all">
                    {c.metric}
                    <span className="text-muted">{labelText(c.labels)}</span>
                  </td>
                  <td className="text-right whitespace-nowrap tabular-nums">
                    <span className="flex items-center justify-end gap-1.5">
                      <span
                        aria-hidden
                        className="inline-block h-1.5 w-12 overflow-hidden rounded bg-surface-2"
                      >
                        <span
                          className={c.r >= 0 ? "block h-full bg-accent" : "block h-full bg-warn"}
                          style={{ width: `${Math.round(Math.abs(c.r) * 100)}%` }}
                        />
                      </span>
                      {c.r.toFixed(2)}
                    </span>
                  </td>
                  <td className="pl-2 text-right whitespace-nowrap tabular-nums">
                    {formatLag(c.lagMs)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {data.results.length === 0 ? (
            <p className="text-sm text-muted">
              Nothing moves with it in this window (or the window is too short).
            </p>
          ) : null}
        </div>
      ) : (
        <p className="text-sm text-muted">Ranking…</p>
      )}
    </Card>
  );
}
