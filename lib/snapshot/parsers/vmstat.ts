/**
 * vmstat (procps-ng): plain, `-t`, `-w`, `-a`, `-S k|K|m|M`, `-n`, repeated headers.
 *
 * ```
 * procs -----------memory---------- ---swap-- -----io---- -system-- ------cpu----- -----timestamp-----
 *  r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st                 UTC
 *  5  0      0 24004968   3108 518220    0    0 25286 16513  831 11673 17 14 68  1  0 2026-12-04 15:57:28
 *  3  0      0 24004968   3108 518220    0    0    40     0  557  211 99  2  0  0  0 2026-12-04 15:57:29
 * ```
 *
 * The first data line is the average since boot: its rates and CPU shares go to `sinceBoot`; its
 * gauges (r, b, memory columns) are instantaneous and stay a sample. Without `-t` a line has no
 * time: line i is `i × interval` seconds after the start, the interval from ctx/argv, else 1 s
 * (with a warning). Memory columns are KiB unless argv says `-S`; si/so use the same unit per
 * second; bi/bo are 1024-byte blocks per second. procps 4.0.2 can repeat the first sample's memory
 * columns on every line: a flat memory block beside moving I/O gets a warning (combine prefers
 * free/meminfo/sar for mem.*).
 */
import { ParseError, type ParseContext, type ParseResult, type Series } from "../types";
import { argValue, emptyResult, positionalNumbers, sortSeries, TimeBase, Warnings } from "./common";
import type { ToolParser } from "./parser";
import { expectedLength, growColumn, newColumn, trimColumn } from "../util/column";
import { head, isBlankText, scanDigitsIn, scanNumbersIn, shortcuts, tokens } from "../util/scan";

type Kind = "gauge" | "mem" | "memrate" | "rate" | "pct";
interface Column {
  metric: string;
  unit: string;
  kind: Kind;
  labels: Record<string, string>;
}

const ALL = { cpu: "all" };
const COLUMNS: Record<string, Column> = {
  r: { metric: "procs.running", unit: "count", kind: "gauge", labels: {} },
  b: { metric: "procs.blocked", unit: "count", kind: "gauge", labels: {} },
  swpd: { metric: "mem.swap_used_bytes", unit: "B", kind: "mem", labels: {} },
  free: { metric: "mem.free_bytes", unit: "B", kind: "mem", labels: {} },
  buff: { metric: "mem.buffers_bytes", unit: "B", kind: "mem", labels: {} },
  cache: { metric: "mem.cached_bytes", unit: "B", kind: "mem", labels: {} },
  inact: { metric: "mem.inactive_bytes", unit: "B", kind: "mem", labels: {} },
  active: { metric: "mem.active_bytes", unit: "B", kind: "mem", labels: {} },
  si: { metric: "swap.in_bytes_per_s", unit: "B/s", kind: "memrate", labels: {} },
  so: { metric: "swap.out_bytes_per_s", unit: "B/s", kind: "memrate", labels: {} },
  bi: { metric: "system.block_in_bytes_per_s", unit: "B/s", kind: "rate", labels: {} },
  bo: { metric: "system.block_out_bytes_per_s", unit: "B/s", kind: "rate", labels: {} },
  in: { metric: "system.interrupts_per_s", unit: "/s", kind: "rate", labels: {} },
  cs: { metric: "system.context_switches_per_s", unit: "/s", kind: "rate", labels: {} },
  us: { metric: "cpu.user_pct", unit: "%", kind: "pct", labels: ALL },
  sy: { metric: "cpu.system_pct", unit: "%", kind: "pct", labels: ALL },
  id: { metric: "cpu.idle_pct", unit: "%", kind: "pct", labels: ALL },
  wa: { metric: "cpu.iowait_pct", unit: "%", kind: "pct", labels: ALL },
  st: { metric: "cpu.steal_pct", unit: "%", kind: "pct", labels: ALL },
  gu: { metric: "cpu.guest_pct", unit: "%", kind: "pct", labels: ALL },
};

/** Translated column names (de_DE: `frei`, `Cache`); lookups are lower-case. */
const ALIASES: Record<string, string> = { frei: "free" };

/** `-S` unit letter → bytes (procps: k=1000, K=1024, m=10^6, M=2^20). */
const UNIT: Record<string, number> = { k: 1000, K: 1024, m: 1_000_000, M: 1_048_576 };

function isGroupHeader(line: string): boolean {
  const t = line.trimStart();
  return t.startsWith("procs") || t.startsWith("--procs");
}

export const vmstatParser: ToolParser = {
  tool: "vmstat",
  detect(text, fileName) {
    const h = head(text, 4);
    const first = h[0];
    if (first === undefined) return 0;
    let score = 0;
    if (isGroupHeader(first) && first.includes("memory")) score = 0.95;
    else if (h.some((l) => /^\s*r\s+b\s+(swpd|free)\s/.test(l))) score = 0.85;
    if (score > 0 && fileName !== undefined && /vmstat/i.test(fileName)) score += 0.03;
    return score;
  },
  parse(text, ctx) {
    return parseVmstat(text, ctx);
  },
};

function parseVmstat(text: string, ctx: ParseContext): ParseResult {
  const result = emptyResult("vmstat");
  if (isBlankText(text)) return result;
  const warnings = new Warnings("vmstat");
  const time = new TimeBase(ctx, warnings);
  const unitLetter = argValue(ctx.argv, "-S", "--unit");
  const memScale =
    unitLetter !== undefined && UNIT[unitLetter] !== undefined ? (UNIT[unitLetter] ?? 1024) : 1024;
  const interval =
    ctx.interval ?? positionalNumbers(ctx.argv, ["-S", "--unit", "-c", "--count", "-d"])[0];

  let cols: Output[] = [];
  let ncols = 0;
  let expected = 0;
  let hasStamp = false;
  let zone: string | undefined;
  /** Times of every data line (gauges keep the since-boot line) and of the interval lines (rates). */
  let allTimes = newColumn();
  let rateTimes = newColumn();
  const buf = new Float64Array(MAX_FIELDS);
  let dataLines = 0;
  let lastMs = -Infinity;
  let unordered = false;
  let headerSeen = false;
  let stampWarned = false;
  let memMoved = false;
  let ioMoved = false;
  let lineNo = 0;
  const stamps = new StampReader(time);
  const fast = shortcuts.enabled;

  const n = text.length;
  let start = 0;
  while (start < n) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = n;
    const a = start;
    start = end + 1;
    lineNo++;
    if (end === a) continue;
    // Data lines start with a digit after blanks: test that first, headers are rare.
    let c0 = a;
    while (c0 < end && isBlank(text.charCodeAt(c0))) c0++;
    if (c0 === end) continue;
    const first = text.charCodeAt(c0);
    if (first < 48 || first > 57) {
      if (text.startsWith("procs", c0) || text.startsWith("--procs", c0)) {
        headerSeen = true;
        continue;
      }
      if (first === 114 /* r */ && text.charCodeAt(c0 + 1) === 32) {
        if (cols.length === 0) {
          const h = readHeader(text.slice(a, end), lineNo, warnings, memScale);
          cols = h.cols;
          ncols = cols.length;
          hasStamp = h.rest.length === 1;
          zone = h.rest[0];
          expected = hasStamp ? ncols + 2 : ncols;
        } else readHeader(text.slice(a, end), lineNo, warnings, memScale);
        headerSeen = true;
        continue;
      }
    }
    if (cols.length === 0) {
      if (!headerSeen && lineNo > 3) throw new ParseError("vmstat", "no vmstat header", lineNo);
      if (!headerSeen) throw new ParseError("vmstat", "data before the column header", lineNo);
      continue;
    }
    // With -t the line ends in `2026-12-04 15:57:28`: when it is well formed it is two tokens
    // that are no numbers, and only the part before it needs scanning.
    let stamp: number | undefined;
    let count: number;
    if (fast && hasStamp && (stamp = stamps.read(text, a, end)) !== undefined && stamps.start > a) {
      count = scanDigits(text, a, stamps.start, buf);
      if (count < 0) count = scanLine(text, a, stamps.start, buf);
      count += 2;
    } else {
      count = fast ? scanDigits(text, a, end, buf) : -1;
      if (count < 0) count = scanLine(text, a, end, buf);
    }
    if (count !== expected) {
      warnings.add(`expected ${expected} fields, got ${count}`, lineNo);
      continue;
    }
    let bad = false;
    for (let i = 0; i < ncols; i++) {
      if (Number.isNaN(buf[i])) {
        bad = true;
        break;
      }
    }
    if (bad) {
      warnings.add("non-numeric field", lineNo);
      continue;
    }
    let ms: number;
    if (hasStamp) {
      const st = stamp ?? stamps.read(text, a, end);
      if (st === undefined) {
        warnings.add("unreadable timestamp", lineNo);
        continue;
      }
      if (
        !stampWarned &&
        ctx.tz === undefined &&
        zone !== undefined &&
        zone !== "UTC" &&
        zone !== "GMT"
      ) {
        stampWarned = true;
        warnings.add(`timestamps are in ${zone}; read as UTC (pass --tz)`);
      }
      ms = st;
    } else {
      if (dataLines === 1 && interval === undefined)
        warnings.add("no interval known: assuming 1 s between lines");
      ms = time.rel(dataLines * (interval ?? 1)).ms;
    }
    if (ms < lastMs) unordered = true;
    lastMs = ms;
    const firstLine = dataLines === 0;
    // Gauges have a sample per data line (index dataLines), rates one per interval line.
    const k = dataLines;
    if (k === allTimes.length) {
      const want = expectedLength(k, start / n);
      allTimes = growColumn(allTimes, want);
      for (const c of cols) if (c.gauge) c.values = growColumn(c.values, allTimes.length);
    }
    if (k - 1 >= rateTimes.length) {
      rateTimes = growColumn(rateTimes, allTimes.length);
      for (const c of cols) if (!c.gauge) c.values = growColumn(c.values, rateTimes.length);
    }
    allTimes[k] = ms;
    if (!firstLine) rateTimes[k - 1] = ms;
    for (let i = 0; i < ncols; i++) {
      const c = cols[i];
      if (c === undefined) continue;
      const raw = buf[i] ?? NaN;
      const v = raw * c.scale;
      if (c.gauge) {
        c.values[k] = v;
        if (c.mem) {
          if (firstLine) c.first = raw;
          else if (c.first !== raw) memMoved = true;
        }
      } else if (firstLine) c.sinceBoot = v;
      else {
        c.values[k - 1] = v;
        if (c.io && raw !== 0) ioMoved = true;
      }
    }
    dataLines++;
  }
  if (cols.length === 0) throw new ParseError("vmstat", "no vmstat header");
  if (dataLines >= 3 && !memMoved && ioMoved) {
    warnings.add(
      `memory columns did not change over ${dataLines} lines while I/O moved (procps 4.0.2 repeats the first sample): prefer free, /proc/meminfo or sar -r for memory`,
    );
  }
  const relative = !hasStamp && time.startMs === undefined;
  trimColumn(allTimes, dataLines);
  trimColumn(rateTimes, Math.max(0, dataLines - 1));
  for (const c of cols) {
    if (c.column === undefined) continue;
    const s: Series = {
      metric: c.column.metric,
      labels: c.column.labels,
      unit: c.column.unit,
      // Gauges keep the first line as a sample; rates start at the second line.
      times: c.gauge ? allTimes : rateTimes,
      values: trimColumn(c.values, c.gauge ? dataLines : Math.max(0, dataLines - 1)),
    };
    if (relative) s.relative = true;
    if (c.sinceBoot !== undefined) s.sinceBoot = c.sinceBoot;
    if (unordered) sortSeries(s);
    if (s.times.length > 0 || s.sinceBoot !== undefined) result.series.push(s);
  }
  result.warnings = warnings.done();
  return result;
}

const MAX_FIELDS = 64;

/**
 * The line scanner as a local binding: under the parse CLI's loader (tsx compiles to CommonJS)
 * each use of an imported name is a getter call, which shows in a loop run a million times.
 */
const scanLine = scanNumbersIn;
const scanDigits = scanDigitsIn;

/** One output column of the data lines. */
interface Output {
  column: Column | undefined;
  /** Printed value → metric unit. */
  scale: number;
  /** The first line is a sample too (instantaneous values), not the average since boot. */
  gauge: boolean;
  mem: boolean;
  /** si/so/bi/bo: the I/O that shows vmstat's repeated-memory bug. */
  io: boolean;
  values: number[];
  first: number;
  sinceBoot: number | undefined;
}

function readHeader(
  line: string,
  lineNo: number,
  warnings: Warnings,
  memScale: number,
): { cols: Output[]; rest: string[] } {
  const names = tokens(line);
  const cols: Output[] = [];
  let k = 0;
  for (; k < names.length; k++) {
    const raw = (names[k] ?? "").toLowerCase();
    const name = ALIASES[raw] ?? raw;
    if (!(name in COLUMNS)) break;
    const c = COLUMNS[name];
    const kind = c?.kind;
    const block = c !== undefined && c.metric.startsWith("system.block");
    cols.push({
      column: c,
      scale: kind === "mem" || kind === "memrate" ? memScale : block ? 1024 : 1,
      gauge: kind === "gauge" || kind === "mem",
      mem: kind === "mem",
      io: kind === "memrate" || block,
      values: newColumn(),
      first: NaN,
      sinceBoot: undefined,
    });
  }
  if (k < 3) throw new ParseError("vmstat", "unrecognised column header", lineNo);
  const rest = names.slice(k);
  if (rest.length > 1) warnings.add(`unknown columns ${rest.join(" ")}`, lineNo);
  return { cols, rest };
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

/**
 * `... 2026-12-04 15:57:28` at the end of a line → epoch ms (local time in the parse's zone). The
 * date's midnight is remembered: consecutive lines share it.
 */
class StampReader {
  private lastDate = "";
  private dayMs = NaN;
  /**
   * After a successful read: where the stamp starts when it is exactly two tokens after a blank
   * (`YYYY-MM-DD HH:MM:SS`), else -1.
   */
  start = -1;
  constructor(private readonly time: TimeBase) {}

  read(text: string, a: number, b: number): number | undefined {
    let e = b;
    while (e > a && text.charCodeAt(e - 1) === 32) e--;
    const s = e - 19;
    this.start = -1;
    if (s < a) return undefined;
    if (text.charCodeAt(s + 4) !== 45 || text.charCodeAt(s + 13) !== 58) return undefined;
    if (!(this.lastDate.length === 10 && text.startsWith(this.lastDate, s))) {
      const y = digits(text, s, 4);
      const mo = digits(text, s + 5, 2);
      const d = digits(text, s + 8, 2);
      if (!(y > 1900 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31)) return undefined;
      this.lastDate = text.slice(s, s + 10);
      this.dayMs = Date.UTC(y, mo - 1, d);
    }
    const h = digits(text, s + 11, 2);
    const mi = digits(text, s + 14, 2);
    const sec = digits(text, s + 17, 2);
    if (!(h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && sec >= 0 && sec <= 60)) return undefined;
    if (
      s > a &&
      text.charCodeAt(s - 1) <= 32 &&
      text.charCodeAt(s + 7) === 45 &&
      text.charCodeAt(s + 10) === 32 &&
      text.charCodeAt(s + 16) === 58
    )
      this.start = s;
    return this.time.wallToUtc(this.dayMs + ((h * 60 + mi) * 60 + sec) * 1000);
  }
}

/** `n` decimal digits at `text[i..]` as a number; -1 when one is not a digit. */
function digits(text: string, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = text.charCodeAt(i + k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}
