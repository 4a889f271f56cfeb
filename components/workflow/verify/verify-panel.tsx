"use client";

import { useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Card, CardTitle } from "@/components/ui/card";
import { api } from "@/lib/client/api";
import { useFixes, useHypotheses } from "@/lib/client/use-analyze";
import type { VerifyReport, VerifyRow } from "@/lib/investigation/verify";
import { VERDICT_LABEL, type Verdict, type WindowStats } from "@/lib/workflow/verify";
import { formatValue } from "@/lib/workflow/verify-metrics";
import { verifyKey } from "./keys";

export const VERDICT_TONE: Record<Verdict, BadgeTone> = {
  "back-to-baseline": "ok",
  improved: "info",
  unchanged: "warn",
  worse: "danger",
  inconclusive: "neutral",
};

const DIRECTION_TEXT: Record<VerifyRow["direction"], string> = {
  "lower-better": "lower is better",
  "higher-better": "higher is better",
  "closer-better": "closer to normal is better",
};

function useVerify(incidentId: string) {
  return useSuspenseQuery({
    queryKey: verifyKey(incidentId),
    queryFn: () => api<VerifyReport>(`/api/incidents/${incidentId}/verify`),
  });
}

/**
 * The Verify step: the metrics of the confirmed hypothesis and of the symptom, before (incident),
 * after (the verify capture) and normal (baseline), each with a verdict. The verdicts refresh when
 * a capture is uploaded, a hypothesis changes or a fix is recorded.
 */
export function VerifyPanel({ incidentId }: { incidentId: string }) {
  const qc = useQueryClient();
  const { data: report } = useVerify(incidentId);
  const { dataUpdatedAt: hypothesesAt } = useHypotheses(incidentId);
  const { dataUpdatedAt: fixesAt } = useFixes(incidentId);
  // A teammate confirmed a hypothesis or recorded a fix (live update): the verdicts change too.
  const seen = useRef({ hypothesesAt, fixesAt });
  useEffect(() => {
    if (seen.current.hypothesesAt === hypothesesAt && seen.current.fixesAt === fixesAt) return;
    seen.current = { hypothesesAt, fixesAt };
    void qc.invalidateQueries({ queryKey: verifyKey(incidentId) });
  }, [qc, incidentId, hypothesesAt, fixesAt]);

  const judged = report.rows.filter((r) => r.verdict !== "inconclusive").length;
  return (
    <div className="flex flex-col gap-4">
      <Card aria-labelledby="verify-title">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <CardTitle id="verify-title" className="mb-0">
            Did the fix work?
          </CardTitle>
          <div className="flex items-center gap-2" role="status" aria-live="polite">
            <span className="text-sm text-muted">Overall:</span>
            <Badge
              tone={VERDICT_TONE[report.overall]}
              className="px-2 py-1 text-sm"
              data-testid="overall-verdict"
            >
              {VERDICT_LABEL[report.overall]}
            </Badge>
          </div>
        </div>
        {report.hypotheses.length > 0 ? (
          <p className="mt-2 text-sm">
            <span className="text-muted">Confirmed hypothesis: </span>
            {report.hypotheses.map((h) => h.text).join(" · ")}
          </p>
        ) : null}
        <ul className="mt-3 flex flex-wrap gap-2 text-sm" aria-label="Verdict counts">
          {(Object.keys(VERDICT_LABEL) as Verdict[]).map((v) =>
            report.counts[v] > 0 ? (
              <li key={v}>
                <Badge tone={VERDICT_TONE[v]}>
                  {VERDICT_LABEL[v]}: {report.counts[v]}
                </Badge>
              </li>
            ) : null,
          )}
          {report.rows.length === 0 ? (
            <li className="text-muted">No metrics to judge yet.</li>
          ) : null}
        </ul>
        {report.missing.length > 0 ? (
          <Alert tone="info" className="mt-3">
            <ul className="list-disc pl-4">
              {report.missing.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          </Alert>
        ) : null}
        <p className="mt-3 text-xs text-muted">
          {judged} of {report.rows.length} metrics judged. Back to baseline: inside the
          baseline&apos;s normal range (or better). Improved / worse: moved by more than the noise
          (the larger of the metric&apos;s noise floor, 3 baseline standard deviations and 10% of
          the incident level). Error-like rates are compared on their mean, levels on their median.
        </p>
      </Card>
      {report.rows.length > 0 ? <VerifyTable rows={report.rows} /> : null}
    </div>
  );
}

function StatCell({
  s,
  stat,
  unit,
}: {
  s: WindowStats | null;
  stat: "median" | "mean";
  unit: string;
}) {
  if (!s) return <td className="py-2 pr-3 text-right text-muted">–</td>;
  return (
    <td className="py-2 pr-3 text-right font-mono tabular-nums">
      {formatValue(s[stat], unit)}
      <span className="block text-xs text-muted">p95 {formatValue(s.p95, unit)}</span>
    </td>
  );
}

function VerifyTable({ rows }: { rows: VerifyRow[] }) {
  const multiHost = new Set(rows.map((r) => r.host.id)).size > 1;
  return (
    <Card aria-labelledby="verify-table-title">
      <CardTitle id="verify-table-title">Before, after and normal</CardTitle>
      <div className="overflow-x-auto">
        <table className="w-full text-sm" data-testid="verify-table">
          <caption className="sr-only">
            Per metric: baseline, incident and after-fix values with the verdict
          </caption>
          <thead className="text-left text-xs text-muted">
            <tr>
              <th scope="col" className="py-1 pr-3 font-medium">
                Metric
              </th>
              <th scope="col" className="py-1 pr-3 font-medium">
                Why it is here
              </th>
              <th scope="col" className="py-1 pr-3 text-right font-medium">
                Baseline
              </th>
              <th scope="col" className="py-1 pr-3 text-right font-medium">
                Incident
              </th>
              <th scope="col" className="py-1 pr-3 text-right font-medium">
                After fix
              </th>
              <th scope="col" className="py-1 font-medium">
                Verdict
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} className="border-t border-border align-top" data-metric={r.key}>
                <th scope="row" className="py-2 pr-3 text-left font-normal">
                  {r.label}
                  {multiHost ? <span className="text-muted"> on {r.host.hostname}</span> : null}
                  <span className="block text-xs text-muted">
                    {r.stat} · {DIRECTION_TEXT[r.direction]}
                    {r.threshold !== null ? ` · threshold ${formatValue(r.threshold, r.unit)}` : ""}
                  </span>
                </th>
                <td className="py-2 pr-3">
                  <div className="flex flex-wrap gap-1">
                    {r.sources.map((s) => (
                      <Badge key={s} tone={s === "hypothesis" ? "info" : "neutral"}>
                        {s}
                      </Badge>
                    ))}
                  </div>
                  {r.findings.length > 0 ? (
                    <span className="mt-1 block text-xs text-muted">
                      {r.findings.map((f) => f.title).join("; ")}
                    </span>
                  ) : null}
                </td>
                <StatCell s={r.baseline} stat={r.stat} unit={r.unit} />
                <StatCell s={r.before} stat={r.stat} unit={r.unit} />
                <StatCell s={r.after} stat={r.stat} unit={r.unit} />
                <td className="max-w-xs py-2">
                  <Badge tone={VERDICT_TONE[r.verdict]}>{VERDICT_LABEL[r.verdict]}</Badge>
                  <span className="mt-1 block text-xs text-muted">{r.reason}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
