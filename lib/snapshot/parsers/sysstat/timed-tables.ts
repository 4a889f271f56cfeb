/**
 * The layout sar and mpstat share: blocks of rows that start with a time of day, each block under
 * a header row of column names that starts with the same kind of time,
 *
 * ```
 * 16:43:10        CPU      %usr     %nice      %sys   %iowait    %steal      %irq     %soft ...
 * 16:43:11        all     49.49      0.00      4.04      1.52      0.00      0.00      1.01 ...
 * 16:43:11          0      1.01      0.00      8.08      3.03      0.00      0.00      0.00 ...
 * Average:        all     49.33      0.00      4.33      1.67      0.00      0.00      1.00 ...
 * ```
 *
 * plus `LINUX RESTART` and `COM` lines (sar -f). The tool supplies a classifier that maps a header
 * to its columns; this module does the scanning, timestamps and series.
 */
import type { Labels, ParseContext, ParseResult } from "../../types";
import { ParseError } from "../../types";
import {
  Clock,
  EventSink,
  Fields,
  type SeriesAcc,
  SeriesSink,
  type Stamp,
  type SysstatHeader,
  type TimeSequence,
  Warnings,
  eachLineRange,
  hostFromHeader,
  isBlankText,
  isSummaryLine,
  parseSysstatHeader,
  timeFieldCount,
} from "./common";
import type { MetricDef } from "./metrics";

/** What one value column feeds. */
export interface ColumnTarget {
  def: MetricDef;
  /** Only for rows with this label (`all`), and then without labels (a system-wide metric). */
  onlyLabel?: string;
}

/** A header row understood by the tool: its label column and what each column feeds. */
export interface SectionSpec {
  /** Index (among the fields after the time) of the row label column, or -1. */
  labelIdx: number;
  labelName?: string;
  /** Only rows whose label equals this are samples (sar -I: the `sum` row). */
  rowLabel?: string;
  /** Per field after the time: the metrics it feeds (empty for ignored columns). */
  cols: ColumnTarget[][];
  /** Derived sums of columns (swap total = free + used). */
  sums?: { def: MetricDef; idx: readonly number[] }[];
}

export interface TimedTablesOptions {
  tool: string;
  /**
   * Header fields (after the time) → spec; `null` for a table the tool knows but does not map;
   * undefined when the header is not one of the tool's.
   */
  classify(cols: readonly string[]): SectionSpec | null | undefined;
}

interface Section {
  spec: SectionSpec | null;
  width: number;
  seq: TimeSequence;
  rows: Map<string, (SeriesAcc | undefined)[][]>;
  sums: Map<string, (SeriesAcc | undefined)[]>;
  headerStamp: Stamp | undefined;
}

export interface TimedTablesStats {
  /** Summary lines (`Average:`) were present: the run was an interval run. */
  sawSummary: boolean;
  /** Distinct sample times seen in data rows. */
  rowTimes: number;
  /** Every section header carried the same time as its rows (one-shot, since-boot reports). */
  headerTimeIsRowTime: boolean;
  recognizedTables: number;
}

/** Parses a sar/mpstat style text; `finish` lets the tool adjust the sink (since-boot) before output. */
export function parseTimedTables(
  text: string,
  ctx: ParseContext,
  opts: TimedTablesOptions,
  finish?: (sink: SeriesSink, stats: TimedTablesStats, warnings: Warnings) => void,
): ParseResult {
  const { tool } = opts;
  const warnings = new Warnings(tool);
  const result: ParseResult = { tool, series: [], events: [], host: {}, warnings: [] };
  if (isBlankText(text)) return result;

  const f = new Fields();
  const sink = new SeriesSink();
  const events = new EventSink();
  let header: SysstatHeader | undefined;
  let clock = new Clock(ctx, undefined, warnings);
  let eventSeq = clock.sequence();
  const sections = new Map<string, Section>();
  let current: Section | undefined;
  let inSummary = false;
  let badLines = 0;
  const stats: TimedTablesStats = {
    sawSummary: false,
    rowTimes: 0,
    headerTimeIsRowTime: true,
    recognizedTables: 0,
  };
  let lastRowMs = NaN;
  let sawHeaderLine = false;
  let otherLines = 0;

  const bad = (msg: string, lineNo: number): void => {
    badLines++;
    warnings.add(msg, lineNo);
  };

  eachLineRange(text, (start, end, lineNo) => {
    const n = f.scanRange(text, start, end);
    if (n === 0) {
      inSummary = false;
      return;
    }
    const h = f.charAt(0) === 76 /* L */ ? parseSysstatHeader(f.lineText()) : undefined;
    if (h) {
      // A second header is a second capture appended to the first: start its times afresh.
      if (header === undefined) result.host = hostFromHeader(h);
      header = h;
      sawHeaderLine = true;
      clock = new Clock(ctx, h, warnings);
      eventSeq = clock.sequence();
      // Same tables, new times: keep each section's series, restart its time sequence.
      for (const sec of sections.values()) {
        sec.seq = clock.sequence();
        sec.headerStamp = undefined;
      }
      current = undefined;
      return;
    }
    if (isSummaryLine(f)) {
      stats.sawSummary = true;
      inSummary = true;
      return;
    }
    const tc = timeFieldCount(f);
    if (tc === 0) {
      if (!inSummary) {
        otherLines++;
        bad(`not a ${tool} line: ${JSON.stringify(f.lineText().slice(0, 60))}`, lineNo);
      }
      return;
    }
    inSummary = false;
    if (n === tc) {
      bad("a time and nothing else", lineNo);
      return;
    }
    // sar -f: restart marks and comments.
    if (f.is(tc, "LINUX") && f.is(tc + 1, "RESTART")) {
      const st = eventSeq.stamp(f, tc, lineNo);
      if (st) {
        const m = /\((\d+) CPU\)/.exec(f.lineText());
        const attrs: Record<string, number> = {};
        if (m?.[1] !== undefined) attrs.nCpu = Number(m[1]);
        events.add({ at: st.t, kind: "restart", message: f.rest(tc).replace(/\s+/g, " "), attrs });
      }
      current = undefined;
      return;
    }
    if (f.is(tc, "COM")) {
      const st = eventSeq.stamp(f, tc, lineNo);
      const comment = f.rest(tc + 1);
      if (st)
        events.add({
          at: st.t,
          kind: "other",
          message: `sar comment: ${comment}`,
          attrs: { comment },
        });
      return;
    }

    // A header has no number after the time; a data row has at least one.
    // A data row has a number within its first three fields (after a label such as `all`, `lo`).
    let numeric = false;
    const probe = Math.min(n, tc + 3);
    for (let i = tc; i < probe && !numeric; i++) if (f.num(i) !== undefined) numeric = true;

    if (!numeric) {
      const cols: string[] = [];
      for (let i = tc; i < n; i++) cols.push(f.text(i));
      const key = cols.join(" ");
      let sec = sections.get(key);
      if (sec === undefined) {
        const spec = opts.classify(cols);
        if (spec === undefined) {
          current = undefined;
          otherLines++;
          bad(`header not understood: ${JSON.stringify(key.slice(0, 80))}`, lineNo);
          return;
        }
        stats.recognizedTables++;
        sec = {
          spec,
          width: cols.length,
          seq: clock.sequence(),
          rows: new Map(),
          sums: new Map(),
          headerStamp: undefined,
        };
        sections.set(key, sec);
      }
      sec.headerStamp = sec.seq.stamp(f, tc, lineNo);
      current = sec;
      return;
    }

    const sec = current;
    if (sec === undefined) {
      bad("data row without a header above it", lineNo);
      return;
    }
    const spec = sec.spec;
    if (spec === null) return;
    if (n - tc !== sec.width) {
      bad(`expected ${sec.width} fields after the time, found ${n - tc}`, lineNo);
      return;
    }
    const label = spec.labelIdx >= 0 ? f.text(tc + spec.labelIdx) : "";
    if (spec.rowLabel !== undefined && label !== spec.rowLabel) return;
    const st = sec.seq.stamp(f, tc, lineNo);
    if (st === undefined) {
      bad("time of day not understood", lineNo);
      return;
    }
    if (st.ms !== lastRowMs) {
      stats.rowTimes++;
      lastRowMs = st.ms;
    }
    if (sec.headerStamp !== undefined && sec.headerStamp.ms !== st.ms)
      stats.headerTimeIsRowTime = false;

    let accs = sec.rows.get(label);
    if (accs === undefined) {
      accs = spec.cols.map((targets) =>
        targets.map((tg) => {
          if (tg.onlyLabel !== undefined)
            return tg.onlyLabel === label ? sink.acc(tg.def.metric, {}, tg.def.unit) : undefined;
          const labels: Labels = spec.labelName !== undefined ? { [spec.labelName]: label } : {};
          return sink.acc(tg.def.metric, labels, tg.def.unit);
        }),
      );
      sec.rows.set(label, accs);
    }
    for (let j = 0; j < accs.length; j++) {
      const targets = spec.cols[j];
      const row = accs[j];
      if (targets === undefined || row === undefined || targets.length === 0) continue;
      const v = f.num(tc + j);
      if (v === undefined) {
        bad(
          `field ${j + 1} ${JSON.stringify(f.text(tc + j).slice(0, 20))} is not a number`,
          lineNo,
        );
        continue;
      }
      for (let k = 0; k < targets.length; k++) {
        const a = row[k];
        const tg = targets[k];
        if (a !== undefined && tg !== undefined) sink.push(a, st, v * tg.def.scale, lineNo);
      }
    }
    if (spec.sums) {
      let sumAccs = sec.sums.get(label);
      if (sumAccs === undefined) {
        const labels: Labels = spec.labelName !== undefined ? { [spec.labelName]: label } : {};
        sumAccs = spec.sums.map((s) => sink.acc(s.def.metric, labels, s.def.unit));
        sec.sums.set(label, sumAccs);
      }
      for (let k = 0; k < spec.sums.length; k++) {
        const s = spec.sums[k];
        const a = sumAccs[k];
        if (s === undefined || a === undefined) continue;
        let total = 0;
        let ok = true;
        for (const i of s.idx) {
          const v = f.num(tc + i);
          if (v === undefined) ok = false;
          else total += v;
        }
        if (ok) sink.push(a, st, total * s.def.scale, lineNo);
      }
    }
  });

  if (stats.recognizedTables === 0 && events.list.length === 0) {
    if (!sawHeaderLine || otherLines > 0)
      throw new ParseError(tool, `no ${tool} table found (${badLines} unrecognized lines)`);
    warnings.add("only the header line: no samples");
  }
  finish?.(sink, stats, warnings);
  result.series = sink.finish(warnings);
  result.events = events.list;
  result.warnings = warnings.done();
  return result;
}
