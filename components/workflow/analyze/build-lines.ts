/**
 * Series answers of the API → the lines of the five charts of one host: each series placed by
 * its chart rule, fanned out per device / interface, quiet devices hidden, and the baseline's
 * series added as dashed lines shifted onto the incident's time axis.
 */
import type { ChartLine } from "@/components/charts/time-series-chart";
import { shiftPoints, type TimePoint } from "@/components/charts/merge";
import type { ChartSeries } from "@/lib/investigation/series";
import { seriesKey } from "@/lib/snapshot/types";
import { CHART_SPECS, ruleFor, type ChartDomain } from "./chart-specs";

export interface HostCharts {
  lines: Record<ChartDomain, ChartLine[]>;
  /** Devices / interfaces left out because every sample of theirs is zero. */
  quiet: Record<ChartDomain, string[]>;
}

function emptyByDomain<T>(make: () => T): Record<ChartDomain, T> {
  return { cpu: make(), memory: make(), disk: make(), network: make(), system: make() };
}

function isQuiet(points: readonly TimePoint[]): boolean {
  return points.every(([, v]) => v === 0);
}

/** One series per metric and labels: captures of the same host in several snapshots are joined. */
export function joinSnapshots(series: readonly ChartSeries[]): ChartSeries[] {
  const byId = new Map<string, ChartSeries>();
  for (const s of series) {
    const id = seriesKey(s.metric, s.labels);
    const cur = byId.get(id);
    if (!cur) byId.set(id, s);
    else
      byId.set(id, {
        ...cur,
        count: cur.count + s.count,
        points: [...cur.points, ...s.points].sort((a, b) => a[0] - b[0]),
      });
  }
  return [...byId.values()];
}

/**
 * @param fieldPrefix makes row fields unique when several hosts share one set of rows.
 * @param shiftMs how far the baseline moves to start where the incident window starts.
 */
export function buildHostCharts(
  incident: readonly ChartSeries[],
  baseline: readonly ChartSeries[],
  shiftMs: number,
  fieldPrefix: string,
): HostCharts {
  incident = joinSnapshots(incident);
  baseline = joinSnapshots(baseline);
  const lines = emptyByDomain<ChartLine[]>(() => []);
  const quiet = emptyByDomain<string[]>(() => []);
  let n = 0;
  for (const spec of CHART_SPECS) {
    const mine = incident.filter((s) => ruleFor(s.metric, s.labels)?.spec === spec);
    // Fan-out values (devices, interfaces) in name order; all-zero ones are hidden unless all are.
    const perLabel = spec.rules.find((r) => r.per)?.per;
    let kept: string[] = [];
    if (perLabel) {
      const values = [
        ...new Set(mine.map((s) => s.labels[perLabel]).filter((v): v is string => v !== undefined)),
      ].sort();
      const active = values.filter(
        (v) => !mine.filter((s) => s.labels[perLabel] === v).every((s) => isQuiet(s.points)),
      );
      // All silent (an idle host): one line stands for them, the rest are named as not drawn.
      kept = active.length > 0 ? active : values.slice(0, 1);
      quiet[spec.domain] = values.filter((v) => !kept.includes(v));
    }
    const place = (s: ChartSeries, role: "incident" | "baseline"): ChartLine | null => {
      const match = ruleFor(s.metric, s.labels);
      if (!match || match.spec !== spec) return null;
      const { rule } = match;
      const perValue = rule.per ? s.labels[rule.per] : undefined;
      if (rule.per && (perValue === undefined || !kept.includes(perValue))) return null;
      const index = perValue === undefined ? 0 : kept.indexOf(perValue);
      return {
        field: `${fieldPrefix}f${n++}`,
        id: seriesKey(s.metric, s.labels),
        name: rule.name(s.labels),
        color: typeof rule.color === "string" ? rule.color : rule.color(index),
        unit: s.unit,
        axis: rule.axis,
        role,
        points: role === "baseline" ? shiftPoints(s.points, shiftMs) : s.points,
      };
    };
    const incidentLines = mine
      .map((s) => place(s, "incident"))
      .filter((l): l is ChartLine => l !== null);
    // A baseline line only beside an incident line of the same series.
    const ids = new Set(incidentLines.map((l) => l.id));
    const baselineLines = baseline
      .map((s) => place(s, "baseline"))
      .filter((l): l is ChartLine => l !== null && ids.has(l.id));
    // Same order as the rules: user before system, rx before tx, then per device.
    const order = (l: ChartLine) =>
      spec.rules.findIndex((r) => l.id === r.metric || l.id.startsWith(`${r.metric}{`));
    lines[spec.domain] = [...incidentLines, ...baselineLines].sort(
      (a, b) => order(a) - order(b) || a.name.localeCompare(b.name),
    );
  }
  return { lines, quiet };
}
