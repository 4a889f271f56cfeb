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
 *
 * Speed: sysstat right-aligns every value under the end of its column name, so a row exactly as
 * long as its header has each value ending where the header's name ends (when the label is the
 * last field, as sar -d's `DEV`, a row of any length: only the label's length differs). Such rows
 * are read in place: the time compared with the previous row's, the label matched against the
 * section's known rows, and each wanted value read backwards from its column's end, without
 * splitting the line or scanning its padding. The next report's header is recognised the same
 * way. Any row that does not fit (a wider value shifted the columns, junk, a new label) takes the
 * general path, which splits it into fields as before; both give the same samples and warnings.
 */
import type { Labels, ParseContext, ParseResult } from "../../types";
import { ParseError } from "../../types";
import {
  Clock,
  EventSink,
  Fields,
  SeriesSink,
  type Stamp,
  type SysstatHeader,
  type TimeGroup,
  type TimeSequence,
  Warnings,
  hostFromHeader,
  isSummaryLine,
  parseSysstatHeader,
  stampTime,
  timeFieldCount,
} from "./common";
import { ByteLines, BytePattern, lineText, textBytes, type FileBytes } from "../../util/bytes";
import { readNumberBeforeBytes, shortcuts } from "../../util/scan";
import type { MetricDef } from "./metrics";

/**
 * The fixed-column number reader as a local binding: under the parse CLI's loader (tsx compiles to
 * CommonJS) each use of an imported name is a getter call, which shows in a loop run millions of
 * times.
 */
const readBefore = readNumberBeforeBytes;

const NO_BYTES = new Uint8Array(0);

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

/** The series of one row label of a section (`all`, `0`, `lo`): one time group. */
interface RowSeries {
  label: string;
  /** The label, to match in a row's bytes. */
  labelBytes: BytePattern;
  group: TimeGroup;
  /** Per column after the time: the group slots it feeds (empty when none). */
  slots: number[][];
  /** Per `spec.sums` entry: its slot. */
  sumSlots: number[];
  /** Per slot: printed value → metric unit. */
  scale: number[];
  /**
   * The same, flat, for the fixed-column path: pair k reads column `pairCol[k]` into slot
   * `pairSlot[k]` (-1: read to check it is a number, as the general path does, but store nothing).
   */
  pairCol: Int32Array;
  pairSlot: Int32Array;
  pairScale: Float64Array;
}

/** Where a section's fields end, taken from its header line (offsets from the line start). */
interface Layout {
  /** The header line's length: rows of another length take the general path. */
  length: number;
  /** Just past the time of day (and AM/PM). */
  timeEnd: number;
  /** Per field after the time: just past its end. */
  ends: Int32Array;
  /** The header line after the time: the next report's header is the same text. */
  tail: BytePattern;
  /**
   * Where the label starts when it is the last field (sar -d: `%util DEV`), else -1. Its value
   * columns stay in place whatever the label's length, so rows of any length are read in place.
   */
  labelStart: number;
}

interface Section {
  spec: SectionSpec | null;
  width: number;
  seq: TimeSequence;
  rows: Map<string, RowSeries>;
  /** Rows in first-seen order; `next` is the one expected after the last row read. */
  order: RowSeries[];
  next: number;
  headerStamp: Stamp | undefined;
  layout: Layout | undefined;
  /** Columns that feed a metric (indices after the time). */
  wanted: Int32Array;
  /** The section whose header came after this one's rows last time (sar -A cycles through many). */
  after: Section | undefined;
  /** `spec.rowLabel`, to match in a row's bytes. */
  rowLabel: BytePattern | undefined;
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

/** The group of one row label: a slot per (column, target) and per derived sum, in column order. */
function rowSeries(sink: SeriesSink, spec: SectionSpec, label: string): RowSeries {
  const group = sink.group();
  const labels: Labels = spec.labelName !== undefined ? { [spec.labelName]: label } : {};
  const scale: number[] = [];
  const slots = spec.cols.map((targets) => {
    const out: number[] = [];
    for (const tg of targets) {
      if (tg.onlyLabel !== undefined && tg.onlyLabel !== label) continue;
      sink.member(group, tg.def.metric, tg.onlyLabel !== undefined ? {} : labels, tg.def.unit);
      out.push(group.members.length - 1);
      scale.push(tg.def.scale);
    }
    return out;
  });
  const sumSlots = (spec.sums ?? []).map((sum) => {
    sink.member(group, sum.def.metric, labels, sum.def.unit);
    scale.push(1);
    return group.members.length - 1;
  });
  const pairCol: number[] = [];
  const pairSlot: number[] = [];
  spec.cols.forEach((targets, j) => {
    if (targets.length === 0) return;
    const js = slots[j] ?? [];
    for (const slot of js.length > 0 ? js : [-1]) {
      pairCol.push(j);
      pairSlot.push(slot);
    }
  });
  return {
    label,
    labelBytes: new BytePattern(label),
    group,
    slots,
    sumSlots,
    scale,
    pairCol: Int32Array.from(pairCol),
    pairSlot: Int32Array.from(pairSlot),
    pairScale: Float64Array.from(pairSlot, (k) => (k < 0 ? 1 : (scale[k] ?? 1))),
  };
}

/** Lets the tool adjust the sink (since-boot) before output. */
type Finish = (sink: SeriesSink, stats: TimedTablesStats, warnings: Warnings) => void;

/** Parses a sar/mpstat style text (read as its UTF-8, as a file's bytes are: see below). */
export function parseTimedTables(
  text: string,
  ctx: ParseContext,
  opts: TimedTablesOptions,
  finish?: Finish,
): ParseResult {
  const bytes = textBytes(text);
  return timedTables([bytes], bytes.length, false, ctx, opts, finish);
}

/**
 * {@link parseTimedTables} of a file's bytes (`ToolParser.parseBytes`), without decoding them: the
 * fixed-column paths read the bytes in place, and a line they do not take is decoded alone
 * (../../util/bytes.ts), as the whole file would decode.
 */
export function parseTimedTablesBytes(
  bytes: FileBytes,
  ctx: ParseContext,
  opts: TimedTablesOptions,
  finish?: Finish,
): ParseResult {
  return bytes instanceof Uint8Array
    ? timedTables([bytes], bytes.length, true, ctx, opts, finish)
    : timedTables(bytes.chunks(), bytes.size, true, ctx, opts, finish);
}

/**
 * The chunks of a text's bytes (each but the last ending with a newline); `file`: a file's bytes,
 * whose byte order mark decoding drops.
 */
function timedTables(
  chunks: Iterable<Uint8Array>,
  size: number,
  file: boolean,
  ctx: ParseContext,
  opts: TimedTablesOptions,
  finish?: Finish,
): ParseResult {
  const { tool } = opts;
  const warnings = new Warnings(tool);
  const result: ParseResult = { tool, series: [], events: [], host: {}, warnings: [] };
  /** The chunk being read: the fast paths read it in place. */
  let src: Uint8Array = NO_BYTES;
  /** A character other than a blank seen: a blank text gives no table and no complaint. */
  let seen = false;

  const fast = shortcuts.enabled;
  const f = new Fields();
  const sink = new SeriesSink();
  const events = new EventSink();
  let header: SysstatHeader | undefined;
  let clock = new Clock(ctx, undefined, warnings);
  let eventSeq = clock.sequence();
  const sections = new Map<string, Section>();
  let current: Section | undefined;
  /** The section of the last header line: its `after` predicts the next header. */
  let lastHeader: Section | undefined;
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

  /** Scratch for the fixed-column reader (a double in a typed array is never boxed). */
  const one = new Float64Array(1);

  /** A row's stamp is taken: count distinct row times, compare with the header's. */
  const rowTime = (sec: Section, st: Stamp): void => {
    if (st.ms !== lastRowMs) {
      stats.rowTimes++;
      lastRowMs = st.ms;
    }
    if (sec.headerStamp !== undefined && sec.headerStamp.ms !== st.ms)
      stats.headerTimeIsRowTime = false;
  };

  /** A header line (`line`, split in `f`) seen: remember its layout and which section followed which. */
  const headerSeen = (sec: Section, line: string, tc: number): void => {
    const ends = new Int32Array(f.count - tc);
    for (let j = 0; j < ends.length; j++) ends[j] = f.end(tc + j);
    const timeEnd = f.end(tc - 1);
    const li = sec.spec?.labelIdx ?? -1;
    const labelLast = li > 0 && li === ends.length - 1 && sec.spec?.rowLabel === undefined;
    sec.layout = {
      length: line.length,
      timeEnd,
      ends,
      tail: new BytePattern(line.slice(timeEnd)),
      labelStart: labelLast ? (ends[li - 1] ?? 0) + 1 : -1,
    };
    if (lastHeader !== undefined) lastHeader.after = sec;
    lastHeader = sec;
  };

  /**
   * The fixed-column reading of a line under the current section (see the module comment).
   * False when the line does not fit it: the general path then reads the line.
   */
  const fastRow = (sec: Section, layout: Layout, a: number, b: number, lineNo: number): boolean => {
    const spec = sec.spec;
    const te = a + layout.timeEnd;
    const c0 = src[a] ?? NaN;
    if (c0 < 48 || c0 > 57 || (src[te] ?? NaN) > 32) return false;
    const ends = layout.ends;
    if (spec === null || spec.rowLabel !== undefined) {
      // A data row has a number within its first three fields (a header has none).
      let numeric = false;
      for (let j = 0; j < 3 && j < ends.length && !numeric; j++)
        numeric = readBefore(src, a + (ends[j] ?? 0), te, b, one, 0);
      if (!numeric) return false;
      if (spec === null) {
        inSummary = false;
        return true;
      }
    }
    let rs: RowSeries | undefined;
    if (spec.labelIdx >= 0) {
      const last = layout.labelStart >= 0;
      const le = last ? b : a + (ends[spec.labelIdx] ?? 0);
      if (le < b && (src[le] ?? NaN) > 32) return false;
      let ls = le;
      while (ls > te && (src[ls - 1] ?? NaN) > 32) ls--;
      const len = le - ls;
      if (len === 0) return false;
      // A last label starts one blank after the last value: nothing else fits between them.
      if (last && ls !== a + layout.labelStart) return false;
      if (spec.rowLabel !== undefined) {
        if (!(len === spec.rowLabel.length && sec.rowLabel?.at(src, ls) === true)) {
          inSummary = false;
          return true;
        }
      }
      const order = sec.order;
      let k = sec.next < order.length ? sec.next : 0;
      for (let tries = 0; tries < order.length; tries++) {
        const r = order[k];
        if (r !== undefined && r.label.length === len && r.labelBytes.at(src, ls)) {
          rs = r;
          break;
        }
        k = k + 1 < order.length ? k + 1 : 0;
      }
      if (rs === undefined) return false;
      sec.next = k + 1;
    } else {
      rs = sec.order[0];
      if (rs === undefined) return false;
    }
    const st = sec.seq.stampInBytes(src, a, te, lineNo);
    if (st === undefined) return false;
    const row = rs.group.row;
    const pairCol = rs.pairCol;
    const pairSlot = rs.pairSlot;
    const pairScale = rs.pairScale;
    let lastCol = -1;
    let v = NaN;
    for (let k = 0; k < pairCol.length; k++) {
      const j = pairCol[k] ?? 0;
      if (j !== lastCol) {
        lastCol = j;
        v = readBefore(src, a + (ends[j] ?? 0), te, b, one, 0) ? (one[0] ?? NaN) : NaN;
        if (v !== v) {
          row.fill(NaN);
          return false;
        }
      }
      const slot = pairSlot[k] ?? -1;
      if (slot >= 0) row[slot] = v * (pairScale[k] ?? 1);
    }
    if (spec.sums) {
      for (let k = 0; k < spec.sums.length; k++) {
        const sum = spec.sums[k];
        const slot = rs.sumSlots[k];
        if (sum === undefined || slot === undefined) continue;
        let total = 0;
        for (const i of sum.idx)
          total += readBefore(src, a + (ends[i] ?? 0), te, b, one, 0) ? (one[0] ?? NaN) : NaN;
        if (Number.isNaN(total)) {
          row.fill(NaN);
          return false;
        }
        row[slot] = total * sum.def.scale;
      }
    }
    inSummary = false;
    rowTime(sec, st);
    sink.commit(rs.group, st, lineNo);
    return true;
  };

  /** The next report's header of the expected section, recognised without splitting it. */
  const fastHeader = (
    sec: Section,
    layout: Layout,
    a: number,
    b: number,
    lineNo: number,
  ): boolean => {
    if (!layout.tail.at(src, a + layout.timeEnd)) return false;
    const st = sec.seq.stampInBytes(src, a, a + layout.timeEnd, lineNo);
    if (st === undefined) return false;
    inSummary = false;
    sec.headerStamp = st;
    current = sec;
    lastHeader = sec;
    return true;
  };

  /** The general path: the line as text, split into fields, and what it is decided. */
  const slowLine = (line: string, lineNo: number): void => {
    const n = f.scan(line);
    if (n === 0) {
      inSummary = false;
      return;
    }
    seen = true;
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
        events.add({
          at: stampTime(st),
          kind: "restart",
          message: f.rest(tc).replace(/\s+/g, " "),
          attrs,
        });
      }
      current = undefined;
      return;
    }
    if (f.is(tc, "COM")) {
      const st = eventSeq.stamp(f, tc, lineNo);
      const comment = f.rest(tc + 1);
      if (st)
        events.add({
          at: stampTime(st),
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
        const wanted: number[] = [];
        if (spec !== null) spec.cols.forEach((t, j) => t.length > 0 && wanted.push(j));
        sec = {
          spec,
          width: cols.length,
          seq: clock.sequence(),
          rows: new Map(),
          order: [],
          next: 0,
          headerStamp: undefined,
          layout: undefined,
          // Without a wanted column a row could not be told from a header by its numbers.
          wanted: Int32Array.from(wanted),
          after: undefined,
          rowLabel: spec?.rowLabel === undefined ? undefined : new BytePattern(spec.rowLabel),
        };
        sections.set(key, sec);
      }
      sec.headerStamp = sec.seq.stamp(f, tc, lineNo);
      headerSeen(sec, line, tc);
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
    rowTime(sec, st);

    let rs = sec.rows.get(label);
    if (rs === undefined) {
      rs = rowSeries(sink, spec, label);
      sec.rows.set(label, rs);
      sec.order.push(rs);
    }
    sec.next = sec.order.indexOf(rs) + 1;
    const row = rs.group.row;
    for (let j = 0; j < rs.slots.length; j++) {
      const slots = rs.slots[j];
      const targets = spec.cols[j];
      if (slots === undefined || targets === undefined || targets.length === 0) continue;
      const v = f.num(tc + j);
      if (v === undefined) {
        bad(
          `field ${j + 1} ${JSON.stringify(f.text(tc + j).slice(0, 20))} is not a number`,
          lineNo,
        );
        continue;
      }
      for (const slot of slots) row[slot] = v * (rs.scale[slot] ?? 1);
    }
    if (spec.sums) {
      for (let k = 0; k < spec.sums.length; k++) {
        const sum = spec.sums[k];
        const slot = rs.sumSlots[k];
        if (sum === undefined || slot === undefined) continue;
        let total = 0;
        let ok = true;
        for (const i of sum.idx) {
          const v = f.num(tc + i);
          if (v === undefined) ok = false;
          else total += v;
        }
        if (ok) row[slot] = total * sum.def.scale;
      }
    }
    sink.commit(rs.group, st, lineNo);
  };

  sink.total = size;
  const lines = new ByteLines(chunks, file);
  while (lines.next()) {
    src = lines.src;
    const a = lines.a;
    const b = lines.b;
    const lineNo = lines.lineNo;
    sink.read = lines.read;
    if (a === b) {
      inSummary = false;
      continue;
    }
    const c0 = src[a] ?? 0;
    if (c0 > 32) seen = true;
    if (!fast) {
      slowLine(lineText(src, a, b), lineNo);
      continue;
    }
    if (c0 > 57 || (c0 > 32 && c0 < 48)) {
      // `Average:` (`Durchschn.:` ...): a first field ending with a colon that is no time.
      let k = a + 1;
      while (k < b && (src[k] ?? NaN) > 32) k++;
      if (src[k - 1] === 58) {
        stats.sawSummary = true;
        inSummary = true;
        continue;
      }
    }
    const sec = current;
    const layout = sec?.layout;
    if (
      sec !== undefined &&
      layout !== undefined &&
      (layout.length === b - a || (layout.labelStart >= 0 && b - a > layout.labelStart))
    ) {
      if (sec.wanted.length > 0 || sec.spec === null) {
        if (fastRow(sec, layout, a, b, lineNo)) continue;
      }
    }
    const next = lastHeader?.after;
    const nextLayout = next?.layout;
    if (next !== undefined && nextLayout !== undefined && nextLayout.length === b - a) {
      if (fastHeader(next, nextLayout, a, b, lineNo)) continue;
    }
    slowLine(lineText(src, a, b), lineNo);
  }
  if (!seen) return result;

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
