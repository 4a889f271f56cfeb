/**
 * Chunk encoding for stored samples (docs/design.md §5). A chunk holds one series' points for a
 * time range, packed the way time-series stores do it:
 *
 *   header   varint version(1) | varint count | varint decimals (0-9, or 15 = raw float64)
 *   times    zigzag varint of the first timestamp (ms), then delta-of-delta varints
 *   values   decimals <= 9: each value as an integer v * 10^d, delta-encoded, zigzag varints
 *            raw: IEEE-754 float64 little-endian, XOR with the previous value (Gorilla-style)
 *
 * then the whole chunk is deflated. Tool outputs print at most a few decimals (sysstat 2, free 0),
 * so the integer path is exact (integer / 10^d is the correctly rounded double, the same number
 * the parser read) and regular 1-second samples cost about one byte each before deflate.
 * Pure: no database, usable from tests and benchmarks.
 */
import { deflateRawSync, inflateRawSync } from "node:zlib";

const VERSION = 1;
const RAW = 15;
const MAX_DECIMALS = 9;
const POW10 = Array.from({ length: MAX_DECIMALS + 1 }, (_, i) => 10 ** i);
/** Scaled values stay below 2^50 so that deltas and their zigzag form stay exact integers. */
const MAX_SCALED = 2 ** 50;

class Writer {
  buf = new Uint8Array(1024);
  len = 0;

  grow(extra: number) {
    if (this.len + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  /** Unsigned varint of a non-negative safe integer (up to 2^53). */
  uvar(n: number) {
    if (this.len + 8 > this.buf.length) this.grow(8);
    const buf = this.buf;
    let len = this.len;
    // Small values (almost all deltas) with 32-bit integer arithmetic; the rest with division.
    while (n >= 0x80000000) {
      buf[len++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    while (n >= 0x80) {
      buf[len++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    buf[len++] = n;
    this.len = len;
  }

  /** Zigzag varint of a safe integer. */
  svar(n: number) {
    this.uvar(n >= 0 ? n * 2 : -n * 2 - 1);
  }
}

class Reader {
  pos = 0;
  constructor(private readonly buf: Uint8Array) {}

  uvar(): number {
    let result = 0;
    let mult = 1;
    for (;;) {
      if (this.pos >= this.buf.length) throw new Error("chunk truncated");
      const b = this.buf[this.pos++] ?? 0;
      result += (b & 0x7f) * mult;
      if (b < 0x80) return result;
      mult *= 0x80;
    }
  }
}

/** Fewest decimals (0-9) that represent every value exactly, or RAW when none do. */
export function decimalsFor(values: ArrayLike<number>, start = 0, end = values.length): number {
  let d = 0;
  for (let i = start; i < end; i++) {
    const v = values[i] ?? 0;
    if (!Number.isFinite(v)) return RAW;
    while (d <= MAX_DECIMALS) {
      const p = POW10[d] ?? 1;
      const scaled = Math.round(v * p);
      if (Math.abs(scaled) < MAX_SCALED && scaled / p === v) break;
      d++;
    }
    if (d > MAX_DECIMALS) return RAW;
  }
  // A later value may have raised d: the earlier ones must still fit at it (a huge integer next to
  // 0.01 does not: scaled by 100 it passes 2^50 and its deltas would lose exactness).
  if (d > 0) {
    const p = POW10[d] ?? 1;
    for (let i = start; i < end; i++) {
      const v = values[i] ?? 0;
      const scaled = Math.round(v * p);
      if (Math.abs(scaled) >= MAX_SCALED || scaled / p !== v) return RAW;
    }
  }
  return d;
}

/**
 * Encodes points `[start, end)` of parallel arrays of epoch milliseconds and values (times
 * ascending). Ranges instead of copies: the writer chunks a series without slicing it.
 */
export function encodeChunk(
  times: ArrayLike<number>,
  values: ArrayLike<number>,
  start = 0,
  end = times.length,
): Buffer {
  if (values.length < end || times.length < end || start > end) throw new Error("bad chunk range");
  for (let i = start; i < end; i++) {
    const t = times[i] ?? 0;
    if (!Number.isInteger(t) || Math.abs(t) >= MAX_SCALED) throw new Error(`bad timestamp ${t}`);
  }
  const w = new Writer();
  const dec = decimalsFor(values, start, end);
  w.uvar(VERSION);
  w.uvar(end - start);
  w.uvar(dec);
  let prevT = 0;
  let prevDelta = 0;
  for (let i = start; i < end; i++) {
    const t = times[i] ?? 0;
    if (i === start) w.svar(t);
    else {
      const delta = t - prevT;
      w.svar(delta - prevDelta);
      prevDelta = delta;
    }
    prevT = t;
  }
  if (dec === RAW) {
    const view = new DataView(new ArrayBuffer(8));
    const prev = new DataView(new ArrayBuffer(8));
    for (let i = start; i < end; i++) {
      const v = values[i] ?? 0;
      view.setFloat64(0, v === 0 ? 0 : v, true); // -0 is stored as 0, as on the integer path

      // XOR with the previous value's bits: unchanged values become zeros that deflate well.
      for (let b = 0; b < 8; b++) {
        const x = view.getUint8(b) ^ prev.getUint8(b);
        prev.setUint8(b, view.getUint8(b));
        view.setUint8(b, x);
      }
      w.grow(8);
      for (let b = 0; b < 8; b++) w.buf[w.len++] = view.getUint8(b);
    }
  } else {
    const p = POW10[dec] ?? 1;
    let prevV = 0;
    for (let i = start; i < end; i++) {
      const v = Math.round((values[i] ?? 0) * p);
      w.svar(v - prevV);
      prevV = v;
    }
  }
  // Level 1: most of the gain of deflate on varints at a fifth of the CPU of the default level.
  return deflateRawSync(w.buf.subarray(0, w.len), { level: 1 });
}

export interface DecodedChunk {
  times: Float64Array;
  values: Float64Array;
}

export function decodeChunk(data: Uint8Array): DecodedChunk {
  const raw = inflateRawSync(data);
  const n = chunkCount(raw);
  const times = new Float64Array(n);
  const values = new Float64Array(n);
  decodeInflated(raw, times, values, 0);
  return { times, values };
}

/** Number of samples in an inflated chunk (its header), without decoding it. */
function chunkCount(raw: Uint8Array): number {
  const r = new Reader(raw);
  const version = r.uvar();
  if (version !== VERSION) throw new Error(`unknown chunk version ${version}`);
  return r.uvar();
}

/**
 * Decodes a chunk into `times`/`values` from `offset` (the reader fills one array per series from
 * several chunks without concatenating). Returns the number of samples written.
 */
export function decodeChunkInto(
  data: Uint8Array,
  times: Float64Array,
  values: Float64Array,
  offset: number,
): number {
  return decodeInflated(inflateRawSync(data), times, values, offset);
}

/** Where {@link slowVarint} stopped reading (a module slot, so the hot loops keep `pos` local). */
let varintEnd = 0;

/**
 * Unsigned varint at `pos` of two bytes or more (the hot loops read one-byte varints inline);
 * the end goes to {@link varintEnd}. Up to 28 bits in 32-bit integer arithmetic, then exact
 * doubles up to 2^53.
 */
function slowVarint(buf: Uint8Array, pos: number, len: number): number {
  if (pos >= len) throw new Error("chunk truncated");
  let b = buf[pos++] ?? 0;
  let result = b & 0x7f;
  if (b < 0x80) {
    varintEnd = pos;
    return result;
  }
  for (let shift = 7; shift < 28; shift += 7) {
    if (pos >= len) throw new Error("chunk truncated");
    b = buf[pos++] ?? 0;
    result |= (b & 0x7f) << shift;
    if (b < 0x80) {
      varintEnd = pos;
      return result >>> 0;
    }
  }
  let mult = 2 ** 28;
  let big = result >>> 0;
  for (;;) {
    if (pos >= len) throw new Error("chunk truncated");
    b = buf[pos++] ?? 0;
    big += (b & 0x7f) * mult;
    if (b < 0x80) {
      varintEnd = pos;
      return big;
    }
    mult *= 0x80;
  }
}

/** Zigzag-decodes an unsigned varint value: 0, -1, 1, -2, ... */
function unzigzag(z: number): number {
  return z < 0x80000000 ? (z >>> 1) ^ -(z & 1) : z % 2 === 0 ? z / 2 : -(z + 1) / 2;
}

function decodeInflated(
  buf: Uint8Array,
  times: Float64Array,
  values: Float64Array,
  offset: number,
): number {
  const len = buf.length;
  let pos = 0;
  const version = slowVarint(buf, pos, len);
  pos = varintEnd;
  if (version !== VERSION) throw new Error(`unknown chunk version ${version}`);
  const n = slowVarint(buf, pos, len);
  pos = varintEnd;
  const dec = slowVarint(buf, pos, len);
  pos = varintEnd;
  if (offset + n > times.length || offset + n > values.length)
    throw new Error("chunk larger than its declared count");
  // Hot loops: `pos` stays a local, one-byte varints are read inline, longer ones by a plain
  // function (no closure over `pos`: a captured variable would live in memory, not a register).
  let t = 0;
  let delta = 0;
  for (let i = 0; i < n; i++) {
    let b = pos < len ? (buf[pos] ?? 0) : 0x80;
    if (b < 0x80) pos++;
    else {
      b = slowVarint(buf, pos, len);
      pos = varintEnd;
    }
    const d = unzigzag(b);
    if (i === 0) t = d;
    else {
      delta += d;
      t += delta;
    }
    times[offset + i] = t;
  }
  if (dec === RAW) {
    // XOR with the previous value's bits (stored little-endian, read the same on any CPU).
    const bits = new Uint8Array(8);
    const view = new DataView(bits.buffer);
    for (let i = 0; i < n; i++) {
      if (pos + 8 > len) throw new Error("chunk truncated");
      for (let k = 0; k < 8; k++) bits[k] = (bits[k] ?? 0) ^ (buf[pos + k] ?? 0);
      pos += 8;
      values[offset + i] = view.getFloat64(0, true);
    }
  } else {
    if (dec > MAX_DECIMALS) throw new Error(`bad decimals ${dec}`);
    const p = POW10[dec] ?? 1;
    let v = 0;
    for (let i = 0; i < n; i++) {
      let b = pos < len ? (buf[pos] ?? 0) : 0x80;
      if (b < 0x80) pos++;
      else {
        b = slowVarint(buf, pos, len);
        pos = varintEnd;
      }
      v += unzigzag(b);
      values[offset + i] = v / p;
    }
  }
  return n;
}

/** Bucket of a chunk's overview: 10 s, so a day of a series is 17,280 points instead of 86,400. */
export const OVERVIEW_BUCKET_MS = 10_000;

/**
 * The overview of points `[start, end)`: per clock-aligned bucket of `bucketMs`, its lowest and
 * highest sample at their own times (one point when they are the same sample), in time order. A
 * chart of a wide window drawn from it shows every peak and dip the raw samples have. Null when
 * it would not be at least 3 times smaller than the samples (nothing to gain).
 */
export function overviewChunk(
  times: ArrayLike<number>,
  values: ArrayLike<number>,
  start = 0,
  end = times.length,
  bucketMs = OVERVIEW_BUCKET_MS,
): Buffer | null {
  const n = end - start;
  if (n < 6) return null;
  const span = (times[end - 1] ?? 0) - (times[start] ?? 0);
  // At most two points a bucket: only worth it when buckets hold 6 samples or more on average.
  if (2 * (Math.floor(span / bucketMs) + 1) * 3 > n) return null;
  const outT: number[] = [];
  const outV: number[] = [];
  let i = start;
  while (i < end) {
    // The bucket's end as a time: one comparison a sample instead of a division.
    const next = (Math.floor((times[i] ?? 0) / bucketMs) + 1) * bucketMs;
    let lo = i;
    let hi = i;
    let low = values[i] ?? 0;
    let high = low;
    let j = i + 1;
    for (; j < end && (times[j] ?? 0) < next; j++) {
      const v = values[j] ?? 0;
      if (v < low) {
        low = v;
        lo = j;
      } else if (v > high) {
        high = v;
        hi = j;
      }
    }
    const first = Math.min(lo, hi);
    const second = Math.max(lo, hi);
    outT.push(times[first] ?? 0);
    outV.push(values[first] ?? 0);
    if (second !== first) {
      outT.push(times[second] ?? 0);
      outV.push(values[second] ?? 0);
    }
    i = j;
  }
  if (outT.length * 3 > n) return null;
  return encodeChunk(outT, outV);
}
