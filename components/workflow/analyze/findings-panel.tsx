"use client";

import { formatValue, formatWindow } from "@/components/charts/format";
import { Alert } from "@/components/ui/alert";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PinToTimelineButton } from "@/components/workflow/timeline/pin-to-timeline";
import { useFindings, useRecomputeFindings } from "@/lib/client/use-analyze";
import { cn } from "@/lib/cn";
import type { StoredFinding } from "@/lib/db/findings";
import { CopyButton } from "./copy-button";
import { evidenceWindow } from "./finding-view";

const SEVERITY_TONE: Record<StoredFinding["severity"], BadgeTone> = {
  critical: "danger",
  warning: "warn",
  info: "info",
};

function labelText(labels: Record<string, string>): string {
  const entries = Object.entries(labels);
  return entries.length ? `{${entries.map(([k, v]) => `${k}=${v}`).join(",")}}` : "";
}

/**
 * The findings of the analysis beside the charts, most important first. Choosing one (click, or
 * Enter/Space on it) zooms every chart to its evidence window and draws its series thicker.
 */
export function FindingsPanel({
  incidentId,
  chosenId,
  onChoose,
  canEdit,
}: {
  incidentId: string;
  chosenId: string | null;
  onChoose: (finding: StoredFinding | null) => void;
  canEdit: boolean;
}) {
  const { data } = useFindings(incidentId);
  const recompute = useRecomputeFindings(incidentId);
  const findings = data.findings;
  return (
    <Card aria-labelledby="findings-title" className="flex flex-col gap-2">
      <div className="flex items-center justify-between gap-2">
        <h2 id="findings-title" className="text-base font-semibold">
          Findings ({findings.length})
        </h2>
        {canEdit ? (
          <Button
            size="sm"
            variant="ghost"
            disabled={recompute.isPending}
            onClick={() => recompute.mutate()}
          >
            {recompute.isPending ? "Recomputing…" : "Recompute"}
          </Button>
        ) : null}
      </div>
      {recompute.error ? <Alert>{recompute.error.message}</Alert> : null}
      {findings.length === 0 ? (
        <p className="text-sm text-muted">
          No findings: nothing crossed a threshold in the incident snapshots, or none is uploaded
          yet. Compare the charts with the baseline, and collect more evidence if the symptom is not
          visible.
        </p>
      ) : (
        <ul className="flex flex-col gap-2" aria-label="Findings, most important first">
          {findings.map((f) => {
            const chosen = f.id === chosenId;
            const w = evidenceWindow(f.evidence);
            return (
              <li key={f.id} data-finding-id={f.id}>
                <button
                  type="button"
                  aria-pressed={chosen}
                  onClick={() => onChoose(chosen ? null : f)}
                  className={cn(
                    "w-full rounded-md border px-3 py-2 text-left hover:bg-surface-2",
                    chosen ? "border-accent bg-surface-2" : "border-border",
                  )}
                >
                  <span className="flex flex-wrap items-center gap-1.5">
                    <Badge tone={SEVERITY_TONE[f.severity]}>{f.severity}</Badge>
                    <Badge data-domain={f.domain}>{f.domain}</Badge>
                    {f.hostname ? <span className="text-xs text-muted">{f.hostname}</span> : null}
                    {f.normalForHost ? <Badge tone="ok">normal for this host</Badge> : null}
                    <span className="ml-auto text-xs text-muted tabular-nums" title="Score, 0 to 1">
                      {f.score.toFixed(2)}
                    </span>
                  </span>
                  <span className="mt-1 block text-sm font-medium">{f.title}</span>
                  {w ? (
                    <span className="block text-xs text-muted">{formatWindow(w.from, w.to)}</span>
                  ) : null}
                </button>
                {chosen ? <FindingDetail finding={f} /> : null}
                {chosen && canEdit ? (
                  <PinToTimelineButton
                    incidentId={incidentId}
                    pin={{ kind: "finding", findingId: f.id, rule: f.rule, title: f.title }}
                  />
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}

function FindingDetail({ finding: f }: { finding: StoredFinding }) {
  return (
    <div
      className="mt-2 flex flex-col gap-3 border-l-2 border-accent pl-3 text-sm"
      aria-label={`Details of ${f.title}`}
      role="region"
    >
      <p>{f.summary}</p>
      {f.explainedBy ? (
        <p className="text-xs text-muted">Explained by the {f.explainedBy} finding.</p>
      ) : null}
      <div>
        <h3 className="text-xs font-semibold tracking-wide text-muted uppercase">Evidence</h3>
        <table className="mt-1 w-full text-xs">
          <thead className="text-muted">
            <tr>
              <th scope="col" className="text-left font-normal">
                Metric
              </th>
              <th scope="col" className="pl-2 text-right font-normal">
                Observed
              </th>
              <th scope="col" className="pl-2 text-right font-normal">
                Threshold
              </th>
              <th scope="col" className="pl-2 text-right font-normal">
                Baseline
              </th>
            </tr>
          </thead>
          <tbody>
            {f.evidence.map((e, i) => (
              <tr key={`${e.metric}-${i}`} className="border-t border-border/60">
                <td className="py-0.5 pr-2 font-mono break-all">
                  {e.metric}
                  {labelText(e.labels)} <span className="font-sans text-muted">({e.stat})</span>
                </td>
                <td className="pl-2 text-right whitespace-nowrap tabular-nums">
                  {formatValue(e.observed, e.unit)}
                </td>
                <td className="pl-2 text-right whitespace-nowrap tabular-nums">
                  {formatValue(e.threshold, e.unit)}
                </td>
                <td className="pl-2 text-right whitespace-nowrap text-muted tabular-nums">
                  {formatValue(e.baseline, e.unit)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {f.processes.length > 0 ? (
        <div>
          <h3 className="text-xs font-semibold tracking-wide text-muted uppercase">
            Driving processes
          </h3>
          <ul className="mt-1 flex flex-col gap-0.5 text-xs">
            {f.processes.map((p) => (
              <li key={`${p.pid}-${p.metric}`} className="flex justify-between gap-2">
                <span className="font-mono">
                  {p.command} <span className="text-muted">pid {p.pid}</span>
                </span>
                <span className="tabular-nums">
                  {formatValue(p.value, p.unit)} · {Math.round(p.share * 100)}% of it
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {f.nextSteps.length > 0 ? (
        <div>
          <h3 className="text-xs font-semibold tracking-wide text-muted uppercase">Next steps</h3>
          <ol className="mt-1 flex flex-col gap-2">
            {f.nextSteps.map((s, i) => (
              <li key={`${s.tool}-${i}`} className="flex flex-col gap-0.5">
                <span className="text-xs text-muted">
                  {s.why} <Badge className="ml-1">{s.layer}</Badge>
                </span>
                <span className="flex items-center gap-1">
                  <code className="min-w-0 flex-1 overflow-x-auto rounded bg-surface-2 px-2 py-1 font-mono text-xs whitespace-pre">
                    {s.command}
                  </code>
                  <CopyButton text={s.command} label={`Copy: ${s.command}`} />
                </span>
              </li>
            ))}
          </ol>
        </div>
      ) : null}
    </div>
  );
}
