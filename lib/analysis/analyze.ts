/**
 * The analysis engine: normalized series and events of one snapshot (and optionally a baseline)
 * → findings ranked most important first, plus the biggest deviations from the baseline.
 *
 * Ranking follows the USE method's order of urgency: errors (OOM kills, drops, I/O errors,
 * retransmits) before saturation (queues, throttling, steal) before utilization, each by
 * severity, then by how far past its threshold and how much of the window it covered. A finding
 * that explains another (a context-switch storm explains kernel time) stays above it.
 *
 * Pure: no Node, Next or Prisma; the CLI and the API call this with what lib/snapshot parsed.
 */
import type { Environment, HostEvent, Labels, Series } from "../snapshot/types";
import { Baseline, compareToBaseline, robustZ } from "./baseline";
import { fmtNum } from "./format";
import { nextStepsFor } from "./next-steps";
import { CONTAINER_RULES } from "./rules/container";
import type { Draft, Rule, RuleContext, TimedEvent } from "./rules/context";
import { CPU_RULES, cpuColumns } from "./rules/cpu";
import { DISK_RULES } from "./rules/disk";
import { MEMORY_RULES } from "./rules/memory";
import { NETWORK_RULES } from "./rules/network";
import { SYSTEM_RULES } from "./rules/system";
import { SeriesIndex, extentOf, stamp } from "./series-index";
import { clamp, round, summarize, type Summary } from "./stats";
import type {
  AnalysisInput,
  AnalysisOptions,
  AnalysisResult,
  Finding,
  Severity,
  TimeWindow,
} from "./types";

export const RULES: readonly Rule[] = [
  ...CPU_RULES,
  ...MEMORY_RULES,
  ...DISK_RULES,
  ...NETWORK_RULES,
  ...SYSTEM_RULES,
  ...CONTAINER_RULES,
];

const ENVIRONMENTS: readonly Environment[] = ["bare-metal", "vm", "container", "kubernetes"];

export function isEnvironment(v: unknown): v is Environment {
  return typeof v === "string" && (ENVIRONMENTS as readonly string[]).includes(v);
}

/** `--env`, else what the collector detected, else bare metal. */
export function resolveEnvironment(input: AnalysisInput): Environment {
  if (isEnvironment(input.environment)) return input.environment;
  if (isEnvironment(input.host?.environment)) return input.host.environment;
  return "bare-metal";
}

/** Score bands per USE class and severity: critical errors first, info last. */
const BAND: Record<Finding["kind"], Record<Severity, number>> = {
  errors: { critical: 0.9, warning: 0.55, info: 0.2 },
  saturation: { critical: 0.75, warning: 0.5, info: 0.18 },
  utilization: { critical: 0.7, warning: 0.45, info: 0.15 },
};

/** dmesg -T times are computed from the uptime and can be a second off the samples. */
const EVENT_MARGIN_MS = 1000;

function nCpuOf(input: AnalysisInput): number {
  const n = input.host?.nCpu;
  if (n !== undefined && n > 0) return n;
  const cpus = new Set<string>();
  for (const s of input.series) {
    if (!s.metric.startsWith("cpu.")) continue;
    const c = s.labels.cpu;
    if (c !== undefined && c !== "all") cpus.add(c);
  }
  return Math.max(1, cpus.size);
}

function bootTimeMs(series: readonly Series[]): number | undefined {
  for (const s of series) {
    if (s.metric !== "system.boot_time_seconds") continue;
    const v = s.values[s.values.length - 1];
    if (v !== undefined && v > 0) return v * 1000;
  }
  return undefined;
}

/** Events with a time in ms (dmesg seconds-since-boot placed with the boot time), in the window. */
function timedEvents(
  events: readonly HostEvent[],
  series: readonly Series[],
  window: TimeWindow,
  relative: boolean,
): TimedEvent[] {
  const boot = bootTimeMs(series);
  const out: TimedEvent[] = [];
  for (const event of events) {
    let ms: number;
    if (typeof event.at === "string") ms = Date.parse(event.at);
    else if (boot !== undefined) ms = boot + event.at * 1000;
    else continue;
    if (!Number.isFinite(ms)) continue;
    // A capture without wall-clock times cannot place events: keep them all (one output, one incident).
    if (relative) {
      out.push({ ms: window.from, event });
      continue;
    }
    if (ms < window.from - EVENT_MARGIN_MS || ms > window.to + EVENT_MARGIN_MS) continue;
    out.push({ ms, event });
  }
  out.sort((a, b) => a.ms - b.ms);
  return out;
}

function eventWindow(events: readonly HostEvent[]): TimeWindow | null {
  let from = Infinity;
  let to = -Infinity;
  for (const e of events) {
    if (typeof e.at !== "string") continue;
    const ms = Date.parse(e.at);
    if (!Number.isFinite(ms)) continue;
    from = Math.min(from, ms);
    to = Math.max(to, ms);
  }
  return from <= to ? { from, to } : null;
}

/** Baseline statistics of a finding's main metric, including the derived ones rules compute. */
function baselineSummary(
  baseline: Baseline,
  bctx: RuleContext | undefined,
  metric: string,
  labels: Labels,
): Summary | undefined {
  const direct = baseline.summary(metric, labels);
  if (direct !== undefined) return direct;
  if (bctx === undefined) return undefined;
  if (metric === "cpu.busy_pct" || metric === "cpu.kernel_pct") {
    const c = cpuColumns(bctx, labels.cpu ?? "all");
    if (c === undefined) return undefined;
    const values = metric === "cpu.busy_pct" ? c.busy.values : c.kernel;
    const s = summarize(values, c.busy.start, c.busy.end);
    return s.samples > 0 ? s : undefined;
  }
  if (metric === "mem.available_pct") {
    const avail = bctx.index.get("mem.available_bytes");
    const total = bctx.index.get("mem.total_bytes");
    const t = total?.values[total.values.length - 1] ?? bctx.host.memoryBytes;
    if (avail === undefined || t === undefined || !(t > 0)) return undefined;
    const r = bctx.index.range(avail);
    const pct = new Float64Array(r.end - r.start);
    for (let i = r.start; i < r.end; i++) pct[i - r.start] = ((avail.values[i] ?? NaN) / t) * 100;
    const s = summarize(pct, 0, pct.length);
    return s.samples > 0 ? s : undefined;
  }
  return undefined;
}

function finalize(
  d: Draft,
  ctx: RuleContext,
  baseline: Baseline | undefined,
  bctx: RuleContext | undefined,
): Finding {
  let severity = d.severity;
  let summary = d.summary;
  let normalForHost: boolean | undefined;
  let zBonus = 0;
  const evidence = d.evidence.map((e) => {
    if (baseline === undefined) return e;
    const b =
      e.stat === "mean" ||
      e.stat === "p95" ||
      e.stat === "max" ||
      e.stat === "min" ||
      e.stat === "last"
        ? (baseline.stat(e.metric, e.labels, e.stat) ??
          (() => {
            const s = baselineSummary(baseline, bctx, e.metric, e.labels);
            return s === undefined
              ? undefined
              : e.stat === "mean"
                ? s.mean
                : e.stat === "p95" || e.stat === "max"
                  ? s.p95
                  : s.median;
          })())
        : undefined;
    return b === undefined || !Number.isFinite(b) ? e : { ...e, baseline: round(b) };
  });
  if (baseline !== undefined && d.main !== undefined) {
    const b = baselineSummary(baseline, bctx, d.main.metric, d.main.labels);
    if (b !== undefined) {
      const spread = 3 * 1.4826 * b.mad;
      const above = d.main.direction === "above";
      const usual = above
        ? b.median >= d.main.threshold &&
          d.main.observed <= Math.max(b.p95, b.median + spread) * 1.05
        : b.median <= d.main.threshold && d.main.observed >= (b.median - spread) * 0.95;
      const z = robustZ(d.main.observed, b);
      if (usual) {
        severity = "info";
        normalForHost = true;
        summary += ` The baseline shows the same (median ${fmtNum(b.median)}, p95 ${fmtNum(b.p95)}): this is normal for this host, not a change.`;
      } else {
        summary += ` Baseline median: ${fmtNum(b.median)} (robust z ${fmtNum(z)}).`;
        if (Math.abs(z) >= 3) zBonus = 0.02;
      }
    }
  }
  const score = clamp(
    BAND[d.kind][severity] +
      0.08 * clamp(d.intensity, 0, 1) +
      0.05 * clamp(d.coverage, 0, 1) +
      zBonus,
    0,
    0.99,
  );
  const f: Finding = {
    rule: d.rule,
    domain: d.domain,
    severity,
    score: round(score),
    title: d.title,
    summary,
    evidence,
    processes: d.processes,
    nextSteps: nextStepsFor(d.rule, d.domain, ctx.environment, d.target, ctx.host),
    kind: d.kind,
  };
  if (normalForHost) f.normalForHost = true;
  if (d.explains !== undefined) f.explains = d.explains;
  return f;
}

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** Keeps explained findings below the finding that explains them. */
function applyExplains(findings: Finding[]): void {
  for (const a of findings) {
    if (a.explains === undefined || a.severity === "info") continue;
    for (const b of findings) {
      if (b === a || !a.explains.includes(b.rule)) continue;
      if (b.score >= a.score) {
        b.score = round(Math.max(0, a.score - 0.01));
        b.explainedBy = a.rule;
      } else if (b.explainedBy === undefined) b.explainedBy = a.rule;
    }
  }
}

export function analyze(input: AnalysisInput, opts: AnalysisOptions = {}): AnalysisResult {
  const environment = resolveEnvironment(input);
  const events = input.events ?? [];
  const ext = extentOf(input.series);
  const evWindow = eventWindow(events);
  const relative = ext?.relative ?? false;
  const window = opts.window ?? ext?.window ?? evWindow;
  if (window === null || window === undefined)
    return {
      environment,
      window: null,
      baseline: null,
      findings: [],
      deviations: [],
      warnings: [],
    };
  const host = input.host ?? {};
  const index = new SeriesIndex(input.series, window, relative);
  const ctx: RuleContext = {
    index,
    relative,
    spanMs: Math.max(1000, window.to - window.from),
    nCpu: nCpuOf(input),
    environment,
    host,
    events: timedEvents(events, input.series, window, relative),
  };

  // Baseline: another snapshot, else the input's own samples before the incident window.
  let baseline: Baseline | undefined;
  let bctx: RuleContext | undefined;
  if (opts.baseline !== undefined && opts.baseline.series.length > 0) {
    const bext = extentOf(opts.baseline.series);
    const history = opts.baseline.source === "history";
    // The sysstat history runs up to now: only what came before the incident is its baseline.
    const bwin =
      bext === null
        ? null
        : history
          ? { from: bext.window.from, to: Math.min(bext.window.to, window.from - 1) }
          : bext.window;
    if (bext !== null && bwin !== null && bwin.to >= bwin.from) {
      const bindex = new SeriesIndex(opts.baseline.series, bwin, bext.relative);
      baseline = new Baseline(
        opts.baseline.series,
        (s) => bindex.range(s),
        opts.baseline.source ?? "snapshot",
      );
      bctx = { ...ctx, index: bindex, relative: bext.relative, events: [] };
    }
  } else if (opts.window !== undefined && ext !== null && ext.window.from < opts.window.from) {
    const early = { from: ext.window.from, to: opts.window.from - 1 };
    const bindex = new SeriesIndex(input.series, early, relative);
    baseline = new Baseline(input.series, (s) => bindex.range(s), "earlier-window");
    bctx = { ...ctx, index: bindex, events: [] };
  }

  const warnings: string[] = [];
  const drafts: Draft[] = [];
  for (const rule of RULES) {
    try {
      drafts.push(...rule(ctx));
    } catch (err) {
      // One broken rule must not hide the others' findings from the war room.
      warnings.push(
        `rule ${rule.name || "?"} failed: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
  const findings = drafts.map((d) => finalize(d, ctx, baseline, bctx));
  applyExplains(findings);
  findings.sort(
    (a, b) =>
      b.score - a.score ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.rule.localeCompare(b.rule),
  );
  const deviations =
    baseline === undefined
      ? []
      : compareToBaseline(input.series, (s) => index.range(s), baseline, {
          max: opts.maxDeviations ?? 25,
        });
  return {
    environment,
    window: { from: stamp(window.from, relative), to: stamp(window.to, relative) },
    baseline: baseline?.source ?? null,
    findings,
    deviations,
    warnings,
  };
}
