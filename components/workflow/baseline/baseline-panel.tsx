"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Fragment, useState, type FormEvent } from "react";
import { fromUtcInput, utcTime } from "@/lib/client/utc-time";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { Field, Select, UtcDateTimeInput } from "@/components/ui/field";
import { formText } from "@/lib/client/form";
import { api } from "@/lib/client/api";
import type { BaselineReport, BaselineRow, BaselineSourceKind } from "@/lib/investigation/baseline";
import { formatChange, formatValue } from "@/lib/workflow/verify-metrics";
import { baselineKey, baselineUrl, type BaselineParams } from "./keys";

const DOMAIN_TITLE: Record<BaselineRow["domain"], string> = {
  cpu: "CPU",
  memory: "Memory",
  disk: "Disk I/O",
  network: "Network",
  system: "System",
};

const SOURCE_TITLE: Record<BaselineSourceKind, string> = {
  snapshot: "A baseline snapshot",
  history: "The sysstat history in the bundle",
  window: "An earlier window of the incident capture",
};

const UNAVAILABLE: Record<BaselineSourceKind, string> = {
  snapshot: "Upload a capture of the hosts working well, with the role Baseline.",
  history: "The incident bundle holds no sysstat history (sadf) from before the capture.",
  window: "Needs an incident capture.",
};

function useBaselineParams(): BaselineParams {
  const sp = useSearchParams();
  return {
    host: sp.get("host") ?? "",
    source: sp.get("source") ?? "",
    from: sp.get("from") ?? "",
    to: sp.get("to") ?? "",
  };
}

/**
 * The Baseline step: choose what "normal" is (a baseline snapshot, the sysstat history, or an
 * earlier window of the incident capture) and read, per domain, how far the incident is from it.
 * The choice lives in the URL so a link pasted in the war room opens the same comparison.
 */
export function BaselinePanel({ incidentId }: { incidentId: string }) {
  const params = useBaselineParams();
  const router = useRouter();
  const pathname = usePathname();
  const { data, error, isPending, isFetching } = useQuery({
    queryKey: baselineKey(incidentId, params),
    queryFn: () => api<BaselineReport>(baselineUrl(incidentId, params)),
    placeholderData: keepPreviousData,
  });

  function go(next: Partial<BaselineParams>) {
    const url = baselineUrl(incidentId, { ...params, ...next });
    const q = url.includes("?") ? url.slice(url.indexOf("?")) : "";
    router.replace(`${pathname}${q}`, { scroll: false });
  }

  if (isPending) return <p className="text-sm text-muted">Loading the baseline comparison…</p>;
  if (error) return <Alert>{error.message}</Alert>;
  const report = data;
  // The URL says what the team asked for; the report what it got (they differ while loading).
  const asked = (["snapshot", "history", "window"] as const).find((k) => k === params.source);
  const active = asked ?? report.source?.kind ?? null;
  const flagged = report.rows.filter((r) => r.flagged);

  return (
    <Card aria-labelledby="baseline-title" className="flex flex-col gap-4">
      <CardTitle id="baseline-title" className="mb-0">
        Baseline vs incident{report.host ? ` on ${report.host.hostname}` : ""}
      </CardTitle>
      <div className="flex flex-wrap items-start gap-6">
        {report.hosts.length > 1 ? (
          <Field label="Host" className="w-56">
            {({ id }) => (
              <Select
                id={id}
                value={report.host?.id ?? ""}
                onChange={(e) => go({ host: e.target.value })}
              >
                {report.hosts.map((h) => (
                  <option key={h.id} value={h.id}>
                    {h.hostname}
                  </option>
                ))}
              </Select>
            )}
          </Field>
        ) : null}
        <fieldset className="flex flex-col gap-1">
          <legend className="mb-1 text-sm font-medium">Compare the incident with</legend>
          {(["snapshot", "history", "window"] as const).map((kind) => {
            const offered = report.sources.find((s) => s.kind === kind);
            return (
              <label key={kind} className="flex items-start gap-2 text-sm">
                <input
                  type="radio"
                  name="baseline-source"
                  value={kind}
                  className="mt-1"
                  checked={active === kind}
                  disabled={!offered}
                  onChange={() =>
                    go({ source: kind, ...(kind === "window" ? {} : { from: "", to: "" }) })
                  }
                />
                <span>
                  {SOURCE_TITLE[kind]}
                  <span className="block text-xs text-muted">
                    {offered ? offered.label : UNAVAILABLE[kind]}
                  </span>
                </span>
              </label>
            );
          })}
        </fieldset>
      </div>
      {active === "window" && report.extent ? (
        <WindowPicker
          key={windowOf(report).join("-")}
          extent={report.extent}
          from={windowOf(report)[0]}
          to={windowOf(report)[1]}
          onApply={(from, to) => go({ source: "window", from, to })}
        />
      ) : null}
      <p className="text-sm" role="status" aria-live="polite">
        {isFetching ? (
          "Comparing…"
        ) : report.source ? (
          <>
            <span className="text-muted">Normal: </span>
            {report.source.label}.{" "}
            {report.incidentWindow ? (
              <>
                <span className="text-muted">Incident: </span>
                {utcTime(report.incidentWindow.from)}–{utcTime(report.incidentWindow.to).slice(11)}{" "}
                UTC.{" "}
              </>
            ) : null}
            <strong>
              {flagged.length === 0
                ? "No key metric is far from normal."
                : `${flagged.length} key metric${flagged.length === 1 ? " is" : "s are"} far from normal.`}
            </strong>
          </>
        ) : null}
      </p>
      {report.message ? <Alert tone="info">{report.message}</Alert> : null}
      {report.rows.length > 0 ? <BaselineTable rows={report.rows} /> : null}
      <p className="text-xs text-muted">
        Medians and 95th percentiles over each window. Robust z: the change of the median in units
        of the baseline&apos;s usual spread (1.4826 × its median absolute deviation). Far off means
        a robust z of 3 or more and a change bigger than the metric&apos;s noise floor and a fifth
        of its normal level.
      </p>
    </Card>
  );
}

/** The window the report used, else (while another source is still shown) the first third. */
function windowOf(report: BaselineReport): [number, number] {
  const e = report.extent ?? { from: 0, to: 0 };
  const s = report.source;
  if (s?.kind === "window" && s.from !== null && s.to !== null) return [s.from, s.to];
  return [e.from, Math.round(e.from + (e.to - e.from) / 3)];
}

function WindowPicker({
  extent,
  from,
  to,
  onApply,
}: {
  extent: { from: number; to: number };
  from: number;
  to: number;
  onApply: (from: string, to: string) => void;
}) {
  const [error, setError] = useState<string | null>(null);
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const a = fromUtcInput(formText(f, "from"));
    const b = fromUtcInput(formText(f, "to"));
    if (!a || !b || Date.parse(b) <= Date.parse(a)) {
      setError("The window's end must come after its start.");
      return;
    }
    setError(null);
    onApply(a, b);
  }
  return (
    <form
      onSubmit={onSubmit}
      className="flex flex-wrap items-end gap-3"
      aria-label="Earlier window"
      noValidate
    >
      <Field label="Normal from (UTC)" className="w-60">
        {({ id }) => (
          <UtcDateTimeInput id={id} name="from" initial={from} min={extent.from} max={extent.to} />
        )}
      </Field>
      <Field label="Normal until (UTC)" className="w-60">
        {({ id }) => (
          <UtcDateTimeInput id={id} name="to" initial={to} min={extent.from} max={extent.to} />
        )}
      </Field>
      <Button type="submit" variant="secondary">
        Compare with this window
      </Button>
      <p className="basis-full text-xs text-muted">
        The capture runs {utcTime(extent.from)}–{utcTime(extent.to).slice(11)} UTC; everything after
        the window is the incident.
      </p>
      {error ? <Alert className="basis-full">{error}</Alert> : null}
    </form>
  );
}

function zText(z: number | null): string {
  if (z === null) return "–";
  if (Math.abs(z) >= 1000) return z > 0 ? "≥ 1000" : "≤ −1000";
  return z.toFixed(1);
}

function BaselineTable({ rows }: { rows: BaselineRow[] }) {
  const domains = [...new Set(rows.map((r) => r.domain))];
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" data-testid="baseline-table">
        <caption className="sr-only">Key metrics: baseline against incident, per domain</caption>
        <thead className="text-left text-xs text-muted">
          <tr>
            <th scope="col" className="py-1 pr-3 font-medium">
              Metric
            </th>
            <th scope="col" className="py-1 pr-3 text-right font-medium">
              Baseline median
            </th>
            <th scope="col" className="py-1 pr-3 text-right font-medium">
              Baseline p95
            </th>
            <th scope="col" className="py-1 pr-3 text-right font-medium">
              Incident median
            </th>
            <th scope="col" className="py-1 pr-3 text-right font-medium">
              Incident p95
            </th>
            <th scope="col" className="py-1 pr-3 text-right font-medium">
              Change
            </th>
            <th scope="col" className="py-1 pr-3 text-right font-medium">
              Robust z
            </th>
            <th scope="col" className="py-1 font-medium">
              Verdict
            </th>
          </tr>
        </thead>
        <tbody>
          {domains.map((d) => (
            <Fragment key={d}>
              <tr className="border-t border-border">
                <th
                  scope="rowgroup"
                  colSpan={8}
                  className="pt-3 pb-1 text-left text-xs font-semibold tracking-wide text-muted uppercase"
                >
                  {DOMAIN_TITLE[d]}
                </th>
              </tr>
              {rows
                .filter((r) => r.domain === d)
                .map((r) => (
                  <tr
                    key={r.key}
                    className={r.worse ? "bg-danger/5" : undefined}
                    data-metric={r.key}
                  >
                    <th scope="row" className="py-1 pr-3 text-left font-normal">
                      {r.label}
                    </th>
                    <td className="py-1 pr-3 text-right font-mono tabular-nums">
                      {formatValue(r.baseline?.median, r.unit)}
                    </td>
                    <td className="py-1 pr-3 text-right font-mono text-muted tabular-nums">
                      {formatValue(r.baseline?.p95, r.unit)}
                    </td>
                    <td className="py-1 pr-3 text-right font-mono tabular-nums">
                      {formatValue(r.incident?.median, r.unit)}
                    </td>
                    <td className="py-1 pr-3 text-right font-mono text-muted tabular-nums">
                      {formatValue(r.incident?.p95, r.unit)}
                    </td>
                    <td className="py-1 pr-3 text-right font-mono tabular-nums">
                      {formatChange(r.change, r.unit)}
                    </td>
                    <td className="py-1 pr-3 text-right font-mono tabular-nums">
                      {zText(r.robustZ)}
                    </td>
                    <td className="py-1">
                      {r.baseline === null ? (
                        <Badge>not in baseline</Badge>
                      ) : r.incident === null ? (
                        <Badge>no incident samples</Badge>
                      ) : r.worse ? (
                        <Badge tone="danger">Far off</Badge>
                      ) : r.flagged ? (
                        <Badge tone="info">Far off (better)</Badge>
                      ) : (
                        <Badge tone="ok">Normal</Badge>
                      )}
                    </td>
                  </tr>
                ))}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}
