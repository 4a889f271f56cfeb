/**
 * iostat (sysstat): CPU and per-device I/O reports.
 *
 * ```
 * Linux 6.18.44-fc-v1252 (vm) 	2026-12-04 	_x86_64_	(2 CPU)
 *
 * 2026-12-04T16:41:03+0000
 * avg-cpu:  %user   %nice %system %iowait  %steal   %idle
 *           48.56    0.00    8.17    1.92    0.00   41.35
 *
 * Device            r/s     rkB/s   rrqm/s  %rrqm r_await rareq-sz     w/s     wkB/s ... aqu-sz  %util
 * vda            300.00   1200.00     0.00   0.00    0.09     4.00  300.00   1200.00 ...   0.05  14.40
 * ```
 *
 * Every column set since sysstat 9: `rsec/s`, `rkB/s` or `rMB/s` (-m), `avgrq-sz avgqu-sz await
 * svctm` (≤ 11.5), `r_await w_await aqu-sz rareq-sz wareq-sz` (11.5.7+), `d/s ... f_await` (12+),
 * the short `-s` set and the plain `tps kB_read/s` report; -p partitions and dm devices; -z; -c/-d.
 * Timestamps (-t) in ISO form (`2026-12-04T15:57:28+0000`, S_TIME_FORMAT=ISO) or the locale's
 * (`12/04/2026 04:39:53 PM`, `04.12.2026 17:41:15`, `12/04/26 16:40:45`).
 *
 * The first report holds averages since boot and goes into `sinceBoot` unless ctx.argv has -y.
 * Without -t the reports carry no time: they are placed at `report × interval` seconds (ctx.interval
 * or argv), or numbered 1, 2, ... with a warning. Sizes become bytes; 12.x prints no combined
 * `await`, so disk.await_ms is derived from r/w/d_await weighted by r/w/d per second.
 */
import type { Labels, ParseContext, ParseResult } from "../types";
import { ParseError } from "../types";
import { readNumberBefore, RecurringText, shortcuts } from "../util/scan";
import type { ToolParser } from "./parser";
import {
  Clock,
  Fields,
  type SeriesAcc,
  SeriesSink,
  type TimeGroup,
  type Stamp,
  type SysstatHeader,
  type TimeSequence,
  TIME_OF_DAY_MERIDIEM,
  Warnings,
  type YMD,
  hostFromHeader,
  isBlankText,
  nameHint,
  parseSysstatDate,
  parseSysstatHeader,
  timeOfDayIn,
} from "./sysstat/common";
import { scoreSysstat } from "./sysstat/detect";
import { CPU, type MetricDef } from "./sysstat/metrics";

const KB = 1024;
const MB = 1024 * 1024;
const SECTOR = 512;

function m(metric: string, unit: string, scale = 1): MetricDef {
  return { metric, unit, scale };
}

const DEVICE_COLUMNS: ReadonlyMap<string, MetricDef> = new Map([
  ["r/s", m("disk.reads_per_s", "/s")],
  ["w/s", m("disk.writes_per_s", "/s")],
  ["d/s", m("disk.discards_per_s", "/s")],
  ["f/s", m("disk.flushes_per_s", "/s")],
  ["rkB/s", m("disk.read_bytes_per_s", "B/s", KB)],
  ["wkB/s", m("disk.write_bytes_per_s", "B/s", KB)],
  ["dkB/s", m("disk.discard_bytes_per_s", "B/s", KB)],
  ["rMB/s", m("disk.read_bytes_per_s", "B/s", MB)],
  ["wMB/s", m("disk.write_bytes_per_s", "B/s", MB)],
  ["dMB/s", m("disk.discard_bytes_per_s", "B/s", MB)],
  ["rsec/s", m("disk.read_bytes_per_s", "B/s", SECTOR)],
  ["wsec/s", m("disk.write_bytes_per_s", "B/s", SECTOR)],
  ["rrqm/s", m("disk.read_merges_per_s", "/s")],
  ["wrqm/s", m("disk.write_merges_per_s", "/s")],
  ["drqm/s", m("disk.discard_merges_per_s", "/s")],
  ["%rrqm", m("disk.read_merged_pct", "%")],
  ["%wrqm", m("disk.write_merged_pct", "%")],
  ["%drqm", m("disk.discard_merged_pct", "%")],
  ["await", m("disk.await_ms", "ms")],
  ["r_await", m("disk.r_await_ms", "ms")],
  ["w_await", m("disk.w_await_ms", "ms")],
  ["d_await", m("disk.d_await_ms", "ms")],
  ["f_await", m("disk.f_await_ms", "ms")],
  ["aqu-sz", m("disk.queue_depth", "")],
  ["avgqu-sz", m("disk.queue_depth", "")],
  ["rareq-sz", m("disk.read_request_bytes", "B", KB)],
  ["wareq-sz", m("disk.write_request_bytes", "B", KB)],
  ["dareq-sz", m("disk.discard_request_bytes", "B", KB)],
  ["areq-sz", m("disk.avg_request_bytes", "B", KB)],
  ["avgrq-sz", m("disk.avg_request_bytes", "B", SECTOR)],
  ["svctm", m("disk.svctm_ms", "ms")],
  ["%util", m("disk.util_pct", "%")],
  ["tps", m("disk.transfers_per_s", "/s")],
  ["kB_read/s", m("disk.read_bytes_per_s", "B/s", KB)],
  ["kB_wrtn/s", m("disk.write_bytes_per_s", "B/s", KB)],
  ["kB_dscd/s", m("disk.discard_bytes_per_s", "B/s", KB)],
  ["MB_read/s", m("disk.read_bytes_per_s", "B/s", MB)],
  ["MB_wrtn/s", m("disk.write_bytes_per_s", "B/s", MB)],
  ["MB_dscd/s", m("disk.discard_bytes_per_s", "B/s", MB)],
  ["Blk_read/s", m("disk.read_bytes_per_s", "B/s", SECTOR)],
  ["Blk_wrtn/s", m("disk.write_bytes_per_s", "B/s", SECTOR)],
  ["kB/s", m("disk.io_bytes_per_s", "B/s", KB)],
  ["MB/s", m("disk.io_bytes_per_s", "B/s", MB)],
  ["rqm/s", m("disk.merges_per_s", "/s")],
]);

const DERIVED_AWAIT = m("disk.await_ms", "ms");

interface DeviceTable {
  width: number;
  deviceIdx: number;
  defs: (MetricDef | undefined)[];
  /** Column pairs (rate, await) to derive the combined await from, when no `await` column. */
  awaitFrom: [number, number][] | undefined;
  devices: Map<string, DeviceSeries>;
  /** Devices in first-seen order; `next` is the one expected after the last row. */
  order: DeviceSeries[];
  next: number;
  /** Fixed-column reading (see {@link fastDevice}): the header's length and field ends. */
  layout: { length: number; ends: Int32Array } | undefined;
  /** Printed value → metric unit, per column (1 where none). */
  scale: Float64Array;
  /** Columns with a metric. */
  mapped: Int32Array;
  /** The fast path's values of the current row, per column. */
  vals: Float64Array;
}

/** One device's series of a table: a time group, and the slot of each column (-1: none). */
interface DeviceSeries {
  group: TimeGroup;
  accs: SeriesAcc[];
  slot: Int32Array;
  /** Slot of the derived await, or -1. */
  awaitSlot: number;
  /** The device name and its place in `DeviceTable.order`. */
  name: string;
  index: number;
}

function deviceTable(cols: readonly string[]): DeviceTable {
  const deviceIdx = cols.findIndex((c) => c === "Device:" || c === "Device");
  const defs = cols.map((c, i) => (i === deviceIdx ? undefined : DEVICE_COLUMNS.get(c)));
  let awaitFrom: [number, number][] | undefined;
  if (!cols.includes("await")) {
    const pairs: [number, number][] = [];
    for (const [rate, aw] of [
      ["r/s", "r_await"],
      ["w/s", "w_await"],
      ["d/s", "d_await"],
    ] as const) {
      const a = cols.indexOf(rate);
      const b = cols.indexOf(aw);
      if (a >= 0 && b >= 0) pairs.push([a, b]);
    }
    if (pairs.length >= 2) awaitFrom = pairs;
  }
  const mapped: number[] = [];
  defs.forEach((d, i) => d !== undefined && mapped.push(i));
  return {
    width: cols.length,
    deviceIdx,
    defs,
    awaitFrom,
    devices: new Map(),
    order: [],
    next: 0,
    layout: undefined,
    scale: Float64Array.from(defs, (d) => d?.scale ?? 1),
    mapped: Int32Array.from(mapped),
    vals: new Float64Array(cols.length),
  };
}

interface CpuTable {
  width: number;
  group: TimeGroup;
  accs: SeriesAcc[];
  /** Group slot of each column, -1 for columns without a metric. */
  slot: Int32Array;
  /** The header's length and where each value column ends (values sit under the names). */
  length: number;
  ends: Int32Array;
}

function deviceSeries(sink: SeriesSink, t: DeviceTable, device: string): DeviceSeries {
  const labels: Labels = { device };
  const group = sink.group();
  const accs: SeriesAcc[] = [];
  const slot = new Int32Array(t.width).fill(-1);
  for (let i = 0; i < t.width; i++) {
    const d = t.defs[i];
    if (d === undefined) continue;
    accs.push(sink.member(group, d.metric, labels, d.unit));
    slot[i] = accs.length - 1;
  }
  let awaitSlot = -1;
  if (t.awaitFrom) {
    accs.push(sink.member(group, DERIVED_AWAIT.metric, labels, DERIVED_AWAIT.unit));
    awaitSlot = accs.length - 1;
  }
  const dev: DeviceSeries = { group, accs, slot, awaitSlot, name: device, index: t.order.length };
  t.order.push(dev);
  return dev;
}

/**
 * The combined await of a device row: r/w/d_await weighted by r/w/d per second; NaN when a value
 * is missing.
 */
function derivedAwait(pairs: readonly [number, number][], value: (i: number) => number): number {
  let ios = 0;
  let total = 0;
  for (const [ri, wi] of pairs) {
    const r = value(ri);
    const w = value(wi);
    if (Number.isNaN(r) || Number.isNaN(w)) return NaN;
    ios += r;
    total += r * w;
  }
  return ios > 0 ? total / ios : 0;
}

/**
 * {@link derivedAwait} over values read into `vals`, for the fixed-column path: an indexed loop, no
 * closure and no destructuring per row (they showed in the profile).
 */
function derivedAwaitIn(pairs: readonly [number, number][], vals: Float64Array): number {
  let ios = 0;
  let total = 0;
  for (let k = 0; k < pairs.length; k++) {
    const pair = pairs[k];
    if (pair === undefined) continue;
    const r = vals[pair[0]] ?? NaN;
    const w = vals[pair[1]] ?? NaN;
    if (Number.isNaN(r) || Number.isNaN(w)) return NaN;
    ios += r;
    total += r * w;
  }
  return ios > 0 ? total / ios : 0;
}

/**
 * The fixed-column number reader as a local binding: under the parse CLI's loader (tsx compiles to
 * CommonJS) each use of an imported name is a getter call, which shows in a loop run millions of
 * times.
 */
const readBefore = readNumberBefore;

function hasShortFlag(argv: readonly string[] | undefined, flag: string): boolean {
  if (!argv) return false;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i] ?? "";
    if (a.startsWith("-") && !a.startsWith("--") && a.includes(flag)) return true;
  }
  return false;
}

function intervalFromArgv(argv: readonly string[] | undefined): number | undefined {
  if (!argv) return undefined;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i] ?? "";
    if (/^\d+$/.test(a)) {
      const prev = argv[i - 1] ?? "";
      if (prev === "-j" || prev === "-g" || prev === "-p") continue;
      return Number(a);
    }
  }
  return undefined;
}

/**
 * A report's timestamp line: `2026-12-04T15:57:28+0000`, `12/04/2026 04:39:53 PM`,
 * `04.12.2026 17:41:15`, `12/04/26 16:40:45`, or sysstat 9's `Time: 03:45:01 PM`.
 */
function readTimestampLine(
  f: Fields,
): { dateText?: string; timeText: string; meridiem?: string } | undefined {
  const a = f.text(0);
  if (f.count === 1) {
    const t = a.indexOf("T");
    if (t === 10 && a.charCodeAt(4) === 45)
      return { dateText: a.slice(0, 10), timeText: a.slice(11) };
    return undefined;
  }
  if (f.count > 3) return undefined;
  const b = f.text(1);
  const c = f.count === 3 ? f.text(2).toUpperCase() : undefined;
  if (c !== undefined && c !== "AM" && c !== "PM") return undefined;
  if (b.indexOf(":") < 1) return undefined;
  const out: { dateText?: string; timeText: string; meridiem?: string } = { timeText: b };
  if (c !== undefined) out.meridiem = c;
  if (a === "Time:") return out;
  if (!/^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$/.test(a)) return undefined;
  out.dateText = a;
  return out;
}

/** `15:57:28+0000` → seconds of day and the offset in ms (when present). */
function splitOffset(timeText: string): { clock: string; offsetMs?: number } {
  const i = Math.max(timeText.indexOf("+"), timeText.indexOf("-"));
  if (i < 0) {
    if (timeText.endsWith("Z")) return { clock: timeText.slice(0, -1), offsetMs: 0 };
    return { clock: timeText };
  }
  const off = timeText.slice(i);
  const mm = /^([+-])(\d{2}):?(\d{2})$/.exec(off);
  if (!mm) return { clock: timeText.slice(0, i) };
  const sign = mm[1] === "-" ? -1 : 1;
  return {
    clock: timeText.slice(0, i),
    offsetMs: sign * (Number(mm[2]) * 60 + Number(mm[3])) * 60_000,
  };
}

function parseIostat(text: string, ctx: ParseContext): ParseResult {
  const tool = "iostat";
  const warnings = new Warnings(tool);
  const result: ParseResult = { tool, series: [], events: [], host: {}, warnings: [] };
  if (isBlankText(text)) return result;

  const fast = shortcuts.enabled;
  const f = new Fields();
  const sink = new SeriesSink();
  let header: SysstatHeader | undefined;
  let clock = new Clock(ctx, undefined, warnings);
  let todSeq: TimeSequence = clock.sequence();
  const sinceBootFirst = !hasShortFlag(ctx.argv, "y");
  const interval = ctx.interval ?? intervalFromArgv(ctx.argv);
  const startMs = ctx.captureStart === undefined ? NaN : Date.parse(ctx.captureStart);
  let warnedNoTime = false;

  // Report state.
  let report = -1;
  let reportStamp: Stamp | undefined;
  let hasCpu = false;
  let hasDev = false;
  let cpu: CpuTable | undefined;
  let expectCpuValues = false;
  let table: DeviceTable | undefined;
  const tables = new Map<string, DeviceTable>();
  const cpuTables = new Map<string, CpuTable>();
  let recognized = 0;
  let unknown = 0;

  const newReport = (): void => {
    report++;
    reportStamp = undefined;
    hasCpu = false;
    hasDev = false;
  };

  /** The report's time: its -t line, else report × interval since the start. */
  const stampOf = (lineNo: number): Stamp => {
    if (reportStamp) return reportStamp;
    const k = sinceBootFirst ? report : report + 1;
    let rel = true;
    let ms: number;
    if (interval !== undefined && interval > 0) {
      ms = k * interval * 1000;
      if (Number.isFinite(startMs)) {
        ms = startMs + Math.round(ms);
        rel = false;
      }
    } else {
      if (!warnedNoTime) {
        warnedNoTime = true;
        warnings.add(
          "no timestamps (-t) and no interval known: points are numbered by report (1, 2, ...), not seconds",
          lineNo,
        );
      }
      ms = k * 1000;
    }
    reportStamp = { ms, rel };
    return reportStamp;
  };

  const isSinceBoot = (): boolean => sinceBootFirst && report === 0;

  /** The general path: split the line into fields and decide what it is. */
  const slowLine = (start: number, end: number, lineNo: number): void => {
    const n = f.scanRange(text, start, end);
    if (n === 0) {
      expectCpuValues = false;
      table = undefined;
      return;
    }
    if (f.charAt(0) === 76 /* L */) {
      const h = parseSysstatHeader(f.lineText());
      if (h) {
        if (header === undefined) result.host = hostFromHeader(h);
        else {
          // A second capture appended: its reports start again with one since boot.
          report = -1;
        }
        header = h;
        clock = new Clock(ctx, h, warnings);
        todSeq = clock.sequence();
        return;
      }
    }
    const first = f.text(0);
    if (first === "avg-cpu:") {
      if (report < 0 || hasCpu || hasDev) newReport();
      hasCpu = true;
      recognized++;
      const key = f.lineText().trim();
      let cached = cpuTables.get(key);
      if (cached === undefined) {
        const group = sink.group();
        const slot = new Int32Array(n - 1).fill(-1);
        const accs: SeriesAcc[] = [];
        for (let i = 1; i < n; i++) {
          const def = CPU.columns.get(f.text(i));
          if (def === undefined) continue;
          accs.push(sink.member(group, def.metric, { cpu: "all" }, def.unit));
          slot[i - 1] = group.members.length - 1;
        }
        cached = { width: n - 1, group, accs, slot, length: 0, ends: new Int32Array(n - 1) };
        cpuTables.set(key, cached);
      }
      // Where the values sit under this header (the same names may be spaced otherwise).
      for (let i = 1; i < n; i++) cached.ends[i - 1] = f.end(i) - start;
      cached.length = end - start;
      lastCpuHeader = new RecurringText(f.lineText());
      lastCpu = cached;
      cpu = cached;
      expectCpuValues = true;
      table = undefined;
      return;
    }
    if (expectCpuValues) {
      expectCpuValues = false;
      const c = cpu;
      if (c === undefined) return;
      if (n !== c.width) {
        warnings.add(`avg-cpu: expected ${c.width} values, found ${n}`, lineNo);
        return;
      }
      const sb = isSinceBoot();
      const st = sb ? undefined : stampOf(lineNo);
      const row = c.group.row;
      for (let i = 0; i < n; i++) {
        const k = c.slot[i] ?? -1;
        if (k < 0) continue;
        const v = f.num(i);
        if (v === undefined) {
          warnings.add(
            `avg-cpu value ${JSON.stringify(f.text(i).slice(0, 20))} is not a number`,
            lineNo,
          );
          continue;
        }
        if (sb) {
          const a = c.accs[k];
          if (a !== undefined) sink.sinceBoot(a, v);
        } else row[k] = v;
      }
      if (st) sink.commit(c.group, st, lineNo);
      return;
    }
    if (first === "Device:" || first === "Device" || f.text(n - 1) === "Device") {
      if (report < 0 || hasDev) newReport();
      hasDev = true;
      recognized++;
      const key = f.lineText().trim();
      let t = tables.get(key);
      if (t === undefined) {
        const cols: string[] = [];
        for (let i = 0; i < n; i++) cols.push(f.text(i));
        t = deviceTable(cols);
        tables.set(key, t);
      }
      if (t.deviceIdx === 0) {
        const ends = new Int32Array(n);
        for (let i = 0; i < n; i++) ends[i] = f.end(i) - start;
        t.layout = { length: end - start, ends };
      }
      t.next = 0;
      lastDeviceHeader = new RecurringText(f.lineText());
      lastDevice = t;
      table = t;
      return;
    }
    if (table !== undefined) {
      const t = table;
      if (n !== t.width) {
        warnings.add(`device row: expected ${t.width} fields, found ${n}`, lineNo);
        return;
      }
      const device = f.text(t.deviceIdx);
      let dev = t.devices.get(device);
      if (dev === undefined) {
        dev = deviceSeries(sink, t, device);
        t.devices.set(device, dev);
      }
      t.next = dev.index + 1;
      const sb = isSinceBoot();
      const st = sb ? undefined : stampOf(lineNo);
      const row = dev.group.row;
      for (let i = 0; i < t.width; i++) {
        const d = t.defs[i];
        const k = dev.slot[i] ?? -1;
        if (d === undefined || k < 0) continue;
        const v = f.num(i);
        if (v === undefined) {
          warnings.add(
            `${device}: ${JSON.stringify(f.text(i).slice(0, 20))} is not a number`,
            lineNo,
          );
          continue;
        }
        if (sb) {
          const a = dev.accs[k];
          if (a !== undefined) sink.sinceBoot(a, v * d.scale);
        } else row[k] = v * d.scale;
      }
      if (t.awaitFrom && dev.awaitSlot >= 0) {
        const v = derivedAwait(t.awaitFrom, (i) => f.num(i) ?? NaN);
        if (!Number.isNaN(v)) {
          if (sb) {
            const a = dev.accs[dev.awaitSlot];
            if (a !== undefined) sink.sinceBoot(a, v);
          } else row[dev.awaitSlot] = v;
        }
      }
      if (st) sink.commit(dev.group, st, lineNo);
      return;
    }
    const ts = readTimestampLine(f);
    if (ts) {
      newReport();
      recognized++;
      const { clock: clockText, offsetMs } = splitOffset(ts.timeText);
      if (ts.dateText !== undefined) {
        const d = parseSysstatDate(ts.dateText, ts.meridiem !== undefined);
        const secs = d ? parseTimeOfDayLoose(clockText, ts.meridiem) : undefined;
        if (d && secs !== undefined) {
          // The line carries its own date: it wins over the header's and --date.
          reportStamp = clock.absolute(d.date, secs, offsetMs);
          rememberStampLine(start, end, d.date, offsetMs, ts.meridiem !== undefined);
          return;
        }
      } else {
        const secs = parseTimeOfDayLoose(clockText, ts.meridiem);
        if (secs !== undefined) {
          reportStamp = todSeq.fromSeconds(secs, ts.meridiem !== undefined, lineNo);
          return;
        }
      }
      warnings.add(
        `timestamp ${JSON.stringify(f.lineText().trim().slice(0, 40))} not understood`,
        lineNo,
      );
      return;
    }
    unknown++;
    warnings.add(`not an iostat line: ${JSON.stringify(f.lineText().slice(0, 60))}`, lineNo);
  };

  /**
   * A device row read in place: iostat left-aligns the device name and right-aligns every value
   * under its column name, so a row as long as its header has each value where the name ends. The
   * device is matched against the one expected next. False for anything else (and for the
   * since-boot report): the general path reads the line.
   */
  const fastDevice = (
    t: DeviceTable,
    ends: Int32Array,
    a: number,
    b: number,
    lineNo: number,
  ): boolean => {
    if (isSinceBoot()) return false;
    let de = a;
    while (de < b && text.charCodeAt(de) > 32) de++;
    if (de === a || de === b) return false;
    const order = t.order;
    let dev: DeviceSeries | undefined;
    const from = t.next < order.length ? t.next : 0;
    for (let k = from, tries = 0; tries < order.length && tries < 64; tries++) {
      const d = order[k];
      if (d !== undefined && d.name.length === de - a && text.startsWith(d.name, a)) {
        dev = d;
        break;
      }
      k = k + 1 < order.length ? k + 1 : 0;
    }
    if (dev === undefined) return false;
    const vals = t.vals;
    const mapped = t.mapped;
    for (let k = 0; k < mapped.length; k++) {
      const i = mapped[k] ?? 0;
      if (!readBefore(text, a + (ends[i] ?? 0), de, b, vals, i)) return false;
    }
    const row = dev.group.row;
    const scale = t.scale;
    for (let k = 0; k < mapped.length; k++) {
      const i = mapped[k] ?? 0;
      const q = dev.slot[i] ?? -1;
      if (q >= 0) row[q] = (vals[i] ?? NaN) * (scale[i] ?? 1);
    }
    if (t.awaitFrom && dev.awaitSlot >= 0) {
      const v = derivedAwaitIn(t.awaitFrom, vals);
      if (!Number.isNaN(v)) row[dev.awaitSlot] = v;
    }
    sink.commit(dev.group, stampOf(lineNo), lineNo);
    t.next = dev.index + 1;
    return true;
  };

  /** The avg-cpu values under their header, read in place like device rows. */
  const fastCpu = (c: CpuTable, a: number, b: number, lineNo: number): boolean => {
    if (isSinceBoot()) return false;
    const row = c.group.row;
    for (let i = 0; i < c.width; i++) {
      const k = c.slot[i] ?? -1;
      if (k < 0) continue;
      if (!readBefore(text, a + (c.ends[i] ?? 0), a - 1, b, row, k)) {
        row.fill(NaN);
        return false;
      }
    }
    sink.commit(c.group, stampOf(lineNo), lineNo);
    return true;
  };

  /** A timestamp line like the last one read: the same text around a new time of day. */
  let stampPrefix = "";
  let stampSuffix = "";
  let stampDate: YMD | undefined;
  let stampOffset: number | undefined;
  let stampMeridiem = false;
  const rememberStampLine = (
    a: number,
    b: number,
    date: YMD,
    offsetMs: number | undefined,
    meridiem: boolean,
  ): void => {
    // The time of day starts after the date and one separator: `12/04/2026 04:41:09 PM`,
    // `2026-12-04T16:41:03+0000`.
    let t = a;
    while (t < b && text.charCodeAt(t) > 32 && text.charCodeAt(t) !== 84 /* T */) t++;
    t++;
    let e = t;
    while (
      e < b &&
      (text.charCodeAt(e) === 58 || (text.charCodeAt(e) >= 48 && text.charCodeAt(e) <= 57))
    )
      e++;
    if (meridiem) e = b;
    stampPrefix = text.slice(a, t);
    stampSuffix = text.slice(e, b);
    stampDate = date;
    stampOffset = offsetMs;
    stampMeridiem = meridiem;
  };
  const fastStamp = (a: number, b: number): boolean => {
    const date = stampDate;
    if (date === undefined || !text.startsWith(stampPrefix, a)) return false;
    const t = a + stampPrefix.length;
    const e = b - stampSuffix.length;
    if (e <= t || (stampSuffix !== "" && !text.startsWith(stampSuffix, e))) return false;
    // hh:mm:ss exactly, as the general path reads it (no fraction, no missing seconds).
    let ce = t;
    while (
      ce < e &&
      (text.charCodeAt(ce) === 58 || (text.charCodeAt(ce) >= 48 && text.charCodeAt(ce) <= 57))
    )
      ce++;
    if (
      ce - t < 7 ||
      ce - t > 8 ||
      text.charCodeAt(ce - 3) !== 58 ||
      text.charCodeAt(ce - 6) !== 58
    )
      return false;
    const secs = timeOfDayIn(text, t, e);
    if (secs < 0 || secs >= TIME_OF_DAY_MERIDIEM !== stampMeridiem) return false;
    const seconds = stampMeridiem ? secs - TIME_OF_DAY_MERIDIEM : secs;
    newReport();
    recognized++;
    reportStamp = clock.absolute(date, seconds, stampOffset);
    return true;
  };

  // The last headers read, recognised again by their whole text.
  let lastDeviceHeader = new RecurringText("");
  let lastDevice: DeviceTable | undefined;
  let lastCpuHeader = new RecurringText("");
  let lastCpu: CpuTable | undefined;
  const n = text.length;
  sink.total = n;
  let pos = 0;
  let lineNo = 0;
  while (pos < n) {
    let end = text.indexOf("\n", pos);
    if (end === -1) end = n;
    const a = pos;
    pos = end + 1;
    lineNo++;
    sink.read = pos;
    let b = end;
    if (b > a && text.charCodeAt(b - 1) === 13) b--;
    if (a === b) {
      expectCpuValues = false;
      table = undefined;
      continue;
    }
    if (!fast) {
      slowLine(a, b, lineNo);
      continue;
    }
    const len = b - a;
    if (
      lastCpu !== undefined &&
      len === lastCpuHeader.pattern.length &&
      lastCpuHeader.at(text, a)
    ) {
      // The general path's avg-cpu branch, for the header it has already read once.
      if (report < 0 || hasCpu || hasDev) newReport();
      hasCpu = true;
      recognized++;
      cpu = lastCpu;
      expectCpuValues = true;
      table = undefined;
      continue;
    }
    if (expectCpuValues) {
      const c = cpu;
      if (c !== undefined && c.length === len && fastCpu(c, a, b, lineNo)) {
        expectCpuValues = false;
        continue;
      }
    } else {
      if (
        lastDevice !== undefined &&
        len === lastDeviceHeader.pattern.length &&
        lastDeviceHeader.at(text, a)
      ) {
        if (report < 0 || hasDev) newReport();
        hasDev = true;
        recognized++;
        lastDevice.next = 0;
        table = lastDevice;
        continue;
      }
      const t = table;
      if (t !== undefined) {
        const layout = t.layout;
        if (
          layout !== undefined &&
          layout.length === len &&
          fastDevice(t, layout.ends, a, b, lineNo)
        )
          continue;
      } else {
        const c0 = text.charCodeAt(a);
        if (c0 >= 48 && c0 <= 57 && fastStamp(a, b)) continue;
      }
    }
    slowLine(a, b, lineNo);
  }

  if (recognized === 0) {
    if (header === undefined || unknown > 0)
      throw new ParseError(tool, "no avg-cpu or Device report found");
    warnings.add("only the header line: no reports");
  }
  result.series = sink.finish(warnings);
  result.warnings = warnings.done();
  return result;
}

function parseTimeOfDayLoose(text: string, meridiem: string | undefined): number | undefined {
  const mm = /^(\d{1,2}):(\d{2}):(\d{2})$/.exec(text);
  if (!mm) return undefined;
  let h = Number(mm[1]);
  const mi = Number(mm[2]);
  const s = Number(mm[3]);
  if (h > 23 || mi > 59 || s > 60) return undefined;
  if (meridiem === "AM" || meridiem === "PM") {
    if (h < 1 || h > 12) return undefined;
    if (meridiem === "AM" && h === 12) h = 0;
    if (meridiem === "PM" && h !== 12) h += 12;
  }
  return h * 3600 + mi * 60 + s;
}

export const iostatParser: ToolParser = {
  tool: "iostat",
  detect(text: string, fileName?: string): number {
    const s = scoreSysstat(text);
    if (s.iostat === 0) return 0;
    const other = Math.max(s.mpstat, s.pidstat, s.sar);
    const score = other > s.iostat ? Math.min(s.iostat, 0.05) : s.iostat;
    return Math.min(1, score + nameHint(fileName, "iostat"));
  },
  parse: parseIostat,
};
