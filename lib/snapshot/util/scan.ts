/**
 * Cheap text scanning for the parsers: line iteration with indexOf, whitespace tokenizing and
 * number reading with char-code loops. Captures can be 100 MB, so nothing here backtracks or
 * builds an array of every line.
 */

/** Calls `fn(line, index)` for every line (without `\n` or a trailing `\r`); stops when it returns false. */
export function forEachLine(
  text: string,
  fn: (line: string, index: number) => boolean | void,
): void {
  let start = 0;
  let index = 0;
  const n = text.length;
  while (start <= n) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = n;
    let stop = end;
    if (stop > start && text.charCodeAt(stop - 1) === 13) stop -= 1;
    if (!(end === n && start === n)) {
      if (fn(text.slice(start, stop), index) === false) return;
    }
    index += 1;
    start = end + 1;
  }
}

/** Lines of a small text (headers, one-shot files). Use {@link forEachLine} for large inputs. */
export function lines(text: string): string[] {
  const out: string[] = [];
  forEachLine(text, (l) => {
    out.push(l);
  });
  return out;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 11 || c === 12 || c === 13;
}

/** Splits on runs of blanks without a regex. */
export function tokens(line: string): string[] {
  const out: string[] = [];
  const n = line.length;
  let i = 0;
  while (i < n) {
    while (i < n && isSpace(line.charCodeAt(i))) i++;
    if (i >= n) break;
    const s = i;
    while (i < n && !isSpace(line.charCodeAt(i))) i++;
    out.push(line.slice(s, i));
  }
  return out;
}

const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
  1e18, 1e19, 1e20, 1e21, 1e22,
];

/**
 * Reads one decimal number (`12`, `-3`, `12.5`, `12,5`) from `text[start, end)`; NaN when the
 * token is anything else. A single `.` or `,` is the decimal separator (tools never print thousands
 * separators in these outputs).
 *
 * Exact: the digits are gathered into one integer and divided once by a power of ten. Both are
 * exact doubles while the mantissa has at most 15 digits, so the one rounding of the division gives
 * the double nearest the decimal, which is what `Number(text)` gives (summing the fraction digit by
 * digit does not: `1.14` came out as 1.1400000000000001). Longer mantissas go through Number().
 */
export function numberAt(text: string, start: number, end: number): number {
  let i = start;
  let neg = false;
  const c0 = text.charCodeAt(i);
  if (c0 === 45 /* - */ || c0 === 43 /* + */) {
    neg = c0 === 45;
    i++;
  }
  if (i >= end) return NaN;
  let mant = 0;
  let digits = 0;
  let frac = -1;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mant = mant * 10 + (c - 48);
      digits++;
    } else if ((c === 46 || c === 44) && frac < 0) {
      frac = i;
    } else {
      return NaN;
    }
  }
  if (digits === 0) return NaN;
  const scale = frac < 0 ? 0 : end - frac - 1;
  let value: number;
  if (digits > 15) {
    // Past 2^53 the integer is no longer exact: let Number() round the rare long token.
    const body = text.slice(neg || c0 === 43 ? start + 1 : start, end);
    value = Number(frac < 0 ? body : body.replace(",", "."));
    if (!Number.isFinite(value)) return NaN;
  } else {
    value = scale === 0 ? mant : mant / (POW10[scale] ?? 10 ** scale);
  }
  return neg ? -value : value;
}

/** {@link numberAt} over a whole token. */
export function num(token: string | undefined): number {
  if (token === undefined || token.length === 0) return NaN;
  return numberAt(token, 0, token.length);
}

/**
 * Reads the whitespace-separated tokens of `line` as numbers into `out` (NaN for non-numbers) and
 * returns how many tokens there were. `out` is reused between lines to avoid garbage.
 */
export function scanNumbers(line: string, out: number[]): number {
  const n = line.length;
  let i = 0;
  let k = 0;
  while (i < n) {
    while (i < n && isSpace(line.charCodeAt(i))) i++;
    if (i >= n) break;
    const s = i;
    while (i < n && !isSpace(line.charCodeAt(i))) i++;
    out[k++] = numberAt(line, s, i);
  }
  return k;
}

/**
 * {@link scanNumbers} over `text[a, b)` in one pass, without a substring per line: each
 * whitespace-separated token is read as it is scanned ({@link numberAt}'s rules, NaN for anything
 * else) into `out`. Returns the number of tokens; tokens past `out.length` are counted, not stored.
 */
export function scanNumbersIn(text: string, a: number, b: number, out: Float64Array): number {
  const cap = out.length;
  let k = 0;
  let i = a;
  while (i < b) {
    let c = text.charCodeAt(i);
    if (c === 32 || (c >= 9 && c <= 13)) {
      i++;
      continue;
    }
    const s = i;
    let neg = false;
    if (c === 45 || c === 43) {
      neg = c === 45;
      i++;
    }
    let mant = 0;
    let nd = 0;
    let fracAt = -1;
    let ok = true;
    for (; i < b; i++) {
      c = text.charCodeAt(i);
      if (c >= 48 && c <= 57) {
        mant = mant * 10 + (c - 48);
        nd++;
      } else if ((c === 46 || c === 44) && fracAt < 0) fracAt = i;
      else if (c === 32 || (c >= 9 && c <= 13)) break;
      else ok = false;
    }
    let v = NaN;
    if (ok && nd > 0) {
      if (nd > 15) v = numberAt(text, s, i);
      else {
        const scale = fracAt < 0 ? 0 : i - fracAt - 1;
        v = scale === 0 ? mant : mant / (POW10[scale] ?? 10 ** scale);
        if (neg) v = -v;
      }
    }
    if (k < cap) out[k] = v;
    k++;
  }
  return k;
}

/**
 * {@link scanNumbersIn} for the common line of unsigned integers between single-space blanks
 * (vmstat prints nothing else): -1 as soon as anything else shows (another blank, a sign, a
 * separator, a letter, a token of more than 15 digits, more tokens than `out` holds), and the caller
 * then takes {@link scanNumbersIn}. Where it answers, the answer is the same; its loop has one test
 * per character instead of several (a third off vmstat's scan).
 */
export function scanDigitsIn(text: string, a: number, b: number, out: Float64Array): number {
  const cap = out.length;
  let k = 0;
  let mant = 0;
  let nd = 0;
  for (let i = a; i < b; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) {
      if (nd > 0) {
        if (nd > 15 || k >= cap) return -1;
        out[k++] = mant;
        mant = 0;
        nd = 0;
      }
    } else {
      const d = c - 48;
      if (d < 0 || d > 9) return -1;
      mant = mant * 10 + d;
      nd++;
    }
  }
  if (nd > 0) {
    if (nd > 15 || k >= cap) return -1;
    out[k++] = mant;
  }
  return k;
}

/**
 * The plain decimal (`12`, `-3`, `12.50`, `12,50`) that ends just before `text[e]`, read backwards
 * to the blank before it, which must lie after `lo`; `e` must be the line end `b` or a blank. NaN
 * for anything else (a name, junk, a `+`, more than 15 digits): the caller then takes the general
 * path. For the fixed-column readers: sysstat and procps right-align values under their column
 * names. Digits are gathered into one integer and divided once by a power of ten, so the value
 * equals `Number(text)`, as {@link numberAt} gives.
 */
export function numberBefore(text: string, e: number, lo: number, b: number): number {
  return readNumberBefore(text, e, lo, b, scratch, 0) ? (scratch[0] ?? NaN) : NaN;
}

const scratch = new Float64Array(1);

/**
 * {@link numberBefore} into `out[k]`; true when it is a number (`out[k]` is NaN otherwise). A
 * double written to a typed array is never boxed, even where the call is not inlined: the hot
 * loops use this form.
 */
export function readNumberBefore(
  text: string,
  e: number,
  lo: number,
  b: number,
  out: Float64Array,
  k: number,
): boolean {
  out[k] = NaN;
  if (e < b && text.charCodeAt(e) > 32) return false;
  let i = e - 1;
  let mant = 0;
  let place = 1;
  let digits = 0;
  let frac = -1;
  let c = 0;
  for (; i > lo; i--) {
    c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mant += (c - 48) * place;
      place *= 10;
      digits++;
    } else if ((c === 46 || c === 44) && frac < 0) frac = digits;
    else break;
  }
  if (digits === 0 || digits > 15) return false;
  let neg = false;
  if (c === 45) {
    neg = true;
    i--;
    c = text.charCodeAt(i);
  }
  if (i <= lo || c > 32) return false;
  const v = frac <= 0 ? mant : mant / (POW10[frac] ?? 10 ** frac);
  out[k] = neg ? -v : v;
  return true;
}

/**
 * {@link readNumberBefore} on a file's bytes (../util/bytes.ts): the same number from the same
 * characters, read without a string. Out-of-range reads give undefined, which compares as
 * `charCodeAt`'s NaN does.
 */
export function readNumberBeforeBytes(
  src: Uint8Array,
  e: number,
  lo: number,
  b: number,
  out: Float64Array,
  k: number,
): boolean {
  if (e < b && (src[e] ?? NaN) > 32) {
    out[k] = NaN;
    return false;
  }
  // ` 0.00`, most of what an idle process prints: no digits to add up, nothing to divide.
  if (
    e - 5 > lo &&
    src[e - 1] === 48 &&
    src[e - 2] === 48 &&
    src[e - 3] === 46 &&
    src[e - 4] === 48 &&
    src[e - 5] === 32
  ) {
    out[k] = 0;
    return true;
  }
  out[k] = NaN;
  let i = e - 1;
  let mant = 0;
  let place = 1;
  let digits = 0;
  let frac = -1;
  let c = 0;
  for (; i > lo; i--) {
    c = src[i] ?? NaN;
    if (c >= 48 && c <= 57) {
      mant += (c - 48) * place;
      place *= 10;
      digits++;
    } else if ((c === 46 || c === 44) && frac < 0) frac = digits;
    else break;
  }
  if (digits === 0 || digits > 15) return false;
  let neg = false;
  if (c === 45) {
    neg = true;
    i--;
    c = src[i] ?? NaN;
  }
  if (i <= lo || c > 32) return false;
  const v = frac <= 0 ? mant : mant / (POW10[frac] ?? 10 ** frac);
  out[k] = neg ? -v : v;
  return true;
}

/**
 * One fixed text (a report's repeated header) looked for at positions of one big text read front
 * to back: `at(text, p)` is `text.startsWith(pattern, p)`. A long `startsWith` compares character
 * by character (about 0.6 µs for a 110-character sar header on the bench machine, a fifth of a
 * header-heavy parse); `indexOf` is the engine's native search, and the occurrence it finds stands
 * until the scan passes it, so the search over the whole text costs about one pass per pattern.
 * Two characters are checked first: a search that starts where the pattern is not (a data row as
 * long as the header) costs a search set-up each time.
 * Use one instance per text, with non-negative positions (rising ones are the fast case).
 */
export class RecurringText {
  /** Where the search last started, and the first occurrence at or after it (Infinity: none). */
  private from = Infinity;
  private next = Infinity;
  /** The pattern's first non-blank character and its last one, with their offsets. */
  private readonly k1: number;
  private readonly c1: number;
  private readonly k2: number;
  private readonly c2: number;

  constructor(readonly pattern: string) {
    let k = 0;
    while (k < pattern.length - 1 && pattern.charCodeAt(k) <= 32) k++;
    this.k1 = k;
    this.c1 = pattern.charCodeAt(k);
    this.k2 = pattern.length - 1;
    this.c2 = pattern.charCodeAt(this.k2);
  }

  at(text: string, p: number): boolean {
    if (this.pattern.length === 0) return true;
    if (text.charCodeAt(p + this.k1) !== this.c1 || text.charCodeAt(p + this.k2) !== this.c2)
      return false;
    if (p < this.from || this.next < p) {
      const i = text.indexOf(this.pattern, p);
      this.from = p;
      this.next = i < 0 ? Infinity : i;
    }
    return this.next === p;
  }
}

/**
 * Whether parsers may take their shortcuts on long captures: reading values in place under a known
 * header layout (see {@link numberBefore}), recognising a repeated header or timestamp by its
 * text. Tests turn it off to check that the shortcuts give exactly what the general path gives.
 */
export const shortcuts = { enabled: true };

/** True when the text has no characters other than blanks and control characters. */
export function isBlankText(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 32) return false;
  return true;
}

/** True when `line` starts with `prefix` after leading blanks. */
export function startsAfterBlanks(line: string, prefix: string): boolean {
  let i = 0;
  while (i < line.length && isSpace(line.charCodeAt(i))) i++;
  return line.startsWith(prefix, i);
}

/** First `max` characters of `text` split into at most `maxLines` lines: for detection. */
export function head(text: string, maxLines = 12, max = 4096): string[] {
  const out: string[] = [];
  forEachLine(text.length > max ? text.slice(0, max) : text, (l) => {
    if (l.trim() !== "") out.push(l);
    return out.length < maxLines;
  });
  return out;
}
