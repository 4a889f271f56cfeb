/**
 * Metric correlations: given a symptom series, rank other series by how closely they move with
 * it, allowing a lag (like Netdata's metric correlations, with Pearson's r on a common grid).
 *
 * All series are resampled to one grid (bucket means; at most `maxPoints` buckets so a day of
 * 1-second data costs the same as an hour), then for each lag in ±`maxLagMs` Pearson's r is
 * computed over the pairs where both have data. Cost: candidates × buckets × lags, all in typed
 * arrays.
 */
import { seriesKey, type Series } from "../snapshot/types";
import { lowerBound, round, typicalInterval, upperBound } from "./stats";
import type { CorrelationResult, Evidence } from "./types";

export interface CorrelateOptions {
  /** Window (ms, same time base as the series). Default: the target's extent. */
  from?: number;
  to?: number;
  /** Largest lag tried either way (default 30 s). */
  maxLagMs?: number;
  /** Grid step; default the target's interval, coarsened to keep at most `maxPoints` buckets. */
  stepMs?: number;
  maxPoints?: number;
  /** How many results (default all). */
  top?: number;
  /** Fewest aligned pairs for a result (default max(5, a tenth of the buckets)). */
  minPairs?: number;
}

/** Bucket means of `s` on the grid from + k·step, k < n; NaN where a bucket has no sample. */
function resample(
  s: Series,
  from: number,
  step: number,
  n: number,
  out: Float64Array,
  cnt: Float64Array,
): void {
  out.fill(0, 0, n);
  cnt.fill(0, 0, n);
  const len = Math.min(s.times.length, s.values.length);
  const to = from + n * step;
  const a = lowerBound(s.times, from - step / 2, 0, len);
  const b = upperBound(s.times, to - step / 2, a, len);
  for (let i = a; i < b; i++) {
    const v = s.values[i] ?? NaN;
    if (v !== v) continue;
    const k = Math.floor(((s.times[i] ?? 0) - from) / step + 0.5);
    if (k < 0 || k >= n) continue;
    out[k] = (out[k] ?? 0) + v;
    cnt[k] = (cnt[k] ?? 0) + 1;
  }
  for (let k = 0; k < n; k++) out[k] = (cnt[k] ?? 0) > 0 ? (out[k] ?? 0) / (cnt[k] ?? 1) : NaN;
}

/** Pearson's r between x[i] and y[i + lag] over the pairs where both are finite. */
function pearsonAt(
  x: Float64Array,
  y: Float64Array,
  n: number,
  lag: number,
): { r: number; pairs: number } {
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  let m = 0;
  const lo = Math.max(0, -lag);
  const hi = Math.min(n, n - lag);
  for (let i = lo; i < hi; i++) {
    const a = x[i] ?? NaN;
    const b = y[i + lag] ?? NaN;
    if (a !== a || b !== b) continue;
    sx += a;
    sy += b;
    sxx += a * a;
    syy += b * b;
    sxy += a * b;
    m++;
  }
  if (m < 3) return { r: NaN, pairs: m };
  const cov = sxy - (sx * sy) / m;
  const vx = sxx - (sx * sx) / m;
  const vy = syy - (sy * sy) / m;
  // Flat series (or flat over the overlap) have no direction to correlate.
  if (!(vx > 1e-12 * Math.max(1, sxx)) || !(vy > 1e-12 * Math.max(1, syy)))
    return { r: NaN, pairs: m };
  return { r: cov / Math.sqrt(vx * vy), pairs: m };
}

export function correlate(
  target: Series,
  candidates: readonly Series[],
  opts: CorrelateOptions = {},
): CorrelationResult[] {
  const len = Math.min(target.times.length, target.values.length);
  if (len < 3) return [];
  const from = opts.from ?? target.times[0] ?? 0;
  const to = opts.to ?? target.times[len - 1] ?? 0;
  if (!(to > from)) return [];
  const a = lowerBound(target.times, from, 0, len);
  const b = upperBound(target.times, to, a, len);
  const native = typicalInterval(target.times, a, b);
  const maxPoints = opts.maxPoints ?? 2048;
  const step = Math.max(
    opts.stepMs ?? (Number.isFinite(native) && native > 0 ? native : 1000),
    (to - from) / (maxPoints - 1),
  );
  const n = Math.floor((to - from) / step) + 1;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const cnt = new Float64Array(n);
  resample(target, from, step, n, x, cnt);
  const maxLag = Math.min(Math.floor((opts.maxLagMs ?? 30_000) / step), Math.floor(n / 4));
  const minPairs = opts.minPairs ?? Math.max(5, Math.floor(n / 10));
  const targetKey = seriesKey(target.metric, target.labels);
  const out: CorrelationResult[] = [];
  for (const c of candidates) {
    if ((c.relative ?? false) !== (target.relative ?? false)) continue;
    if (seriesKey(c.metric, c.labels) === targetKey) continue;
    resample(c, from, step, n, y, cnt);
    let best = NaN;
    let bestLag = 0;
    let bestPairs = 0;
    for (let lag = -maxLag; lag <= maxLag; lag++) {
      const { r, pairs } = pearsonAt(x, y, n, lag);
      if (r !== r || pairs < minPairs) continue;
      // Prefer the stronger correlation; on a tie the smaller lag.
      if (
        best !== best ||
        Math.abs(r) > Math.abs(best) + 1e-9 ||
        (Math.abs(Math.abs(r) - Math.abs(best)) <= 1e-9 && Math.abs(lag) < Math.abs(bestLag))
      ) {
        best = r;
        bestLag = lag;
        bestPairs = pairs;
      }
    }
    if (best !== best) continue;
    out.push({
      metric: c.metric,
      labels: c.labels,
      r: round(best),
      lagMs: bestLag * step,
      pairs: bestPairs,
    });
  }
  out.sort((p, q) => Math.abs(q.r) - Math.abs(p.r) || Math.abs(p.lagMs) - Math.abs(q.lagMs));
  return opts.top === undefined ? out : out.slice(0, opts.top);
}

/** Derived evidence metrics → the measured series they come from. */
const SOURCE: Record<string, string> = {
  "cpu.busy_pct": "cpu.idle_pct",
  "cpu.kernel_pct": "cpu.system_pct",
  "cpu.busiest_pct": "cpu.idle_pct",
  "mem.available_pct": "mem.available_bytes",
  "net.drop_ratio_pct": "net.rx_drops_per_s",
  "net.error_ratio_pct": "net.rx_errors_per_s",
  "tcp.retrans_ratio_pct": "tcp.retrans_segs_per_s",
};

/**
 * Correlations of a finding's main series (its first evidence that is a measured series) with
 * all other series of the snapshot, over the finding's window ± `padMs`.
 */
export function correlateFinding(
  finding: { evidence: readonly Evidence[] },
  series: readonly Series[],
  opts: CorrelateOptions & { padMs?: number } = {},
): {
  target: { metric: string; labels: Record<string, string> } | null;
  results: CorrelationResult[];
} {
  const byKey = new Map(series.map((s) => [seriesKey(s.metric, s.labels), s]));
  for (const e of finding.evidence) {
    const metric = SOURCE[e.metric] ?? e.metric;
    const labels = { ...e.labels };
    if (metric === "cpu.idle_pct" && labels.cpu === undefined) labels.cpu = "all";
    const s = byKey.get(seriesKey(metric, labels));
    if (s === undefined || Math.min(s.times.length, s.values.length) < 3) continue;
    const toMs = (t: string | number): number => (typeof t === "number" ? t * 1000 : Date.parse(t));
    const pad = opts.padMs ?? 60_000;
    const from = toMs(e.from) - pad;
    const to = toMs(e.to) + pad;
    return { target: { metric, labels }, results: correlate(s, series, { ...opts, from, to }) };
  }
  return { target: null, results: [] };
}
