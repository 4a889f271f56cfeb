"use client";

import { formatWindow } from "@/components/charts/format";
import { panWindow, zoomWindow, type TimeWindow } from "@/components/charts/zoom";
import { Button } from "@/components/ui/button";

/**
 * The keyboard way to move every chart: zoom in / out around the centre, pan, reset. Same effect
 * as dragging across a chart, and the window goes in the URL.
 */
export function ZoomToolbar({
  window: w,
  extent,
  zoomed,
  onChange,
}: {
  window: TimeWindow;
  extent: TimeWindow;
  zoomed: boolean;
  onChange: (w: TimeWindow | null) => void;
}) {
  const atStart = w.from <= extent.from;
  const atEnd = w.to >= extent.to;
  const full = atStart && atEnd;
  return (
    <div role="group" aria-label="Time window" className="flex flex-wrap items-center gap-2">
      <p className="mr-1 text-sm tabular-nums" aria-live="polite" data-window-text="">
        <span className="text-muted">Window </span>
        {formatWindow(w.from, w.to)}
      </p>
      <Button size="sm" variant="secondary" onClick={() => onChange(zoomWindow(w, 0.5, extent))}>
        Zoom in
      </Button>
      <Button
        size="sm"
        variant="secondary"
        disabled={full}
        onClick={() => onChange(zoomWindow(w, 2, extent))}
      >
        Zoom out
      </Button>
      <Button
        size="sm"
        variant="secondary"
        disabled={atStart}
        onClick={() => onChange(panWindow(w, -0.25, extent))}
        aria-label="Earlier"
      >
        ←
      </Button>
      <Button
        size="sm"
        variant="secondary"
        disabled={atEnd}
        onClick={() => onChange(panWindow(w, 0.25, extent))}
        aria-label="Later"
      >
        →
      </Button>
      <Button size="sm" variant="ghost" disabled={!zoomed} onClick={() => onChange(null)}>
        Reset zoom
      </Button>
      <span className="text-xs text-muted">or drag across a chart</span>
    </div>
  );
}
