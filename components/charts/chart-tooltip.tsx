import { formatDateTime, formatValue } from "./format";
import { valueAt, type TimePoint } from "./merge";

export interface TooltipSeries {
  field: string;
  name: string;
  color: string;
  unit: string;
  points: readonly TimePoint[];
  /** The same series in the baseline (already shifted onto the incident's axis), if drawn. */
  baseline?: readonly TimePoint[];
  /** How far from a sample the hover may be and still read it (about its sample interval). */
  toleranceMs: number;
}

/**
 * The shared tooltip: the hovered time and each series' real sample there (never an interpolated
 * value), its baseline beside it; a series with no sample near the pointer shows "–".
 */
export function ChartTooltip({
  active,
  label,
  series,
  baselineLabel,
}: {
  active?: boolean;
  label?: string | number;
  series: readonly TooltipSeries[];
  /** Column heading of the baseline values, e.g. "baseline (+47 s)". */
  baselineLabel?: string;
}) {
  const t = typeof label === "number" ? label : Number(label);
  if (!active || !Number.isFinite(t)) return null;
  const withBaseline = series.some((s) => s.baseline);
  return (
    <div
      data-chart-tooltip=""
      className="pointer-events-none rounded-md border border-border bg-surface/95 px-2 py-1.5 text-xs text-fg shadow-lg"
    >
      <table>
        <thead>
          <tr>
            <th colSpan={2} className="pr-3 text-left font-medium tabular-nums">
              {formatDateTime(t)}
            </th>
            <th className="text-right font-normal text-muted">now</th>
            {withBaseline ? (
              <th className="pl-3 text-right font-normal text-muted">
                {baselineLabel ?? "baseline"}
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {series.map((s) => (
            <tr key={s.field}>
              <td className="pr-1.5 align-middle">
                <span
                  aria-hidden
                  className="inline-block h-0.5 w-3 rounded"
                  style={{ background: s.color }}
                />
              </td>
              <td className="pr-3 text-muted">{s.name}</td>
              <td className="text-right font-medium tabular-nums">
                {formatValue(valueAt(s.points, t, s.toleranceMs), s.unit)}
              </td>
              {withBaseline ? (
                <td className="pl-3 text-right text-muted tabular-nums">
                  {s.baseline ? formatValue(valueAt(s.baseline, t, s.toleranceMs), s.unit) : ""}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
