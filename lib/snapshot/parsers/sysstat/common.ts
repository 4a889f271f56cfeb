/**
 * What the sysstat parsers (iostat, mpstat, pidstat, sar, sadf) share: the header line every
 * sysstat tool prints first,
 *
 * ```
 * Linux 6.18.44-fc-v1252 (vm) 	12/04/26 	_x86_64_	(2 CPU)
 * ```
 *
 * its locale-dependent date, times of day with or without AM/PM, a char-code field scanner, an
 * exactly rounding number reader, and a series sink that keeps samples in time order and lets the
 * series of one table row share one `times` column.
 *
 * Pure code: no Node, Next or Prisma imports. Hot loops avoid regexes and per-value allocations
 * (a 100 MB capture must parse at awk speed).
 */
import type { HostEvent, HostInfo, Labels, ParseContext, Series, Timestamp } from "../../types";
import { isoOf, seriesKey } from "../../types";
import { lineText } from "../../util/bytes";
import { columnFrom, expectedLength, growColumn, roomyColumn, trimColumn } from "../../util/column";
import { parseNumber } from "../../util/numbers";
import { isValidTimeZone, parseIsoDate, ZoneOffsets } from "../../util/time";

export interface YMD {
  year: number;
  month: number;
  day: number;
}

// ---------------------------------------------------------------------------------------------
// Warnings

/** Warnings with line numbers, capped so that a garbage file does not produce a million of them. */
export class Warnings {
  readonly list: string[] = [];
  private suppressed = 0;
  constructor(
    private readonly tool: string,
    private readonly max = 50,
  ) {}
  add(message: string, lineNo?: number): void {
    if (this.list.length >= this.max) {
      this.suppressed++;
      return;
    }
    this.list.push(
      lineNo === undefined
        ? `${this.tool}: ${message}`
        : `${this.tool}: line ${lineNo}: ${message}`,
    );
  }
  done(): string[] {
    if (this.suppressed > 0)
      this.list.push(`${this.tool}: ${this.suppressed} more warnings not shown`);
    return this.list;
  }
}

// ---------------------------------------------------------------------------------------------
// Lines and fields

/** Calls `fn(line, lineNo)` for each line (1-based numbers, `\r` stripped) without splitting the text. */
export function eachLine(text: string, fn: (line: string, lineNo: number) => void): void {
  const n = text.length;
  let start = 0;
  let lineNo = 0;
  while (start < n) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = n;
    let stop = end;
    if (stop > start && text.charCodeAt(stop - 1) === 13) stop--;
    lineNo++;
    fn(text.slice(start, stop), lineNo);
    start = end + 1;
  }
}

/** Spaces, tabs, CR, NUL and other control characters separate fields (one compare per char). */
/** Like {@link eachLine} but hands out offsets into `text` instead of line strings. */
export function eachLineRange(
  text: string,
  fn: (start: number, end: number, lineNo: number) => void,
): void {
  const n = text.length;
  let start = 0;
  let lineNo = 0;
  while (start < n) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = n;
    let stop = end;
    if (stop > start && text.charCodeAt(stop - 1) === 13) stop--;
    lineNo++;
    fn(start, stop, lineNo);
    start = end + 1;
  }
}

function isBlank(c: number): boolean {
  return c <= 32;
}

/**
 * Field offsets of the current line, reused from line to line: `scan` finds the whitespace
 * separated fields without creating substrings; `text(i)` and `num(i)` read one on demand.
 */
export class Fields {
  /** The string the offsets point into: the whole text (see {@link eachLineRange}) or one line. */
  src = "";
  count = 0;
  private lineStart = 0;
  private lineEnd = 0;
  private cachedLine: string | undefined;
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);

  scan(line: string): number {
    return this.scanRange(line, 0, line.length);
  }

  /** Scans `src[a, b)` in place: no substring per line (charCodeAt on slices is slower). */
  scanRange(src: string, a: number, b: number): number {
    this.src = src;
    this.lineStart = a;
    this.lineEnd = b;
    this.cachedLine = undefined;
    let starts = this.starts;
    let ends = this.ends;
    let i = a;
    let k = 0;
    while (i < b) {
      while (i < b && src.charCodeAt(i) <= 32) i++;
      if (i >= b) break;
      const s = i;
      while (i < b && src.charCodeAt(i) > 32) i++;
      if (k === starts.length) {
        this.grow();
        starts = this.starts;
        ends = this.ends;
      }
      starts[k] = s;
      ends[k] = i;
      k++;
    }
    this.count = k;
    return k;
  }

  /** The current line as a string (made on first use only). */
  lineText(): string {
    this.cachedLine ??= this.src.slice(this.lineStart, this.lineEnd);
    return this.cachedLine;
  }

  /** Char code at `i` characters into the current line. */
  charAt(i: number): number {
    return this.lineStart + i < this.lineEnd ? this.src.charCodeAt(this.lineStart + i) : -1;
  }

  private grow(): void {
    const s = new Int32Array(this.starts.length * 2);
    s.set(this.starts);
    this.starts = s;
    const e = new Int32Array(this.ends.length * 2);
    e.set(this.ends);
    this.ends = e;
  }

  start(i: number): number {
    return this.starts[i] ?? 0;
  }

  end(i: number): number {
    return this.ends[i] ?? 0;
  }

  text(i: number): string {
    if (i < 0 || i >= this.count) return "";
    return this.src.slice(this.starts[i] ?? 0, this.ends[i] ?? 0);
  }

  /** Field `i` as a number (decimal point or comma), undefined when it is not one. */
  num(i: number): number | undefined {
    if (i < 0 || i >= this.count) return undefined;
    return decimalAt(this.src, this.starts[i] ?? 0, this.ends[i] ?? 0);
  }

  /** True when field `i` equals `s` (no substring created). */
  is(i: number, s: string): boolean {
    if (i < 0 || i >= this.count) return false;
    const a = this.starts[i] ?? 0;
    const b = this.ends[i] ?? 0;
    return b - a === s.length && this.src.startsWith(s, a);
  }

  /** The rest of the line from field `i` on, trimmed (a pidstat command with arguments). */
  rest(i: number): string {
    if (i < 0 || i >= this.count) return "";
    let e = this.lineEnd;
    while (e > this.lineStart && isBlank(this.src.charCodeAt(e - 1))) e--;
    return this.src.slice(this.starts[i] ?? 0, e);
  }
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * `s[a, b)` as a decimal number: `12`, `-3`, `12.50`, `12,50` (de_DE). The digits are gathered into
 * one integer and divided once by a power of ten, which IEEE rounds exactly like `Number("12.50")`,
 * so values equal the printed text. Anything unusual (exponents, long digit runs) goes through
 * {@link parseNumber}; non-numbers give undefined.
 */
export function decimalAt(s: string, a: number, b: number): number | undefined {
  if (a >= b) return undefined;
  let i = a;
  let c = s.charCodeAt(i);
  let neg = false;
  if (c === 45 || c === 43) {
    neg = c === 45;
    i++;
  }
  let mant = 0;
  let digits = 0;
  let frac = 0;
  let sep = false;
  for (; i < b; i++) {
    c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mant = mant * 10 + (c - 48);
      digits++;
      if (sep) frac++;
    } else if ((c === 46 || c === 44) && !sep) {
      sep = true;
    } else {
      break;
    }
  }
  if (i < b || digits > 15) {
    // Exponents and long mantissas are rare: let the shared reader decide.
    if (c === 101 || c === 69 || digits > 15) return parseNumber(s.slice(a, b));
    return undefined;
  }
  if (digits === 0) return undefined;
  const v = frac === 0 ? mant : mant / (POW10[frac] ?? 1);
  return neg ? -v : v;
}

// ---------------------------------------------------------------------------------------------
// The header line

export interface SysstatHeader {
  kernel: string;
  hostname?: string;
  /** The date exactly as printed (`12/04/26`, `04.12.2026`, `2026-12-04`). */
  dateText?: string;
  nCpu?: number;
}

/**
 * `Linux 6.18.44-fc-v1252 (vm) \t12/04/26 \t_x86_64_\t(2 CPU)`; sysstat 7/8 omit the architecture
 * and the CPU count. Returns undefined for any other line.
 */
export function parseSysstatHeader(line: string): SysstatHeader | undefined {
  if (!line.startsWith("Linux ")) return undefined;
  const open = line.indexOf(" (", 6);
  if (open < 0) return undefined;
  const close = line.indexOf(")", open + 2);
  if (close < 0) return undefined;
  const kernel = line.slice(6, open).trim();
  if (kernel === "" || kernel.includes(" ")) return undefined;
  const hostname = line.slice(open + 2, close).trim();
  const f = new Fields();
  const n = f.scan(line.slice(close + 1));
  const header: SysstatHeader = { kernel };
  if (hostname !== "") header.hostname = hostname;
  for (let i = 0; i < n; i++) {
    const t = f.text(i);
    if (i === 0 && /\d/.test(t) && !t.startsWith("(")) header.dateText = t;
    if (t.startsWith("(") && f.text(i + 1).startsWith("CPU")) {
      const c = Number(t.slice(1));
      if (Number.isInteger(c) && c > 0) header.nCpu = c;
    }
  }
  return header;
}

export function hostFromHeader(h: SysstatHeader | undefined): HostInfo {
  const host: HostInfo = {};
  if (!h) return host;
  if (h.hostname !== undefined) host.hostname = h.hostname;
  host.kernel = h.kernel;
  if (h.nCpu !== undefined) host.nCpu = h.nCpu;
  return host;
}

function fullYear(y: number, digits: number): number {
  if (digits > 2) return y;
  return y < 70 ? 2000 + y : 1900 + y;
}

function validDate(d: YMD): YMD | undefined {
  if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31 || d.year < 1970 || d.year > 2200)
    return undefined;
  return d;
}

/**
 * A sysstat date in any of the forms locales print: `2026-12-04` (ISO, S_TIME_FORMAT=ISO),
 * `04.12.2026` (de_DE), `12/04/2026` (en_US), `12/04/26` (C), `04/12/2026` (en_GB, fr_FR),
 * `2017年06月26日` (zh/ja). For `A/B/Y` with both parts ≤ 12 the order is a guess: a two-digit
 * year is the C locale (month first), a 12-hour clock is en_US (month first), otherwise day first
 * (the 24-hour locales that use slashes). `ambiguous` says when it was a guess.
 */
export function parseSysstatDate(
  text: string,
  twelveHour: boolean,
): { date: YMD; ambiguous: boolean } | undefined {
  const iso = parseIsoDate(text);
  if (iso) return { date: iso, ambiguous: false };
  const parts = text.match(/\d+/g);
  if (!parts || parts.length !== 3) return undefined;
  const [p0 = "", p1 = "", p2 = ""] = parts;
  const a = Number(p0);
  const b = Number(p1);
  const c = Number(p2);
  if (p0.length === 4) {
    const d = validDate({ year: a, month: b, day: c });
    return d ? { date: d, ambiguous: false } : undefined;
  }
  const year = fullYear(c, p2.length);
  if (text.includes(".")) {
    const d = validDate({ year, month: b, day: a });
    return d ? { date: d, ambiguous: false } : undefined;
  }
  let monthFirst: boolean;
  let ambiguous = false;
  if (a > 12) monthFirst = false;
  else if (b > 12) monthFirst = true;
  else if (p2.length === 2 || twelveHour) monthFirst = true;
  else {
    monthFirst = false;
    ambiguous = a !== b;
  }
  const d = validDate(monthFirst ? { year, month: a, day: b } : { year, month: b, day: a });
  return d ? { date: d, ambiguous } : undefined;
}

// ---------------------------------------------------------------------------------------------
// Time

/** One resolved sample time: epoch ms, or (`rel`) ms since the first time of the parse. */
export interface Stamp {
  ms: number;
  rel: boolean;
}

/** A stamp as an event's `at`: ISO, or seconds when relative. */
export function stampTime(st: Stamp): Timestamp {
  return st.rel ? st.ms / 1000 : isoOf(st.ms);
}

function isMeridiem(f: Fields, i: number): boolean {
  if (f.end(i) - f.start(i) !== 2) return false;
  const t = f.text(i).toUpperCase();
  return t === "AM" || t === "PM";
}

/**
 * Where a line's time of day sits: `15:57:28` is one field, `03:57:28 PM` two. Returns the number
 * of fields the time takes (0 when field 0 is no time of day).
 */
export function timeFieldCount(f: Fields): number {
  if (f.count === 0) return 0;
  const a = f.start(0);
  const b = f.end(0);
  const s = f.src;
  // Cheap shape check before any allocation: digits and colons only, a colon at 1 or 2.
  if (b - a < 4 || b - a > 15) return 0;
  const c1 = s.charCodeAt(a + 1);
  const c2 = s.charCodeAt(a + 2);
  if (c1 !== 58 && c2 !== 58) return 0;
  const c0 = s.charCodeAt(a);
  if (c0 < 48 || c0 > 57) return 0;
  const last = s.charCodeAt(b - 1);
  if (last < 48 || last > 57) return 0;
  return isMeridiem(f, 1) ? 2 : 1;
}

/**
 * Resolves times of day into timestamps for one parse. The date comes from ctx.date, else the
 * header, else the capture start; the zone from ctx.tz (default UTC). Each independent sequence of
 * times (a sar section, an mpstat table) gets its own {@link TimeSequence}, so that `sar -f`, which
 * prints each activity from the start of the day again, is not mistaken for a day rollover.
 * Without any date, times become seconds since the first time seen.
 */
export class Clock {
  readonly tz: string;
  private date: YMD | undefined;
  private dateResolved = false;
  /** UTC ms of the capture date's midnight, written as if local time were UTC. */
  private dayMs = NaN;
  private relBaseMs: number | undefined;
  private readonly zone: ZoneOffsets;

  constructor(
    private readonly ctx: ParseContext,
    private readonly header: SysstatHeader | undefined,
    private readonly warnings: Warnings,
  ) {
    const tz = ctx.tz ?? "UTC";
    const valid = isValidTimeZone(tz);
    if (!valid) warnings.add(`unknown time zone ${JSON.stringify(tz)}: reading times as UTC`);
    this.tz = valid ? tz : "UTC";
    this.zone = new ZoneOffsets(this.tz);
  }

  /** The capture date; resolved once, at the first time of day (which tells 12- or 24-hour clock). */
  resolveDate(twelveHour: boolean, lineNo?: number): YMD | undefined {
    if (this.dateResolved) return this.date;
    this.dateResolved = true;
    const d = this.findDate(twelveHour, lineNo);
    this.date = d;
    if (d !== undefined) this.dayMs = Date.UTC(d.year, d.month - 1, d.day);
    return d;
  }

  private findDate(twelveHour: boolean, lineNo?: number): YMD | undefined {
    const forced = this.ctx.date === undefined ? undefined : parseIsoDate(this.ctx.date);
    if (forced) return forced;
    const text = this.header?.dateText;
    if (text !== undefined) {
      const d = parseSysstatDate(text, twelveHour);
      if (d) {
        if (d.ambiguous)
          this.warnings.add(
            `header date ${text} could be day/month or month/day: read as ${d.date.day}.${d.date.month}.${d.date.year} (pass --date to override)`,
            lineNo,
          );
        return d.date;
      }
      this.warnings.add(`header date ${JSON.stringify(text)} not understood`, lineNo);
    }
    if (this.ctx.captureStart !== undefined) {
      const ms = Date.parse(this.ctx.captureStart);
      if (Number.isFinite(ms)) {
        const d = new Date(ms);
        return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
      }
    }
    this.warnings.add(
      "times of day without a date (no header, no --date): times are seconds since the first sample",
      lineNo,
    );
    return undefined;
  }

  sequence(): TimeSequence {
    return new TimeSequence(this);
  }

  /** Day `dayOffset` after the capture date, `seconds` after its local midnight → stamp. */
  stampAt(dayOffset: number, seconds: number, twelveHour: boolean, lineNo: number): Stamp {
    if (!this.dateResolved) this.resolveDate(twelveHour, lineNo);
    if (this.date === undefined) return this.relative((dayOffset * 86400 + seconds) * 1000);
    const whole = Math.floor(seconds);
    const wall = this.dayMs + dayOffset * 86_400_000 + whole * 1000;
    return { ms: this.zone.toUtc(wall) + Math.round((seconds - whole) * 1000), rel: false };
  }

  /** Relative mode: ms → offset from the first instant seen in this parse. */
  relative(ms: number): Stamp {
    if (this.relBaseMs === undefined) this.relBaseMs = ms;
    return { ms: ms - this.relBaseMs, rel: true };
  }

  /** A full local date and time (iostat -t) → stamp; `offsetMs` when the text carried its zone. */
  absolute(d: YMD, secondsOfDay: number, offsetMs?: number): Stamp {
    const whole = Math.floor(secondsOfDay);
    const wall = Date.UTC(d.year, d.month - 1, d.day) + whole * 1000;
    const ms = offsetMs !== undefined ? wall - offsetMs : this.zone.toUtc(wall);
    return { ms: ms + Math.round((secondsOfDay - whole) * 1000), rel: false };
  }
}

/** A time of day a {@link TimeSequence} read: its text (and bytes), seconds, day and stamp. */
class TimeMemo {
  text = "";
  /** The text's bytes when it is ASCII and fits; `length` -1: none. */
  readonly bytes = new Uint8Array(32);
  length = -1;
  seconds = NaN;
  day = -1;
  stamp: Stamp | undefined = undefined;
}

/**
 * One monotonic sequence of times of day, with midnight rollover, remembering the last two times
 * it read: rows repeat the time of the row before, and sar and pidstat alternate two (a report's
 * header line carries the time the interval began, its rows the time it ended), which a one-entry
 * memo missed twice a report (decoding the text and working out the stamp again). A remembered
 * time is reused only when reading it again would give the same stamp: the same day, and not a
 * step back of more than an hour (a rollover).
 */
export class TimeSequence {
  private last: number | undefined;
  private dayOffset = 0;
  /** The time read last and the one before. */
  private recent = new TimeMemo();
  private older = new TimeMemo();

  constructor(private readonly clock: Clock) {}

  /** The stamp of the time of day in fields [0, n) of `f` (n = 1, or 2 with AM/PM). */
  stamp(f: Fields, n: number, lineNo: number): Stamp | undefined {
    return this.stampIn(f.src, f.start(0), f.end(n - 1), lineNo);
  }

  /**
   * The stamp of the time of day `src[a, e)` (`15:57:28`, `03:57:28 PM`, `15:57:28,123`).
   * A time read lately is reused without parsing.
   */
  stampIn(src: string, a: number, e: number, lineNo: number): Stamp | undefined {
    const len = e - a;
    let m = this.recent;
    if (m.text.length === len && src.startsWith(m.text, a) && this.usable(m)) return this.take(m);
    m = this.older;
    if (m.text.length === len && src.startsWith(m.text, a) && this.usable(m)) return this.take(m);
    return this.read(src.slice(a, e), lineNo);
  }

  /** {@link stampIn} of the time of day in a file's bytes `src[a, e)` (../../util/bytes.ts). */
  stampInBytes(src: Uint8Array, a: number, e: number, lineNo: number): Stamp | undefined {
    const len = e - a;
    let m = this.recent;
    if (m.length === len && sameBytes(src, a, m.bytes, len) && this.usable(m)) return this.take(m);
    m = this.older;
    if (m.length === len && sameBytes(src, a, m.bytes, len) && this.usable(m)) return this.take(m);
    return this.read(lineText(src, a, e), lineNo);
  }

  /**
   * Reading the remembered time again would give its stamp: the same day, and not a step back of
   * more than an hour from the last time read (the next day's).
   */
  private usable(m: TimeMemo): boolean {
    const last = this.last;
    return (
      m.stamp !== undefined &&
      m.day === this.dayOffset &&
      !(last !== undefined && m.seconds < last - 3600)
    );
  }

  /** The remembered time, read again: it is the last time read now. */
  private take(m: TimeMemo): Stamp | undefined {
    this.last = m.seconds;
    if (m !== this.recent) {
      this.older = this.recent;
      this.recent = m;
    }
    return m.stamp;
  }

  /** Parses the time of day `text`, stamps it and remembers it as the most recent. */
  private read(text: string, lineNo: number): Stamp | undefined {
    const t = timeOfDayIn(text, 0, text.length);
    if (t < 0) return undefined;
    const st = this.fromSeconds(t >= TWELVE ? t - TWELVE : t, t >= TWELVE, lineNo);
    const k = this.older;
    this.older = this.recent;
    this.recent = k;
    k.text = text;
    k.seconds = this.last ?? NaN;
    k.day = this.dayOffset;
    k.stamp = st;
    // Its bytes too, for stampInBytes: a time of day is ASCII (else it is not remembered as bytes).
    let ascii = text.length <= k.bytes.length;
    for (let i = 0; i < text.length && ascii; i++) {
      const c = text.charCodeAt(i);
      k.bytes[i] = c;
      ascii = c < 128;
    }
    k.length = ascii ? text.length : -1;
    return st;
  }

  /**
   * Seconds of day → stamp, with DayRollover's rule (a step back of more than an hour is the next
   * day).
   */
  fromSeconds(seconds: number, twelveHour: boolean, lineNo: number): Stamp {
    if (this.last !== undefined && seconds < this.last - 3600) this.dayOffset++;
    this.last = seconds;
    return this.clock.stampAt(this.dayOffset, seconds, twelveHour, lineNo);
  }
}

/** `src[a, a + len)` equals `bytes[0, len)`. */
function sameBytes(src: Uint8Array, a: number, bytes: Uint8Array, len: number): boolean {
  for (let i = 0; i < len; i++) if (src[a + i] !== bytes[i]) return false;
  return true;
}

/** The digit at `src[k]` (k < e), else -1. */
function digitIn(src: string, k: number, e: number): number {
  const c = src.charCodeAt(k) - 48;
  return k < e && c >= 0 && c <= 9 ? c : -1;
}

/** Added by {@link timeOfDayIn} to say the time had AM/PM. */
export const TIME_OF_DAY_MERIDIEM = 1e6;
const TWELVE = TIME_OF_DAY_MERIDIEM;

/**
 * `src[a, e)` as a time of day: `15:57`, `15:57:28`, `15:57:28.123` (or `,123`), optionally
 * followed by blanks and AM/PM (any case). Returns seconds since midnight, plus {@link TWELVE}
 * when there was AM/PM; -1 when it is not a time.
 */
export function timeOfDayIn(src: string, a: number, e: number): number {
  let i = a;
  let h = digitIn(src, i, e);
  if (h < 0) return -1;
  i++;
  if (digitIn(src, i, e) >= 0) {
    h = h * 10 + digitIn(src, i, e);
    i++;
  }
  if (i >= e || src.charCodeAt(i) !== 58) return -1;
  const m1 = digitIn(src, i + 1, e);
  const m2 = digitIn(src, i + 2, e);
  if (m1 < 0 || m2 < 0) return -1;
  const mi = m1 * 10 + m2;
  i += 3;
  let s = 0;
  if (i < e && src.charCodeAt(i) === 58) {
    const s1 = digitIn(src, i + 1, e);
    const s2 = digitIn(src, i + 2, e);
    if (s1 < 0 || s2 < 0) return -1;
    s = s1 * 10 + s2;
    if (s > 60) return -1;
    i += 3;
    const sep = i < e ? src.charCodeAt(i) : -1;
    if (sep === 46 || sep === 44) {
      let frac = 0;
      let scale = 1;
      i++;
      const from = i;
      while (digitIn(src, i, e) >= 0 && i - from < 15) {
        frac = frac * 10 + digitIn(src, i, e);
        scale *= 10;
        i++;
      }
      if (i === from) return -1;
      s += frac / scale;
    }
  }
  if (h > 23 || mi > 59) return -1;
  if (i === e) return h * 3600 + mi * 60 + s;
  // Blanks, then AM/PM and nothing else.
  if (src.charCodeAt(i) > 32) return -1;
  while (i < e && src.charCodeAt(i) <= 32) i++;
  if (e - i !== 2) return -1;
  const ap = src.charCodeAt(i) | 32;
  if ((ap !== 97 && ap !== 112) || (src.charCodeAt(i + 1) | 32) !== 109) return -1;
  if (h < 1 || h > 12) return -1;
  if (ap === 97 && h === 12) h = 0;
  if (ap === 112 && h !== 12) h += 12;
  return TWELVE + h * 3600 + mi * 60 + s;
}

/** Epoch seconds (pidstat -H, sysstat 10 `pidstat -h`) → stamp. */
export function epochStamp(seconds: number): Stamp {
  return { ms: Math.round(seconds * 1000), rel: false };
}

// ---------------------------------------------------------------------------------------------
// Series

/**
 * A series under construction. Alone (never grouped, or detached) it keeps its own `times` and
 * `values` columns (../../util/column.ts), filled up to `n`; attached to a {@link TimeGroup} its
 * values are slot `slot` of the group's rows and its times are the group's.
 */
export class SeriesAcc {
  values: number[] = EMPTY;
  times: number[] = EMPTY;
  n = 0;
  lastMs = -Infinity;
  rel = false;
  group: TimeGroup | undefined = undefined;
  /** Index in the group's members while attached. */
  slot = -1;
  sinceBoot: number | undefined = undefined;
  /** Handed out already: a second claim (another table, another column) cannot share times. */
  claimed = false;
  /** Free for the parser (sadf: the last record that gave it a value). */
  tag = -1;
  constructor(
    readonly metric: string,
    readonly labels: Labels,
    readonly unit: string,
  ) {}
}

/** Placeholder column: grown into a real one on first use. */
const EMPTY: number[] = [];

/**
 * Series sampled together: one table row's cells (mpstat's `all` row, iostat's `vda` row). They
 * share one time per row, so a row costs one time and one value per cell instead of a time per
 * cell. The parser writes the row's values into `row` (slot i for `members[i]`, NaN when the row
 * has no value there) and calls {@link SeriesSink.commit}.
 *
 * Storage has two stages. In the first {@link ROW_LIMIT} rows, a slot that has held one value
 * in every row so far stores nothing but that value (`first`); the others have a Float64Array
 * column each (`vcols`), beside a Float64Array of times. Most of a capture's pidstat columns hold
 * one value throughout (an idle process: zeros, the same memory size), 2/3 of its values: storing
 * every row row-major wrote the whole table to memory and read it again at the end, one strided
 * pass per column (a 64 MB pidstat file: 330 ms that way, 257 ms this way; more beside another
 * thread, which shares the caches). Typed arrays live outside the JS heap, so the garbage
 * collector never copies them; plain-array columns of that length would sit in the young
 * generation, each copied by every scavenge it survives. A group that reaches ROW_LIMIT rows moves to one plain
 * column per member (`cols`, times in `ctimes`; arrays that large are allocated outside the young
 * generation), written in place from then on, so long series are not copied once more at the end.
 */
export class TimeGroup {
  /** Row stage: the rows' times (ms), `n` of them used, room for `times.length` rows. */
  times: Float64Array = NO_ROWS;
  /**
   * Row stage, per slot of an attached member (the members when the first row came: `stride`):
   * its first row's value, which every row has had while the slot has no column in `vcols` (a
   * value that is not NaN, not -0); else its values in `vcols` (as long as `times`).
   */
  first: Float64Array = NO_ROWS;
  vcols: (Float64Array | undefined)[] = [];
  stride = 0;
  /** Column stage: per slot the attached member's values (as long as `ctimes`), EMPTY once detached. */
  cols: number[][] | undefined = undefined;
  ctimes: number[] = EMPTY;
  n = 0;
  lastMs = -Infinity;
  rel = false;
  /** Members that still share the group's times. */
  attached = 0;
  readonly members: SeriesAcc[] = [];
  row = new Float64Array(0);
  /** The times as a plain column, once made (at the end). */
  timesColumn: number[] | undefined = undefined;
  /** The share of the input read when its first row came (sizes its growth). */
  startDone = 0;
}

const NO_ROWS = new Float64Array(0);

/** Rows a group keeps in its row stage: past this its columns are large-object-space arrays. */
export const ROW_LIMIT = 16_384;

/** Slot `j` of the row stage's first `n` rows as a plain column of length `cap` (≥ n). */
function columnOf(g: TimeGroup, j: number, n: number, cap = n): number[] {
  const col = g.vcols[j];
  if (col !== undefined) return columnFrom(col, 0, 1, n, cap);
  return filledColumn(g.first[j] ?? NaN, n, cap);
}

/** `n` times `v` in a plain column of length `cap` (≥ n). */
function filledColumn(v: number, n: number, cap: number): number[] {
  const col = roomyColumn(cap);
  for (let i = 0; i < n; i++) col[i] = v;
  return col;
}

/** True for a value a row-stage slot can hold as its one value: not NaN, not -0. */
function sameable(v: number): boolean {
  return v === v && !(v === 0 && 1 / v < 0);
}

/** The row stage's first `n` times as a plain column of length `cap` (≥ n). */
function timesOf(g: TimeGroup, n: number, cap = n): number[] {
  return columnFrom(g.times, 0, 1, n, cap);
}

/**
 * Collects series by key. Samples must come in strictly increasing time; a sample at or before the
 * previous one of its series (a duplicated or shuffled line) is dropped and counted, never
 * reordered silently. So is a relative time in a series of absolute ones (or the reverse).
 */
export class SeriesSink {
  private readonly map = new Map<string, SeriesAcc>();
  /** Shared columns of one value repeated, by value and length ({@link rowColumn}). */
  private readonly constants = new Map<number, Map<number, number[]>>();
  private dropped = 0;
  private firstDropLine = 0;
  private mixed = 0;
  nonFinite = 0;
  /** Bytes of the input read so far and in all, kept up to date by the parser. */
  read = 0;
  total = 0;

  /** Share of the input read so far (0..1): sizes the columns. */
  private get done(): number {
    return this.total > 0 ? this.read / this.total : 0;
  }

  private get(metric: string, labels: Labels, unit: string): SeriesAcc {
    const key = seriesKey(metric, labels);
    let a = this.map.get(key);
    if (a === undefined) {
      a = new SeriesAcc(metric, labels, unit);
      this.map.set(key, a);
    }
    return a;
  }

  /** A series pushed to one sample at a time ({@link push}). */
  acc(metric: string, labels: Labels, unit: string): SeriesAcc {
    const a = this.get(metric, labels, unit);
    if (a.group !== undefined) this.detach(a);
    a.claimed = true;
    return a;
  }

  /** A new group; add its members with {@link member}. */
  group(): TimeGroup {
    return new TimeGroup();
  }

  /** Adds the series to `g` as its next slot: shared times when new, else its own. */
  member(g: TimeGroup, metric: string, labels: Labels, unit: string): SeriesAcc {
    const a = this.get(metric, labels, unit);
    if (a.group !== undefined) this.detach(a);
    const attach = !a.claimed && g.n === 0;
    a.claimed = true;
    g.members.push(a);
    if (attach) {
      a.group = g;
      a.slot = g.members.length - 1;
      g.attached++;
      // No row stored yet: the rows get room for this member too.
      if (g.stride < g.members.length) {
        g.times = NO_ROWS;
        g.stride = 0;
      }
    }
    g.cols?.push(EMPTY);
    const row = new Float64Array(g.members.length);
    row.fill(NaN);
    g.row = row;
    return a;
  }

  /** Room for one more row: a bigger row stage, the move to columns, or longer columns. */
  private grow(g: TimeGroup): void {
    const n = g.n;
    if (n === 0) g.startDone = this.done;
    // The estimate of the final length (and a quarter more at least) once there is one, else double.
    // A group that started late (a process started mid-capture) is measured from its start: from
    // the input's start its rows would seem rarer than they are, and it would grow by a quarter
    // at a time, copying its rows at each step.
    const start = g.startDone;
    const want = expectedLength(n, start < 1 ? (this.done - start) / (1 - start) : 0);
    const cap = want > n ? Math.max(want, Math.ceil(n * 1.25)) : Math.max(n * 2, 64);
    if (g.cols !== undefined) {
      g.ctimes = growColumn(g.ctimes, want);
      this.fit(g);
      return;
    }
    if (n >= ROW_LIMIT) {
      // To the column stage: one column per attached member, room for `cap` rows.
      const cols: number[][] = [];
      for (let i = 0; i < g.members.length; i++) {
        const m = g.members[i];
        cols.push(m !== undefined && m.group === g ? columnOf(g, i, n, cap) : EMPTY);
      }
      g.ctimes = timesOf(g, n, cap);
      g.cols = cols;
      g.times = NO_ROWS;
      g.first = NO_ROWS;
      g.vcols = [];
      return;
    }
    if (g.stride === 0) {
      const k = g.members.length;
      g.stride = k;
      g.first = new Float64Array(k);
      g.vcols = new Array<Float64Array | undefined>(k).fill(undefined);
    }
    const rows = Math.min(cap, ROW_LIMIT);
    const times = new Float64Array(rows);
    times.set(g.times.subarray(0, n));
    g.times = times;
    const vcols = g.vcols;
    for (let j = 0; j < vcols.length; j++) {
      const col = vcols[j];
      if (col === undefined) continue;
      const bigger = new Float64Array(rows);
      bigger.set(col.subarray(0, n));
      vcols[j] = bigger;
    }
  }

  /** Row stage: row `n`'s value `v` of slot `j` (an attached member's). */
  private put(g: TimeGroup, j: number, n: number, v: number): void {
    let col = g.vcols[j];
    if (col === undefined) {
      if (n === 0) g.first[j] = v;
      if (v === g.first[j] && sameable(v)) return;
      col = this.vary(g, j, n);
    }
    col[n] = v;
  }

  /** Row stage: slot `j` held one value in its first `n` rows and now varies: a column for it. */
  private vary(g: TimeGroup, j: number, n: number): Float64Array {
    const col = new Float64Array(g.times.length);
    col.fill(g.first[j] ?? NaN, 0, n);
    g.vcols[j] = col;
    return col;
  }

  /** Column stage: every attached column as long as `ctimes`. */
  private fit(g: TimeGroup): void {
    const cols = g.cols;
    if (cols === undefined) return;
    const len = g.ctimes.length;
    for (let i = 0; i < cols.length; i++) {
      const col = cols[i];
      if (col === undefined || col === EMPTY || col.length >= len) continue;
      let c = col;
      while (c.length < len) c = growColumn(c, len);
      cols[i] = c;
    }
  }

  /** Gives a member its own columns with what it has: the group goes on without it. */
  private detach(a: SeriesAcc): void {
    const g = a.group;
    if (g === undefined) return;
    const n = g.n;
    if (n === 0) {
      a.values = EMPTY;
      a.times = EMPTY;
    } else if (g.cols !== undefined) {
      a.values = g.cols[a.slot] ?? EMPTY;
      a.times = g.ctimes.slice(0, n);
      g.cols[a.slot] = EMPTY;
    } else {
      a.values = columnOf(g, a.slot, n);
      a.times = timesOf(g, n);
      if (a.slot < g.vcols.length) g.vcols[a.slot] = undefined;
    }
    a.n = n;
    a.lastMs = n > 0 ? g.lastMs : -Infinity;
    a.rel = g.rel;
    a.group = undefined;
    a.slot = -1;
    g.attached--;
  }

  /** Stores the group's row (`g.row`, NaN = no value) at `st`, and clears the row. */
  commit(g: TimeGroup, st: Stamp, lineNo: number): void {
    const ms = st.ms;
    const row = g.row;
    const k = row.length;
    const n = g.n;
    if (g.attached === k && ms > g.lastMs && (n === 0 || g.rel === st.rel)) {
      // Every member shares the group's times: one loop stores the row, unless a value is missing.
      let complete = true;
      for (let i = 0; i < k; i++) {
        const v = row[i] ?? NaN;
        if (v - v !== 0) {
          complete = false;
          break;
        }
      }
      if (complete) {
        let cols = g.cols;
        if (n === (cols === undefined ? g.times.length : g.ctimes.length)) {
          this.grow(g);
          cols = g.cols;
        }
        if (cols === undefined) {
          // Inline put(): a call per value costs 5-10% of a pidstat parse.
          const first = g.first;
          const vcols = g.vcols;
          if (n === 0) first.set(row);
          for (let i = 0; i < k; i++) {
            const v = row[i] ?? NaN;
            row[i] = NaN;
            let col = vcols[i];
            if (col === undefined) {
              // v is finite here: only -0 beside 0 needs the second test.
              if (v === first[i] && (v !== 0 || 1 / v > 0)) continue;
              col = this.vary(g, i, n);
            }
            col[n] = v;
          }
          g.times[n] = ms;
        } else {
          for (let i = 0; i < k; i++) {
            const col = cols[i];
            if (col !== undefined) col[n] = row[i] ?? NaN;
            row[i] = NaN;
          }
          g.ctimes[n] = ms;
        }
        g.n = n + 1;
        g.lastMs = ms;
        g.rel = st.rel;
        return;
      }
    }
    this.commitSlow(g, st, lineNo);
  }

  /** {@link commit} for rows with missing values or detached members. */
  private commitSlow(g: TimeGroup, st: Stamp, lineNo: number): void {
    const ms = st.ms;
    /** 0: the row's time is taken; 1: not after the last one; 2: relative among absolute. */
    let refused = 0;
    const row = g.row;
    const members = g.members;
    // Members without a value in this row leave the group first (with what they have so far).
    for (let i = 0; i < members.length; i++) {
      const a = members[i];
      const v = row[i] ?? NaN;
      if (a !== undefined && a.group === g && v - v !== 0) {
        if (v === v) this.nonFinite++;
        this.detach(a);
      }
    }
    const n = g.n;
    if (g.attached > 0) {
      if (n > 0 && g.rel !== st.rel) refused = 2;
      else if (!(ms > g.lastMs)) refused = 1;
      else {
        if (n === (g.cols === undefined ? g.times.length : g.ctimes.length)) this.grow(g);
        if (g.cols === undefined) g.times[n] = ms;
        else g.ctimes[n] = ms;
        g.n = n + 1;
        g.lastMs = ms;
        g.rel = st.rel;
      }
    }
    for (let i = 0; i < members.length; i++) {
      const a = members[i];
      const v = row[i] ?? NaN;
      row[i] = NaN;
      if (a === undefined || v !== v) continue;
      if (a.group === g) {
        if (refused === 0) {
          const cols = g.cols;
          if (cols === undefined) this.put(g, i, n, v);
          else {
            const col = cols[i];
            if (col !== undefined) col[n] = v;
          }
        } else if (refused === 1) this.drop(lineNo);
        else this.mixed++;
      } else this.push(a, st, v, lineNo);
    }
  }

  private drop(lineNo: number): void {
    if (this.dropped === 0) this.firstDropLine = lineNo;
    this.dropped++;
  }

  /** Adds one sample to a series outside any group (or detached from its group). */
  push(a: SeriesAcc, st: Stamp, value: number, lineNo: number): void {
    if (!Number.isFinite(value)) {
      this.nonFinite++;
      return;
    }
    if (a.group !== undefined) this.detach(a);
    if (a.n > 0 && a.rel !== st.rel) {
      this.mixed++;
      return;
    }
    if (!(st.ms > a.lastMs)) {
      this.drop(lineNo);
      return;
    }
    a.lastMs = st.ms;
    a.rel = st.rel;
    if (a.n >= a.values.length) a.values = growColumn(a.values, expectedLength(a.n, this.done));
    if (a.n >= a.times.length) a.times = growColumn(a.times, expectedLength(a.n, this.done));
    a.times[a.n] = st.ms;
    a.values[a.n++] = value;
  }

  sinceBoot(a: SeriesAcc, value: number): void {
    if (Number.isFinite(value)) a.sinceBoot = value;
  }

  /** Series that got a sample or a since-boot value, in first-seen order. */
  finish(warnings: Warnings): Series[] {
    if (this.dropped > 0)
      warnings.add(
        `${this.dropped} sample(s) not after the previous one of their series were dropped (first at line ${this.firstDropLine})`,
      );
    if (this.mixed > 0)
      warnings.add(
        `${this.mixed} sample(s) with a relative time in a series of absolute ones (or the reverse) were dropped`,
      );
    const out: Series[] = [];
    for (const a of this.map.values()) {
      const g = a.group;
      const n = g === undefined ? a.n : g.n;
      if (n === 0 && a.sinceBoot === undefined) continue;
      let times: number[] = [];
      let values: number[] = [];
      if (n > 0 && g === undefined) {
        times = trimColumn(a.times, n);
        values = trimColumn(a.values, n);
      } else if (n > 0 && g !== undefined && g.cols !== undefined) {
        times = trimColumn(g.ctimes, n);
        values = trimColumn(g.cols[a.slot] ?? [], n);
      } else if (n > 0 && g !== undefined) {
        g.timesColumn ??= timesOf(g, n);
        times = g.timesColumn;
        values = this.rowColumn(g, a.slot, n);
      }
      const s: Series = { metric: a.metric, labels: a.labels, unit: a.unit, times, values };
      if ((g === undefined ? a.rel : g.rel) && n > 0) s.relative = true;
      if (a.sinceBoot !== undefined) s.sinceBoot = a.sinceBoot;
      out.push(s);
    }
    return out;
  }

  /**
   * Slot `j` of a group's `n` rows as a column; a column of one value repeated is shared with the
   * other series of that value and length (see {@link TimeGroup}: most of a capture's pidstat
   * series are such; without sharing, their columns were most of what the parse allocated at its
   * end, and their garbage collection most of its time).
   */
  private rowColumn(g: TimeGroup, j: number, n: number): number[] {
    if (g.vcols[j] !== undefined) return columnOf(g, j, n);
    const v = g.first[j] ?? NaN;
    let byLength = this.constants.get(v);
    if (byLength === undefined) {
      byLength = new Map();
      this.constants.set(v, byLength);
    }
    let shared = byLength.get(n);
    if (shared === undefined) {
      shared = filledColumn(v, n, n);
      byLength.set(n, shared);
    }
    return shared;
  }

  /** Turns single-sample series into since-boot values (one-shot mpstat/pidstat reports). */
  pointsToSinceBoot(): void {
    for (const a of this.map.values()) {
      if (a.group !== undefined) {
        if (a.group.n !== 1) continue;
        this.detach(a);
      }
      if (a.n !== 1) continue;
      a.sinceBoot = a.values[0];
      a.values = EMPTY;
      a.times = EMPTY;
      a.n = 0;
    }
  }
}

/** Events with duplicates (same time, kind and message) removed. */
export class EventSink {
  readonly list: HostEvent[] = [];
  private readonly seen = new Set<string>();
  add(e: HostEvent): void {
    const key = `${String(e.at)}|${e.kind}|${e.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push(e);
  }
}

// ---------------------------------------------------------------------------------------------
// Detection helpers

/** The first `maxLines` non-empty lines of at most `maxChars` characters: detection looks only here. */
export function headLines(text: string, maxLines = 80, maxChars = 32_768): string[] {
  const out: string[] = [];
  const s = text.length > maxChars ? text.slice(0, maxChars) : text;
  eachLine(s, (l) => {
    if (out.length < maxLines && l.trim() !== "") out.push(l);
  });
  return out;
}

/** True when the text has no characters other than whitespace. */
export function isBlankText(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isBlank(text.charCodeAt(i))) return false;
  return true;
}

/** A small bonus when the file name names the tool: only a hint, never enough on its own. */
export function nameHint(fileName: string | undefined, tool: string): number {
  if (fileName === undefined) return 0;
  const base = fileName.slice(fileName.lastIndexOf("/") + 1).toLowerCase();
  return base.includes(tool) ? 0.05 : 0;
}

/** Fields of a line after a leading time of day (and AM/PM), as strings: for header lines. */
export function fieldsAfter(f: Fields, from: number): string[] {
  const out: string[] = [];
  for (let i = from; i < f.count; i++) out.push(f.text(i));
  return out;
}

/** True when the first field ends with `:` and is no time of day: `Average:`, `Durchschn.:`. */
export function isSummaryLine(f: Fields): boolean {
  if (f.count === 0) return false;
  const e = f.end(0);
  return f.src.charCodeAt(e - 1) === 58 && timeFieldCount(f) === 0;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
