/**
 * Chart markers: kernel and system events of the hosts shown (OOM kills, I/O errors, link
 * changes, restarts) and the fixes applied, as vertical lines. Events of one kind close together
 * are one marker with a count, so a burst of 100 OOM kills stays readable.
 */
import type { ChartMarker } from "@/components/charts/time-series-chart";
import type { TimeWindow } from "@/components/charts/zoom";
import type { FixView } from "@/lib/db/fixes";
import type { IncidentEventView } from "@/lib/db/host-events";

const KIND_LABEL: Record<string, string> = {
  "oom-kill": "OOM kill",
  "io-error": "I/O error",
  "link-down": "link down",
  "link-up": "link up",
  "hung-task": "hung task",
  "soft-lockup": "soft lockup",
  segfault: "segfault",
  mce: "MCE",
  restart: "restart",
  throttle: "throttled",
};

export interface MarkerSet {
  markers: ChartMarker[];
  /** Events and fixes of these hosts outside the window (said under the charts, not drawn). */
  outside: number;
}

export function eventMarkers(
  events: readonly IncidentEventView[],
  hostIds: readonly string[],
  w: TimeWindow,
  buckets = 60,
): MarkerSet {
  const bucketMs = Math.max(1, (w.to - w.from) / buckets);
  const groups = new Map<
    string,
    { t: number; kind: string; count: number; hosts: Set<string>; message: string }
  >();
  let outside = 0;
  for (const e of events) {
    const label = KIND_LABEL[e.kind];
    if (!label || e.at === null || e.role !== "incident" || !hostIds.includes(e.host.id)) continue;
    const t = Date.parse(e.at);
    if (!Number.isFinite(t)) continue;
    if (t < w.from || t > w.to) {
      outside++;
      continue;
    }
    const key = `${e.kind}:${Math.floor((t - w.from) / bucketMs)}`;
    const g = groups.get(key);
    if (g) {
      g.count++;
      g.hosts.add(e.host.hostname);
    } else
      groups.set(key, {
        t,
        kind: e.kind,
        count: 1,
        hosts: new Set([e.host.hostname]),
        message: e.message,
      });
  }
  const markers = [...groups.values()]
    .sort((a, b) => a.t - b.t)
    .map((g) => {
      const label = KIND_LABEL[g.kind] ?? g.kind;
      return {
        t: g.t,
        tone: "event" as const,
        label: g.count > 1 ? `${label} ×${g.count}` : label,
        detail: `${g.count > 1 ? `${g.count} × ${label}` : label} on ${[...g.hosts].join(", ")}: ${g.message}`,
      };
    });
  return { markers, outside };
}

export function fixMarkers(fixes: readonly FixView[], w: TimeWindow): MarkerSet {
  const markers: ChartMarker[] = [];
  let outside = 0;
  for (const f of fixes) {
    const t = Date.parse(f.appliedAt);
    if (!Number.isFinite(t)) continue;
    if (t < w.from || t > w.to) {
      outside++;
      continue;
    }
    const short = f.description.length > 28 ? `${f.description.slice(0, 27)}…` : f.description;
    markers.push({
      t,
      tone: "fix",
      label: `Fix: ${short}`,
      detail: `Fix on ${f.target}: ${f.description}${f.author ? ` (${f.author.name})` : ""}`,
    });
  }
  return { markers, outside };
}
