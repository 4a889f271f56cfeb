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

/**
 * Reads one decimal number (`12`, `-3`, `12.5`, `12,5`) from `text[start, end)`; NaN when the
 * token is anything else. A single `.` or `,` is the decimal separator (tools never print thousands
 * separators in these outputs).
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
  let intPart = 0;
  let digits = 0;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    intPart = intPart * 10 + (c - 48);
    digits++;
    i++;
  }
  let value = intPart;
  if (i < end) {
    const c = text.charCodeAt(i);
    if (c !== 46 && c !== 44) return NaN;
    i++;
    let frac = 0;
    let scale = 1;
    let fdigits = 0;
    while (i < end) {
      const d = text.charCodeAt(i);
      if (d < 48 || d > 57) return NaN;
      frac = frac * 10 + (d - 48);
      scale *= 10;
      fdigits++;
      i++;
    }
    if (fdigits === 0 && digits === 0) return NaN;
    value = intPart + frac / scale;
  } else if (digits === 0) {
    return NaN;
  }
  // Past 2^53 integer accumulation loses precision; reparse the rare long token exactly.
  if (digits > 15) value = Number(text.slice(neg ? start + 1 : start, end).replace(",", "."));
  if (!Number.isFinite(value)) return NaN;
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
