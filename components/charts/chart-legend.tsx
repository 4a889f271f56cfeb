import { useMemo } from "react";
import { cn } from "@/lib/cn";
import { formatValue } from "./format";
import { summarize } from "./merge";
import type { ChartLine } from "./time-series-chart";
import type { TimeWindow } from "./zoom";

/**
 * The numbers behind a chart, readable without hovering: per series its latest, min and max in
 * the window, and the baseline's mean beside them when a baseline is drawn.
 */
export function ChartLegend({
  lines,
  window: w,
  highlight,
  action,
}: {
  lines: readonly ChartLine[];
  window: TimeWindow;
  highlight: ReadonlySet<string> | null;
  action?: { label: string; onSelect: (line: ChartLine) => void; selectedId?: string | null };
}) {
  const rows = useMemo(() => {
    const baseline = new Map(lines.filter((l) => l.role === "baseline").map((l) => [l.id, l]));
    return lines
      .filter((l) => l.role === "incident")
      .map((l) => {
        const b = baseline.get(l.id);
        return {
          line: l,
          stats: summarize(l.points, w.from, w.to),
          baseline: b ? summarize(b.points, w.from, w.to) : null,
        };
      });
  }, [lines, w.from, w.to]);
  if (rows.length === 0) return null;
  const withBaseline = rows.some((r) => r.baseline !== null);
  return (
    <table className="mt-1 w-full text-xs">
      <caption className="sr-only">
        Values in the window: latest, minimum and maximum per series
      </caption>
      <thead className="text-muted">
        <tr>
          <th scope="col" className="px-1 text-left font-normal">
            Series
          </th>
          <th scope="col" className="px-1 text-right font-normal">
            latest
          </th>
          <th scope="col" className="px-1 text-right font-normal">
            min
          </th>
          <th scope="col" className="px-1 text-right font-normal">
            max
          </th>
          {withBaseline ? (
            <th scope="col" className="px-1 text-right font-normal">
              baseline mean
            </th>
          ) : null}
          {action ? (
            <th scope="col" className="px-1 font-normal">
              <span className="sr-only">Actions</span>
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody>
        {rows.map(({ line, stats, baseline }) => (
          <tr
            key={line.field}
            className={cn(
              "border-t border-border/60",
              highlight?.has(line.id) ? "font-semibold" : highlight ? "text-muted" : "",
            )}
          >
            <td className="px-1 py-0.5">
              <span className="inline-flex items-center gap-1.5">
                <span
                  aria-hidden
                  className="inline-block h-0.5 w-3 rounded"
                  style={{ background: line.color }}
                />
                {line.name}
              </span>
            </td>
            <td className="px-1 text-right tabular-nums">
              {formatValue(stats?.latest, line.unit)}
            </td>
            <td className="px-1 text-right tabular-nums">{formatValue(stats?.min, line.unit)}</td>
            <td className="px-1 text-right tabular-nums">{formatValue(stats?.max, line.unit)}</td>
            {withBaseline ? (
              <td className="px-1 text-right text-muted tabular-nums">
                {formatValue(baseline?.mean, line.unit)}
              </td>
            ) : null}
            {action ? (
              <td className="px-1 text-right">
                <button
                  type="button"
                  className={cn(
                    "rounded px-1 text-accent hover:underline",
                    action.selectedId === line.id ? "font-semibold underline" : "",
                  )}
                  aria-pressed={action.selectedId === line.id}
                  aria-label={`${action.label} ${line.name}`}
                  onClick={() => action.onSelect(line)}
                >
                  {action.label}
                </button>
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
