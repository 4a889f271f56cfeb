/**
 * Baseline comparison: the incident window against a healthy period of the same host (another
 * snapshot, the sysstat history in a bundle, or the samples before the incident window).
 *
 * Per series key: median, p95 and MAD of both sides, the change of the median and a robust
 * z-score (change / (1.4826 · MAD), the MAD scaled to a standard deviation for normal data), so
 * one spike in the baseline does not hide a real shift and a noisy metric does not look alarming.
 */
import { seriesKey, type Labels, type Series } from "../snapshot/types";
import { round, summarize, type IndexRange, type Summary } from "./stats";
import type { Deviation, EvidenceStat } from "./types";

/** Statistics of baseline series, computed on first use. */
export class Baseline {
  private readonly byKey = new Map<string, Series>();
  private readonly cache = new Map<string, Summary | null>();

  constructor(
    series: readonly Series[],
    /** Which samples of a series belong to the baseline. */
    private readonly rangeOf: (s: Series) => IndexRange,
    readonly source: "snapshot" | "history" | "earlier-window",
  ) {
    for (const s of series) this.byKey.set(seriesKey(s.metric, s.labels), s);
  }

  has(metric: string, labels: Labels): boolean {
    const s = this.byKey.get(seriesKey(metric, labels));
    if (s === undefined) return false;
    const r = this.rangeOf(s);
    return r.end > r.start;
  }

  summary(metric: string, labels: Labels): Summary | undefined {
    const key = seriesKey(metric, labels);
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit ?? undefined;
    const s = this.byKey.get(key);
    let out: Summary | null = null;
    if (s !== undefined) {
      const r = this.rangeOf(s);
      const sum = summarize(s.values, r.start, r.end);
      if (sum.samples > 0) out = sum;
    }
    this.cache.set(key, out);
    return out ?? undefined;
  }

  /** The baseline's value of an evidence statistic (its median stands for "last"). */
  stat(metric: string, labels: Labels, stat: EvidenceStat): number | undefined {
    const s = this.summary(metric, labels);
    if (s === undefined) return undefined;
    switch (stat) {
      case "mean":
        return s.mean;
      case "p95":
      case "max":
        return s.p95;
      case "min":
      case "last":
        return s.median;
      default:
        return undefined;
    }
  }

  series(): IterableIterator<Series> {
    return this.byKey.values();
  }
}

/** Counters and clocks: their level says nothing about health. */
function comparable(s: Series): boolean {
  return (
    !s.metric.endsWith("_total") &&
    s.metric !== "system.boot_time_seconds" &&
    s.metric !== "system.uptime_seconds"
  );
}

/**
 * The robust z-score of a shift from `base` to `incidentMedian`. The spread has a floor (1% of
 * the larger level) so that a metric flat at 0 in the baseline gives a large but finite score.
 */
export function robustZ(incidentMedian: number, base: Summary): number {
  const change = incidentMedian - base.median;
  const spread = Math.max(
    1.4826 * base.mad,
    0.01 * Math.max(Math.abs(base.p95), Math.abs(incidentMedian)),
    1e-9,
  );
  const z = change / spread;
  return Math.max(-1000, Math.min(1000, z));
}

/**
 * Every series present in both, ranked by how far the incident moved from the baseline
 * (|robust z|, then |relative change|).
 */
export function compareToBaseline(
  incident: readonly Series[],
  incidentRange: (s: Series) => IndexRange,
  baseline: Baseline,
  opts: { max?: number; minSamples?: number } = {},
): Deviation[] {
  const minSamples = opts.minSamples ?? 2;
  const out: Deviation[] = [];
  for (const s of incident) {
    if (!comparable(s)) continue;
    const b = baseline.summary(s.metric, s.labels);
    if (b === undefined || b.samples < minSamples) continue;
    const r = incidentRange(s);
    if (r.end - r.start < minSamples) continue;
    const inc = summarize(s.values, r.start, r.end);
    if (inc.samples < minSamples) continue;
    const change = inc.median - b.median;
    const z = robustZ(inc.median, b);
    if (change === 0 && inc.p95 === b.p95) continue;
    out.push({
      metric: s.metric,
      labels: s.labels,
      unit: s.unit,
      incident: {
        median: round(inc.median),
        p95: round(inc.p95),
        mean: round(inc.mean),
        samples: inc.samples,
      },
      baseline: {
        median: round(b.median),
        p95: round(b.p95),
        mad: round(b.mad),
        samples: b.samples,
      },
      change: round(change),
      relativeChange: b.median === 0 ? null : round(change / Math.abs(b.median)),
      robustZ: round(z),
    });
  }
  out.sort(
    (a, b) =>
      Math.abs(b.robustZ) - Math.abs(a.robustZ) ||
      Math.abs(b.relativeChange ?? 0) - Math.abs(a.relativeChange ?? 0),
  );
  return opts.max === undefined ? out : out.slice(0, opts.max);
}
