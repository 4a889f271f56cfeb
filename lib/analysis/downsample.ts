/**
 * Largest-Triangle-Three-Buckets downsampling (Steinarsson, 2013): keeps the shape of a series —
 * its peaks and dips — in `threshold` points, so a chart about as wide as the points shows what
 * the full series shows. First and last points are always kept. Pure and allocation-light: one
 * pass, output in two typed arrays.
 */
export interface XY {
  x: Float64Array;
  y: Float64Array;
}

export function lttb(x: ArrayLike<number>, y: ArrayLike<number>, threshold: number): XY {
  const n = Math.min(x.length, y.length);
  if (threshold >= n || threshold < 3) {
    return {
      x: Float64Array.from({ length: n }, (_, i) => x[i] ?? 0),
      y: Float64Array.from({ length: n }, (_, i) => y[i] ?? 0),
    };
  }
  const outX = new Float64Array(threshold);
  const outY = new Float64Array(threshold);
  const every = (n - 2) / (threshold - 2);
  let a = 0;
  outX[0] = x[0] ?? 0;
  outY[0] = y[0] ?? 0;
  for (let i = 0; i < threshold - 2; i++) {
    // Average of the next bucket: the third corner of the triangle.
    const nextStart = Math.floor((i + 1) * every) + 1;
    const nextEnd = Math.min(Math.floor((i + 2) * every) + 1, n);
    let avgX = 0;
    let avgY = 0;
    for (let j = nextStart; j < nextEnd; j++) {
      avgX += x[j] ?? 0;
      avgY += y[j] ?? 0;
    }
    const len = Math.max(1, nextEnd - nextStart);
    avgX /= len;
    avgY /= len;
    // This bucket: the point making the largest triangle with the last kept point and the average.
    const start = Math.floor(i * every) + 1;
    const end = Math.floor((i + 1) * every) + 1;
    const ax = x[a] ?? 0;
    const ay = y[a] ?? 0;
    let best = start;
    let bestArea = -1;
    for (let j = start; j < end; j++) {
      const area = Math.abs((ax - avgX) * ((y[j] ?? 0) - ay) - (ax - (x[j] ?? 0)) * (avgY - ay));
      if (area > bestArea) {
        bestArea = area;
        best = j;
      }
    }
    outX[i + 1] = x[best] ?? 0;
    outY[i + 1] = y[best] ?? 0;
    a = best;
  }
  outX[threshold - 1] = x[n - 1] ?? 0;
  outY[threshold - 1] = y[n - 1] ?? 0;
  return { x: outX, y: outY };
}
