/**
 * Time handling shared by the parsers. Tools print either a full timestamp (`vmstat -t`,
 * `iostat -t`, `sadf -j`, `dmesg -T`) or a time of day under a header date (`sar`, `mpstat`,
 * `pidstat`), in the zone of the host. Everything leaves here as epoch milliseconds (UTC); the
 * contract's ISO-8601 text is made only for output ({@link PointTimeText}, `isoOf`).
 */
import { isoOf } from "../types";

/** Offset of `timeZone` from UTC at the instant `utcMs`, in milliseconds (east positive). */
export function zoneOffsetMs(utcMs: number, timeZone: string): number {
  if (timeZone === "UTC" || timeZone === "Etc/UTC" || timeZone === "GMT") return 0;
  const fixed = parseFixedOffset(timeZone);
  if (fixed !== undefined) return fixed;
  const dtf = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
  const parts: Record<string, number> = {};
  for (const p of dtf.formatToParts(new Date(utcMs))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  const asUtc = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return asUtc - (utcMs - (utcMs % 1000));
}

/** `+0100`, `+01:00`, `-05`, `Z` → milliseconds; undefined when not a fixed offset. */
export function parseFixedOffset(text: string): number | undefined {
  if (text === "Z") return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(text);
  if (!m) return undefined;
  const sign = m[1] === "-" ? -1 : 1;
  return sign * (Number(m[2]) * 60 + Number(m[3] ?? "0")) * 60_000;
}

const zoneValidity = new Map<string, boolean>();

/**
 * True when `timeZone` is usable: an IANA name Intl knows, UTC, or a fixed offset. Remembered:
 * building an Intl formatter takes about 0.1 ms, and every parser of a capture's 60 files asks.
 */
export function isValidTimeZone(timeZone: string): boolean {
  let valid = zoneValidity.get(timeZone);
  if (valid === undefined) {
    valid = parseFixedOffset(timeZone) !== undefined || intlKnows(timeZone);
    if (zoneValidity.size < 1000) zoneValidity.set(timeZone, valid);
  }
  return valid;
}

function intlKnows(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

export interface LocalDateTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms?: number;
}

/** A wall-clock time in `timeZone` → epoch milliseconds (DST-aware). */
export function localToUtcMs(t: LocalDateTime, timeZone = "UTC"): number {
  const guess = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second, t.ms ?? 0);
  const first = guess - zoneOffsetMs(guess, timeZone);
  // Re-check at the corrected instant: the offset differs when a DST change lies in between.
  const second = guess - zoneOffsetMs(first, timeZone);
  return second;
}

const HOUR_MS = 3_600_000;

/**
 * {@link localToUtcMs} for many times in one zone: `Intl` is far too slow to call per line of a
 * 100 MB capture, so offsets are cached per UTC hour. An hour whose start and end offsets differ
 * (it holds a transition) is computed exactly for every time in it.
 */
export class ZoneOffsets {
  private readonly fixed: number | undefined;
  private readonly hours = new Map<number, number>();
  private lastHour = NaN;
  private lastOffset = NaN;

  constructor(readonly timeZone: string) {
    this.fixed =
      timeZone === "UTC" || timeZone === "Etc/UTC" || timeZone === "GMT"
        ? 0
        : parseFixedOffset(timeZone);
  }

  /** Offset from UTC at the instant `utcMs` (east positive). */
  offsetAt(utcMs: number): number {
    if (this.fixed !== undefined) return this.fixed;
    const hour = Math.floor(utcMs / HOUR_MS);
    if (hour !== this.lastHour) {
      let off = this.hours.get(hour);
      if (off === undefined) {
        const start = zoneOffsetMs(hour * HOUR_MS, this.timeZone);
        const end = zoneOffsetMs(hour * HOUR_MS + HOUR_MS - 1, this.timeZone);
        off = start === end ? start : NaN;
        if (this.hours.size > 100_000) this.hours.clear();
        this.hours.set(hour, off);
      }
      this.lastHour = hour;
      this.lastOffset = off;
    }
    return Number.isNaN(this.lastOffset) ? zoneOffsetMs(utcMs, this.timeZone) : this.lastOffset;
  }

  /** A wall-clock time written as if it were UTC ms → epoch ms (DST-aware, as localToUtcMs). */
  toUtc(wallMs: number): number {
    if (this.fixed !== undefined) return wallMs - this.fixed;
    const first = wallMs - this.offsetAt(wallMs);
    return wallMs - this.offsetAt(first);
  }
}

/** Epoch ms → `2026-12-04T15:57:28Z` (milliseconds only when non-zero). */
export function toIso(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith(".000Z") ? `${iso.slice(0, -5)}Z` : iso;
}

/**
 * Time of day as printed by sysstat and others: `15:57:28`, `03:57:28 PM`, `15:57:28,123`.
 * Returns seconds since midnight, or undefined when `text` is not a time.
 */
export function parseTimeOfDay(text: string, meridiem?: string): number | undefined {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?$/.exec(text.trim());
  if (!m) return undefined;
  let h = Number(m[1]);
  const mi = Number(m[2]);
  const s = Number(m[3] ?? "0");
  if (h > 23 || mi > 59 || s > 60) return undefined;
  const ap = meridiem?.toUpperCase();
  if (ap === "AM" || ap === "PM") {
    if (h < 1 || h > 12) return undefined;
    if (ap === "AM" && h === 12) h = 0;
    if (ap === "PM" && h !== 12) h += 12;
  }
  const frac = m[4] ? Number(`0.${m[4]}`) : 0;
  return h * 3600 + mi * 60 + s + frac;
}

/**
 * Turns a sequence of times of day into absolute instants, starting on `date` (YYYY-MM-DD) in
 * `timeZone`, and adding a day each time the clock goes backwards (a capture past midnight).
 */
export class DayRollover {
  private dayOffset = 0;
  private last: number | undefined;

  constructor(
    private readonly date: { year: number; month: number; day: number },
    private readonly timeZone = "UTC",
  ) {}

  /** Seconds since midnight → ISO UTC. */
  next(secondsOfDay: number): string {
    // A step back of more than an hour is a new day; small steps back are clock jitter.
    if (this.last !== undefined && secondsOfDay < this.last - 3600) this.dayOffset += 1;
    this.last = secondsOfDay;
    const whole = Math.floor(secondsOfDay);
    const base = localToUtcMs(
      {
        year: this.date.year,
        month: this.date.month,
        day: this.date.day + this.dayOffset,
        hour: Math.floor(whole / 3600),
        minute: Math.floor((whole % 3600) / 60),
        second: whole % 60,
      },
      this.timeZone,
    );
    return toIso(base + Math.round((secondsOfDay - whole) * 1000));
  }

  /** Forget the last time (e.g. after a `LINUX RESTART` line the clock may restart). */
  reset(): void {
    this.last = undefined;
  }
}

/** `YYYY-MM-DD` → parts, or undefined. */
export function parseIsoDate(
  text: string,
): { year: number; month: number; day: number } | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const d = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31) return undefined;
  return d;
}

const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, "0"));
const THREE = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, "0"));
const DAY = 86_400_000;

/**
 * A sample time as the contract's JSON prints it (`pointsOf`): a quoted `isoOf`, or seconds when
 * relative. Built from a cached `YYYY-MM-DDT` of the day and table lookups, since `toISOString`
 * per point of a 100 MB capture costs more than parsing it. Anything unusual (fractional ms,
 * dates before 1970 or after 9999) goes through `isoOf` itself.
 */
export class PointTimeText {
  private day = NaN;
  private prefix = "";

  json(ms: number, relative: boolean): string {
    if (relative) return JSON.stringify(ms / 1000);
    const day = Math.floor(ms / DAY);
    if (!Number.isInteger(ms) || ms < 0 || ms >= 253402300800000) return `"${isoOf(ms)}"`;
    if (day !== this.day) {
      this.day = day;
      this.prefix = isoOf(day * DAY).slice(0, 11);
    }
    let rest = ms - day * DAY;
    const milli = rest % 1000;
    rest = (rest - milli) / 1000;
    const sec = rest % 60;
    rest = (rest - sec) / 60;
    const min = rest % 60;
    const hour = (rest - min) / 60;
    const frac = milli === 0 ? "" : `.${THREE[milli] ?? ""}`;
    return `"${this.prefix}${TWO[hour] ?? ""}:${TWO[min] ?? ""}:${TWO[sec] ?? ""}${frac}Z"`;
  }
}
