/**
 * sar text output (sysstat), live (`sar -u -q 1 5`) or from a history file (`sar -A -f sa04`):
 *
 * ```
 * Linux 6.18.44-fc-v1252 (vm) 	12/04/26 	_x86_64_	(2 CPU)
 *
 * 16:43:26       proc/s   cswch/s
 * 16:43:27         9.00   6577.00
 *
 * 16:43:26      runq-sz  plist-sz   ldavg-1   ldavg-5  ldavg-15   blocked
 * 16:43:27            1       101      1.77      1.12      0.52         0
 *
 * 16:44:16     LINUX RESTART	(2 CPU)
 * Average:      runq-sz  plist-sz   ldavg-1   ldavg-5  ldavg-15   blocked
 * ```
 *
 * Any mix of activities (-u [ALL], -P, -r [ALL], -S, -W, -B, -b, -d [-p], -q [ALL], -w, -I SUM,
 * -n DEV/EDEV/TCP/ETCP/SOCK/UDP, -v) in one file; 12-hour (en_US) and 24-hour times, decimal
 * commas (de_DE), midnight rollover per activity. `Average:` lines are not samples; `LINUX
 * RESTART` becomes a `restart` event and `COM` (sar -C) an `other` event. Activities without a
 * metric (-y TTY, -m power, -F filesystems, NFS, softnet, hugepages) are read and skipped.
 */
import type { ParseContext, ParseResult } from "../types";
import type { FileBytes } from "../util/bytes";
import type { ToolParser } from "./parser";
import { nameHint } from "./sysstat/common";
import { scoreSysstat } from "./sysstat/detect";
import {
  type Activity,
  SAR_ACTIVITIES,
  SWAP,
  SWAP_TOTAL,
  SYSTEM_INTERRUPTS,
} from "./sysstat/metrics";
import {
  type ColumnTarget,
  type SectionSpec,
  parseTimedTables,
  parseTimedTablesBytes,
} from "./sysstat/timed-tables";

function activityOf(cols: readonly string[]): Activity | undefined {
  for (const a of SAR_ACTIVITIES) {
    for (const k of a.keys) if (cols.includes(k)) return a;
  }
  return undefined;
}

/** sar table header (fields after the time) → what its columns feed. */
export function classifySar(cols: readonly string[]): SectionSpec | null | undefined {
  const intr = cols.indexOf("INTR");
  if (intr >= 0) {
    // 12.x: `INTR all`, with -P: `all CPU0 CPU1 INTR`; older: `INTR intr/s`. Only `sum` is system-wide.
    const idx = cols.indexOf("all") >= 0 ? cols.indexOf("all") : cols.indexOf("intr/s");
    if (idx < 0) return null;
    const spec: SectionSpec = { labelIdx: intr, rowLabel: "sum", cols: cols.map(() => []) };
    spec.cols[idx] = [{ def: SYSTEM_INTERRUPTS }];
    return spec;
  }
  const act = activityOf(cols);
  if (act === undefined || (act.labelColumn !== undefined && !cols.includes(act.labelColumn))) {
    // Any other column header is a sar activity without metrics here (-y, -m, -F, NFS, IPv6 ...),
    // except pidstat's, which is another tool's output.
    return cols.includes("Command") || cols.includes("PID") ? undefined : null;
  }
  const labelIdx = act.labelColumn === undefined ? -1 : cols.indexOf(act.labelColumn);
  const spec: SectionSpec = {
    labelIdx,
    cols: cols.map((c, i): ColumnTarget[] => {
      if (i === labelIdx) return [];
      const def = act.columns.get(c);
      return def ? [{ def }] : [];
    }),
  };
  if (act.labelName !== undefined) spec.labelName = act.labelName;
  if (act === SWAP) {
    const free = cols.indexOf("kbswpfree");
    const used = cols.indexOf("kbswpused");
    if (free >= 0 && used >= 0) spec.sums = [{ def: SWAP_TOTAL, idx: [free, used] }];
  }
  return spec;
}

export const sarParser: ToolParser = {
  tool: "sar",
  detect(text: string, fileName?: string): number {
    const s = scoreSysstat(text);
    if (s.sar === 0) return 0;
    // Another tool's tables beside sar-like columns: that tool's output, not sar's.
    const other = Math.max(s.iostat, s.mpstat, s.pidstat);
    const score = other > s.sar ? Math.min(s.sar, 0.05) : s.sar;
    return Math.min(1, score + nameHint(fileName, "sar"));
  },
  parse(text: string, ctx: ParseContext): ParseResult {
    return parseTimedTables(text, ctx, { tool: "sar", classify: classifySar });
  },
  parseBytes(bytes: FileBytes, ctx: ParseContext): ParseResult {
    return parseTimedTablesBytes(bytes, ctx, { tool: "sar", classify: classifySar });
  },
};
