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
import type { Labels, ParseContext, ParseResult, Timestamp } from "../types";
import { ParseError } from "../types";
import { toIso } from "../util/time";
import type { ToolParser } from "./parser";
import {
  Clock,
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
  nameHint,
  parseSysstatDate,
  parseSysstatHeader,
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
  accs: Map<string, (SeriesAcc | undefined)[]>;
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
  return { width: cols.length, deviceIdx, defs, awaitFrom, accs: new Map() };
}

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
  let cpuCols: MetricDef[] | undefined;
  let cpuAccs: (SeriesAcc | undefined)[] = [];
  let expectCpuValues = false;
  let table: DeviceTable | undefined;
  const tables = new Map<string, DeviceTable>();
  const cpuTables = new Map<string, { cols: MetricDef[]; accs: (SeriesAcc | undefined)[] }>();
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
    let t: Timestamp;
    let ms: number;
    if (interval !== undefined && interval > 0) {
      ms = k * interval * 1000;
      t = Number.isFinite(startMs) ? toIso(startMs + ms) : k * interval;
      if (Number.isFinite(startMs)) ms += startMs;
    } else {
      if (!warnedNoTime) {
        warnedNoTime = true;
        warnings.add(
          "no timestamps (-t) and no interval known: points are numbered by report (1, 2, ...), not seconds",
          lineNo,
        );
      }
      t = k;
      ms = k * 1000;
    }
    reportStamp = { t, ms };
    return reportStamp;
  };

  const isSinceBoot = (): boolean => sinceBootFirst && report === 0;

  eachLineRange(text, (start, end, lineNo) => {
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
        const cols: MetricDef[] = [];
        for (let i = 1; i < n; i++) {
          const def = CPU.columns.get(f.text(i));
          cols.push(def ?? { metric: "", unit: "", scale: 1 });
        }
        const accs = cols.map((d) =>
          d.metric === "" ? undefined : sink.acc(d.metric, { cpu: "all" }, d.unit),
        );
        cached = { cols, accs };
        cpuTables.set(key, cached);
      }
      cpuCols = cached.cols;
      cpuAccs = cached.accs;
      expectCpuValues = true;
      table = undefined;
      return;
    }
    if (expectCpuValues) {
      expectCpuValues = false;
      const cols = cpuCols;
      if (cols === undefined) return;
      if (n !== cols.length) {
        warnings.add(`avg-cpu: expected ${cols.length} values, found ${n}`, lineNo);
        return;
      }
      const sb = isSinceBoot();
      const st = sb ? undefined : stampOf(lineNo);
      for (let i = 0; i < n; i++) {
        const a = cpuAccs[i];
        if (a === undefined) continue;
        const v = f.num(i);
        if (v === undefined) {
          warnings.add(
            `avg-cpu value ${JSON.stringify(f.text(i).slice(0, 20))} is not a number`,
            lineNo,
          );
          continue;
        }
        if (st) sink.push(a, st, v, lineNo);
        else sink.sinceBoot(a, v);
      }
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
      let accs = t.accs.get(device);
      if (accs === undefined) {
        const labels: Labels = { device };
        accs = t.defs.map((d) => (d ? sink.acc(d.metric, labels, d.unit) : undefined));
        if (t.awaitFrom) accs.push(sink.acc(DERIVED_AWAIT.metric, labels, DERIVED_AWAIT.unit));
        t.accs.set(device, accs);
      }
      const sb = isSinceBoot();
      const st = sb ? undefined : stampOf(lineNo);
      for (let i = 0; i < t.width; i++) {
        const d = t.defs[i];
        const a = accs[i];
        if (d === undefined || a === undefined) continue;
        const v = f.num(i);
        if (v === undefined) {
          warnings.add(
            `${device}: ${JSON.stringify(f.text(i).slice(0, 20))} is not a number`,
            lineNo,
          );
          continue;
        }
        if (st) sink.push(a, st, v * d.scale, lineNo);
        else sink.sinceBoot(a, v * d.scale);
      }
      if (t.awaitFrom) {
        const a = accs[t.width];
        let ios = 0;
        let total = 0;
        let ok = true;
        for (const [ri, wi] of t.awaitFrom) {
          const r = f.num(ri);
          const w = f.num(wi);
          if (r === undefined || w === undefined) ok = false;
          else {
            ios += r;
            total += r * w;
          }
        }
        if (ok && a !== undefined) {
          const v = ios > 0 ? total / ios : 0;
          if (st) sink.push(a, st, v, lineNo);
          else sink.sinceBoot(a, v);
        }
      }
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
  });

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
