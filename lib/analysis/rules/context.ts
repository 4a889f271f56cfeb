/**
 * What every rule gets (the indexed snapshot, the window, the host, the events in the window) and
 * the small shared tools rules are written with: aligned views of series, evidence and the
 * processes behind a window.
 */
import type { Environment, HostEvent, HostInfo, Labels, Series } from "../../snapshot/types";
import { findEpisodes, longest, sustainFor, type Episode } from "../episodes";
import { alignTo, stamp, type SeriesIndex } from "../series-index";
import { maxOf, meanOf, minOf, quantileOf, round } from "../stats";
import type { DrivingProcess, Evidence, EvidenceStat, Finding, Severity } from "../types";

export interface TimedEvent {
  ms: number;
  event: HostEvent;
}

export interface RuleContext {
  index: SeriesIndex;
  relative: boolean;
  /** Length of the window (ms), at least one second. */
  spanMs: number;
  nCpu: number;
  environment: Environment;
  host: HostInfo;
  /** Kernel events inside the window (with a small margin), in time order. */
  events: readonly TimedEvent[];
}

/** What a rule's next steps can name exactly. */
export interface StepTarget {
  pid?: number;
  command?: string;
  device?: string;
  iface?: string;
  cgroup?: string;
  mount?: string;
}

/** A finding before scoring, baseline adjustment and next steps. */
export interface Draft extends Omit<Finding, "score" | "nextSteps"> {
  /** 0..1: how far past the warning level the observed value went. */
  intensity: number;
  /** 0..1: part of the window the condition held. */
  coverage: number;
  /** The series the baseline is compared on. */
  main?: {
    metric: string;
    labels: Labels;
    observed: number;
    /** The warning level: a baseline at or past it means "normal for this host". */
    threshold: number;
    direction: "above" | "below";
  };
  target: StepTarget;
}

export type Rule = (ctx: RuleContext) => Draft[];

/**
 * A series' samples in the window with values as an indexable column. `values[i]` belongs to
 * `times[i]` for i in [start, end).
 */
export interface View {
  series: Series;
  times: ArrayLike<number>;
  values: ArrayLike<number>;
  start: number;
  end: number;
  intervalMs: number;
}

export function viewOf(ctx: RuleContext, s: Series | undefined): View | undefined {
  if (s === undefined) return undefined;
  const r = ctx.index.range(s);
  if (r.end <= r.start) return undefined;
  return {
    series: s,
    times: s.times,
    values: s.values,
    start: r.start,
    end: r.end,
    intervalMs: ctx.index.interval(s, r),
  };
}

export function view(ctx: RuleContext, metric: string, labels: Labels = {}): View | undefined {
  return viewOf(ctx, ctx.index.get(metric, labels));
}

/**
 * `other`'s values at `base`'s sample times, indexable like `base.values`. Series from the same
 * tool share their times exactly and are used as they are; others are matched by nearest time.
 */
export function alignedValues(
  base: View,
  other: Series | undefined,
): ArrayLike<number> | undefined {
  if (other === undefined) return undefined;
  const bt = base.series.times;
  const ot = other.times;
  if (
    ot.length === bt.length &&
    other.values.length >= base.end &&
    ot[base.start] === bt[base.start] &&
    ot[base.end - 1] === bt[base.end - 1]
  )
    return other.values;
  const part = alignTo(base.series, base.start, base.end, other, base.intervalMs / 2);
  const full = new Float64Array(base.end);
  full.fill(NaN, 0, base.start);
  full.set(part.subarray(0, base.end - base.start), base.start);
  return full;
}

/** A column computed per sample of `base` (e.g. busy = 100 − idle − iowait − steal). */
export function derive(base: View, f: (i: number) => number): View {
  const values = new Float64Array(base.end);
  for (let i = base.start; i < base.end; i++) values[i] = f(i);
  return { ...base, values };
}

/** Trailing mean over `w` samples: bursty counters (swap, faults, drops) judged as a rate. */
export function rolling(v: View, w: number): View {
  const values = new Float64Array(v.end);
  let sum = 0;
  let n = 0;
  for (let i = v.start; i < v.end; i++) {
    const x = v.values[i] ?? NaN;
    if (x === x) {
      sum += x;
      n++;
    }
    const j = i - w;
    if (j >= v.start) {
      const y = v.values[j] ?? NaN;
      if (y === y) {
        sum -= y;
        n--;
      }
    }
    values[i] = n > 0 ? sum / n : NaN;
  }
  return { ...v, values };
}

export interface Level {
  enter: number;
  stay: number;
}

export interface Sustained {
  severity: Severity;
  episode: Episode;
  /** The level whose episode is reported. */
  level: Level;
}

/**
 * Sustained runs of `v` past the warning (and critical) levels; `above` false for "too low"
 * metrics. The reported episode is the longest critical one when there is one, else the longest
 * warning one; `infoLevel` adds a lowest tier.
 */
export function sustained(
  ctx: RuleContext,
  v: View,
  levels: { warn: Level; crit?: Level; info?: Level },
  opts: { minMs?: number; maxMs?: number; above?: boolean; extra?: (i: number) => boolean } = {},
): Sustained | undefined {
  const above = opts.above ?? true;
  const minDurationMs = sustainFor(ctx.spanMs, opts.minMs ?? 10_000, opts.maxMs ?? 600_000);
  const extra = opts.extra;
  const test = (l: number): ((i: number) => boolean) => {
    const vals = v.values;
    if (above)
      return extra === undefined
        ? (i) => (vals[i] ?? NaN) >= l
        : (i) => (vals[i] ?? NaN) >= l && extra(i);
    return extra === undefined
      ? (i) => (vals[i] ?? NaN) <= l
      : (i) => (vals[i] ?? NaN) <= l && extra(i);
  };
  // The run's mean must be past the enter level too: hysteresis keeps a run going through dips,
  // but what is reported (the mean) has to clear the threshold it is compared with.
  const run = (level: Level): Episode | undefined =>
    longest(
      findEpisodes(v.times, v.start, v.end, test(level.enter), test(level.stay), {
        intervalMs: v.intervalMs,
        minDurationMs,
        minSamples: 3,
      }).filter((e) => {
        const m = meanOf(v.values, e.start, e.end + 1);
        return above ? m >= level.enter : m <= level.enter;
      }),
    );
  const tiers: [Severity, Level | undefined][] = [
    ["critical", levels.crit],
    ["warning", levels.warn],
    ["info", levels.info],
  ];
  for (const [severity, level] of tiers) {
    if (level === undefined) continue;
    const episode = run(level);
    if (episode !== undefined) return { severity, episode, level };
  }
  return undefined;
}

/** Sustained runs of an arbitrary per-sample condition (enter/stay). */
export function sustainedWhere(
  ctx: RuleContext,
  v: View,
  enter: (i: number) => boolean,
  stay: (i: number) => boolean,
  opts: { minMs?: number; maxMs?: number; accept?: (e: Episode) => boolean } = {},
): Episode | undefined {
  const all = findEpisodes(v.times, v.start, v.end, enter, stay, {
    intervalMs: v.intervalMs,
    minDurationMs: sustainFor(ctx.spanMs, opts.minMs ?? 10_000, opts.maxMs ?? 600_000),
    minSamples: 3,
  });
  const accept = opts.accept;
  return longest(accept === undefined ? all : all.filter(accept));
}

export function statOf(
  values: ArrayLike<number>,
  start: number,
  end: number,
  stat: EvidenceStat,
): number {
  switch (stat) {
    case "p95":
      return quantileOf(values, start, end, 0.95);
    case "max":
      return maxOf(values, start, end);
    case "min":
      return minOf(values, start, end);
    case "last": {
      for (let i = end - 1; i >= start; i--) {
        const x = values[i] ?? NaN;
        if (x === x) return x;
      }
      return NaN;
    }
    default:
      return meanOf(values, start, end);
  }
}

/** Samples of `s` with from <= t <= to. */
export function indexRange(s: Series, from: number, to: number): { start: number; end: number } {
  const t = s.times;
  let a = 0;
  let b = t.length;
  while (a < b) {
    const m = (a + b) >>> 1;
    if ((t[m] ?? 0) < from) a = m + 1;
    else b = m;
  }
  const start = a;
  b = t.length;
  while (a < b) {
    const m = (a + b) >>> 1;
    if ((t[m] ?? 0) <= to) a = m + 1;
    else b = m;
  }
  return { start, end: Math.min(a, s.values.length) };
}

/**
 * Evidence for `metric{labels}`: `stat` of its samples between `from` and `to` (the samples of a
 * derived column when `values` is given).
 */
export function evidence(
  ctx: RuleContext,
  e: {
    metric: string;
    labels?: Labels;
    series?: Series;
    values?: ArrayLike<number>;
    from: number;
    to: number;
    stat: EvidenceStat;
    threshold: number;
    unit?: string;
  },
): Evidence | undefined {
  const labels = e.labels ?? {};
  const s = e.series ?? ctx.index.get(e.metric, labels);
  if (s === undefined) return undefined;
  const { start, end } = indexRange(s, e.from, e.to);
  if (end <= start) return undefined;
  const observed = statOf(e.values ?? s.values, start, end, e.stat);
  if (!Number.isFinite(observed)) return undefined;
  return {
    metric: e.metric,
    labels,
    from: stamp(s.times[start] ?? e.from, ctx.relative),
    to: stamp(s.times[end - 1] ?? e.to, ctx.relative),
    observed: round(observed),
    threshold: e.threshold,
    stat: e.stat,
    unit: e.unit ?? s.unit,
    samples: end - start,
  };
}

/** Evidence with a value computed by the rule (ratios, counts, deltas). */
export function computedEvidence(
  ctx: RuleContext,
  e: {
    metric: string;
    labels?: Labels;
    from: number;
    to: number;
    observed: number;
    threshold: number;
    stat: EvidenceStat;
    unit: string;
    samples: number;
  },
): Evidence {
  return {
    metric: e.metric,
    labels: e.labels ?? {},
    from: stamp(e.from, ctx.relative),
    to: stamp(e.to, ctx.relative),
    observed: round(e.observed),
    threshold: e.threshold,
    stat: e.stat,
    unit: e.unit,
    samples: e.samples,
  };
}

export function present<T>(xs: readonly (T | undefined)[]): T[] {
  return xs.filter((x): x is T => x !== undefined);
}

/**
 * The processes with the highest mean of `metrics` (summed, e.g. read + write bytes) between
 * `from` and `to`. pidstat leaves out tasks that did nothing in an interval, so a missing sample
 * counts as 0: the mean is over the intervals in the window, not over the task's own lines.
 */
export function topProcesses(
  ctx: RuleContext,
  metrics: readonly string[],
  from: number,
  to: number,
  opts: { total?: number; n?: number; min?: number; unit?: string } = {},
): DrivingProcess[] {
  const first = metrics[0];
  if (first === undefined) return [];
  const byProc = new Map<string, { pid: number; command: string; sum: number }>();
  let intervals = 0;
  for (const metric of metrics) {
    for (const s of ctx.index.all(metric)) {
      const { start, end } = indexRange(s, from, to);
      if (end <= start) continue;
      if (end - start > intervals) intervals = end - start;
      let sum = 0;
      for (let i = start; i < end; i++) {
        const x = s.values[i] ?? NaN;
        if (x === x) sum += x;
      }
      const pid = Number(s.labels.pid ?? NaN);
      const command = s.labels.command ?? "?";
      const key = `${s.labels.pid ?? ""}\u0000${command}`;
      const cur = byProc.get(key);
      if (cur === undefined) byProc.set(key, { pid, command, sum });
      else cur.sum += sum;
    }
  }
  if (intervals === 0) return [];
  const unit = opts.unit ?? ctx.index.all(first)[0]?.unit ?? "";
  const rows = [...byProc.values()]
    .map((p) => ({ ...p, value: p.sum / intervals }))
    .filter((p) => p.value > (opts.min ?? 0))
    .sort((a, b) => b.value - a.value)
    .slice(0, opts.n ?? 5);
  let total = opts.total;
  if (total === undefined || !(total > 0)) {
    total = 0;
    for (const p of byProc.values()) total += p.sum / intervals;
  }
  return rows.map((p) => ({
    pid: p.pid,
    command: p.command,
    metric: metrics.join("+"),
    value: round(p.value),
    unit,
    share: total !== undefined && total > 0 ? round(Math.min(1, p.value / total)) : 0,
  }));
}

/** Text naming the top processes: `stress-ng-cpu (pid 21360, 99.3% of a CPU)`. */
export function processText(
  ps: readonly DrivingProcess[],
  describe: (p: DrivingProcess) => string,
): string {
  if (ps.length === 0) return "";
  return ps
    .slice(0, 3)
    .map((p) => `${p.command} (pid ${p.pid}, ${describe(p)})`)
    .join(", ");
}

export function draft(
  d: Omit<Draft, "processes" | "target" | "intensity" | "coverage"> &
    Partial<Pick<Draft, "processes" | "target" | "intensity" | "coverage">>,
): Draft {
  return {
    processes: [],
    target: {},
    intensity: 0,
    coverage: 1,
    ...d,
  };
}
