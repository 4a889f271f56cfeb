/**
 * The Verify step's verdict for one metric: did the fix bring it back to normal?
 *
 * Three numbers per metric: `before` (the incident capture), `after` (the capture taken after the
 * fix) and, when the team has one, `baseline` (the hosts working well). The rule, in order:
 *
 * 1. Missing `before` or `after` samples: **inconclusive** (nothing to compare).
 * 2. **Back to baseline** when `after` lies inside the baseline's normal band, or beyond it on the
 *    good side (a disk busier than usual is bad; less busy than usual is fine). The band is the
 *    baseline median ± the larger of 3 robust standard deviations (1.4826 × MAD) and the metric's
 *    noise floor; upwards it reaches at least the baseline p95, so normal spikes stay normal.
 * 3. Otherwise compare `after` with `before` in the metric's good direction. The change counts
 *    when it exceeds the *significance*: the larger of the noise floor, 3 robust standard
 *    deviations of the baseline, and 10% of the `before` level (so a 2% wobble on a busy disk is
 *    noise). **Improved** when it moved that far the good way, **worse** when that far the bad way,
 *    else **unchanged**.
 * 4. Throughput-like metrics (`closer-better`) have no good direction: they improve when they move
 *    closer to the baseline and get worse when they move away. Without a baseline they cannot be
 *    judged once they moved (**inconclusive**).
 *
 * Pure: the API computes the statistics and calls this; the unit tests call it directly.
 */
import {
  comparisonStat,
  formatValue,
  metricDirection,
  noiseFloor,
  type Direction,
} from "./verify-metrics";

export const VERDICTS = [
  "back-to-baseline",
  "improved",
  "unchanged",
  "worse",
  "inconclusive",
] as const;
export type Verdict = (typeof VERDICTS)[number];

export const VERDICT_LABEL: Record<Verdict, string> = {
  "back-to-baseline": "Back to baseline",
  improved: "Improved",
  unchanged: "Unchanged",
  worse: "Worse",
  inconclusive: "Inconclusive",
};

/** Statistics of one side over its window (from lib/analysis `summarize`). */
export interface WindowStats {
  median: number;
  p95: number;
  mean: number;
  /** Median absolute deviation (unscaled). */
  mad: number;
  samples: number;
}

export interface VerdictInput {
  metric: string;
  unit: string;
  before: WindowStats | null;
  after: WindowStats | null;
  baseline: WindowStats | null;
}

export interface VerdictResult {
  verdict: Verdict;
  /** One sentence a responder can read aloud in the war room. */
  reason: string;
  direction: Direction;
  /** Which statistic was compared. */
  stat: "median" | "mean";
  /** The values compared (the chosen statistic of each side). */
  values: { before: number | null; after: number | null; baseline: number | null };
  /** The change that was needed to count (see the rule above). */
  significance: number;
}

/** 1.4826 × MAD estimates the standard deviation for normally distributed data. */
const MAD_TO_SIGMA = 1.4826;

function usable(s: WindowStats | null): s is WindowStats {
  return s !== null && s.samples > 0 && Number.isFinite(s.median);
}

function pick(s: WindowStats, stat: "median" | "mean"): number {
  return stat === "mean" ? s.mean : s.median;
}

/** The baseline's normal band for the compared statistic. */
export function baselineBand(
  baseline: WindowStats,
  metric: string,
  unit: string,
): { low: number; high: number; center: number } {
  const stat = comparisonStat(metric);
  const center = pick(baseline, stat);
  const width = Math.max(3 * MAD_TO_SIGMA * baseline.mad, noiseFloor(metric, unit));
  return { low: center - width, high: Math.max(center + width, baseline.p95), center };
}

export function verdictFor(input: VerdictInput): VerdictResult {
  const { metric, unit } = input;
  const direction = metricDirection(metric);
  const stat = comparisonStat(metric);
  const floor = noiseFloor(metric, unit);
  const before = usable(input.before) ? pick(input.before, stat) : null;
  const after = usable(input.after) ? pick(input.after, stat) : null;
  const base = usable(input.baseline) ? input.baseline : null;
  const baseValue = base ? pick(base, stat) : null;
  const fmt = (v: number) => formatValue(v, unit);
  const values = { before, after, baseline: baseValue };
  const result = (verdict: Verdict, reason: string, significance: number): VerdictResult => ({
    verdict,
    reason,
    direction,
    stat,
    values,
    significance,
  });

  if (after === null) {
    return result("inconclusive", "No samples after the fix: upload the verify capture.", floor);
  }
  if (before === null) {
    return result("inconclusive", "No samples in the incident capture to compare with.", floor);
  }

  const significance = Math.max(
    floor,
    base ? 3 * MAD_TO_SIGMA * base.mad : 0,
    0.1 * Math.abs(before),
  );

  // 2. Back to (or better than) the baseline.
  if (base && baseValue !== null) {
    const band = baselineBand(base, metric, unit);
    const inBand = after >= band.low && after <= band.high;
    const betterSide =
      (direction === "lower-better" && after < band.low) ||
      (direction === "higher-better" && after > band.high);
    if (inBand || betterSide) {
      const where = inBand ? "within the baseline's normal range" : "better than the baseline";
      return result(
        "back-to-baseline",
        `${fmt(after)} after the fix is ${where} (baseline ${fmt(baseValue)}; ${fmt(before)} during the incident).`,
        significance,
      );
    }
  }

  // 3./4. Moved far enough, and which way?
  let gain: number;
  if (direction === "lower-better") gain = before - after;
  else if (direction === "higher-better") gain = after - before;
  else if (baseValue !== null) gain = Math.abs(before - baseValue) - Math.abs(after - baseValue);
  else {
    const moved = Math.abs(after - before) >= significance;
    return moved
      ? result(
          "inconclusive",
          `Moved from ${fmt(before)} to ${fmt(after)}, but a throughput metric needs a baseline to say whether that is better.`,
          significance,
        )
      : result(
          "unchanged",
          `${fmt(after)} after the fix, ${fmt(before)} during the incident: within noise (${fmt(significance)}).`,
          significance,
        );
  }

  const tail = baseValue !== null ? ` Baseline: ${fmt(baseValue)}.` : "";
  if (gain >= significance) {
    return result(
      "improved",
      `From ${fmt(before)} to ${fmt(after)}: better, but not back to normal yet.${tail}`,
      significance,
    );
  }
  if (gain <= -significance) {
    return result(
      "worse",
      `From ${fmt(before)} to ${fmt(after)}: worse than during the incident.${tail}`,
      significance,
    );
  }
  return result(
    "unchanged",
    `${fmt(after)} after the fix, ${fmt(before)} during the incident: the difference is within noise (${fmt(significance)}).${tail}`,
    significance,
  );
}

/** The overall verdict of several metrics: the worst one wins, inconclusive ones are skipped. */
export function overallVerdict(verdicts: readonly Verdict[]): Verdict {
  const order: Verdict[] = ["worse", "unchanged", "improved", "back-to-baseline"];
  for (const v of order) if (verdicts.includes(v)) return v;
  return "inconclusive";
}
