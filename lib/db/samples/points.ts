/**
 * Parsers give each series its times in milliseconds: epoch ms when the output told the wall-clock
 * time, else offsets from the capture start (`relative`). Storage needs epoch ms, ascending, one
 * value per instant: this anchors, sorts when needed and drops what cannot be stored.
 */
import type { Series } from "@/lib/snapshot/types";

export interface SeriesArrays {
  times: ArrayLike<number>;
  values: ArrayLike<number>;
}

/** True when the columns can be stored as they are: absolute, integral, strictly ascending, finite. */
function storableAsIs(series: Series): boolean {
  const { times, values } = series;
  if (series.relative || times.length !== values.length) return false;
  let prev = -Infinity;
  for (let i = 0; i < times.length; i++) {
    const t = times[i] ?? NaN;
    if (!(t > prev) || !Number.isInteger(t) || !Number.isFinite(values[i] ?? NaN)) return false;
    prev = t;
  }
  return true;
}

export function toArrays(series: Series, anchorMs: number): SeriesArrays {
  // The common case (parsers emit ordered, de-duplicated columns): no copy at all.
  if (storableAsIs(series)) return { times: series.times, values: series.values };
  const n = Math.min(series.times.length, series.values.length);
  const offset = series.relative ? anchorMs : 0;
  const times = new Float64Array(n);
  const values = new Float64Array(n);
  let k = 0;
  let sorted = true;
  for (let i = 0; i < n; i++) {
    const t = Math.round((series.times[i] ?? NaN) + offset);
    const v = series.values[i] ?? NaN;
    if (!Number.isFinite(t) || !Number.isFinite(v)) continue;
    if (k > 0 && t < (times[k - 1] ?? 0)) sorted = false;
    times[k] = t;
    values[k] = v;
    k++;
  }
  let outT = times.subarray(0, k);
  let outV = values.subarray(0, k);
  if (!sorted) {
    const idx = Array.from({ length: k }, (_, i) => i).sort(
      (a, b) => (outT[a] ?? 0) - (outT[b] ?? 0),
    );
    outT = Float64Array.from(idx, (i) => times[i] ?? 0);
    outV = Float64Array.from(idx, (i) => values[i] ?? 0);
  }
  // One value per instant: a tool that printed the same second twice keeps its last value.
  let w = 0;
  for (let i = 0; i < outT.length; i++) {
    if (w > 0 && outT[i] === outT[w - 1]) {
      outV[w - 1] = outV[i] ?? 0;
      continue;
    }
    outT[w] = outT[i] ?? 0;
    outV[w] = outV[i] ?? 0;
    w++;
  }
  return { times: outT.subarray(0, w), values: outV.subarray(0, w) };
}
