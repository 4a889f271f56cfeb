/**
 * Numeric helpers over columnar series: index ranges by time, means, quantiles, MAD.
 *
 * Everything works on index ranges `[start, end)` of a series' `times`/`values` so that a day of
 * 1-second samples is walked once, without slicing or allocating per point. Quantiles copy the
 * range into one reused Float64Array and select in place (expected linear time) instead of sorting.
 */

/** First index whose time is >= t (times ascending). */
export function lowerBound(
  times: ArrayLike<number>,
  t: number,
  lo = 0,
  hi: number = times.length,
): number {
  let a = lo;
  let b = hi;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if ((times[mid] ?? Infinity) < t) a = mid + 1;
    else b = mid;
  }
  return a;
}

/** First index whose time is > t. */
export function upperBound(
  times: ArrayLike<number>,
  t: number,
  lo = 0,
  hi: number = times.length,
): number {
  let a = lo;
  let b = hi;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if ((times[mid] ?? Infinity) <= t) a = mid + 1;
    else b = mid;
  }
  return a;
}

export interface IndexRange {
  start: number;
  /** Exclusive. */
  end: number;
}

/** Samples with from <= t <= to. */
export function rangeOf(times: ArrayLike<number>, from: number, to: number): IndexRange {
  const start = lowerBound(times, from);
  return { start, end: upperBound(times, to, start) };
}

/** Mean of the finite values in [start, end); NaN when there are none. */
export function meanOf(values: ArrayLike<number>, start: number, end: number): number {
  let sum = 0;
  let n = 0;
  for (let i = start; i < end; i++) {
    const v = values[i] ?? NaN;
    if (v === v) {
      sum += v;
      n++;
    }
  }
  return n === 0 ? NaN : sum / n;
}

export function maxOf(values: ArrayLike<number>, start: number, end: number): number {
  let m = -Infinity;
  for (let i = start; i < end; i++) {
    const v = values[i] ?? NaN;
    if (v > m) m = v;
  }
  return m === -Infinity ? NaN : m;
}

export function minOf(values: ArrayLike<number>, start: number, end: number): number {
  let m = Infinity;
  for (let i = start; i < end; i++) {
    const v = values[i] ?? NaN;
    if (v < m) m = v;
  }
  return m === Infinity ? NaN : m;
}

let scratch = new Float64Array(1024);

/** Copies the finite values of [start, end) into the scratch buffer; returns how many. */
function fill(values: ArrayLike<number>, start: number, end: number): number {
  if (scratch.length < end - start)
    scratch = new Float64Array(Math.max(end - start, 2 * scratch.length));
  let n = 0;
  for (let i = start; i < end; i++) {
    const v = values[i] ?? NaN;
    if (v === v) scratch[n++] = v;
  }
  return n;
}

/** Rearranges a[lo..hi] so that a[k] is the k-th smallest (Hoare selection, median-of-three pivot). */
function select(a: Float64Array, k: number, lo: number, hi: number): void {
  let l = lo;
  let h = hi;
  while (h > l) {
    const mid = (l + h) >>> 1;
    // Median of three as pivot keeps sorted and constant runs (common in metrics) linear.
    const x = a[l] ?? 0;
    const y = a[mid] ?? 0;
    const z = a[h] ?? 0;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = l;
    let j = h;
    while (i <= j) {
      while ((a[i] ?? 0) < pivot) i++;
      while ((a[j] ?? 0) > pivot) j--;
      if (i <= j) {
        const t = a[i] ?? 0;
        a[i] = a[j] ?? 0;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) h = j;
    else if (k >= i) l = i;
    else return;
  }
}

/** Quantile of n values already in the scratch buffer (linear interpolation, like numpy's default). */
function quantileOfScratch(n: number, q: number): number {
  if (n === 0) return NaN;
  const pos = (n - 1) * q;
  const k = Math.floor(pos);
  select(scratch, k, 0, n - 1);
  const lo = scratch[k] ?? NaN;
  if (pos === k || k + 1 >= n) return lo;
  // After selection everything right of k is >= a[k]: the next order statistic is their minimum.
  let next = Infinity;
  for (let i = k + 1; i < n; i++) {
    const v = scratch[i] ?? Infinity;
    if (v < next) next = v;
  }
  return lo + (next - lo) * (pos - k);
}

/** q-quantile (0..1) of the finite values in [start, end); NaN when empty. */
export function quantileOf(
  values: ArrayLike<number>,
  start: number,
  end: number,
  q: number,
): number {
  return quantileOfScratch(fill(values, start, end), q);
}

export interface Summary {
  median: number;
  p95: number;
  mean: number;
  /** Median absolute deviation from the median (unscaled). */
  mad: number;
  samples: number;
}

/** Median, p95, mean and MAD of the finite values in [start, end) in three passes over a copy. */
export function summarize(values: ArrayLike<number>, start: number, end: number): Summary {
  const n = fill(values, start, end);
  if (n === 0) return { median: NaN, p95: NaN, mean: NaN, mad: NaN, samples: 0 };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += scratch[i] ?? 0;
  const p95 = quantileOfScratch(n, 0.95);
  const median = quantileOfScratch(n, 0.5);
  for (let i = 0; i < n; i++) scratch[i] = Math.abs((scratch[i] ?? 0) - median);
  const mad = quantileOfScratch(n, 0.5);
  return { median, p95, mean: sum / n, mad, samples: n };
}

/**
 * Typical sampling interval (ms) of times[start..end): the median gap, estimated from at most
 * 257 gaps spread over the range (a day of samples needs no full pass for this).
 */
export function typicalInterval(times: ArrayLike<number>, start: number, end: number): number {
  const gaps = end - start - 1;
  if (gaps <= 0) return NaN;
  const step = Math.max(1, Math.floor(gaps / 256));
  const picked: number[] = [];
  for (let i = start + 1; i < end; i += step) picked.push((times[i] ?? 0) - (times[i - 1] ?? 0));
  picked.sort((a, b) => a - b);
  return picked[picked.length >> 1] ?? NaN;
}

/** Rounds for display and comparison: 2 decimals below 1000, whole numbers above. */
export function round(v: number): number {
  if (!Number.isFinite(v)) return v;
  if (Math.abs(v) >= 1000) return Math.round(v);
  return Math.round(v * 100) / 100;
}

export function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
