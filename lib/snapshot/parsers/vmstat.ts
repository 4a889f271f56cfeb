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
import {
  ParseError,
  type ParseContext,
  type ParseResult,
  type Point,
  type Series,
  type Timestamp,
} from "../types";
import { toIso } from "../util/time";
import { argValue, emptyResult, positionalNumbers, sortPoints, TimeBase, Warnings } from "./common";
import type { ToolParser } from "./parser";
import { head, numberAt, scanNumbers, tokens } from "../util/scan";

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
  if (text.trim() === "") return result;
  const warnings = new Warnings("vmstat");
  const time = new TimeBase(ctx, warnings);
  const unitLetter = argValue(ctx.argv, "-S", "--unit");
  const memScale =
    unitLetter !== undefined && UNIT[unitLetter] !== undefined ? (UNIT[unitLetter] ?? 1024) : 1024;
  const interval =
    ctx.interval ?? positionalNumbers(ctx.argv, ["-S", "--unit", "-c", "--count", "-d"])[0];

  let cols: (Column | undefined)[] | undefined;
  let ncols = 0;
  let hasStamp = false;
  let zone: string | undefined;
  let series: (Series | undefined)[] = [];
  const buf: number[] = [];
  let dataLines = 0;
  let lastOrder = -Infinity;
  let unordered = false;
  let headerSeen = false;
  let stampWarned = false;
  // Flat-memory check: first and last memory values, and whether any I/O moved.
  const memFirst: number[] = [];
  let memMoved = false;
  let ioMoved = false;
  let lineNo = 0;
  /** Interval lines stored so far (the since-boot line not counted). */
  let filled = 0;

  const n = text.length;
  let start = 0;
  while (start < n) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = n;
    const line = text.slice(start, end);
    start = end + 1;
    lineNo++;
    if (line.length === 0) continue;
    if (isGroupHeader(line)) {
      headerSeen = true;
      continue;
    }
    const c0 = firstNonBlank(line);
    if (c0 === -1) continue;
    if (line.charCodeAt(c0) === 114 /* r */ && line.charCodeAt(c0 + 1) === 32) {
      const names = tokens(line);
      const mapped: (Column | undefined)[] = [];
      let k = 0;
      for (; k < names.length; k++) {
        const raw = (names[k] ?? "").toLowerCase();
        const name = ALIASES[raw] ?? raw;
        if (!(name in COLUMNS)) break;
        mapped.push(COLUMNS[name]);
      }
      if (k < 3) throw new ParseError("vmstat", "unrecognised column header", lineNo);
      const rest = names.slice(k);
      if (rest.length > 1) warnings.add(`unknown columns ${rest.join(" ")}`, lineNo);
      if (cols === undefined) {
        cols = mapped;
        ncols = mapped.length;
        hasStamp = rest.length === 1;
        zone = rest[0];
        // Size the point arrays once: growing twenty 1M-element arrays by push is most of the GC work.
        const capacity = countLines(text, start);
        series = mapped.map((c) =>
          c === undefined
            ? undefined
            : {
                metric: c.metric,
                labels: c.labels,
                unit: c.unit,
                points: new Array<Point>(capacity),
              },
        );
        filled = 0;
      }
      headerSeen = true;
      continue;
    }
    if (cols === undefined) {
      if (!headerSeen && lineNo > 3) throw new ParseError("vmstat", "no vmstat header", lineNo);
      if (!headerSeen) throw new ParseError("vmstat", "data before the column header", lineNo);
      continue;
    }
    const count = scanNumbers(line, buf);
    const expected = hasStamp ? ncols + 2 : ncols;
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
    let t: Timestamp;
    let order: number;
    if (hasStamp) {
      const ms = stampMs(line, time);
      if (ms === undefined) {
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
      t = toIso(ms);
      order = ms;
    } else {
      if (dataLines === 1 && interval === undefined)
        warnings.add("no interval known: assuming 1 s between lines");
      const off = dataLines * (interval ?? 1);
      t = time.rel(off);
      order = off * 1000;
    }
    if (order < lastOrder) unordered = true;
    lastOrder = order;
    const first = dataLines === 0;
    for (let i = 0; i < ncols; i++) {
      const c = cols[i];
      const s = series[i];
      if (c === undefined || s === undefined) continue;
      const raw = buf[i] ?? NaN;
      let v = raw;
      switch (c.kind) {
        case "mem":
          v = raw * memScale;
          if (first) memFirst[i] = raw;
          else if (memFirst[i] !== raw) memMoved = true;
          break;
        case "memrate":
          v = raw * memScale;
          if (!first && raw !== 0) ioMoved = true;
          break;
        case "rate":
          if (c.metric.startsWith("system.block")) {
            v = raw * 1024;
            if (!first && raw !== 0) ioMoved = true;
          }
          break;
        default:
          break;
      }
      if (first && c.kind !== "gauge" && c.kind !== "mem") s.sinceBoot = v;
      else s.points[first ? filled : filled + 1] = [t, v];
    }
    if (!first) filled++;
    dataLines++;
  }
  if (cols === undefined) throw new ParseError("vmstat", "no vmstat header");
  if (dataLines >= 3 && !memMoved && ioMoved) {
    warnings.add(
      `memory columns did not change over ${dataLines} lines while I/O moved (procps 4.0.2 repeats the first sample): prefer free, /proc/meminfo or sar -r for memory`,
    );
  }
  for (let i = 0; i < series.length; i++) {
    const s = series[i];
    const c = cols[i];
    if (s === undefined || c === undefined) continue;
    // Gauges keep the first line as a sample (index 0); rates start at index 1.
    const gauge = c.kind === "gauge" || c.kind === "mem";
    if (gauge) s.points.length = dataLines > 0 ? filled + 1 : 0;
    else s.points = dataLines > 1 ? s.points.slice(1, filled + 1) : [];
    if (unordered) sortPoints(s);
    if (s.points.length > 0 || s.sinceBoot !== undefined) result.series.push(s);
  }
  result.warnings = warnings.done();
  return result;
}

function firstNonBlank(line: string): number {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9) return i;
  }
  return -1;
}

/** `... 2026-12-04 15:57:28` at the end of a line → epoch ms (local time in the parse's zone). */
function stampMs(line: string, time: TimeBase): number | undefined {
  let e = line.length;
  while (e > 0 && line.charCodeAt(e - 1) === 32) e--;
  const s = e - 19;
  if (s < 0) return undefined;
  const y = numberAt(line, s, s + 4);
  const mo = numberAt(line, s + 5, s + 7);
  const d = numberAt(line, s + 8, s + 10);
  const h = numberAt(line, s + 11, s + 13);
  const mi = numberAt(line, s + 14, s + 16);
  const sec = numberAt(line, s + 17, s + 19);
  if (line.charCodeAt(s + 4) !== 45 || line.charCodeAt(s + 13) !== 58) return undefined;
  if (!(y > 1900 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 23 && mi <= 59 && sec <= 60))
    return undefined;
  return time.localMs(y, mo, d, h, mi, sec);
}

/** Newline count from `from` on: the most data lines there can be. */
function countLines(text: string, from: number): number {
  let n = 1;
  let i = text.indexOf("\n", from);
  while (i !== -1) {
    n++;
    i = text.indexOf("\n", i + 1);
  }
  return n;
}
