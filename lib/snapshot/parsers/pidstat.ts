/**
 * pidstat (sysstat): per-process (and with -t per-thread) CPU, memory, I/O and context switches.
 *
 * ```
 * Linux 6.18.44-fc-v1252 (vm) 	12/04/26 	_x86_64_	(2 CPU)
 *
 * 16:42:25      UID      TGID       TID   cswch/s nvcswch/s  Command
 * 16:42:26        0      8420         -     99.01      1.98  fio
 * 16:42:26        0         -      8429      5.94      0.00  |__fio
 *
 * # Time        UID       PID    %usr %system  %guest   %wait    %CPU   CPU   kB_rd/s ...  Command
 * 1796402563      0      8758   68.93    0.97    0.00   27.18   69.90     0      0.00 ...  stress-ng-cpu
 * ```
 *
 * -u -d -r -w -s -v in separate tables or on one line (-h), with times of day, AM/PM, epoch
 * seconds (-H; sysstat 10's -h), UID or USER (-U), full command lines (-l, spaces included), and
 * threads (-t: a `-` TGID marks a thread of the process above). Labels {pid, command} (+ tid).
 * Sizes in kB become bytes; `-1.00` (not readable, e.g. kernel threads' I/O) is no sample. A one-shot
 * pidstat (no interval: one report, no `Average:`) reports since process start → `sinceBoot`.
 */
import type { Labels, ParseContext, ParseResult } from "../types";
import { ParseError } from "../types";
import type { ToolParser } from "./parser";
import {
  Clock,
  Fields,
  type SeriesAcc,
  SeriesSink,
  type Stamp,
  type TimeSequence,
  Warnings,
  eachLineRange,
  epochStamp,
  hostFromHeader,
  isBlankText,
  isSummaryLine,
  nameHint,
  parseSysstatHeader,
  timeFieldCount,
} from "./sysstat/common";
import { scoreSysstat } from "./sysstat/detect";
import type { MetricDef } from "./sysstat/metrics";

const KB = 1024;

function m(metric: string, unit: string, scale = 1): MetricDef {
  return { metric, unit, scale };
}

const COLUMNS: ReadonlyMap<string, MetricDef> = new Map([
  ["%usr", m("proc.user_pct", "%")],
  ["%system", m("proc.system_pct", "%")],
  ["%guest", m("proc.guest_pct", "%")],
  ["%wait", m("proc.wait_pct", "%")],
  ["%CPU", m("proc.cpu_pct", "%")],
  ["minflt/s", m("proc.minor_faults_per_s", "/s")],
  ["majflt/s", m("proc.major_faults_per_s", "/s")],
  ["VSZ", m("proc.mem_vsz_bytes", "B", KB)],
  ["RSS", m("proc.mem_rss_bytes", "B", KB)],
  ["%MEM", m("proc.mem_pct", "%")],
  ["kB_rd/s", m("proc.read_bytes_per_s", "B/s", KB)],
  ["kB_wr/s", m("proc.write_bytes_per_s", "B/s", KB)],
  ["kB_ccwr/s", m("proc.cancelled_write_bytes_per_s", "B/s", KB)],
  ["iodelay", m("proc.io_delay_ticks", "count")],
  ["cswch/s", m("proc.voluntary_switches_per_s", "/s")],
  ["nvcswch/s", m("proc.involuntary_switches_per_s", "/s")],
  ["StkSize", m("proc.stack_size_bytes", "B", KB)],
  ["StkRef", m("proc.stack_ref_bytes", "B", KB)],
  ["threads", m("proc.threads", "count")],
  ["fd-nr", m("proc.fds", "count")],
]);

const CONTEXT_SWITCHES = m("proc.context_switches_per_s", "/s");

interface Table {
  /** Column names after the time, `Command` last. */
  width: number;
  pidIdx: number;
  tgidIdx: number;
  tidIdx: number;
  defs: (MetricDef | undefined)[];
  cswIdx: [number, number] | undefined;
  seq: TimeSequence;
  headerStamp: Stamp | undefined;
  /** Series of each process/thread row, by pid/tid/command. */
  accs: Map<string, (SeriesAcc | undefined)[]>;
}

function makeTable(cols: readonly string[], seq: TimeSequence): Table {
  const cs = cols.indexOf("cswch/s");
  const ncs = cols.indexOf("nvcswch/s");
  return {
    width: cols.length,
    pidIdx: cols.indexOf("PID"),
    tgidIdx: cols.indexOf("TGID"),
    tidIdx: cols.indexOf("TID"),
    defs: cols.map((c) => COLUMNS.get(c)),
    cswIdx: cs >= 0 && ncs >= 0 ? [cs, ncs] : undefined,
    seq,
    headerStamp: undefined,
    accs: new Map(),
  };
}

/** Fields where a header's column names start: after `# Time` (-h) or after the time of day. */
function headerStart(f: Fields): number {
  if (f.text(0) === "#") return f.text(1) === "Time" ? 2 : -1;
  if (f.text(0) === "#Time") return 1;
  const tc = timeFieldCount(f);
  return tc > 0 ? tc : -1;
}

function isHeaderRow(f: Fields, from: number): boolean {
  if (from < 0 || from >= f.count) return false;
  if (!f.is(f.count - 1, "Command")) return false;
  for (let i = from; i < f.count; i++) if (f.is(i, "PID") || f.is(i, "TGID")) return true;
  return false;
}

/** Digits only and epoch-sized: pidstat -H / sysstat 10's -h print seconds since 1970. */
function epochAt(f: Fields): number | undefined {
  const len = f.end(0) - f.start(0);
  if (len < 9 || len > 11) return undefined;
  const v = f.num(0);
  return v !== undefined && Number.isInteger(v) ? v : undefined;
}

function parsePidstat(text: string, ctx: ParseContext): ParseResult {
  const tool = "pidstat";
  const warnings = new Warnings(tool);
  const result: ParseResult = { tool, series: [], events: [], host: {}, warnings: [] };
  if (isBlankText(text)) return result;

  const f = new Fields();
  const sink = new SeriesSink();
  let clock = new Clock(ctx, undefined, warnings);
  let tables = new Map<string, Table>();
  let table: Table | undefined;
  let sawHeader = false;
  let sawSummary = false;
  let inSummary = false;
  let recognized = 0;
  let unknown = 0;
  let rowTimes = 0;
  let lastMs = NaN;
  let headerTimeIsRowTime = true;
  /** TGID of the last process row: the process a thread row (`-` TGID) belongs to. */
  let lastTgid = "";
  let lastCommand = "";

  eachLineRange(text, (start, end, lineNo) => {
    const n = f.scanRange(text, start, end);
    if (n === 0) {
      inSummary = false;
      return;
    }
    if (f.charAt(0) === 76 /* L */) {
      const h = parseSysstatHeader(f.lineText());
      if (h) {
        if (!sawHeader) result.host = hostFromHeader(h);
        sawHeader = true;
        clock = new Clock(ctx, h, warnings);
        tables = new Map();
        table = undefined;
        return;
      }
    }
    if (isSummaryLine(f)) {
      sawSummary = true;
      inSummary = true;
      table = undefined;
      return;
    }
    const hs = headerStart(f);
    if (isHeaderRow(f, hs)) {
      recognized++;
      inSummary = false;
      const key = text.slice(f.start(hs), end).trim();
      let t = tables.get(key);
      if (t === undefined) {
        const cols: string[] = [];
        for (let i = hs; i < n; i++) cols.push(f.text(i));
        t = makeTable(cols, clock.sequence());
        tables.set(key, t);
      }
      t.headerStamp =
        hs > 0 && f.text(0) !== "#" && f.text(0) !== "#Time"
          ? t.seq.stamp(f, hs, lineNo)
          : undefined;
      table = t;
      return;
    }
    if (inSummary) return;
    const t = table;
    if (t === undefined) {
      unknown++;
      warnings.add(`not a pidstat line: ${JSON.stringify(f.lineText().slice(0, 60))}`, lineNo);
      return;
    }
    // The row's time: epoch seconds or a time of day (with AM/PM).
    let st: Stamp | undefined;
    let tc = 0;
    const epoch = epochAt(f);
    if (epoch !== undefined) {
      st = epochStamp(epoch);
      tc = 1;
    } else {
      tc = timeFieldCount(f);
      if (tc > 0) st = t.seq.stamp(f, tc, lineNo);
    }
    if (st === undefined) {
      warnings.add(`row without a time: ${JSON.stringify(f.lineText().slice(0, 60))}`, lineNo);
      return;
    }
    if (n < tc + t.width) {
      warnings.add(`expected ${t.width} fields after the time, found ${n - tc}`, lineNo);
      return;
    }
    if (st.ms !== lastMs) {
      rowTimes++;
      lastMs = st.ms;
    }
    if (t.headerStamp !== undefined && t.headerStamp.ms !== st.ms) headerTimeIsRowTime = false;

    let command = f.rest(tc + t.width - 1);
    if (command.startsWith("|__")) command = command.slice(3);
    let labels: Labels;
    let key: string;
    if (t.tgidIdx >= 0 && t.tidIdx >= 0) {
      const tgid = f.text(tc + t.tgidIdx);
      const tid = f.text(tc + t.tidIdx);
      if (tgid !== "-") {
        lastTgid = tgid;
        lastCommand = command;
        labels = { pid: tgid, command };
        key = `p${tgid}\u0000${command}`;
      } else {
        // A thread row belongs to the process row above it.
        if (lastTgid === "") {
          warnings.add("thread row without its process above it", lineNo);
          return;
        }
        labels = { pid: lastTgid, tid, command: command === "" ? lastCommand : command };
        key = `t${lastTgid}\u0000${tid}\u0000${command}`;
      }
    } else if (t.pidIdx >= 0) {
      const pid = f.text(tc + t.pidIdx);
      labels = { pid, command };
      key = `p${pid}\u0000${command}`;
    } else {
      return;
    }
    let accs = t.accs.get(key);
    if (accs === undefined) {
      accs = t.defs.map((d) => (d ? sink.acc(d.metric, labels, d.unit) : undefined));
      accs.push(
        t.cswIdx ? sink.acc(CONTEXT_SWITCHES.metric, labels, CONTEXT_SWITCHES.unit) : undefined,
      );
      t.accs.set(key, accs);
    }
    for (let i = 0; i < t.width - 1; i++) {
      const d = t.defs[i];
      const a = accs[i];
      if (d === undefined || a === undefined) continue;
      const v = f.num(tc + i);
      if (v === undefined) {
        warnings.add(`${JSON.stringify(f.text(tc + i).slice(0, 20))} is not a number`, lineNo);
        continue;
      }
      // -1 marks a value pidstat could not read (another user's or a kernel thread's I/O).
      if (v < 0) continue;
      sink.push(a, st, v * d.scale, lineNo);
    }
    if (t.cswIdx) {
      const a = accs[t.width];
      const v1 = f.num(tc + t.cswIdx[0]);
      const v2 = f.num(tc + t.cswIdx[1]);
      if (a !== undefined && v1 !== undefined && v2 !== undefined && v1 >= 0 && v2 >= 0)
        sink.push(a, st, Math.round((v1 + v2) * 100) / 100, lineNo);
    }
  });

  if (recognized === 0) {
    if (!sawHeader || unknown > 0)
      throw new ParseError(tool, "no pidstat table (PID ... Command) found");
    warnings.add("only the header line: no samples");
  }
  // No interval given: one report of averages since each process started.
  if (!sawSummary && rowTimes === 1 && headerTimeIsRowTime) sink.pointsToSinceBoot();
  result.series = sink.finish(warnings);
  result.warnings = warnings.done();
  return result;
}

export const pidstatParser: ToolParser = {
  tool: "pidstat",
  detect(text: string, fileName?: string): number {
    const s = scoreSysstat(text);
    if (s.pidstat === 0) return 0;
    const other = Math.max(s.iostat, s.mpstat, s.sar);
    const score = other > s.pidstat ? Math.min(s.pidstat, 0.05) : s.pidstat;
    return Math.min(1, score + nameHint(fileName, "pidstat"));
  },
  parse: parsePidstat,
};
