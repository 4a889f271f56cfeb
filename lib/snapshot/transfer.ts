/**
 * A parse outcome as one message between threads: its series' columns copied back to back into one
 * Float64Array, whose buffer is transferred (moved, not copied), and the rest as plain data for the
 * structured clone. Series that shared a `times` column share it again after {@link unpackOutcome}.
 *
 * Pure: no Node imports (the worker and the main thread both use it).
 */
import type { InputReport, ParseOutcome } from "./bundle";
import type { HostEvent, HostInfo, Series } from "./types";
import { columnFrom } from "./util/column";

export interface PackedSeries {
  metric: string;
  labels: Record<string, string>;
  unit: string;
  /** Index of the times and the values column in {@link PackedOutcome.offsets}. */
  t: number;
  v: number;
  relative?: boolean;
  sinceBoot?: number;
}

export interface PackedOutcome {
  report: InputReport;
  result?: {
    tool: string;
    events: HostEvent[];
    host: HostInfo;
    /** The result's warnings, when they are not the report's own array (the usual case). */
    warnings?: string[];
    series: PackedSeries[];
  };
  /** Every distinct column, back to back. */
  columns: Float64Array<ArrayBuffer>;
  /** Start of column i at `2i`, its length at `2i + 1`. */
  offsets: number[];
}

/** The outcome with its columns in one Float64Array; transfer `columns.buffer` with the message. */
export function packOutcome(outcome: ParseOutcome): PackedOutcome {
  const { report, result } = outcome;
  if (result === undefined) return { report, columns: new Float64Array(0), offsets: [] };
  const index = new Map<number[], number>();
  const cols: number[][] = [];
  const slot = (col: number[]): number => {
    let i = index.get(col);
    if (i === undefined) {
      i = cols.length;
      index.set(col, i);
      cols.push(col);
    }
    return i;
  };
  const series: PackedSeries[] = [];
  for (const s of result.series) {
    const p: PackedSeries = {
      metric: s.metric,
      labels: s.labels,
      unit: s.unit,
      t: slot(s.times),
      v: slot(s.values),
    };
    if (s.relative !== undefined) p.relative = s.relative;
    if (s.sinceBoot !== undefined) p.sinceBoot = s.sinceBoot;
    series.push(p);
  }
  let total = 0;
  for (const c of cols) total += c.length;
  const columns = new Float64Array(total);
  const offsets: number[] = [];
  let at = 0;
  for (const c of cols) {
    offsets.push(at, c.length);
    const n = c.length;
    for (let i = 0; i < n; i++) columns[at + i] = c[i] ?? NaN;
    at += n;
  }
  const packed: PackedOutcome["result"] = {
    tool: result.tool,
    events: result.events,
    host: result.host,
    series,
  };
  if (result.warnings !== report.warnings) packed.warnings = result.warnings;
  return { report, result: packed, columns, offsets };
}

/** The outcome back in the shape the parsers gave it (plain arrays, shared `times` shared again). */
export function unpackOutcome(packed: PackedOutcome): ParseOutcome {
  const { report, result } = packed;
  if (result === undefined) return { report };
  const cols: number[][] = [];
  const offsets = packed.offsets;
  for (let i = 0; i + 1 < offsets.length; i += 2)
    cols.push(columnFrom(packed.columns, offsets[i] ?? 0, 1, offsets[i + 1] ?? 0));
  const series: Series[] = [];
  for (const p of result.series) {
    const s: Series = {
      metric: p.metric,
      labels: p.labels,
      unit: p.unit,
      times: cols[p.t] ?? [],
      values: cols[p.v] ?? [],
    };
    if (p.relative !== undefined) s.relative = p.relative;
    if (p.sinceBoot !== undefined) s.sinceBoot = p.sinceBoot;
    series.push(s);
  }
  return {
    report,
    result: {
      tool: result.tool,
      series,
      events: result.events,
      host: result.host,
      warnings: result.warnings ?? report.warnings,
    },
  };
}
