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
import { ByteLines, BytePattern, lineText, textBytes } from "../util/bytes";
import { readNumberBeforeBytes, shortcuts } from "../util/scan";
import type { ToolParser } from "./parser";
import {
  Clock,
  Fields,
  SeriesSink,
  type TimeGroup,
  type Stamp,
  type TimeSequence,
  Warnings,
  epochStamp,
  hostFromHeader,
  isSummaryLine,
  nameHint,
  parseSysstatHeader,
  timeFieldCount,
} from "./sysstat/common";
import { scoreSysstat } from "./sysstat/detect";
import type { MetricDef } from "./sysstat/metrics";

/**
 * The fixed-column number reader as a local binding: under the parse CLI's loader (tsx compiles to
 * CommonJS) each use of an imported name is a getter call, which shows in a loop run millions of
 * times.
 */
const readBefore = readNumberBeforeBytes;

const KB = 1024;

const NO_BYTES = new Uint8Array(0);

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
  procs: Map<string, ProcSeries>;
  /** Processes in first-seen order; `next` is the one after the last row's in that order. */
  order: ProcSeries[];
  next: number;
  /**
   * The last row's process in this report (undefined after a header), and the first row's of the
   * last report: a report lists only the processes that did something, so the one expected next is
   * the one that came after the last row's last time ({@link ProcSeries.follower}).
   */
  prev: ProcSeries | undefined;
  first: ProcSeries | undefined;
  /**
   * Processes by PID (as a number), for rows that are not the one expected next: reports list only
   * the processes that did something, so rows skip around in `order`.
   */
  byPid: Map<number, ProcSeries>;
  /** Fixed-column reading of process rows (see {@link fastRow}); undefined for -t tables. */
  layout: Layout | undefined;
  /** Columns with a metric: index after the time, slot order as in `defs`. */
  mapped: Int32Array;
  /** Printed value → metric unit, per column. */
  scale: Float64Array;
  /** The fast path's values of the current row, per column. */
  vals: Float64Array;
  /** Last epoch time read by the fast path and its stamp. */
  lastEpoch: number;
  lastEpochStamp: Stamp | undefined;
}

/** Where a table's columns end (offsets from the line start), from its header line. */
interface Layout {
  ends: Int32Array;
  /** Where `Command` starts: rows put the command there too. */
  commandStart: number;
}

/** One process's (or thread's) series of a table: a time group and each column's slot (-1: none). */
interface ProcSeries {
  group: TimeGroup;
  slot: Int32Array;
  /** Slot of proc.context_switches_per_s, or -1. */
  cswSlot: number;
  /** Its PID and command as printed, and its place in `Table.order`. */
  pid: string;
  command: string;
  /** The same, to match in a row's bytes; the PID as a number (-1: not 1 to 9 digits). */
  pidNumber: number;
  pidBytes: BytePattern;
  commandBytes: BytePattern;
  index: number;
  /** The next process of the table with the same PID (reused PIDs, renamed commands). */
  samePid: ProcSeries | undefined;
  /** The process whose row came after this one's, the last time. */
  follower: ProcSeries | undefined;
}

/** `s` as a PID number when it is 1 to 9 digits, else -1. */
function pidNumber(s: string): number {
  if (s.length === 0 || s.length > 9) return -1;
  let v = 0;
  for (let i = 0; i < s.length; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

function procSeries(
  sink: SeriesSink,
  t: Table,
  labels: Labels,
  pid: string,
  command: string,
): ProcSeries {
  const group = sink.group();
  const slot = new Int32Array(t.width).fill(-1);
  for (let i = 0; i < t.width; i++) {
    const d = t.defs[i];
    if (d === undefined) continue;
    sink.member(group, d.metric, labels, d.unit);
    slot[i] = group.members.length - 1;
  }
  let cswSlot = -1;
  if (t.cswIdx) {
    sink.member(group, CONTEXT_SWITCHES.metric, labels, CONTEXT_SWITCHES.unit);
    cswSlot = group.members.length - 1;
  }
  const ps: ProcSeries = {
    group,
    slot,
    cswSlot,
    pid,
    command,
    pidNumber: pidNumber(pid),
    pidBytes: new BytePattern(pid),
    commandBytes: new BytePattern(command),
    index: t.order.length,
    samePid: undefined,
    follower: undefined,
  };
  t.order.push(ps);
  const key = ps.pidNumber;
  if (key >= 0) {
    const first = t.byPid.get(key);
    if (first === undefined) t.byPid.set(key, ps);
    else {
      let last = first;
      while (last.samePid !== undefined) last = last.samePid;
      last.samePid = ps;
    }
  }
  return ps;
}

/**
 * The process of `t` with PID `pid` (its text `pidLength` digits long) and command `src[cmd, ce)`,
 * if seen before.
 */
function procAt(
  t: Table,
  pid: number,
  pidLength: number,
  src: Uint8Array,
  cmd: number,
  ce: number,
): ProcSeries | undefined {
  for (let ps = t.byPid.get(pid); ps !== undefined; ps = ps.samePid) {
    if (
      ps.pid.length === pidLength &&
      ps.command.length === ce - cmd &&
      ps.commandBytes.at(src, cmd)
    )
      return ps;
  }
  return undefined;
}

/** `ps` had the row just read: what predicts the next row's process. */
function rowOf(t: Table, ps: ProcSeries): void {
  if (t.prev === undefined) t.first = ps;
  else t.prev.follower = ps;
  t.prev = ps;
  t.next = ps.index + 1;
}

function makeTable(cols: readonly string[], seq: TimeSequence): Table {
  const cs = cols.indexOf("cswch/s");
  const ncs = cols.indexOf("nvcswch/s");
  const defs = cols.map((c) => COLUMNS.get(c));
  const mapped: number[] = [];
  defs.forEach((d, i) => d !== undefined && i < cols.length - 1 && mapped.push(i));
  return {
    width: cols.length,
    pidIdx: cols.indexOf("PID"),
    tgidIdx: cols.indexOf("TGID"),
    tidIdx: cols.indexOf("TID"),
    defs,
    cswIdx: cs >= 0 && ncs >= 0 ? [cs, ncs] : undefined,
    seq,
    headerStamp: undefined,
    procs: new Map(),
    order: [],
    next: 0,
    prev: undefined,
    first: undefined,
    byPid: new Map(),
    layout: undefined,
    mapped: Int32Array.from(mapped),
    scale: Float64Array.from(defs, (d) => d?.scale ?? 1),
    vals: new Float64Array(cols.length),
    lastEpoch: NaN,
    lastEpochStamp: undefined,
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

/**
 * The parser reads bytes (../util/bytes.ts): a capture's pidstat file is most of its size, and
 * decoding it to one string first cost as much as reading it. A text is read as its UTF-8.
 */
function parsePidstat(text: string, ctx: ParseContext): ParseResult {
  const bytes = textBytes(text);
  return parsePidstatBytes([bytes], bytes.length, false, ctx);
}

/**
 * The chunks of a file (each but the last ending with a newline) as their decoded text would
 * parse; `file`: they are a file's bytes, whose byte order mark decoding drops.
 */
function parsePidstatBytes(
  chunks: Iterable<Uint8Array>,
  size: number,
  file: boolean,
  ctx: ParseContext,
): ParseResult {
  const tool = "pidstat";
  const warnings = new Warnings(tool);
  const result: ParseResult = { tool, series: [], events: [], host: {}, warnings: [] };
  /** The chunk being read: the fast paths read it in place. */
  let src: Uint8Array = NO_BYTES;
  /** A character other than a blank seen: a blank text gives no table and no complaint. */
  let seen = false;

  const fast = shortcuts.enabled;
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

  /** The general path: the line as text, split into fields, and what it is decided. */
  const slowLine = (line: string, lineNo: number): void => {
    const n = f.scan(line);
    if (n === 0) {
      inSummary = false;
      return;
    }
    seen = true;
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
      const key = line.slice(f.start(hs)).trim();
      let t = tables.get(key);
      if (t === undefined) {
        const cols: string[] = [];
        for (let i = hs; i < n; i++) cols.push(f.text(i));
        t = makeTable(cols, clock.sequence());
        tables.set(key, t);
      }
      if (t.tgidIdx < 0 && t.pidIdx >= 0 && hs > 0) {
        const ends = new Int32Array(t.width - 1);
        for (let j = 0; j < ends.length; j++) ends[j] = f.end(hs + j);
        t.layout = { ends, commandStart: f.start(hs + t.width - 1) };
      }
      t.next = 0;
      t.prev = undefined;
      const timed = hs > 0 && f.text(0) !== "#" && f.text(0) !== "#Time";
      t.headerStamp = timed ? t.seq.stamp(f, hs, lineNo) : undefined;
      table = t;
      lastHeader = {
        table: t,
        length: line.length,
        tailAt: f.start(hs),
        tail: new BytePattern(line.slice(f.start(hs))),
        timeEnd: timed ? f.end(hs - 1) : -1,
        head: new BytePattern(timed ? "" : line.slice(0, f.start(hs))),
      };
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
    let pidText = "";
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
      pidText = pid;
    } else {
      return;
    }
    let ps = t.procs.get(key);
    if (ps === undefined) {
      ps = procSeries(sink, t, labels, pidText, command);
      t.procs.set(key, ps);
    }
    rowOf(t, ps);
    const row = ps.group.row;
    for (let i = 0; i < t.width - 1; i++) {
      const d = t.defs[i];
      const k = ps.slot[i] ?? -1;
      if (d === undefined || k < 0) continue;
      const v = f.num(tc + i);
      if (v === undefined) {
        warnings.add(`${JSON.stringify(f.text(tc + i).slice(0, 20))} is not a number`, lineNo);
        continue;
      }
      // -1 marks a value pidstat could not read (another user's or a kernel thread's I/O).
      if (v < 0) continue;
      row[k] = v * d.scale;
    }
    if (t.cswIdx && ps.cswSlot >= 0) {
      const v1 = f.num(tc + t.cswIdx[0]);
      const v2 = f.num(tc + t.cswIdx[1]);
      if (v1 !== undefined && v2 !== undefined && v1 >= 0 && v2 >= 0)
        row[ps.cswSlot] = Math.round((v1 + v2) * 100) / 100;
    }
    sink.commit(ps.group, st, lineNo);
  };

  /**
   * A process row read in place (the same idea as sysstat/timed-tables.ts): pidstat right-aligns
   * every value under its column name and starts the command where `Command` starts, so a row
   * whose fields sit there is read without splitting it, its process matched against the one
   * expected next. False for anything else: the general path reads the line.
   */
  const fastRow = (t: Table, layout: Layout, a: number, b: number, lineNo: number): boolean => {
    let te = a;
    while (te < b && (src[te] ?? NaN) > 32) te++;
    let lo = te;
    let st: Stamp | undefined;
    let epoch = 0;
    let digits = 0;
    for (let i = a; i < te; i++) {
      const d = (src[i] ?? NaN) - 48;
      if (!(d >= 0 && d <= 9)) break;
      epoch = epoch * 10 + d;
      digits++;
    }
    if (digits === te - a && digits >= 9 && digits <= 11) {
      if (epoch !== t.lastEpoch || t.lastEpochStamp === undefined) {
        t.lastEpoch = epoch;
        t.lastEpochStamp = epochStamp(epoch);
      }
      st = t.lastEpochStamp;
    } else {
      // `04:42:21 PM`: the meridiem is part of the time.
      const m = (src[te + 1] ?? NaN) | 32;
      if (
        src[te] === 32 &&
        (m === 97 || m === 112) &&
        ((src[te + 2] ?? NaN) | 32) === 109 &&
        (src[te + 3] ?? NaN) <= 32
      )
        lo = te + 3;
      st = t.seq.stampInBytes(src, a, lo, lineNo);
    }
    if (st === undefined) return false;
    const cmd = a + layout.commandStart;
    if (cmd >= b || (src[cmd] ?? NaN) <= 32 || (src[cmd - 1] ?? NaN) > 32) return false;
    if (src[cmd] === 124 && src[cmd + 1] === 95 && src[cmd + 2] === 95) return false; // |__
    let ce = b;
    while (ce > cmd && (src[ce - 1] ?? NaN) <= 32) ce--;
    const ends = layout.ends;
    const pe = a + (ends[t.pidIdx] ?? 0);
    if ((src[pe] ?? NaN) > 32) return false;
    let pb = pe;
    while (pb > lo && (src[pb - 1] ?? NaN) > 32) pb--;
    if (pb === pe || pb <= lo) return false;
    // The PID as a number (-1: not 1 to 9 digits). Two PIDs of the same length and number are the
    // same text.
    let pid = pe - pb <= 9 ? 0 : -1;
    for (let i = pb; i < pe && pid >= 0; i++) {
      const d = (src[i] ?? NaN) - 48;
      pid = d >= 0 && d <= 9 ? pid * 10 + d : -1;
    }
    // The process expected next (reports list processes in the same order), else the one of this
    // PID and command.
    const order = t.order;
    let ps = (t.prev === undefined ? t.first : t.prev.follower) ?? order[t.next];
    if (
      ps === undefined ||
      ps.pid.length !== pe - pb ||
      ps.command.length !== ce - cmd ||
      (pid >= 0 ? ps.pidNumber !== pid : !ps.pidBytes.at(src, pb)) ||
      !ps.commandBytes.at(src, cmd)
    ) {
      ps = pid >= 0 ? procAt(t, pid, pe - pb, src, cmd, ce) : undefined;
      if (ps === undefined) return false;
    }
    const vals = t.vals;
    const mapped = t.mapped;
    for (let k = 0; k < mapped.length; k++) {
      const j = mapped[k] ?? 0;
      if (!readBefore(src, a + (ends[j] ?? 0), lo, b, vals, j)) return false;
    }
    const row = ps.group.row;
    const slot = ps.slot;
    const scale = t.scale;
    for (let k = 0; k < mapped.length; k++) {
      const j = mapped[k] ?? 0;
      const v = vals[j] ?? NaN;
      const q = slot[j] ?? -1;
      // -1 marks a value pidstat could not read (another user's or a kernel thread's I/O).
      if (q >= 0 && v >= 0) row[q] = v * (scale[j] ?? 1);
    }
    if (t.cswIdx && ps.cswSlot >= 0) {
      const v1 = vals[t.cswIdx[0]] ?? NaN;
      const v2 = vals[t.cswIdx[1]] ?? NaN;
      if (v1 >= 0 && v2 >= 0) row[ps.cswSlot] = Math.round((v1 + v2) * 100) / 100;
    }
    if (st.ms !== lastMs) {
      rowTimes++;
      lastMs = st.ms;
    }
    if (t.headerStamp !== undefined && t.headerStamp.ms !== st.ms) headerTimeIsRowTime = false;
    sink.commit(ps.group, st, lineNo);
    rowOf(t, ps);
    return true;
  };

  /**
   * The last header line read, to recognise the next report's (the same text, or the same after
   * its time of day) without splitting it. ASCII only ({@link BytePattern}): another header is read
   * as text.
   */
  let lastHeader:
    | {
        table: Table;
        length: number;
        tailAt: number;
        tail: BytePattern;
        timeEnd: number;
        head: BytePattern;
      }
    | undefined;
  const fastHeader = (a: number, b: number, lineNo: number): boolean => {
    const h = lastHeader;
    if (h === undefined || b - a !== h.length || !h.tail.at(src, a + h.tailAt)) return false;
    let st: Stamp | undefined;
    if (h.timeEnd < 0) {
      if (!h.head.at(src, a)) return false;
    } else {
      for (let i = a + h.timeEnd; i < a + h.tailAt; i++) if ((src[i] ?? NaN) > 32) return false;
      st = h.table.seq.stampInBytes(src, a, a + h.timeEnd, lineNo);
      if (st === undefined) return false;
    }
    recognized++;
    inSummary = false;
    const t = h.table;
    t.next = 0;
    t.prev = undefined;
    t.headerStamp = st;
    table = t;
    return true;
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
    if (c0 >= 48 && c0 <= 57) {
      const t = table;
      if (
        t !== undefined &&
        t.layout !== undefined &&
        !inSummary &&
        fastRow(t, t.layout, a, b, lineNo)
      )
        continue;
      if (fastHeader(a, b, lineNo)) continue;
    } else if (c0 > 32 && c0 < 128) {
      // `Average:` (`Durchschn.:` ...): a first field ending with a colon.
      let k = a + 1;
      while (k < b && (src[k] ?? NaN) > 32) k++;
      if (src[k - 1] === 58) {
        sawSummary = true;
        inSummary = true;
        table = undefined;
        continue;
      }
      if (fastHeader(a, b, lineNo)) continue;
    }
    slowLine(lineText(src, a, b), lineNo);
  }
  if (!seen) return result;

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
  parseBytes: (bytes, ctx) =>
    bytes instanceof Uint8Array
      ? parsePidstatBytes([bytes], bytes.length, true, ctx)
      : parsePidstatBytes(bytes.chunks(), bytes.size, true, ctx),
};
