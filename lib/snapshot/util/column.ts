/**
 * Growable columns of doubles for the parsers' hot loops. A column is a plain packed-double array
 * used up to a count kept beside it: an append is an in-bounds store, and growing doubles the
 * array with `concat` (one copy, no holes to fill). On a 100 MB capture this costs about half of
 * what `push` costs, and the arrays stay PACKED_DOUBLE (no holes, no boxed numbers) for whoever
 * reads them. {@link trimColumn} gives the final length.
 *
 *     let col = newColumn(), n = 0;
 *     if (n === col.length) col = growColumn(col);
 *     col[n++] = value;
 *     trimColumn(col, n);
 */

/** 64 doubles (not small integers, so the array's elements are doubles from the start). */
const SEED: readonly number[] = Array.from({ length: 64 }, () => 0.5);

export function newColumn(): number[] {
  return SEED.slice();
}

const PAD_LENGTH = 1 << 16;
const PIECE_LENGTH = 1 << 12;
let pad: number[] | undefined;
let piece: number[] | undefined;

/** 65536 and 4096 doubles to append with `concat` (made once, then in cache). */
function pads(): [number[], number[]] {
  if (pad === undefined || piece === undefined) {
    let p = SEED.slice();
    while (p.length < PIECE_LENGTH) p = p.concat(p);
    piece = p;
    while (p.length < PAD_LENGTH) p = p.concat(p);
    pad = p;
  }
  return [pad, piece];
}

/**
 * The column with more room (its content first): twice the room, or about `want` when that is more
 * (an estimate of the final length, rounded up to 4096: one allocation instead of a series of
 * doublings, each of which copies and touches fresh memory). Past 4096 values an estimate just above
 * the length grows it by a quarter, not twice over.
 */
export function growColumn(col: number[], want = 0): number[] {
  if (col.length === 0) return SEED.slice();
  // No estimate, or a small column: double. Else the estimate, and at least a quarter more.
  if (want <= col.length || col.length < PIECE_LENGTH) {
    if (want <= col.length * 2) return col.concat(col);
  }
  const [big, small] = pads();
  const parts: number[][] = [];
  let room = Math.max(want, Math.ceil(col.length * 1.25)) - col.length;
  for (; room >= PAD_LENGTH; room -= PAD_LENGTH) parts.push(big);
  for (; room > 0; room -= PIECE_LENGTH) parts.push(small);
  return col.concat(...parts);
}

/**
 * How long a column of `n` values is likely to end, `done` of the input (0..1) having been read:
 * `n / done` and a little, once enough is read to tell; 0 (just double) before. At most 16 times
 * `n`, so a series that stops early (a process that exited) over-allocates a bounded amount
 * (trimmed at the end).
 */
export function expectedLength(n: number, done: number): number {
  if (!(done > 0.01) || n < 256) return 0;
  return Math.min(Math.ceil((n / done) * 1.02) + 256, n * 16);
}

/**
 * `n` values of a typed array as a plain column of length `cap` (at least `n`; the rest is room to
 * write into): `src[start]`, `src[start + stride]`, ... Made by the same concatenation as
 * {@link growColumn}, so it holds unboxed doubles from the start (an array made by `new Array(n)`
 * and stored into reads several times slower afterwards).
 */
export function columnFrom(
  src: Float64Array,
  start: number,
  stride: number,
  n: number,
  cap = n,
): number[] {
  const out = roomyColumn(cap);
  for (let i = 0, at = start; i < n; i++, at += stride) out[i] = src[at] ?? NaN;
  return out;
}

/**
 * A plain column of length `cap` to write into (its values are placeholders), made as
 * {@link growColumn} makes them: unboxed doubles from the start.
 */
export function roomyColumn(cap: number): number[] {
  const out = newColumn();
  return trimColumn(cap > out.length ? growColumn(out, cap) : out, cap);
}

/** Cuts the column to its `n` values. */
export function trimColumn(col: number[], n: number): number[] {
  if (col.length !== n) col.length = n;
  return col;
}
