/**
 * Lookup of a snapshot's series by metric and labels, restricted to a time window.
 */
import { isoOf, seriesKey, type Labels, type Series, type Timestamp } from "../snapshot/types";
import { rangeOf, typicalInterval, type IndexRange } from "./stats";
import type { TimeWindow } from "./types";

export class SeriesIndex {
  private readonly byKey = new Map<string, Series>();
  private readonly byMetric = new Map<string, Series[]>();

  constructor(
    series: readonly Series[],
    /** The window rules look at; `relative` tells which time base it is in. */
    readonly window: TimeWindow,
    readonly relative: boolean,
  ) {
    for (const s of series) {
      const n = Math.min(s.times.length, s.values.length);
      if (n === 0) continue;
      this.byKey.set(seriesKey(s.metric, s.labels), s);
      const list = this.byMetric.get(s.metric);
      if (list === undefined) this.byMetric.set(s.metric, [s]);
      else list.push(s);
    }
  }

  get(metric: string, labels: Labels = {}): Series | undefined {
    return this.byKey.get(seriesKey(metric, labels));
  }

  all(metric: string): readonly Series[] {
    return this.byMetric.get(metric) ?? [];
  }

  /** Metrics whose name starts with `prefix`. */
  metrics(prefix: string): string[] {
    return [...this.byMetric.keys()].filter((m) => m.startsWith(prefix));
  }

  /** The samples of `s` inside the window (all of them when `s` is in the other time base). */
  range(s: Series): IndexRange {
    const n = Math.min(s.times.length, s.values.length);
    if ((s.relative ?? false) !== this.relative) return { start: 0, end: n };
    const r = rangeOf(s.times, this.window.from, this.window.to);
    return { start: r.start, end: Math.min(r.end, n) };
  }

  /** Typical interval of `s` inside the window; falls back to 1 s. */
  interval(s: Series, r: IndexRange = this.range(s)): number {
    const dt = typicalInterval(s.times, r.start, r.end);
    return Number.isFinite(dt) && dt > 0 ? dt : 1000;
  }
}

/** A time as the contract prints it: ISO for wall-clock series, seconds since the start otherwise. */
export function stamp(ms: number, relative: boolean): Timestamp {
  return relative ? ms / 1000 : isoOf(ms);
}

/** The span of all sample times, per time base; absolute series win when both exist. */
export function extentOf(
  series: readonly Series[],
): { window: TimeWindow; relative: boolean } | null {
  let absFrom = Infinity;
  let absTo = -Infinity;
  let relFrom = Infinity;
  let relTo = -Infinity;
  for (const s of series) {
    const n = Math.min(s.times.length, s.values.length);
    if (n === 0) continue;
    const a = s.times[0] ?? 0;
    const b = s.times[n - 1] ?? 0;
    if (s.relative) {
      if (a < relFrom) relFrom = a;
      if (b > relTo) relTo = b;
    } else {
      if (a < absFrom) absFrom = a;
      if (b > absTo) absTo = b;
    }
  }
  if (absFrom <= absTo) return { window: { from: absFrom, to: absTo }, relative: false };
  if (relFrom <= relTo) return { window: { from: relFrom, to: relTo }, relative: true };
  return null;
}

/**
 * Values of `other` at the times of `base` in [start, end): the sample with the same time, or the
 * nearest one within half an interval, else NaN. One merge pass; `out` is reused when given.
 */
export function alignTo(
  base: Series,
  start: number,
  end: number,
  other: Series,
  toleranceMs: number,
  out?: Float64Array,
): Float64Array {
  const res = out !== undefined && out.length >= end - start ? out : new Float64Array(end - start);
  const ot = other.times;
  const ov = other.values;
  const on = Math.min(ot.length, ov.length);
  let j = 0;
  for (let i = start; i < end; i++) {
    const t = base.times[i] ?? 0;
    while (j + 1 < on && (ot[j + 1] ?? 0) <= t) j++;
    let best = NaN;
    let bestD = Infinity;
    for (let k = j; k <= j + 1 && k < on; k++) {
      const d = Math.abs((ot[k] ?? 0) - t);
      if (d < bestD) {
        bestD = d;
        best = ov[k] ?? NaN;
      }
    }
    res[i - start] = bestD <= toleranceMs ? best : NaN;
  }
  return res;
}
