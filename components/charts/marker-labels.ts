import type { PlotBounds, TimeWindow } from "./zoom";

/**
 * Which markers get a text label: labels need about `minGapPx` of room, so where markers crowd
 * (a burst of OOM kills) only some are labelled; fixes first, then events, in time order. The
 * lines are all drawn, and the list under the charts names every one.
 */
export function labelledMarkers<M extends { t: number; tone: "event" | "fix" }>(
  markers: readonly M[],
  w: TimeWindow,
  plot: PlotBounds,
  minGapPx = 90,
): (M & { showLabel: boolean })[] {
  const span = w.to - w.from;
  const width = plot.right - plot.left;
  const xOf = (t: number) => (span > 0 ? plot.left + ((t - w.from) / span) * width : plot.left);
  const placed: number[] = [];
  const show = new Set<number>();
  const order = markers
    .map((m, i) => ({ m, i }))
    .sort((a, b) => (a.m.tone === b.m.tone ? a.m.t - b.m.t : a.m.tone === "fix" ? -1 : 1));
  for (const { m, i } of order) {
    const x = xOf(m.t);
    if (placed.every((p) => Math.abs(p - x) >= minGapPx)) {
      placed.push(x);
      show.add(i);
    }
  }
  return markers.map((m, i) => ({ ...m, showLabel: show.has(i) }));
}
