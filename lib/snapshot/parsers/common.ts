/**
 * What every parser here shares: the empty result, warnings with a cap, and {@link TimeBase}, which
 * turns what a tool printed (a full local timestamp, a time of day, an offset in seconds, nothing)
 * into the contract's timestamps: ISO-8601 UTC when the absolute time is known, else seconds since
 * the start of the capture.
 */
import type { Labels, ParseContext, ParseResult, Series, Timestamp } from "../types";
import { seriesKey } from "../types";
import { isValidTimeZone, parseIsoDate, toIso, zoneOffsetMs } from "../util/time";

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

const HOUR = 3_600_000;

/**
 * Turns the times a tool printed into contract timestamps for one parse. Local wall-clock times are
 * converted with ctx.tz (default UTC); zone offsets are cached per hour because `Intl` is far too
 * slow to call per line of a 100 MB capture.
 */
export class TimeBase {
  readonly tz: string;
  readonly startMs: number | undefined;
  private readonly date: { year: number; month: number; day: number } | undefined;
  private readonly offsets = new Map<number, number>();
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
    if (this.tz === "UTC") return 0;
    const key = Math.floor(utcMs / HOUR);
    let off = this.offsets.get(key);
    if (off === undefined) {
      off = zoneOffsetMs(key * HOUR, this.tz);
      this.offsets.set(key, off);
    }
    return off;
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
    const first = guess - this.offsetAt(guess);
    return guess - this.offsetAt(first);
  }

  /** Seconds since the capture started → ISO when the start is known, else the number itself. */
  rel(offsetSeconds: number): Timestamp {
    if (this.startMs === undefined) return offsetSeconds;
    return toIso(this.startMs + Math.round(offsetSeconds * 1000));
  }

  /** The instant of a point-in-time file (`/proc/meminfo`, `free`): the capture start or 0. */
  instant(): Timestamp {
    return this.startMs === undefined ? 0 : toIso(this.startMs);
  }

  /**
   * A time of day (seconds since local midnight) → ISO on the capture's date, adding a day when the
   * clock steps back more than an hour. Without a date: seconds since the first time of day seen.
   */
  tod(secondsOfDay: number): Timestamp {
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
      return secondsOfDay + this.todDays * 86400 - this.todFirst;
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
    return toIso(Math.round(ms));
  }

  /** Numeric value of a timestamp for ordering (ms for ISO, seconds × 1000 for offsets). */
  static order(t: Timestamp): number {
    return typeof t === "number" ? t * 1000 : Date.parse(t);
  }
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

/** Series of one parse, keyed by metric + labels, created on first use. */
export class SeriesSet {
  private readonly map = new Map<string, Series>();

  get(metric: string, labels: Labels, unit: string): Series {
    const key = hasKeys(labels) ? seriesKey(metric, labels) : metric;
    let s = this.map.get(key);
    if (s === undefined) {
      s = { metric, labels, unit, points: [] };
      this.map.set(key, s);
    }
    return s;
  }

  /** Adds a sample; NaN and infinities are dropped (a garbled number is no sample). */
  push(metric: string, labels: Labels, unit: string, t: Timestamp, value: number): void {
    if (!Number.isFinite(value)) return;
    this.get(metric, labels, unit).points.push([t, value]);
  }

  sinceBoot(metric: string, labels: Labels, unit: string, value: number): void {
    if (!Number.isFinite(value)) return;
    this.get(metric, labels, unit).sinceBoot = value;
  }

  /** The series that got something, with points in time order. */
  list(): Series[] {
    const out: Series[] = [];
    for (const s of this.map.values()) {
      if (s.points.length === 0 && s.sinceBoot === undefined) continue;
      sortPoints(s);
      out.push(s);
    }
    return out;
  }
}

/** Sorts a series' points by time when they are not already in order (stable). */
export function sortPoints(s: Series): void {
  const p = s.points;
  let prev = -Infinity;
  let ordered = true;
  const keys = new Array<number>(p.length);
  for (let i = 0; i < p.length; i++) {
    const pt = p[i];
    const k = pt === undefined ? 0 : TimeBase.order(pt[0]);
    keys[i] = k;
    if (k < prev) ordered = false;
    prev = k;
  }
  if (ordered) return;
  const idx = p.map((_, i) => i);
  idx.sort((a, b) => (keys[a] ?? 0) - (keys[b] ?? 0) || a - b);
  s.points = idx.map((i) => p[i]).filter((x): x is NonNullable<typeof x> => x !== undefined);
}
