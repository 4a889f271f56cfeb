/**
 * mpstat (sysstat): per-CPU utilisation and, with -I, interrupt rates.
 *
 * ```
 * Linux 6.18.44-fc-v1252 (vm) 	12/04/26 	_x86_64_	(2 CPU)
 *
 * 16:41:48     CPU    %usr   %nice    %sys %iowait    %irq   %soft  %steal  %guest  %gnice   %idle
 * 16:41:49     all   73.50    0.00   24.00    0.00    0.00    2.50    0.00    0.00    0.00    0.00
 * 16:41:49       0   76.00    0.00   24.00    0.00    0.00    0.00    0.00    0.00    0.00    0.00
 *
 * 16:42:08     CPU    intr/s
 * 16:42:09     all   1911.00
 * ```
 *
 * Column sets of sysstat 7-12 (`%user`/`%usr`, `%sys`/`%system`, with or without `%guest`,
 * `%gnice`, and the old trailing `intr/s`) → cpu.*_pct{cpu=all|0..N}; `CPU intr/s` rows →
 * cpu.interrupts_per_s{cpu} and, for `all`, system.interrupts_per_s. NODE tables and the
 * per-IRQ / per-softirq tables of -I ALL are read and skipped. A one-shot `mpstat` (no interval:
 * one report whose header carries the same time as its rows, no `Average:`) reports averages since
 * boot, which go into `sinceBoot`.
 */
import type { ParseContext, ParseResult } from "../types";
import type { FileBytes } from "../util/bytes";
import type { ToolParser } from "./parser";
import { nameHint } from "./sysstat/common";
import { scoreSysstat } from "./sysstat/detect";
import { CPU, type MetricDef, SYSTEM_INTERRUPTS } from "./sysstat/metrics";
import type { SeriesSink } from "./sysstat/common";
import {
  type ColumnTarget,
  type SectionSpec,
  type TimedTablesStats,
  parseTimedTables,
  parseTimedTablesBytes,
} from "./sysstat/timed-tables";

const CPU_INTERRUPTS: MetricDef = { metric: "cpu.interrupts_per_s", unit: "/s", scale: 1 };
const INTERRUPT_TARGETS: ColumnTarget[] = [
  { def: CPU_INTERRUPTS },
  { def: SYSTEM_INTERRUPTS, onlyLabel: "all" },
];

export function classifyMpstat(cols: readonly string[]): SectionSpec | null | undefined {
  if (cols[0] === "NODE") return null;
  if (cols[0] !== "CPU") return undefined;
  if (cols.includes("%idle")) {
    return {
      labelIdx: 0,
      labelName: "cpu",
      cols: cols.map((c, i): ColumnTarget[] => {
        if (i === 0) return [];
        if (c === "intr/s") return INTERRUPT_TARGETS;
        const def = CPU.columns.get(c);
        return def ? [{ def }] : [];
      }),
    };
  }
  if (cols.length === 2 && cols[1] === "intr/s")
    return { labelIdx: 0, labelName: "cpu", cols: [[], INTERRUPT_TARGETS] };
  // -I CPU / -I SCPU: one column per interrupt or softirq type.
  if (cols.slice(1).every((c) => c.endsWith("/s"))) return null;
  return undefined;
}

const MPSTAT = { tool: "mpstat", classify: classifyMpstat };

/** No interval given: one report of averages since boot, stamped with the header's own time. */
function sinceBootWhenOneShot(sink: SeriesSink, stats: TimedTablesStats): void {
  if (!stats.sawSummary && stats.rowTimes === 1 && stats.headerTimeIsRowTime)
    sink.pointsToSinceBoot();
}

export const mpstatParser: ToolParser = {
  tool: "mpstat",
  detect(text: string, fileName?: string): number {
    const s = scoreSysstat(text);
    if (s.mpstat === 0) return 0;
    const other = Math.max(s.iostat, s.pidstat, s.sar);
    const score = other > s.mpstat ? Math.min(s.mpstat, 0.05) : s.mpstat;
    return Math.min(1, score + nameHint(fileName, "mpstat"));
  },
  parse(text: string, ctx: ParseContext): ParseResult {
    return parseTimedTables(text, ctx, MPSTAT, sinceBootWhenOneShot);
  },
  parseBytes(bytes: FileBytes, ctx: ParseContext): ParseResult {
    return parseTimedTablesBytes(bytes, ctx, MPSTAT, sinceBootWhenOneShot);
  },
};
