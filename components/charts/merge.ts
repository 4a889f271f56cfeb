/**
 * The one time-series shape every chart takes, and the merge of many series with different
 * timestamps onto one time axis.
 *
 * recharts draws rows (`{ t, s0, s1, ... }`); our series come from different tools (mpstat every
 * second, iostat every 5 s, a baseline shifted in time) and are downsampled one by one on the
 * server, so their timestamps differ. The merge takes the union of the timestamps (collapsed to
 * about one row per pixel), and fills a series' value at a row between two of its samples by
 * linear interpolation, which draws exactly the segment between the samples. A row inside a gap
 * of the series (no sample for several of its intervals) stays empty, so a gap shows as a gap.
 * Because every chart of the page gets the same rows, hover sync by time value lands on the same
 * row in every chart.
 */

/** `[epoch ms, value]`, ascending by time: the shape the series API answers. */
export type TimePoint = readonly [number, number];

/** One series on the shared axis, under the row field it is drawn from. */
export interface SeriesInput {
  field: string;
  points: readonly TimePoint[];
}

export interface ChartRow {
  t: number;
  [field: string]: number | null;
}

export interface MergeOptions {
  /** Timestamps closer than this share a row (about the time one pixel covers). Default 0. */
  resolutionMs?: number;
  /** A pause longer than this many typical intervals of a series is a gap. Default 3. */
  gapFactor?: number;
}

/** Median spacing of a series' samples (NaN below two samples). */
export function typicalStep(points: readonly TimePoint[]): number {
  if (points.length < 2) return NaN;
  const gaps: number[] = [];
  const stride = Math.max(1, Math.floor(points.length / 512));
  for (let i = stride; i < points.length; i += stride) {
    const a = points[i - stride];
    const b = points[i];
    if (a && b) gaps.push((b[0] - a[0]) / stride);
  }
  gaps.sort((x, y) => x - y);
  return gaps[Math.floor(gaps.length / 2)] ?? NaN;
}

/** Row start times: the union of all timestamps, collapsed to one per `resolutionMs`. */
function rowTimes(series: readonly SeriesInput[], resolutionMs: number): number[] {
  const all: number[] = [];
  for (const s of series)
    for (const p of s.points) if (Number.isFinite(p[0]) && Number.isFinite(p[1])) all.push(p[0]);
  all.sort((a, b) => a - b);
  const minGap = resolutionMs > 0 ? resolutionMs : Number.MIN_VALUE;
  const out: number[] = [];
  for (const t of all) {
    const last = out[out.length - 1];
    if (last === undefined || t - last >= minGap) out.push(t);
  }
  return out;
}

export function mergeSeries(series: readonly SeriesInput[], opts: MergeOptions = {}): ChartRow[] {
  const resolution = Math.max(0, opts.resolutionMs ?? 0);
  const gapFactor = opts.gapFactor ?? 3;
  const times = rowTimes(series, resolution);
  const rows: ChartRow[] = times.map((t) => ({ t }));
  for (const s of series) {
    const pts = s.points.filter((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]));
    for (const r of rows) r[s.field] = null;
    if (pts.length === 0) continue;
    const step = typicalStep(pts);
    // A gap is a pause of several intervals, and never less than the row resolution.
    const maxGap = Number.isFinite(step) ? Math.max(step * gapFactor, resolution * 2) : Infinity;
    // The row each sample falls in: the last row starting at or before it.
    const own = new Set<number>();
    let r = 0;
    for (const [t, v] of pts) {
      while (r + 1 < times.length && (times[r + 1] ?? Infinity) <= t) r++;
      const row = rows[r];
      if (!row) continue;
      const cur = row[s.field];
      // Two samples in one pixel: keep the farther from zero, so a spike stays visible.
      if (cur === null || cur === undefined || Math.abs(v) > Math.abs(cur)) row[s.field] = v;
      own.add(r);
    }
    // Rows between two samples of this series: the value on the segment joining them.
    let k = 0;
    for (let i = 0; i < rows.length; i++) {
      if (own.has(i)) continue;
      const row = rows[i];
      if (!row) continue;
      const t = row.t;
      while (k + 1 < pts.length && (pts[k + 1]?.[0] ?? Infinity) <= t) k++;
      const a = pts[k];
      const b = pts[k + 1];
      if (!a || !b || a[0] > t || b[0] - a[0] > maxGap) continue;
      const f = (t - a[0]) / (b[0] - a[0]);
      row[s.field] = a[1] + (b[1] - a[1]) * f;
    }
  }
  return rows;
}

/** How far the baseline moves so that its start lines up with the incident window's start. */
export function baselineShiftMs(incidentStartMs: number, baselineStartMs: number): number {
  return incidentStartMs - baselineStartMs;
}

/** The same samples `shiftMs` later (a baseline drawn on the incident's time axis). */
export function shiftPoints(points: readonly TimePoint[], shiftMs: number): TimePoint[] {
  return points.map(([t, v]) => [t + shiftMs, v] as const);
}

/** Index of the sample nearest to `t` (-1 for no samples). */
export function nearestIndex(points: readonly TimePoint[], t: number): number {
  if (points.length === 0) return -1;
  let lo = 0;
  let hi = points.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((points[mid]?.[0] ?? Infinity) < t) lo = mid + 1;
    else hi = mid;
  }
  const prev = points[lo - 1];
  const here = points[lo];
  if (prev && here && Math.abs(prev[0] - t) <= Math.abs(here[0] - t)) return lo - 1;
  return lo;
}

/**
 * The sample at time `t` for a tooltip: the nearest one, unless it is farther than `toleranceMs`
 * (the hover is in a gap of this series, or outside it). Real samples, never interpolated.
 */
export function valueAt(
  points: readonly TimePoint[],
  t: number,
  toleranceMs: number,
): number | null {
  const i = nearestIndex(points, t);
  const p = points[i];
  if (!p || Math.abs(p[0] - t) > toleranceMs) return null;
  return p[1];
}

export interface SeriesSummary {
  latest: number;
  min: number;
  max: number;
  mean: number;
  count: number;
}

/** Latest, min, max and mean of the samples in [from, to]: the legend's numbers. */
export function summarize(
  points: readonly TimePoint[],
  from = -Infinity,
  to = Infinity,
): SeriesSummary | null {
  let count = 0;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let latest = NaN;
  for (const [t, v] of points) {
    if (t < from || t > to || !Number.isFinite(v)) continue;
    count++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
    latest = v;
  }
  return count === 0 ? null : { latest, min, max, mean: sum / count, count };
}
