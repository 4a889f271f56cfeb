/**
 * The time window every chart of a page shows, and the ways to move it: drag a selection, zoom
 * in/out around the centre, pan, reset. The window itself lives in the URL (lib/client/time-window).
 */
import type { TimeWindow } from "@/lib/client/time-window";

export type { TimeWindow };

/** The narrowest window zooming goes to. */
export const MIN_WINDOW_MS = 1000;

/** Keeps a window inside `extent` (sliding it back in rather than shrinking it when it can). */
export function clampWindow(w: TimeWindow, extent: TimeWindow | null): TimeWindow {
  let { from, to } = w;
  if (to - from < MIN_WINDOW_MS) {
    const mid = (from + to) / 2;
    from = mid - MIN_WINDOW_MS / 2;
    to = mid + MIN_WINDOW_MS / 2;
  }
  if (!extent) return { from: Math.round(from), to: Math.round(to) };
  const span = Math.min(to - from, extent.to - extent.from);
  if (from < extent.from) {
    from = extent.from;
    to = from + span;
  }
  if (to > extent.to) {
    to = extent.to;
    from = to - span;
  }
  return { from: Math.round(Math.max(from, extent.from)), to: Math.round(Math.min(to, extent.to)) };
}

/** Zoom by `factor` around the centre: 0.5 halves the window (zoom in), 2 doubles it (out). */
export function zoomWindow(w: TimeWindow, factor: number, extent: TimeWindow | null): TimeWindow {
  const mid = (w.from + w.to) / 2;
  const half = ((w.to - w.from) * factor) / 2;
  return clampWindow({ from: mid - half, to: mid + half }, extent);
}

/** Move by a fraction of the window: -0.25 a quarter to the left (earlier). */
export function panWindow(w: TimeWindow, fraction: number, extent: TimeWindow | null): TimeWindow {
  const d = (w.to - w.from) * fraction;
  return clampWindow({ from: w.from + d, to: w.to + d }, extent);
}

export function sameWindow(a: TimeWindow | null, b: TimeWindow | null): boolean {
  return a === b || (a !== null && b !== null && a.from === b.from && a.to === b.to);
}

/** The horizontal extent of a chart's plot area, in pixels from the chart's left edge. */
export interface PlotBounds {
  left: number;
  right: number;
}

/** Pixel → time on a linear axis showing `w` between the plot's left and right edges. */
export function pixelToTime(x: number, plot: PlotBounds, w: TimeWindow): number {
  const width = plot.right - plot.left;
  if (width <= 0) return w.from;
  const f = Math.min(1, Math.max(0, (x - plot.left) / width));
  return w.from + f * (w.to - w.from);
}

/** A drag from pixel `x1` to `x2` as a window (null for a click or a sliver under 4 px). */
export function selectionToWindow(
  x1: number,
  x2: number,
  plot: PlotBounds,
  w: TimeWindow,
  minPixels = 4,
): TimeWindow | null {
  if (Math.abs(x2 - x1) < minPixels) return null;
  const a = pixelToTime(Math.min(x1, x2), plot, w);
  const b = pixelToTime(Math.max(x1, x2), plot, w);
  return b > a ? { from: Math.round(a), to: Math.round(b) } : null;
}

/** The width a chart asks the server for: its plot width rounded up to a bucket (no refetch storm on resize). */
export function requestWidth(pixels: number, bucket = 200, max = 2000): number {
  if (!Number.isFinite(pixels) || pixels <= 0) return bucket;
  return Math.min(max, Math.max(bucket, Math.ceil(pixels / bucket) * bucket));
}
