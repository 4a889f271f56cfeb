/**
 * Normalized snapshot data: the contract between the parsers and everything downstream
 * (storage, analysis, charts, CLIs). See docs/design.md §2 for the metric names.
 *
 * Pure types and tiny helpers only: no Node, Next or Prisma imports, so the browser, the CLIs and
 * Vitest can all use it.
 */

/**
 * A time as the contract prints it (parse CLI JSON, events): ISO-8601 UTC (`2026-12-04T15:57:28Z`)
 * when the output told the wall-clock time, else seconds since the capture started.
 */
export type Timestamp = string | number;

/** One sample in the contract's JSON form: `[t, value]`. */
export type Point = [Timestamp, number];

export type Labels = Record<string, string>;

/**
 * A normalized series, columnar: `times[i]` and `values[i]` are one sample. Columns instead of
 * `[t, v]` tuples because a day of 1-second samples is tens of millions of points: plain arrays
 * of doubles cost 16 bytes a sample and no allocation per point. {@link pointsOf} gives the
 * contract's `[t, v]` form for output and tests.
 */
export interface Series {
  /** `domain.quantity_unit`, e.g. `disk.util_pct`. */
  metric: string;
  labels: Labels;
  /** Display unit: `%`, `B`, `B/s`, `/s`, `ms`, `s`, `count`, ... */
  unit: string;
  /**
   * Sample times in milliseconds, ascending: epoch ms (UTC) when the output told the wall-clock
   * time; offsets from the capture start when `relative` is set. Since-boot reports and `Average:`
   * lines are not samples. Series sampled together (one table row of a parse) may share one
   * `times` array, and series of one value repeated as long may share one `values` array: treat
   * `times` and `values` as read-only, copy before changing them.
   */
  times: number[];
  /** Sample values, one per time. */
  values: number[];
  /** Times are offsets from the capture start (the tool printed no wall-clock time). */
  relative?: boolean;
  /** The first "since boot" report of vmstat/iostat/mpstat/pidstat, when the output had one. */
  sinceBoot?: number;
}

/** Epoch ms → `2026-12-04T15:57:28Z` (milliseconds shown only when non-zero). */
export function isoOf(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith(".000Z") ? `${iso.slice(0, -5)}Z` : iso;
}

/** The contract's `[t, v]` points of a series: ISO strings, or seconds since start when relative. */
export function pointsOf(s: Series): Point[] {
  const n = Math.min(s.times.length, s.values.length);
  const out: Point[] = new Array<Point>(n);
  for (let i = 0; i < n; i++) {
    const t = s.times[i] ?? 0;
    out[i] = [s.relative ? t / 1000 : isoOf(t), s.values[i] ?? 0];
  }
  return out;
}

export const EVENT_KINDS = [
  "oom-kill",
  "io-error",
  "link-down",
  "link-up",
  "hung-task",
  "soft-lockup",
  "segfault",
  "mce",
  "restart",
  "throttle",
  "other",
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export interface HostEvent {
  /** ISO-8601 UTC when known; seconds since boot (number) for dmesg without wall-clock times. */
  at: Timestamp;
  kind: EventKind;
  message: string;
  attrs: Record<string, string | number>;
}

export type Environment = "bare-metal" | "vm" | "container" | "kubernetes";

export interface HostInfo {
  hostname?: string;
  kernel?: string;
  os?: string;
  nCpu?: number;
  memoryBytes?: number;
  environment?: Environment;
  /** e.g. `kvm`, `vmware`, `docker`; free text from the collector or tool headers. */
  virtualization?: string;
}

/** Everything one parser produced from one tool output. */
export interface ParseResult {
  tool: string;
  series: Series[];
  events: HostEvent[];
  host: HostInfo;
  warnings: string[];
}

/** Options that give a time of day its date and zone. */
export interface ParseContext {
  /** `YYYY-MM-DD`: the date for outputs that print only a time of day and no date header. */
  date?: string;
  /** IANA zone (`Europe/Berlin`) or `UTC`; the zone the tool printed its times in. */
  tz?: string;
  /** Capture start (ISO) when known, e.g. from a bundle manifest: used to anchor relative times. */
  captureStart?: string;
  /** File name, only a hint for detection. */
  fileName?: string;
  /**
   * The command line that printed the text (from a bundle manifest), e.g. `["vmstat","-t","1","60"]`:
   * tells units (`-S M`, `free -m`), the interval and, for `cat FILE`, which file was read.
   */
  argv?: readonly string[];
  /** Seconds between samples when known (manifest `capture.interval` or argv). */
  interval?: number;
  /** Path the text was read from on the host (`/sys/fs/cgroup/cpu/app/cpu.stat`): names cgroups and PSI resources. */
  sourcePath?: string;
}

/** The input text was not what the parser reads. Parsers throw it; callers turn it into a warning. */
export class ParseError extends Error {
  constructor(
    readonly tool: string,
    message: string,
    readonly line?: number,
  ) {
    super(line === undefined ? `${tool}: ${message}` : `${tool}: line ${line}: ${message}`);
    this.name = "ParseError";
  }
}

/** Stable identity of a series: metric plus sorted labels. */
export function seriesKey(metric: string, labels: Labels): string {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return metric;
  return `${metric}{${keys.map((k) => `${k}=${labels[k] ?? ""}`).join(",")}}`;
}
