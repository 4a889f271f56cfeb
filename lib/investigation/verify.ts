import "server-only";
import { round, summarize } from "@/lib/analysis/stats";
import type { Evidence } from "@/lib/analysis/types";
import { db } from "@/lib/db/client";
import { listFindings, type StoredFinding } from "@/lib/db/findings";
import { listFixes } from "@/lib/db/fixes";
import { listHypotheses } from "@/lib/db/hypotheses";
import { parseSelector } from "@/lib/investigation/series";
import { seriesKey, type Series } from "@/lib/snapshot/types";
import { overallVerdict, verdictFor, type Verdict, type WindowStats } from "@/lib/workflow/verify";
import { metricLabel, type Direction } from "@/lib/workflow/verify-metrics";
import {
  incidentSnapshotsByHost,
  liveCaptureStart,
  loadMergedSeries,
  trimBefore,
} from "./baseline";

/**
 * The Verify step: before (incident) / after (verify capture) / baseline for the metrics that
 * matter — those of the confirmed hypothesis (its linked findings' evidence and chart-window
 * metrics) and those of the symptom (the top findings' evidence) — with a verdict per metric from
 * lib/workflow/verify.ts.
 */

export type VerifySource = "hypothesis" | "symptom";

export interface VerifyRow {
  key: string;
  host: { id: string; hostname: string };
  metric: string;
  labels: Record<string, string>;
  label: string;
  unit: string;
  direction: Direction;
  stat: "median" | "mean";
  sources: VerifySource[];
  findings: { rule: string; title: string }[];
  /** The level the finding's rule compared with, when it came from a finding. */
  threshold: number | null;
  before: WindowStats | null;
  after: WindowStats | null;
  baseline: WindowStats | null;
  verdict: Verdict;
  reason: string;
}

export interface VerifyReport {
  hypotheses: { id: string; text: string }[];
  hosts: { id: string; hostname: string; incident: boolean; verify: boolean; baseline: boolean }[];
  hasVerifySnapshot: boolean;
  hasBaseline: boolean;
  rows: VerifyRow[];
  counts: Record<Verdict, number>;
  overall: Verdict;
  /** What is missing before the verdicts can be trusted, in words. */
  missing: string[];
}

interface Target {
  hostId: string;
  metric: string;
  labels: Record<string, string>;
  unit: string | null;
  threshold: number | null;
  sources: Set<VerifySource>;
  findings: Map<string, { rule: string; title: string }>;
}

/**
 * The findings a hypothesis links. Findings are recomputed (with new ids) whenever a snapshot
 * arrives, so a link whose finding is gone falls back to the current findings of the same rule.
 */
export function linkedFindings(
  link: { findingId: string; rule?: string },
  findings: readonly StoredFinding[],
  byId: Map<string, StoredFinding>,
): StoredFinding[] {
  const exact = byId.get(link.findingId);
  if (exact) return [exact];
  return link.rule ? findings.filter((f) => f.rule === link.rule) : [];
}

/** Evidence the rule compared with a level; threshold 0 marks context such as throughput. */
function comparedEvidence(f: StoredFinding, max: number): Evidence[] {
  return f.evidence.filter((e) => e.threshold > 0).slice(0, max);
}

function addTarget(
  targets: Map<string, Target>,
  t: {
    hostId: string;
    metric: string;
    labels: Record<string, string>;
    unit: string | null;
    threshold: number | null;
  },
  source: VerifySource,
  finding?: StoredFinding,
): void {
  const key = `${t.hostId}/${seriesKey(t.metric, t.labels)}`;
  const cur = targets.get(key) ?? { ...t, sources: new Set<VerifySource>(), findings: new Map() };
  cur.sources.add(source);
  if (cur.threshold === null) cur.threshold = t.threshold;
  if (finding) cur.findings.set(finding.rule, { rule: finding.rule, title: finding.title });
  targets.set(key, cur);
}

type Column = { times: number[]; values: number[]; unit: string };

/** Values of one series, or of a metric the rules derive from stored ones. */
function seriesFor(
  byKey: Map<string, Series>,
  metric: string,
  labels: Record<string, string>,
): Column | null {
  const direct = byKey.get(seriesKey(metric, labels));
  if (direct) return direct;
  const get = (m: string, l: Record<string, string> = labels) => byKey.get(seriesKey(m, l));
  const combine = (
    a: Series | undefined,
    parts: (Series | undefined)[],
    f: (a: number, b: number[]) => number,
    unit: string,
  ): Column | null => {
    if (!a) return null;
    const values = a.values.map((v, i) =>
      f(
        v,
        parts.map((p) => (p && p.times[i] === a.times[i] ? (p.values[i] ?? NaN) : NaN)),
      ),
    );
    return { times: a.times, values, unit };
  };
  switch (metric) {
    case "cpu.busy_pct":
      return combine(get("cpu.idle_pct"), [], (idle) => 100 - idle, "%");
    case "cpu.kernel_pct":
      return combine(
        get("cpu.system_pct"),
        [get("cpu.irq_pct"), get("cpu.softirq_pct")],
        (sys, [irq, soft]) =>
          sys + (Number.isFinite(irq) ? (irq ?? 0) : 0) + (Number.isFinite(soft) ? (soft ?? 0) : 0),
        "%",
      );
    case "mem.available_pct": {
      const total = get("mem.total_bytes", {});
      const t = total?.values[total.values.length - 1];
      if (t === undefined || !(t > 0)) return null;
      return combine(get("mem.available_bytes", {}), [], (a) => (a / t) * 100, "%");
    }
    case "tcp.retrans_ratio_pct":
      return combine(
        get("tcp.out_segs_per_s", {}),
        [get("tcp.retrans_segs_per_s", {})],
        (out, [re]) => (out > 0 && re !== undefined ? (re / out) * 100 : NaN),
        "%",
      );
    default:
      if (metric.endsWith("_total"))
        return byKey.get(seriesKey(metric.replace(/_total$/, "_per_s"), labels)) ?? null;
      return null;
  }
}

function statsOf(col: Column | null, keep?: (t: number) => boolean): WindowStats | null {
  if (!col) return null;
  let values = col.values;
  if (keep) {
    const kept = col.values.filter((_, i) => keep(col.times[i] ?? 0));
    // Too few samples on the chosen side of the fix: use the whole capture.
    if (kept.filter(Number.isFinite).length >= 2) values = kept;
  }
  const s = summarize(values, 0, values.length);
  if (s.samples === 0) return null;
  return {
    median: round(s.median),
    p95: round(s.p95),
    mean: round(s.mean),
    mad: round(s.mad),
    samples: s.samples,
  };
}

/** Metrics a chart-window link names: `disk.util_pct{device=vda}`, or `cpu.user_pct` for cpu=all. */
function expandSelector(
  text: string,
  series: readonly Series[],
): { metric: string; labels: Record<string, string>; unit: string }[] {
  const sel = parseSelector(text);
  if (!sel) return [];
  const matches = series.filter((s) => {
    const nameOk = sel.metric.endsWith("*")
      ? s.metric.startsWith(sel.metric.slice(0, -1))
      : s.metric === sel.metric;
    if (!nameOk) return false;
    const want = sel.labels ?? {};
    if (!Object.entries(want).every(([k, v]) => s.labels[k] === v)) return false;
    // Without a cpu label, the whole machine; per-CPU series only when asked for.
    return s.labels.cpu === undefined || want.cpu !== undefined || s.labels.cpu === "all";
  });
  return matches.slice(0, 8).map((s) => ({ metric: s.metric, labels: s.labels, unit: s.unit }));
}

const VERDICT_ORDER: Verdict[] = [
  "worse",
  "unchanged",
  "inconclusive",
  "improved",
  "back-to-baseline",
];

export async function verifyReport(
  teamId: string,
  incidentId: string,
): Promise<VerifyReport | null> {
  const incident = await db.incident.findFirst({
    where: { id: incidentId, teamId },
    select: { id: true },
  });
  if (!incident) return null;
  const [groups, findings, hypotheses, fixes] = await Promise.all([
    incidentSnapshotsByHost(teamId, incidentId),
    listFindings(teamId, incidentId),
    listHypotheses(teamId, incidentId),
    listFixes(teamId, incidentId),
  ]);
  const hosts = groups.map((g) => ({
    id: g.id,
    hostname: g.hostname,
    incident: g.snapshots.incident.length > 0,
    verify: g.snapshots.verify.length > 0,
    baseline: g.snapshots.baseline.length > 0,
  }));
  const confirmed = hypotheses.filter((h) => h.status === "confirmed");
  const findingById = new Map(findings.map((f) => [f.id, f]));

  // Load each host's captures once.
  const loaded = new Map<string, { incident: Series[]; verify: Series[]; baseline: Series[] }>();
  const index = (list: Series[]) => new Map(list.map((s) => [seriesKey(s.metric, s.labels), s]));
  const indexed = new Map<
    string,
    { incident: Map<string, Series>; verify: Map<string, Series>; baseline: Map<string, Series> }
  >();
  for (const g of groups) {
    if (g.snapshots.incident.length === 0) continue;
    const [inc, ver, base] = await Promise.all([
      loadMergedSeries(g.snapshots.incident),
      loadMergedSeries(g.snapshots.verify),
      loadMergedSeries(g.snapshots.baseline),
    ]);
    // A bundle with sysstat history: only the live capture is "the incident".
    const live = liveCaptureStart(inc);
    const incident = live === null ? inc : inc.map((s) => trimBefore(s, live - 60_000));
    loaded.set(g.id, { incident, verify: ver, baseline: base });
    indexed.set(g.id, { incident: index(incident), verify: index(ver), baseline: index(base) });
  }

  const targets = new Map<string, Target>();
  for (const h of confirmed) {
    for (const link of h.evidence) {
      if (link.kind === "finding") {
        for (const f of linkedFindings(link, findings, findingById)) {
          if (!f.hostId) continue;
          for (const e of comparedEvidence(f, 4))
            addTarget(
              targets,
              {
                hostId: f.hostId,
                metric: e.metric,
                labels: e.labels,
                unit: e.unit,
                threshold: e.threshold,
              },
              "hypothesis",
              f,
            );
        }
      } else {
        for (const [hostId, data] of loaded) {
          for (const metric of link.metrics) {
            for (const m of expandSelector(metric, data.incident))
              addTarget(targets, { hostId, ...m, threshold: null }, "hypothesis");
          }
        }
      }
    }
  }
  const symptoms = findings
    .filter((f) => !f.normalForHost && f.severity !== "info" && f.hostId)
    .slice(0, 3);
  for (const f of symptoms) {
    if (!f.hostId) continue;
    for (const e of comparedEvidence(f, 3))
      addTarget(
        targets,
        {
          hostId: f.hostId,
          metric: e.metric,
          labels: e.labels,
          unit: e.unit,
          threshold: e.threshold,
        },
        "symptom",
        f,
      );
  }

  const firstFix = fixes.length > 0 ? Math.min(...fixes.map((f) => Date.parse(f.appliedAt))) : null;
  const rows: VerifyRow[] = [];
  for (const [key, t] of targets) {
    const host = hosts.find((h) => h.id === t.hostId);
    const data = indexed.get(t.hostId);
    if (!host || !data) continue;
    const inc = seriesFor(data.incident, t.metric, t.labels);
    const ver = seriesFor(data.verify, t.metric, t.labels);
    const base = seriesFor(data.baseline, t.metric, t.labels);
    const unit = inc?.unit ?? ver?.unit ?? t.unit ?? "";
    // When the fix landed inside a capture, "before" ends and "after" starts at the fix.
    const before = statsOf(inc, firstFix === null ? undefined : (ms) => ms < firstFix);
    const after = statsOf(ver, firstFix === null ? undefined : (ms) => ms >= firstFix);
    const baseline = statsOf(base);
    const v = verdictFor({ metric: t.metric, unit, before, after, baseline });
    rows.push({
      key,
      host: { id: host.id, hostname: host.hostname },
      metric: t.metric,
      labels: t.labels,
      label: metricLabel(t.metric, t.labels),
      unit,
      direction: v.direction,
      stat: v.stat,
      sources: [...t.sources].sort(),
      findings: [...t.findings.values()],
      threshold: t.threshold,
      before,
      after,
      baseline,
      verdict: v.verdict,
      reason: v.reason,
    });
  }
  // The hypothesis's metrics first, the ones that did not come back first; otherwise in the
  // order the findings list their evidence (the main signal first). Array.sort is stable.
  rows.sort(
    (a, b) =>
      Number(b.sources.includes("hypothesis")) - Number(a.sources.includes("hypothesis")) ||
      VERDICT_ORDER.indexOf(a.verdict) - VERDICT_ORDER.indexOf(b.verdict),
  );

  const counts: Record<Verdict, number> = {
    "back-to-baseline": 0,
    improved: 0,
    unchanged: 0,
    worse: 0,
    inconclusive: 0,
  };
  for (const r of rows) counts[r.verdict]++;
  const hasVerifySnapshot = hosts.some((h) => h.verify);
  const hasBaseline = hosts.some((h) => h.baseline);
  const missing: string[] = [];
  if (!hosts.some((h) => h.incident)) missing.push("No incident capture yet (Collect step).");
  if (!hasVerifySnapshot)
    missing.push("No after-fix capture yet: upload it above with the role Verify.");
  if (confirmed.length === 0)
    missing.push(
      "No confirmed hypothesis: the verdicts cover the symptom only (confirm one in Analyze).",
    );
  if (!hasBaseline)
    missing.push(
      "No baseline snapshot: a metric can improve, but cannot be called back to baseline.",
    );
  if (fixes.length === 0) missing.push("No fix recorded yet (Fix step).");
  for (const h of hosts)
    if (h.incident && !h.verify && hasVerifySnapshot)
      missing.push(`No after-fix capture of ${h.hostname}.`);
  return {
    hypotheses: confirmed.map((h) => ({ id: h.id, text: h.text })),
    hosts,
    hasVerifySnapshot,
    hasBaseline,
    rows,
    counts,
    overall: overallVerdict(rows.map((r) => r.verdict)),
    missing,
  };
}
