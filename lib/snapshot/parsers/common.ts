/**
 * What every parser here shares: the empty result, warnings with a cap, and {@link TimeBase}, which
 * turns what a tool printed (a full local timestamp, a time of day, an offset in seconds, nothing)
 * into sample times: epoch milliseconds when the absolute time is known, else milliseconds since
 * the start of the capture (a `relative` series).
 */
import type { Labels, ParseContext, ParseResult, Series, Timestamp } from "../types";
import { isoOf, seriesKey } from "../types";
import { expectedLength, growColumn, trimColumn } from "../util/column";
import { isValidTimeZone, parseIsoDate, ZoneOffsets } from "../util/time";

export function emptyResult(tool: string): ParseResult {
  return { tool, series: [], events: [], host: {}, warnings: [] };
}

/** Collects warnings, at most `max` of them (a 100 MB garbage file must not give 1M warnings). */
export class Warnings {
  readonly list: string[] = [];
  private dropped = 0;
  constructor(
    private readonly tool: string,
    private readonly max = 20,
  ) {}
  add(message: string, line?: number): void {
    if (this.list.length >= this.max) {
      this.dropped++;
      return;
    }
    this.list.push(
      line === undefined ? `${this.tool}: ${message}` : `${this.tool}: line ${line}: ${message}`,
    );
  }
  done(): string[] {
    if (this.dropped > 0) this.list.push(`${this.tool}: ${this.dropped} more warnings not shown`);
    return this.list;
  }
}

/** The `--unit`/`-S` style value following `flag` in argv (`-S M`, `-SM`, `--unit=M`). */
export function argValue(
  argv: readonly string[] | undefined,
  short: string,
  long?: string,
): string | undefined {
  if (!argv) return undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? "";
    if (a === short || (long !== undefined && a === long)) return argv[i + 1];
    if (a.startsWith(short) && a.length > short.length && !a.startsWith("--"))
      return a.slice(short.length);
    if (long !== undefined && a.startsWith(`${long}=`)) return a.slice(long.length + 1);
  }
  return undefined;
}

/** True when argv has the flag alone or inside a bundle of short flags (`-wt` has `-t`). */
export function hasFlag(
  argv: readonly string[] | undefined,
  short: string | undefined,
  long?: string,
): boolean {
  if (!argv) return false;
  for (const a of argv.slice(1)) {
    if (long !== undefined && a === long) return true;
    if (
      short !== undefined &&
      a.startsWith("-") &&
      !a.startsWith("--") &&
      a.slice(1).includes(short)
    )
      return true;
  }
  return false;
}

/** Positional numbers of argv (`vmstat -t 2 30` → [2, 30]): interval and count of the classic tools. */
export function positionalNumbers(
  argv: readonly string[] | undefined,
  skipValueOf: readonly string[] = [],
): number[] {
  const out: number[] = [];
  if (!argv) return out;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i] ?? "";
    if (skipValueOf.includes(a)) {
      i++;
      continue;
    }
    if (/^\d+(\.\d+)?$/.test(a)) out.push(Number(a));
  }
  return out;
}

/**
 * Turns the times a tool printed into sample times ({@link Instant}) for one parse. Local
 * wall-clock times are converted with ctx.tz (default UTC); zone offsets are cached per hour
 * (../util/time.ts ZoneOffsets) because `Intl` is far too slow to call per line of a 100 MB capture.
 */
export class TimeBase {
  readonly tz: string;
  readonly startMs: number | undefined;
  private readonly date: { year: number; month: number; day: number } | undefined;
  private readonly zone: ZoneOffsets;
  private todFirst: number | undefined;
  private todLast: number | undefined;
  private todDays = 0;
  private warnedNoDate = false;

  constructor(
    private readonly ctx: ParseContext,
    private readonly warnings: Warnings,
  ) {
    const tz = ctx.tz ?? "UTC";
    this.tz = isValidTimeZone(tz) ? tz : "UTC";
    this.zone = new ZoneOffsets(this.tz);
    const start = ctx.captureStart === undefined ? NaN : Date.parse(ctx.captureStart);
    this.startMs = Number.isFinite(start) ? start : undefined;
    let date = ctx.date === undefined ? undefined : parseIsoDate(ctx.date);
    if (date === undefined && this.startMs !== undefined) {
      const local = new Date(this.startMs + this.offsetAt(this.startMs));
      date = {
        year: local.getUTCFullYear(),
        month: local.getUTCMonth() + 1,
        day: local.getUTCDate(),
      };
    }
    this.date = date;
  }

  /** True when times of day can become absolute times. */
  get hasDate(): boolean {
    return this.date !== undefined;
  }

  get year(): number | undefined {
    return this.date?.year;
  }

  private offsetAt(utcMs: number): number {
    return this.zone.offsetAt(utcMs);
  }

  /** Wall-clock time in ctx.tz (or `zoneOffsetMs` when the text carried its own offset) → epoch ms. */
  localMs(
    y: number,
    mo: number,
    d: number,
    h: number,
    mi: number,
    s: number,
    fixedOffsetMs?: number,
  ): number {
    const guess = Date.UTC(y, mo - 1, d, h, mi, 0, 0) + s * 1000;
    if (fixedOffsetMs !== undefined) return guess - fixedOffsetMs;
    return this.zone.toUtc(guess);
  }

  /** A wall-clock time in ctx.tz, written as if it were UTC ms, → epoch ms (DST-aware). */
  wallToUtc(wallMs: number): number {
    return this.zone.toUtc(wallMs);
  }

  /** Seconds since the capture started → epoch ms when the start is known, else a relative offset. */
  rel(offsetSeconds: number): Instant {
    if (this.startMs === undefined) return { ms: offsetSeconds * 1000, relative: true };
    return { ms: this.startMs + Math.round(offsetSeconds * 1000), relative: false };
  }

  /** The instant of a point-in-time file (`/proc/meminfo`, `free`): the capture start or offset 0. */
  instant(): Instant {
    return this.startMs === undefined
      ? { ms: 0, relative: true }
      : { ms: this.startMs, relative: false };
  }

  /**
   * A time of day (seconds since local midnight) → epoch ms on the capture's date, adding a day
   * when the clock steps back more than an hour. Without a date: offset since the first time seen.
   */
  tod(secondsOfDay: number): Instant {
    if (this.todLast !== undefined && secondsOfDay < this.todLast - 3600) this.todDays += 1;
    this.todLast = secondsOfDay;
    if (this.todFirst === undefined) this.todFirst = secondsOfDay;
    if (this.date === undefined) {
      if (!this.warnedNoDate) {
        this.warnedNoDate = true;
        this.warnings.add(
          "the output has times of day but no date: times are seconds since the first one (pass --date)",
        );
      }
      return { ms: (secondsOfDay + this.todDays * 86400 - this.todFirst) * 1000, relative: true };
    }
    const whole = Math.floor(secondsOfDay);
    const ms = this.localMs(
      this.date.year,
      this.date.month,
      this.date.day + this.todDays,
      Math.floor(whole / 3600),
      Math.floor((whole % 3600) / 60),
      (whole % 60) + (secondsOfDay - whole),
    );
    return { ms: Math.round(ms), relative: false };
  }

  /** Numeric value of an event time for ordering (ms for ISO, seconds × 1000 for offsets). */
  static order(t: string | number): number {
    return typeof t === "number" ? t * 1000 : Date.parse(t);
  }
}

/** A sample time: epoch ms, or (`relative`) ms since the capture start. */
export interface Instant {
  ms: number;
  relative: boolean;
}

/** An instant as an event's `at`: ISO, or seconds since the start when relative. */
export function timestampOf(at: Instant): Timestamp {
  return at.relative ? at.ms / 1000 : isoOf(at.ms);
}

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  // de_DE abbreviations that differ
  mär: 3,
  mai: 5,
  okt: 10,
  dez: 12,
};

/** `Dec`/`dez.` → 12. */
export function monthNumber(name: string): number | undefined {
  return MONTHS[name.slice(0, 3).toLowerCase()];
}

/** `15:57:28` or `15:57:28.123456` at `text[i..]` → seconds of day, or undefined. */
export function clockAt(text: string, i: number): { seconds: number; end: number } | undefined {
  const d = (k: number): number => {
    const c = text.charCodeAt(k);
    return c >= 48 && c <= 57 ? c - 48 : -1;
  };
  let h = d(i);
  if (h < 0) return undefined;
  let k = i + 1;
  if (d(k) >= 0) {
    h = h * 10 + d(k);
    k++;
  }
  if (text.charCodeAt(k) !== 58) return undefined;
  const m1 = d(k + 1);
  const m2 = d(k + 2);
  if (m1 < 0 || m2 < 0 || text.charCodeAt(k + 3) !== 58) return undefined;
  const s1 = d(k + 4);
  const s2 = d(k + 5);
  if (s1 < 0 || s2 < 0) return undefined;
  let seconds = h * 3600 + (m1 * 10 + m2) * 60 + s1 * 10 + s2;
  if (h > 23 || m1 * 10 + m2 > 59) return undefined;
  let end = k + 6;
  const sep = text.charCodeAt(end);
  if (sep === 46 || sep === 44) {
    let frac = 0;
    let scale = 1;
    let j = end + 1;
    while (d(j) >= 0) {
      frac = frac * 10 + d(j);
      scale *= 10;
      j++;
    }
    if (j > end + 1) {
      seconds += frac / scale;
      end = j;
    }
  }
  return { seconds, end };
}

function hasKeys(o: object): boolean {
  for (const k in o) if (Object.hasOwn(o, k)) return true;
  return false;
}

/** A series of a {@link SeriesSet} under construction: columns (../util/column.ts) filled up to `n`. */
export class SetSeries {
  times: number[] = [];
  values: number[] = [];
  n = 0;
  relative = false;
  sinceBoot: number | undefined = undefined;
  constructor(
    readonly metric: string,
    readonly labels: Labels,
    readonly unit: string,
  ) {}
}

/** Series of one parse, keyed by metric + labels, created on first use. */
export class SeriesSet {
  private readonly map = new Map<string, SetSeries>();
  private mixed = 0;
  /** Characters of the input read so far and in all, when the parser keeps them. */
  read = 0;
  total = 0;

  /** Share of the input read so far (0..1): sizes the columns. */
  private get done(): number {
    return this.total > 0 ? this.read / this.total : 0;
  }

  get(metric: string, labels: Labels, unit: string): SetSeries {
    const key = hasKeys(labels) ? seriesKey(metric, labels) : metric;
    let s = this.map.get(key);
    if (s === undefined) {
      s = new SetSeries(metric, labels, unit);
      this.map.set(key, s);
    }
    return s;
  }

  /**
   * Adds a sample; NaN and infinities are dropped (a garbled number is no sample), and so is a
   * relative time in a series of absolute ones (or the reverse): they cannot be ordered.
   */
  push(metric: string, labels: Labels, unit: string, at: Instant, value: number): void {
    if (!Number.isFinite(value) || !Number.isFinite(at.ms)) return;
    this.add(this.get(metric, labels, unit), at, value);
  }

  /** {@link push} to a series got from {@link get} before (no lookup: for hot loops). */
  add(s: SetSeries, at: Instant, value: number): void {
    if (!Number.isFinite(value) || !Number.isFinite(at.ms)) return;
    const n = s.n;
    if (n === 0) s.relative = at.relative;
    else if (s.relative !== at.relative) {
      this.mixed++;
      return;
    }
    if (n === s.times.length) {
      const want = expectedLength(n, this.done);
      s.times = growColumn(s.times, want);
      s.values = growColumn(s.values, want);
    }
    s.times[n] = at.ms;
    s.values[n] = value;
    s.n = n + 1;
  }

  sinceBoot(metric: string, labels: Labels, unit: string, value: number): void {
    if (!Number.isFinite(value)) return;
    this.get(metric, labels, unit).sinceBoot = value;
  }

  /** The series that got something, with samples in time order. */
  list(warnings?: Warnings): Series[] {
    if (this.mixed > 0)
      warnings?.add(
        `${this.mixed} sample(s) with a relative time in a series of absolute ones (or the reverse) were dropped`,
      );
    const out: Series[] = [];
    for (const a of this.map.values()) {
      if (a.n === 0 && a.sinceBoot === undefined) continue;
      const s: Series = {
        metric: a.metric,
        labels: a.labels,
        unit: a.unit,
        times: trimColumn(a.times, a.n),
        values: trimColumn(a.values, a.n),
      };
      if (a.relative && a.n > 0) s.relative = true;
      if (a.sinceBoot !== undefined) s.sinceBoot = a.sinceBoot;
      sortSeries(s);
      out.push(s);
    }
    return out;
  }
}

/**
 * Puts a series' samples in time order when they are not (stable: equal times keep their order).
 * Assigns new arrays instead of sorting in place, since a parse may share one `times` array
 * between the series sampled together.
 */
export function sortSeries(s: Series): void {
  const t = s.times;
  const n = t.length;
  let ordered = true;
  for (let i = 1; i < n; i++) {
    if ((t[i] ?? 0) < (t[i - 1] ?? 0)) {
      ordered = false;
      break;
    }
  }
  if (ordered) return;
  const idx = new Array<number>(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  idx.sort((a, b) => (t[a] ?? 0) - (t[b] ?? 0) || a - b);
  const times: number[] = [];
  const values: number[] = [];
  for (const i of idx) {
    times.push(t[i] ?? 0);
    values.push(s.values[i] ?? 0);
  }
  s.times = times;
  s.values = values;
}
